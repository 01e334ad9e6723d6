/** Human wording for times and numbers shown on the dashboard. Pure: `now` is passed in. */

// Durations and ages come from the core vocabulary, so the dashboard says "3 h ago" exactly as the tray and CLI do.
export { formatDuration, formatStartedAgo } from '../../../electron/core/vocabulary/index.ts';

/** "3 h 12 min", "4 min 5 s": two units for uptimes, where the finer one matters. */
export function formatUptime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 s';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${sec} s`;
  return `${sec} s`;
}

/** "12 ms", "1.4 s", "—" when there is no measurement. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A ratio 0–1 as a percentage with enough digits to see small values: "0.0013 %", "12.5 %". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const pct = ratio * 100;
  if (pct === 0) return '0 %';
  if (pct < 0.000001) return '< 0.000001 %';
  if (pct < 0.01) return `${pct.toPrecision(2)} %`;
  if (pct < 10) return `${pct.toFixed(2)} %`;
  return `${pct.toFixed(1)} %`;
}

/** 9585059 → "9,585,059". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** Bits as the memory they take: 9,585,059 bits → "1.1 MiB". */
export function formatBits(bits: number | null | undefined): string {
  if (bits === null || bits === undefined || !Number.isFinite(bits)) return '—';
  const bytes = bits / 8;
  if (bytes < 1024) return `${Math.ceil(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Wall-clock time of day for log lines: "14:03:07". */
export function formatClock(at: number): string {
  const d = new Date(at);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
