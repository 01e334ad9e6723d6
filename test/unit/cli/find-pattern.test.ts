import { describe, expect, it } from 'vitest';
import { literalPattern } from '../../../electron/cli/find-command.ts';

describe('find TEXT is literal', () => {
  it('matches the text itself, case-insensitively, and nothing its regex reading would', () => {
    const dotted = literalPattern('main.py');
    expect(dotted.test('python3 /srv/app/MAIN.PY --reload')).toBe(true);
    expect(dotted.test('python3 mainXpy')).toBe(false);
    expect(literalPattern('c++').test('/usr/bin/c++ -o a a.cc')).toBe(true);
    expect(literalPattern('c++').test('cc')).toBe(false);
    expect(literalPattern('(uvicorn|gunicorn)').test('uvicorn app:main')).toBe(false);
  });
});
