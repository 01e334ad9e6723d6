/**
 * Text chosen by whoever started a process — its name (comm, set with prctl or by writing
 * /proc/self/comm) and its command line — shown to a person. Control characters in it
 * must be seen, not obeyed: a newline would start a fake row in a table or a fake line in
 * a menu, an escape sequence would be run by the user's terminal, and a right-to-left
 * override would reorder what follows. visibleText() writes each of them as an escape a
 * reader can see (`\n`, `\x1b`, `\u{202e}`); every other character is left as it is.
 * Every surface (CLI tables and messages, dashboard, tray, notifications) renders names
 * and command lines through it; JSON output keeps the real value, JSON-escaped.
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * C0 controls, DEL, C1 controls, and the invisible format characters that change how the
 * text around them is shown: bidirectional embeddings/overrides/isolates and marks, line
 * and paragraph separators, zero-width characters and the byte-order mark.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** `text` with every control or invisible formatting character written as a visible escape. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, escapeOne);
}

/** visibleText for values that may be missing: null and undefined stay as they are. */
export function visibleOrNull<T extends string | null | undefined>(text: T): T {
  return (typeof text === 'string' ? visibleText(text) : text) as T;
}
