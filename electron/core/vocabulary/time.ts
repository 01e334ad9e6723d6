/** Durations and ages in words. Pure: `now` is passed in. */

const UNITS: ReadonlyArray<[limitMs: number, sizeMs: number, unit: string]> = [
  [60_000, 1_000, 's'],
  [3_600_000, 60_000, 'min'],
  [86_400_000, 3_600_000, 'h'],
  [Infinity, 86_400_000, 'd'],
];

/** "45 s", "12 min", "3 h", "2 d" — the largest unit, rounded down (a process is never older than it is). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 s';
  for (const [limit, size, unit] of UNITS) {
    if (ms < limit) return `${Math.floor(ms / size)} ${unit}`;
  }
  return '0 s';
}

/** "started 3 h ago"; "start time unknown" when the OS did not tell us. */
export function formatStartedAgo(startedAt: number | null | undefined, now: number): string {
  if (startedAt === null || startedAt === undefined || !Number.isFinite(startedAt)) return 'start time unknown';
  const age = now - startedAt;
  if (age < 1000) return 'started just now';
  return `started ${formatDuration(age)} ago`;
}

/** "412 ms" below a second, else "3 s" / "2 min". */
export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms);
}
