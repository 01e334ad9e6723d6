import { describe, expect, it } from 'vitest';
import { formatBits, formatCount, formatDuration, formatLatency, formatPercent, formatStartedAgo, formatUptime } from './format.ts';

describe('format', () => {
  it('rounds durations down to the largest unit', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59_999)).toBe('59 s');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(3 * 3_600_000 + 59 * 60_000)).toBe('3 h');
    expect(formatDuration(2 * 86_400_000)).toBe('2 d');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('says how long ago a process started', () => {
    const now = 1_700_000_000_000;
    expect(formatStartedAgo(now - 3 * 3_600_000, now)).toBe('started 3 h ago');
    expect(formatStartedAgo(now - 200, now)).toBe('started just now');
    expect(formatStartedAgo(null, now)).toBe('start time unknown');
  });

  it('gives uptimes two units', () => {
    expect(formatUptime(5_000)).toBe('5 s');
    expect(formatUptime(4 * 60_000 + 5_000)).toBe('4 min 5 s');
    expect(formatUptime(3 * 3_600_000 + 12 * 60_000)).toBe('3 h 12 min');
    expect(formatUptime(26 * 3_600_000)).toBe('1 d 2 h');
  });

  it('formats latency, percentages, counts and bits', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(12.4)).toBe('12 ms');
    expect(formatLatency(1400)).toBe('1.4 s');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.125)).toBe('12.5 %');
    expect(formatPercent(0.0123)).toBe('1.23 %');
    expect(formatPercent(1.3e-8)).toBe('0.0000013 %');
    expect(formatPercent(1e-43)).toBe('< 0.000001 %');
    expect(formatPercent(7.3e-7)).toBe('0.000073 %');
    expect(formatCount(9_585_059)).toBe('9,585,059');
    expect(formatBits(9_585_059)).toBe('1.1 MiB');
    expect(formatBits(80)).toBe('10 B');
  });
});
