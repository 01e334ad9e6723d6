/**
 * Watching the port while `portwarden run`'s command starts: ready means the port listens AND
 * a listener belongs to the command's tree (its pid, a descendant, or its process group —
 * core/monitor/process-tree.ts), never a rogue that happens to hold the port. Every listener
 * of the tree ever seen is remembered, so one that left the group (setsid) is still known as
 * the command's when it exits.
 */
import { listenersOn, partitionHolders } from '../../core/control/one-shot.ts';
import { probeHttp } from '../../core/health/index.ts';
import type { ProbeResult } from '../../core/health/index.ts';
import { TreeResolver } from '../../core/monitor/index.ts';
import type { ListenerRecord } from '../../core/control/contract.ts';
import type { KillDeps } from '../../core/processes/index.ts';
import type { ReadyInfo, RunReporter } from './run-output.ts';

export interface WatchOptions {
  port: number;
  rootPid: number;
  startedAt: number;
  healthPath: string | null;
  deps: KillDeps;
  report: RunReporter;
  /** Resolves when the command has exited: the watch stops. */
  ended: Promise<unknown>;
  now?: () => number;
}

/** Poll fast while starting (a dev server is usually up in a second or two), slower later. */
const START_POLL_MS = 100;
const SLOW_AFTER_MS = 5_000;
const SLOW_POLL_MS = 250;
/** After ready: how often to note the tree's listeners (a reloader's new worker). */
const TRACK_POLL_MS = 1_000;
/** A server may listen before its routes answer: the health URL gets this long to say 2xx. */
const HEALTH_WINDOW_MS = 3_000;

/** A URL that reaches the listener: its own address, 127.0.0.1 for any-address IPv4, [::1] for IPv6. */
export function urlFor(rows: readonly ListenerRecord[], port: number): string {
  const v4 = rows.find((r) => r.family === 'IPv4');
  const host = v4
    ? v4.address === '0.0.0.0'
      ? '127.0.0.1'
      : v4.address
    : rows.some((r) => r.address === '::' || r.address === '::1')
      ? '[::1]'
      : `[${rows[0]?.address ?? '::1'}]`;
  return `http://${host}:${port}`;
}

async function probeHealth(url: string, ended: () => boolean, now: () => number): Promise<ProbeResult> {
  const deadline = now() + HEALTH_WINDOW_MS;
  for (;;) {
    const result = await probeHttp(url, 200, { timeoutMs: 2000 });
    if (result.ok || ended() || now() >= deadline) return result;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export class ReadyWatch {
  /** Pids of the command's tree seen listening on the port. */
  readonly ownListeners = new Set<number>();
  private readonly o: WatchOptions;
  private ended = false;
  private foreignReported = false;

  constructor(options: WatchOptions) {
    this.o = options;
    void options.ended.then(() => (this.ended = true));
  }

  private inTree(): (pid: number) => Promise<boolean> {
    const tree = new TreeResolver(this.o.deps.processes);
    return (pid) => tree.inTree(pid, this.o.rootPid);
  }

  /** Listeners on the port split into the command's and everyone else's (a fresh look). */
  async holders(): Promise<{ own: ListenerRecord[]; foreign: ListenerRecord[] }> {
    const split = await partitionHolders(this.o.deps.reader, this.o.port, this.inTree());
    for (const l of split.own) if (l.pid !== null) this.ownListeners.add(l.pid);
    return split;
  }

  private async sleep(ms: number): Promise<void> {
    await Promise.race([new Promise((r) => setTimeout(r, ms).unref()), this.o.ended]);
  }

  /** Runs until the command exits: reports ready once, then keeps noting the tree's listeners. */
  async run(): Promise<void> {
    const now = this.o.now ?? Date.now;
    while (!this.ended) {
      const anyone = await listenersOn(this.o.deps.reader, this.o.port, false).catch(() => []);
      if (anyone.length > 0) {
        const { own, foreign } = await this.holders().catch(() => ({ own: [], foreign: [] }));
        if (own.length > 0 && !this.ended) {
          await this.ready(own, now);
          break;
        }
        if (foreign.length > 0 && !this.foreignReported) {
          this.foreignReported = true;
          this.o.report.foreignListener(this.o.port, foreign);
        }
      }
      await this.sleep(now() - this.o.startedAt < SLOW_AFTER_MS ? START_POLL_MS : SLOW_POLL_MS);
    }
    while (!this.ended) {
      await this.sleep(TRACK_POLL_MS);
      if (!this.ended) await this.holders().catch(() => undefined);
    }
  }

  /**
   * The block is printed once the health URL (if any) has answered, and says so: its time is
   * when it is printed, and a health check that failed for the whole window is "not ready",
   * not READY (trial C5). The wait itself is announced at once, so nothing is silent for 3 s.
   */
  private async ready(own: ListenerRecord[], now: () => number): Promise<void> {
    const listeningMs = now() - this.o.startedAt;
    const base = urlFor(own, this.o.port);
    const pids = [...new Set(own.map((l) => l.pid as number))];
    const names = pids.map((pid) => own.find((l) => l.pid === pid)?.name ?? '?');
    const healthUrl = this.o.healthPath === null ? null : `${base}${this.o.healthPath}`;
    if (healthUrl !== null)
      this.o.report.listening({ port: this.o.port, url: `${base}/`, pids, names, listeningMs, healthUrl, waitMs: HEALTH_WINDOW_MS });
    const health = healthUrl === null ? null : { url: healthUrl, result: await probeHealth(healthUrl, () => this.ended, now) };
    const info: ReadyInfo = {
      port: this.o.port,
      url: `${base}/`,
      pids,
      names,
      startedPid: this.o.rootPid,
      ok: health === null || health.result.ok,
      listeningMs,
      readyMs: now() - this.o.startedAt,
      health,
    };
    if (!this.ended) this.o.report.ready(info);
  }
}
