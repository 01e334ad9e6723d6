/**
 * Small questions about one port, answered from a fresh snapshot: is it free, who holds it
 * (in plain words), and waiting (bounded) until it is free or listened on.
 */
import type { ListenerRecord, SnapshotReader } from '../model/ports.ts';
import { visibleText } from '../vocabulary/visible-text.ts';

export async function listenersOn(reader: SnapshotReader, port: number, owners = true): Promise<ListenerRecord[]> {
  const snapshot = await reader.read({ ports: [port], owners });
  return snapshot.listeners.filter((l) => l.port === port);
}

export async function isPortFree(reader: SnapshotReader, port: number): Promise<boolean> {
  return (await listenersOn(reader, port, false)).length === 0;
}

/** "python3 (pid 4121) holds 8000"; null when nothing listens. */
export async function describeHolder(reader: SnapshotReader, port: number): Promise<string | null> {
  return describeListeners(await listenersOn(reader, port, true), port);
}

/**
 * Who holds `port` besides the process tree rooted at `rootPid` (a running service):
 * `foreign` names them in plain words (null when nobody else), `own` says whether the
 * service's own tree listens there.
 */
export async function foreignHolders(
  reader: SnapshotReader,
  port: number,
  inTree: (pid: number) => Promise<boolean>,
): Promise<{ foreign: string | null; own: boolean }> {
  const { own, foreign } = await partitionHolders(reader, port, inTree);
  return { foreign: describeListeners(foreign, port), own: own.length > 0 };
}

/** The listeners on `port`, split into those of a process tree (`inTree`) and the rest. */
export async function partitionHolders(
  reader: SnapshotReader,
  port: number,
  inTree: (pid: number) => Promise<boolean>,
): Promise<{ own: ListenerRecord[]; foreign: ListenerRecord[] }> {
  const own: ListenerRecord[] = [];
  const foreign: ListenerRecord[] = [];
  for (const l of await listenersOn(reader, port, true)) {
    if (l.pid !== null && (await inTree(l.pid))) own.push(l);
    else foreign.push(l);
  }
  return { own, foreign };
}

function describeListeners(listeners: readonly ListenerRecord[], port: number): string | null {
  if (listeners.length === 0) return null;
  const names = new Map<string, string>();
  for (const l of listeners) {
    if (!names.has(String(l.pid))) {
      names.set(
        String(l.pid),
        l.pid === null
          ? 'a process not visible to this user (another user or namespace)'
          : `${visibleText(l.name ?? 'unknown')} (pid ${l.pid})`,
      );
    }
  }
  const list = [...names.values()];
  return `${list.join(' and ')} ${list.length > 1 ? 'hold' : 'holds'} ${port}`;
}

export interface WaitForPortOptions {
  /** Give up after this long; 0 = look once. */
  timeoutMs: number;
  /** Look this often (default 50 ms). */
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Wait (bounded) until `port` is free or something listens on it. Only listening vs free is
 * asked for, so no owners are resolved (the cheap read). The last look is at the deadline.
 */
export async function waitForPort(
  reader: SnapshotReader,
  port: number,
  want: 'free' | 'listening',
  options: WaitForPortOptions,
): Promise<{ reached: boolean; elapsedMs: number }> {
  const { timeoutMs, intervalMs = 50, now = Date.now, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) } = options;
  const started = now();
  for (;;) {
    const free = await isPortFree(reader, port);
    if (free === (want === 'free')) return { reached: true, elapsedMs: now() - started };
    const left = timeoutMs - (now() - started);
    if (left <= 0) return { reached: false, elapsedMs: now() - started };
    await sleep(Math.min(intervalMs, left));
  }
}

/** Wait (bounded) until nothing listens on `port`; true when it is free. */
export async function waitPortFree(
  reader: SnapshotReader,
  port: number,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<boolean> {
  return (await waitForPort(reader, port, 'free', { timeoutMs, now })).reached;
}
