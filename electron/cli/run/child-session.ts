/**
 * `portwarden run`'s command, from start to exit: started by the service launcher (own
 * process group, core/services/launcher.ts), its output passed through as it comes (and
 * scanned for "address already in use", core/platform/bind-error.ts), SIGINT/SIGTERM/SIGHUP
 * passed on to its whole group (a second one within the same run sends SIGKILL), the port
 * watched for ready (ready-watch.ts). When it exits, nothing of it is left: what remains of
 * its process group is stopped (core/services/stop-group.ts) and any process of its tree
 * still holding the port goes through the kill transaction. Returns the exit code to use:
 * the command's own, or 128 + the signal that ended it, as a shell reports it.
 */
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { isPortFree, listenersOn, partitionHolders } from '../../core/control/one-shot.ts';
import { TreeResolver } from '../../core/monitor/index.ts';
import { freePort } from '../../core/processes/index.ts';
import type { KillDeps } from '../../core/processes/index.ts';
import { isBindError, groupAlive, signalGroup } from '../../core/platform/index.ts';
import { createShellLauncher, stopProcessGroup } from '../../core/services/index.ts';
import type { Launcher } from '../../core/services/index.ts';
import { onClosedPipe } from '../closed-pipe.ts';
import { ReadyWatch } from './ready-watch.ts';
import type { RunReporter } from './run-output.ts';
import { launchLine } from './run-spec.ts';
import type { RunSpec } from './run-spec.ts';

export interface SessionOptions {
  launcher?: Launcher;
  platform?: NodeJS.Platform;
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/**
 * A Ctrl-C reaches us once from the terminal and often again from a wrapper that forwards
 * it (npm, a shell): signals this close together are one request, not a second, harder one.
 */
const SAME_REQUEST_MS = 1_000;
/** Exit code when the command could not be started at all (as a shell says for "not found"). */
const CANNOT_START = 127;

/** Feeds each complete line of a stream to `onLine` (a last partial line on flush). */
function lineScanner(onLine: (line: string) => void): { push: (chunk: Buffer) => void; flush: () => void } {
  let rest = '';
  return {
    push: (chunk) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = (parts.pop() ?? '').slice(-4096);
      for (const line of parts) onLine(line);
    },
    flush: () => {
      if (rest !== '') onLine(rest);
      rest = '';
    },
  };
}

export class ChildSession {
  private readonly spec: RunSpec;
  private readonly deps: KillDeps;
  private readonly report: RunReporter;
  private readonly platform: NodeJS.Platform;
  private readonly launcher: Launcher;
  private child: ChildProcess | null = null;
  private exited = false;
  private firstSignalAt: number | null = null;
  private escalated = false;
  private bindCheck: Promise<void> | null = null;

  constructor(spec: RunSpec, deps: KillDeps, report: RunReporter, options: SessionOptions = {}) {
    this.spec = spec;
    this.deps = deps;
    this.report = report;
    this.platform = options.platform ?? process.platform;
    this.launcher = options.launcher ?? createShellLauncher(this.platform);
  }

