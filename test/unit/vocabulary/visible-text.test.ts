import { describe, expect, it } from 'vitest';
import { visibleOrNull, visibleText } from '../../../electron/core/vocabulary/visible-text.ts';

describe('visibleText', () => {
  it('leaves ordinary text, quotes, backslashes and non-Latin letters alone', () => {
    for (const text of ['python3', 'ev"il', 'bad\\', 'node /srv/app.js --port 3000', 'Straße 東京 ✓']) expect(visibleText(text)).toBe(text);
  });

  it('writes newlines, tabs and carriage returns as \\n \\t \\r (a name cannot start a new row)', () => {
    expect(visibleText('x\n0 0 *:1 *')).toBe('x\\n0 0 *:1 *');
    expect(visibleText('a\tb\rc')).toBe('a\\tb\\rc');
  });

  it('writes other control characters as \\xHH (no terminal escape sequence runs)', () => {
    expect(visibleText('\u001b[2J\u001b]0;title\u0007')).toBe('\\x1b[2J\\x1b]0;title\\x07');
    expect(visibleText('a\u0000b\u007fc\u0085d\u009be')).toBe('a\\x00b\\x7fc\\x85d\\x9be');
  });

  it('writes invisible formatting characters as \\u{…} (no reordering, no hidden text)', () => {
    expect(visibleText('abc\u202etxt.exe')).toBe('abc\\u{202e}txt.exe');
    expect(visibleText('a\u200bb\u2028c\u2066d\ufeff')).toBe('a\\u{200b}b\\u{2028}c\\u{2066}d\\u{feff}');
  });

  it('visibleOrNull keeps null and undefined', () => {
    expect(visibleOrNull(null)).toBeNull();
    expect(visibleOrNull(undefined)).toBeUndefined();
    expect(visibleOrNull('a\nb')).toBe('a\\nb');
  });
});
