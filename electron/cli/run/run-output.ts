/**
 * What `portwarden run` tells the user, in two forms: for people (banners and a ready block
 * on stderr, so the command's own stdout stays exactly the command's; colours only when
 * stderr is a terminal and NO_COLOR is unset) and, with --json, one JSON object per line on
 * stdout for every event (the command's output becomes `output` events there).
 */
import { StringDecoder } from 'node:string_decoder';
import type { DiagnosticCheck, Diagnostics, ListenerRecord, FreePortResult, KillAction } from '../../core/control/contract.ts';
import type { ProbeResult } from '../../core/health/index.ts';
import { actionsTable } from '../actions-table.ts';
import { listenersTable } from '../listeners-table.ts';
import { formatFreeResult } from '../free-command.ts';
import { holdsSentence, joinWords, processLabel } from '../../core/vocabulary/index.ts';

export interface ReadyInfo {
  port: number;
  url: string;
  /** The listener pids (the command's tree), and the pid portwarden started. */
  pids: number[];
  names: string[];
  startedPid: number;
  /** False when the health URL did not answer 2xx within the window: listening, not ready. */
  ok: boolean;
  /** Since the start: when the port first listened from the command's tree. */
  listeningMs: number;
  /** Since the start: when this was decided (after the health answer), i.e. when it is printed. */
  readyMs: number;
  health: { url: string; result: ProbeResult } | null;
}

/** The command's tree listens; its health URL is being asked (for up to `waitMs`). */
export interface ListeningInfo {
  port: number;
  url: string;
  pids: number[];
  names: string[];
  listeningMs: number;
  healthUrl: string;
  waitMs: number;
}

