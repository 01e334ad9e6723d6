import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseExcludedPortRanges, rangeContaining } from '../../../electron/core/health/excluded-ports.ts';
import { listenersReached, normalizeAddress } from '../../../electron/core/health/who-answered.ts';
import { commandProgram, isShellBuiltin } from '../../../electron/core/health/find-on-path.ts';
import { appendSample } from '../../../electron/core/health/history.ts';
import type { ListenerRecord } from '../../../electron/core/model/ports.ts';
import { UNKNOWN_OWNER_DETAILS } from '../../support/records.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/health/${name}`, import.meta.url), 'utf8');

describe('parseExcludedPortRanges', () => {
  it('parses recorded netsh output', () => {
    const ranges = parseExcludedPortRanges(fixture('netsh-excludedportrange.txt'));
    expect(ranges).toEqual([
      { start: 1080, end: 1179, administered: false },
      { start: 2869, end: 2869, administered: false },
      { start: 5357, end: 5357, administered: false },
      { start: 49709, end: 49808, administered: false },
      { start: 50000, end: 50059, administered: true },
    ]);
    expect(rangeContaining(49750, ranges)).toEqual({ start: 49709, end: 49808, administered: false });
    expect(rangeContaining(8000, ranges)).toBeNull();
  });

  it('ignores translated headers', () => {
    expect(parseExcludedPortRanges(fixture('netsh-excludedportrange-de.txt'))).toEqual([{ start: 8000, end: 8099, administered: false }]);
  });

  it('returns nothing for empty or foreign text', () => {
    expect(parseExcludedPortRanges('')).toEqual([]);
    expect(parseExcludedPortRanges('The requested operation requires elevation.')).toEqual([]);
  });
});

function row(address: string, pid: number | null, port = 8000): ListenerRecord {
  return {
    port,
    address,
    family: address.includes(':') ? 'IPv6' : 'IPv4',
    pid,
    name: pid ? `p${pid}` : null,
    command: null,
    user: null,
    ppid: null,
    ...UNKNOWN_OWNER_DETAILS,
  };
}

describe('listenersReached', () => {
  it('prefers the exact address, then the IPv4 wildcard, then the dual-stack wildcard', () => {
    const rows = [row('0.0.0.0', 1), row('127.0.0.1', 2), row('::', 3), row('::1', 4), row('127.0.0.1', 9, 9000)];
    expect(listenersReached('127.0.0.1', 8000, rows).map((r) => r.pid)).toEqual([2]);
    expect(listenersReached('::ffff:127.0.0.1', 8000, rows).map((r) => r.pid)).toEqual([2]);
    expect(listenersReached('::1', 8000, rows).map((r) => r.pid)).toEqual([4]);
    expect(listenersReached('127.0.0.1', 8000, [row('0.0.0.0', 1), row('::', 3)]).map((r) => r.pid)).toEqual([1]);
    expect(listenersReached('127.0.0.1', 8000, [row('::', 3)]).map((r) => r.pid)).toEqual([3]);
    expect(listenersReached('::1', 8000, [row('0.0.0.0', 1)])).toEqual([]);
  });

  it('returns every pid sharing the socket', () => {
    expect(listenersReached('127.0.0.1', 8000, [row('0.0.0.0', 1), row('0.0.0.0', 2)]).map((r) => r.pid)).toEqual([1, 2]);
  });

  it('normalises addresses', () => {
    expect(normalizeAddress('[::1]')).toBe('::1');
    expect(normalizeAddress('*')).toBe('::');
  });
});

describe('commandProgram', () => {
  it('skips assignments and strips quotes', () => {
    expect(commandProgram('FOO=1 BAR=x python3 -m http.server')).toBe('python3');
    expect(commandProgram('"/opt/my app/run" --x')).toBe('/opt/my app/run');
    expect(commandProgram('   ')).toBeNull();
    expect(isShellBuiltin('cd')).toBe(true);
    expect(isShellBuiltin('node')).toBe(false);
  });
});

describe('appendSample', () => {
  it('bounds the history', () => {
    let h: { at: number; ok: boolean; latencyMs: number | null }[] = [];
    for (let i = 0; i < 70; i++) h = appendSample(h, { at: i, ok: true, latencyMs: 1 }, 60);
    expect(h.length).toBe(60);
    expect(h[0]!.at).toBe(10);
  });
});
