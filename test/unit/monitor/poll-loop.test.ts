/**
 * The poll loop with a recorded snapshot reader (a scenario timing can't stage reliably on
 * real sockets): polls never overlap, the fingerprint skips unchanged reads, pause stops it.
 * The monitor takes its timers and clock as dependencies (realTimers, Date.now); the timing
 * tests run them on Vitest's fake clock, so "800 ms later" is exact and costs no wall time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Monitor } from '../../../electron/core/monitor/monitor.ts';
import { realTimers } from '../../../electron/core/model/timers.ts';
import type { ListenerRecord, PortSnapshot, SnapshotReader } from '../../../electron/core/model/ports.ts';
import type { ProcessTable } from '../../../electron/core/model/processes.ts';
import type { ControlEvent } from '../../../electron/core/control/contract.ts';
import { validateConfig } from '../../../electron/core/config/validate-config.ts';
import { UNKNOWN_OWNER_DETAILS } from '../../support/records.ts';

const emptyTable: ProcessTable = { get: async () => null, list: async () => [] };
const rogue: ListenerRecord = {
  port: 8000,
  address: '127.0.0.1',
  family: 'IPv4',
  pid: 4121,
  name: 'python3',
  command: 'python3 -m http.server',
  user: 'dev',
  ppid: 1,
  ...UNKNOWN_OWNER_DETAILS,
};

/** A recorded reader: answers `rows()` after `delayMs`, counting calls and overlap. */
function recordedReader(rows: () => ListenerRecord[], delayMs: number) {
  const stats = { reads: 0, inFlight: 0, maxInFlight: 0 };
  const reader: SnapshotReader = {
    read: async (): Promise<PortSnapshot> => {
      stats.reads++;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      await new Promise((r) => setTimeout(r, delayMs));
      stats.inFlight--;
      return { takenAt: Date.now(), listeners: rows() };
    },
  };
  return { reader, stats };
}

let monitor: Monitor | null = null;
afterEach(async () => {
  if (monitor) await settle(monitor.stop());
  monitor = null;
  vi.useRealTimers();
});

/** Let `promise` finish, moving the fake clock on in 10 ms steps (bounded: 10 s of fake time). */
async function settle<T>(promise: Promise<T>): Promise<T> {
  if (!vi.isFakeTimers()) return promise;
  let done = false;
  const result = promise.finally(() => {
    done = true;
  });
  for (let i = 0; i < 1000 && !done; i++) await vi.advanceTimersByTimeAsync(10);
  return result;
}

/** Move the fake clock on by `ms`, running every timer due on the way. */
const elapse = (ms: number): Promise<void> => vi.advanceTimersByTimeAsync(ms).then(() => undefined);

function create(
  reader: SnapshotReader,
  extra: Partial<ConstructorParameters<typeof Monitor>[1]> = {},
  events: ControlEvent[] = [],
): Monitor {
  const config = validateConfig({
    pollIntervalMs: 100,
    ports: [{ port: 8000, service: 'api' }],
    services: [{ id: 'api', command: 'x', port: 8000 }],
  });
  monitor = new Monitor(config, {
    reader,
    processes: emptyTable,
    now: Date.now,
    timers: realTimers,
    platform: 'linux',
    services: () => [],
    emit: (e) => events.push(e),
    changed: () => undefined,
    ...extra,
  });
  return monitor;
}