export interface RunReporter {
  holders(port: number, rows: readonly ListenerRecord[]): void;
  freed(result: FreePortResult): void;
  checks(diagnostics: Diagnostics): void;
  started(pid: number, command: string): void;
  output(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** The command printed "address already in use"; who holds the port now. */
  bindError(port: number, line: string, own: readonly ListenerRecord[], foreign: readonly ListenerRecord[]): void;
  /** Something outside the command's tree listens on the port while the command starts. */
  foreignListener(port: number, rows: readonly ListenerRecord[]): void;
  listening(info: ListeningInfo): void;
  ready(info: ReadyInfo): void;
  signal(signal: NodeJS.Signals, pgid: number, escalated: boolean): void;
  exited(code: number | null, signal: NodeJS.Signals | null, exitCode: number): void;
  /** Processes of the command's tree stopped after it exited. */
  cleanup(what: string, actions: readonly KillAction[]): void;
  /** The command's output has ended: write out what is still held back (a last partial line). */
  flush(): void;
}

const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', green: '\x1b[32m', bold: '\x1b[1m', reset: '\x1b[0m' } as const;

/** Colour for people reading a terminal; never in pipes and files, never with NO_COLOR. */
export function useColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR ?? '') === '';
}

/** A banner: a rule, a title, numbered lines, a rule. */
export function banner(title: string, lines: readonly string[], colour: keyof typeof ANSI | null): string {
  const rule = '='.repeat(72);
  const body = [rule, title, ...lines.map((l, i) => `  ${i + 1}. ${l}`), rule].join('\n');
  return colour ? `${ANSI[colour]}${ANSI.bold}${body}${ANSI.reset}` : body;
}

/** The checks that matter to a reader: every critical and warning, in order. */
function notOk(diagnostics: Diagnostics, status: DiagnosticCheck['status']): string[] {
  return diagnostics.checks.filter((c) => c.status === status).map((c) => c.message);
}

function healthLine(health: ReadyInfo['health']): string | null {
  if (!health) return null;
  const r = health.result;
  if (r.status !== null)
    return `Health: ${health.url} → ${r.status}${r.latencyMs !== null ? ` (${r.latencyMs} ms)` : ''}${r.ok ? '' : ` — ${r.error ?? 'not 2xx'}`}`;
  return `Health: ${health.url} → no answer (${r.error ?? 'failed'})`;
}

export function readyBlock(info: ReadyInfo, colour: boolean): string {
  const pids = joinWords(info.pids.map((pid, i) => processLabel({ pid, name: info.names[i] ?? null })));
  const started = info.pids.includes(info.startedPid) ? '' : `, started as pid ${info.startedPid}`;
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    info.ok
      ? `READY on port ${info.port} after ${seconds(info.readyMs)}`
      : `NOT READY on port ${info.port}: it listens (after ${seconds(info.listeningMs)}), but the health check failed until ${seconds(info.readyMs)}`,
    `URL:    ${info.url}`,
    `PID:    ${pids}${started}`,
    healthLine(info.health),
  ].filter((l): l is string => l !== null);
  const rule = '='.repeat(72);
  const body = [rule, ...lines, rule].join('\n');
  return colour ? `${info.ok ? ANSI.green : ANSI.yellow}${ANSI.bold}${body}${ANSI.reset}` : body;
}

/** Running as root: an invisible owner is in another pid namespace, not another user's. */
const ELEVATED = process.getuid?.() === 0;

export function createHumanReporter(out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): RunReporter {
  const colour = useColour(err);
  const say = (text: string): void => void err.write(`${text}\n`);
  const width = err.isTTY ? err.columns : undefined;
  return {
    holders: (port, rows) => say(`portwarden: port ${port} is in use:\n${listenersTable(rows, width)}`),
    freed: (result) => say(`portwarden: freeing it — ${formatFreeResult(result, width)}`),
    checks: (d) => {
      const critical = notOk(d, 'critical');
      const warnings = notOk(d, 'warning');
      if (critical.length > 0) say(banner('CRITICAL — must be fixed before the command can start:', critical, colour ? 'red' : null));
      if (warnings.length > 0) say(banner('WARNING — the command can start, but:', warnings, colour ? 'yellow' : null));
      if (critical.length === 0 && warnings.length === 0) say(`portwarden: all ${d.checks.length} checks passed`);
    },
    started: (pid, command) => say(`portwarden: started pid ${pid} (own process group): ${command}`),
    output: (stream, chunk) => void (stream === 'stdout' ? out : err).write(chunk),
    bindError: (port, _line, own, foreign) => {
      if (foreign.length > 0)
        say(
          `portwarden: the command says "address already in use": ${holdsSentence(foreign, port, { elevated: ELEVATED })} — free it with \`portwarden free ${port}\` or run with --free`,
        );
      else if (own.length > 0) say(`portwarden: the command says "address already in use"; its own ${holdsSentence(own, port)}`);
      else
        say(
          `portwarden: the command says "address already in use", but nothing listens on port ${port} now (it may bind another port, or the holder has just gone)`,
        );
    },
    foreignListener: (port, rows) =>
      say(`portwarden: ${holdsSentence(rows, port, { elevated: ELEVATED })}, not the command; waiting for the command to listen`),
    listening: (info) => {
      const who = joinWords(info.pids.map((pid, i) => processLabel({ pid, name: info.names[i] ?? null })));
      say(
        `portwarden: port ${info.port} listens (${who}) after ${(info.listeningMs / 1000).toFixed(2)} s; waiting up to ${info.waitMs / 1000} s for ${info.healthUrl} to answer 2xx`,
      );
    },
    ready: (info) => say(readyBlock(info, colour)),
    signal: (signal, pgid, escalated) =>
      say(
        escalated
          ? `portwarden: ${signal} again — SIGKILL to process group ${pgid}`
          : `portwarden: ${signal} — passed on to process group ${pgid}`,
      ),
    exited: (code, signal, exitCode) =>
      say(`portwarden: the command ${signal ? `was ended by ${signal}` : `exited with code ${code}`}; exit ${exitCode}`),
    cleanup: (what, actions) => say(actions.length > 0 ? `portwarden: ${what}\n${actionsTable(actions, width)}` : `portwarden: ${what}`),
    flush: () => undefined,
  };
}

export function createJsonReporter(out: NodeJS.WriteStream = process.stdout, now: () => number = Date.now): RunReporter {
  const emit = (event: Record<string, unknown>): void => void out.write(`${JSON.stringify({ ...event, at: now() })}\n`);
  // Output events carry whole lines: bytes are decoded per stream (a character split between
  // two chunks stays whole) and a line is sent once its newline arrives.
  const pending = { stdout: { decoder: new StringDecoder('utf8'), rest: '' }, stderr: { decoder: new StringDecoder('utf8'), rest: '' } };
  const lines = (stream: 'stdout' | 'stderr', text: string): void => {
    const p = pending[stream];
    const parts = (p.rest + text).split('\n');
    p.rest = parts.pop() ?? '';
    for (const line of parts) emit({ type: 'output', stream, line });
  };
  return {
    holders: (port, rows) => emit({ type: 'port-in-use', port, listeners: rows }),
    freed: (result) => emit({ type: 'freed', result }),
    checks: (d) => emit({ type: 'checks', checks: d.checks, summary: d.summary }),
    started: (pid, command) => emit({ type: 'started', pid, pgid: pid, command }),
    output: (stream, chunk) => lines(stream, pending[stream].decoder.write(chunk)),
    bindError: (port, line, own, foreign) => emit({ type: 'bind-error', port, line, heldByCommand: own, heldByOthers: foreign }),
    foreignListener: (port, rows) => emit({ type: 'foreign-listener', port, listeners: rows }),
    listening: (info) => emit({ type: 'listening', ...info }),
    ready: (info) => emit({ type: 'ready', ...info }),
    signal: (signal, pgid, escalated) => emit({ type: 'signal', signal, pgid, sent: escalated ? 'SIGKILL' : signal }),
    exited: (code, signal, exitCode) => emit({ type: 'exited', code, signal, exitCode }),
    cleanup: (what, actions) => emit({ type: 'cleanup', what, actions }),
    flush: () => {
      for (const stream of ['stdout', 'stderr'] as const) {
        lines(stream, pending[stream].decoder.end());
        if (pending[stream].rest !== '') emit({ type: 'output', stream, line: pending[stream].rest });
        pending[stream].rest = '';
      }
    },
  };
}