  /** Starts the command and resolves with the exit code once it and its leftovers are gone. */
  async run(): Promise<number> {
    const child = this.launcher({
      command: launchLine(this.spec, this.platform),
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
    });
    this.child = child;
    const spawned = await new Promise<Error | null>((resolve) => {
      child.once('spawn', () => resolve(null));
      child.once('error', (error) => resolve(error));
    });
    if (spawned || child.pid === undefined) {
      process.stderr.write(`portwarden: could not start the command: ${spawned?.message ?? 'no pid'}\n`);
      return CANNOT_START;
    }
    const pid = child.pid;
    const startedAt = Date.now();
    this.report.started(pid, this.spec.display);

    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = true;
        resolve({ code, signal });
      });
    });
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    this.pipeOutput(child);
    const onSignal = (signal: NodeJS.Signals): void => this.forward(signal, pid);
    for (const signal of FORWARDED) process.on(signal, onSignal);
    // Nobody reads our output any more: stop the command too, then end as Unix tools do.
    onClosedPipe(async () => {
      void signalGroup(pid, 'SIGTERM', this.platform);
      await this.cleanUp(pid, null);
    });

    const watch =
      this.spec.port === null
        ? null
        : new ReadyWatch({
            port: this.spec.port,
            rootPid: pid,
            startedAt,
            healthPath: this.spec.healthPath,
            deps: this.deps,
            report: this.report,
            ended: exit,
          });
    const watching = watch?.run().catch(() => undefined);

    const { code, signal } = await exit;
    await watching;
    await this.bindCheck;
    await this.cleanUp(pid, watch);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 1000).unref())]);
    this.report.flush();
    for (const s of FORWARDED) process.removeListener(s, onSignal);
    const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
    this.report.exited(code, signal, exitCode);
    return exitCode;
  }

  private pipeOutput(child: ChildProcess): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const scanner = lineScanner((line) => {
        if (isBindError(line)) this.onBindError(line);
      });
      child[stream]?.on('data', (chunk: Buffer) => {
        this.report.output(stream, chunk);
        scanner.push(chunk);
      });
      child[stream]?.on('end', () => scanner.flush());
    }
  }

  /** "address already in use": name who holds the port (one look at a time). */
  private onBindError(line: string): void {
    const port = this.spec.port;
    const pid = this.child?.pid;
    if (port === null || pid === undefined || this.bindCheck) return;
    const tree = new TreeResolver(this.deps.processes);
    this.bindCheck = partitionHolders(this.deps.reader, port, (p) => tree.inTree(p, pid))
      .then(({ own, foreign }) => this.report.bindError(port, line, own, foreign))
      .catch(() => undefined)
      .finally(() => setTimeout(() => (this.bindCheck = null), 2000).unref());
  }

  private forward(signal: NodeJS.Signals, pgid: number): void {
    if (this.exited) return;
    const now = Date.now();
    if (this.firstSignalAt === null) {
      this.firstSignalAt = now;
      this.report.signal(signal, pgid, false);
      void signalGroup(pgid, signal, this.platform);
      return;
    }
    if (now - this.firstSignalAt < SAME_REQUEST_MS || this.escalated) return;
    this.escalated = true;
    this.report.signal(signal, pgid, true);
    void signalGroup(pgid, 'SIGKILL', this.platform);
  }

  /** After the command exited: stop what is left of its group, then its tree's holders of the port. */
  private async cleanUp(pgid: number, watch: ReadyWatch | null): Promise<void> {
    const port = this.spec.port;
    if (await groupAlive(pgid, this.platform)) {
      const table = await this.deps.processes.list().catch(() => []);
      const left = table.filter((p) => p.pgid === pgid);
      const result = await stopProcessGroup(
        pgid,
        { graceMs: this.spec.graceMs, port },
        { platform: this.platform, isPortFree: (p) => isPortFree(this.deps.reader, p) },
      );
      this.report.cleanup(
        `the command ended, but ${left.length || 'some'} process(es) of its group still ran (${left.map((p) => `${p.name ?? '?'} ${p.pid}`).join(', ')}): sent ${result.signals.join(', ') || 'nothing'}; ${result.groupGone ? 'all gone' : 'SOME STILL RUN'}`,
        [],
      );
    }
    if (port === null || watch === null) return;
    const ours = [...watch.ownListeners];
    const holders = await listenersOn(this.deps.reader, port).catch(() => []);
    const stillOurs = holders.filter((h) => h.pid !== null && ours.includes(h.pid)).map((h) => h.pid as number);
    if (stillOurs.length === 0) return;
    const result = await freePort(port, { onlyPids: stillOurs, graceMs: this.spec.graceMs }, this.deps);
    this.report.cleanup(
      `processes of the command's tree still held port ${port} after it ended (they had left its process group):`,
      result.actions,
    );
  }
}
