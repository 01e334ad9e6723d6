/**
 * Where Tab should move inside a modal with `count` focusable items when focus is at
 * `current` (-1 when outside). Returns null when the browser's own move is fine (it stays
 * inside), else the index to focus so focus wraps instead of leaving the dialog.
 */
export function nextFocusIndex(current: number, count: number, backwards: boolean): number | null {
  if (count === 0) return null;
  if (current === -1) return backwards ? count - 1 : 0;
  if (backwards && current === 0) return count - 1;
  if (!backwards && current === count - 1) return 0;
  return null;
}