describe('Monitor poll loop', () => {
  it('never overlaps polls, even when a read is slower than the interval', async () => {
    vi.useFakeTimers();
    const { reader, stats } = recordedReader(() => [rogue], 250);
    const m = create(reader);
    await settle(m.start());
    await settle(Promise.all([m.pollNow(), m.pollNow(), m.pollNow()]));
    await elapse(800);
    expect(stats.maxInFlight).toBe(1);
    expect(stats.reads).toBeGreaterThanOrEqual(3);
  });

  it('one conflict-detected over many polls; resolved once when the rogue goes', async () => {
    vi.useFakeTimers();
    let rows = [rogue];
    const events: ControlEvent[] = [];
    const { reader } = recordedReader(() => rows, 5);
    const m = create(reader, {}, events);
    await settle(m.start());
    await elapse(600);
    expect(m.polls).toBeGreaterThan(3);
    expect(events.filter((e) => e.type === 'conflict-detected')).toHaveLength(1);
    rows = [];
    await elapse(400);
    expect(events.map((e) => e.type)).toEqual(['conflict-detected', 'conflict-resolved']);
    expect(m.ports()[0]!.status).toBe('down');
  });

  it('skips the read while the fingerprint is unchanged, reads when it changes and every fullReadEveryMs', async () => {
    vi.useFakeTimers();
    let fp = 'a';
    const { reader, stats } = recordedReader(() => [rogue], 1);
    const m = create(reader, { fingerprint: async () => fp, fullReadEveryMs: 1000 });
    await settle(m.start());
    await elapse(500);
    expect(stats.reads).toBe(1);
    expect(m.skippedReads).toBeGreaterThan(2);
    fp = 'b';
    await elapse(300);
    expect(stats.reads).toBe(2);
    await elapse(1100);
    expect(stats.reads).toBe(3); // the periodic full read
  });

  it('reads every poll when the fingerprint is unavailable (null)', async () => {
    vi.useFakeTimers();
    const { reader, stats } = recordedReader(() => [], 1);
    const m = create(reader, { fingerprint: async () => null });
    await settle(m.start());
    await elapse(450);
    expect(stats.reads).toBeGreaterThanOrEqual(4);
    expect(m.skippedReads).toBe(0);
  });

  it('pause stops polling and resume polls at once; stop leaves no timer', async () => {
    vi.useFakeTimers();
    const { reader, stats } = recordedReader(() => [], 1);
    const m = create(reader);
    await settle(m.start());
    await settle(m.setPaused(true));
    const reads = stats.reads;
    await elapse(300);
    expect(stats.reads).toBe(reads);
    await settle(m.setPaused(false));
    expect(stats.reads).toBe(reads + 1);
    await settle(m.stop());
    const after = stats.reads;
    await elapse(300);
    expect(stats.reads).toBe(after);
  });

  it('keeps the last state when a read fails and reports the error', async () => {
    let fail = false;
    const errors: unknown[] = [];
    const reader: SnapshotReader = {
      read: async () => {
        if (fail) throw new Error('ss: timed out');
        return { takenAt: Date.now(), listeners: [rogue] };
      },
    };
    const m = create(reader, { onError: (e) => errors.push(e) });
    await m.start();
    fail = true;
    await m.pollNow();
    expect(m.lastError).toBe('ss: timed out');
    expect(m.ports()[0]!.status).toBe('conflict');
    expect(errors).toHaveLength(1);
  });

  it('a health 200 from a listener whose owner is not visible (another user) is foreign, never healthy', async () => {
    // Root sees every owner here, so the non-root view is a recorded row with pid null; the
    // server that answers is real.
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end('ok'));
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
    try {
      const hidden: ListenerRecord = {
        port,
        address: '127.0.0.1',
        family: 'IPv4',
        pid: null,
        name: null,
        command: null,
        user: null,
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      };
      const { reader } = recordedReader(() => [hidden], 1);
      const config = validateConfig({
        pollIntervalMs: 100,
        ports: [{ port, service: 'api', health: { url: `http://127.0.0.1:${port}/` } }],
        services: [{ id: 'api', command: 'x', port }],
      });
      monitor = new Monitor(config, {
        reader,
        processes: emptyTable,
        now: Date.now,
        timers: realTimers,
        platform: 'linux',
        services: () => [],
        emit: () => undefined,
        changed: () => undefined,
      });
      await monitor.start();
      const [checked] = await monitor.runHealthChecks();
      expect(checked!.health).toMatchObject({ status: 200, state: 'unhealthy', answeredBy: { pid: null, managed: false } });
      expect(checked!.health!.error).toBe(
        'answered by a process not visible to this user (another user’s; run as root to see it), which is not service api',
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
