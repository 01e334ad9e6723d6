import { describe, expect, it } from 'vitest';
import { MAX_FIND_TEXT, containsText, findTextProblem } from '../../../electron/cli/find-command.ts';

describe('find TEXT is literal', () => {
  it('matches the text itself, case-insensitively, and nothing its regex reading would', () => {
    expect(containsText('python3 /srv/app/MAIN.PY --reload', 'main.py')).toBe(true);
    expect(containsText('python3 mainXpy', 'main.py')).toBe(false);
    expect(containsText('/usr/bin/c++ -o a a.cc', 'c++')).toBe(true);
    expect(containsText('cc', 'c++')).toBe(false);
    expect(containsText('uvicorn app:main', '(uvicorn|gunicorn)')).toBe(false);
    expect(containsText('a (b [c', '(b [c')).toBe(true); // unbalanced as a regex, fine as text
    expect(containsText(null, 'x')).toBe(false);
  });

  it('refuses an empty or an over-long TEXT with a reason', () => {
    expect(findTextProblem('  ')).toBe('TEXT must not be empty');
    expect(findTextProblem('a'.repeat(MAX_FIND_TEXT))).toBeNull();
    expect(findTextProblem('a'.repeat(100_000))).toBe(`TEXT is 100000 characters long; at most ${MAX_FIND_TEXT}`);
  });
});
