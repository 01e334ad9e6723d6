/**
 * The machinery shared by freePort and killProcess: verify targets, SIGTERM their group or
 * tree, SIGKILL what is left at the deadline, and say per pid what happened.
 * (docs/architecture.md, "How ports are read and freed", steps 3 to 5.)
 */
import type { ListenerRecord } from '../model/ports.ts';
import type { ResolvedKillDeps } from './kill-deps.ts';
import { identityMismatch, sameProcess } from './identity.ts';
import type { ExpectedIdentity } from './identity.ts';
import { protectionReason } from './protected.ts';
import type { ProtectionContext } from './protected.ts';
import { planPosixTermination } from './signal-plan.ts';
import type { KillAction, KillSignal, ProcessIdentity } from '../model/processes.ts';
import { runTaskkill } from '../platform/taskkill.ts';

export const DEFAULT_GRACE_MS = 3000;
export const DEFAULT_POLL_MS = 25;
/** After SIGKILL, how long to keep looking for the port / the process to let go. */
export const SETTLE_MS = 1000;
/** A signalled process that let go of its port: how long to wait for it to exit before calling it "released". */
export const EXIT_AFTER_RELEASE_MS = 1000;

export const PERMISSION_REASON = 'owned by another user — run elevated';

/** One pid the caller asked about; its action is what gets reported. */
export interface Target {
  /** The identity verified before anything was sent (start time is the key). */
  identity: ProcessIdentity;
  action: KillAction;
  /** Still in play: verified, not refused, not gone. */
  active: boolean;
  /** Windows: the polite taskkill failed, so there is nothing to wait for. */
  forceNow: boolean;
  /** The SIGKILL step was refused (EPERM, taskkill /F failing): if it still runs, that is why. */
  denied: boolean;
}

export interface Candidate {
  pid: number;
  /** Name from the snapshot row, used when the process is already gone. */
  name: string | null;
  expected: ExpectedIdentity;
}

function newAction(pid: number, name: string | null): KillAction {
  return { pid, name, signal: null, signals: [], result: 'not-found' };
}

function record(action: KillAction, signal: KillSignal): void {
  action.signals.push(signal);
  action.signal = signal;
}

export function protectionContext(d: ResolvedKillDeps, table: readonly ProcessIdentity[]): ProtectionContext {
  return { platform: d.platform, selfPid: d.selfPid, table };
}

/**
 * Step 1 and 2: re-read each candidate, drop reused pids ("identity-changed") and refuse
 * protected ones. Returns every candidate as a Target; inactive ones carry their final result.
 */
export async function verifyCandidates(
  candidates: readonly Candidate[],
  table: readonly ProcessIdentity[],
  d: ResolvedKillDeps,
): Promise<Target[]> {
  const ctx = protectionContext(d, table);
  const targets: Target[] = [];
  for (const c of candidates) {
    const current = await d.processes.get(c.pid);
    const action = newAction(c.pid, current?.name ?? c.name);
    const target: Target = { identity: current ?? emptyIdentity(c.pid, c.name), action, active: false, forceNow: false, denied: false };
    targets.push(target);
    if (!current || d.isZombie(c.pid)) {
      const threadOf = current ? null : await threadGroupOf(c.pid, d);
      action.result = 'not-found';
      action.reason = threadOf !== null ? notAProcessReason(c.pid, threadOf, table) : goneReason(c);
      continue;
    }
    const mismatch = identityMismatch(c.expected, current);
    if (mismatch) {
      action.result = 'identity-changed';
      action.reason = `${mismatch}; not signalled`;
      continue;
    }
    const protectedBecause = protectionReason(current, ctx);
    if (protectedBecause) {
      action.result = 'refused-protected';
      action.reason = protectedBecause;
      continue;
    }
    target.active = true;
  }
  return targets;
}

/**
 * Why nothing was sent to a pid that is not running: it "had already exited" only when the
 * caller saw it (a snapshot row, a start time or command line); a bare number nobody saw
 * (`portwarden kill 999999`) is just "no process with pid N" — it may never have existed.
 */
function goneReason(c: Candidate): string {
  const seen = c.name !== null || Boolean(c.expected.startTime) || Boolean(c.expected.command) || c.expected.ppid != null;
  return seen ? `pid ${c.pid} had already exited` : `no process with pid ${c.pid}`;
}

/** The process a thread id belongs to, or null (not a thread, or the table cannot tell). */
async function threadGroupOf(pid: number, d: ResolvedKillDeps): Promise<number | null> {
  try {
    return (await d.processes.threadOf?.(pid)) ?? null;
  } catch {
    return null;
  }
}

/** Why a thread id is not signalled: kill() on it would reach its whole process. */
export function notAProcessReason(tid: number, tgid: number, table: readonly ProcessIdentity[]): string {
  const owner = table.find((p) => p.pid === tgid);
  const label = owner?.name ? `${owner.name} (pid ${tgid})` : `pid ${tgid}`;
  return `${tid} is not a process id: it is a thread of ${label}; nothing was signalled`;
}

function emptyIdentity(pid: number, name: string | null): ProcessIdentity {
  return { pid, ppid: null, name, command: null, user: null, startTime: null, pgid: null };
}

type SendOutcome = 'sent' | 'gone' | 'denied';

function posixSend(pid: number, signal: KillSignal, d: ResolvedKillDeps): SendOutcome {
  try {
    d.sendSignal(pid, signal);
    return 'sent';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return 'gone';
    if (code === 'EPERM') return 'denied';
    throw error;
  }
}

/**
 * Every pid the SIGTERM step reached (targets and their group or descendants), with the
 * identity seen then, and the target whose report it belongs to.
 */
export interface Reach {
  identity: ProcessIdentity;
  target: Target;
}

/** Step 3: SIGTERM each active target's group or tree (Windows: taskkill /T). */
export async function sendTerm(
  targets: readonly Target[],
  table: readonly ProcessIdentity[],
  d: ResolvedKillDeps,
): Promise<Map<number, Reach>> {
  const reach = new Map<number, Reach>();
  if (d.platform === 'win32') {
    for (const target of targets.filter((t) => t.active)) {
      reach.set(target.identity.pid, { identity: target.identity, target });
      const { outcome, exitCode } = await runTaskkill(target.identity.pid, 'SIGTERM', d.runCommand);
      target.action.via = 'taskkill';
      if (outcome === 'sent') record(target.action, 'SIGTERM');
      else if (outcome === 'not-found') exitedBeforeSignal(target);
      else {
        // Console programs (node, python) have no window to close: /T alone fails for them.
        target.forceNow = true;
        target.action.reason = `taskkill /T exited ${exitCode}; forcing`;
      }
    }
    return reach;
  }
  const ctx = protectionContext(d, table);
  const active = targets.filter((t) => t.active);
  // Each target reports its own signals, even when another target's group or tree reaches it.
  for (const target of active) reach.set(target.identity.pid, { identity: target.identity, target });
  const covered = new Map<number, 'group' | 'tree'>();
  const signalledGroups = new Set<number>();
  for (const target of active) {
    const coveredVia = covered.get(target.identity.pid);
    if (coveredVia) {
      // Already reached through another target's group or tree (a reloader and its worker).
      record(target.action, 'SIGTERM');
      target.action.via = coveredVia;
      continue;
    }
    const plan = planPosixTermination(target.identity, table, ctx);
    target.action.via = plan.via;
    for (const p of plan.reached) {
      covered.set(p.pid, plan.via);
      if (!reach.has(p.pid)) reach.set(p.pid, { identity: p, target });
    }
    const others = plan.reached.map((p) => p.pid).filter((pid) => pid !== target.identity.pid);
    if (others.length > 0) target.action.alsoSignalled = others;
    if (plan.skipped.length > 0) target.action.reason = plan.skipped.map((s) => `left alone: ${s.reason}`).join('; ');

    let targetOutcome: SendOutcome = 'gone';
    if (plan.via === 'group' && plan.pgid !== null && !signalledGroups.has(plan.pgid)) {
      signalledGroups.add(plan.pgid);
      targetOutcome = posixSend(-plan.pgid, 'SIGTERM', d);
    }
    for (const pid of plan.pids) {
      const outcome = posixSend(pid, 'SIGTERM', d);
      if (pid === target.identity.pid) targetOutcome = outcome;
    }
    if (targetOutcome === 'sent') record(target.action, 'SIGTERM');
    else if (targetOutcome === 'denied') {
      target.active = false;
      target.action.result = 'permission-denied';
      target.action.reason = `${target.action.name ?? 'process'} (pid ${target.identity.pid}) is ${PERMISSION_REASON}`;
    } else exitedBeforeSignal(target);
  }
  return reach;
}

function exitedBeforeSignal(target: Target): void {
  target.active = false;
  target.action.result = 'exited';
  target.action.reason = 'exited before any signal reached it';
}

/**
 * Step 5: SIGKILL (Windows: taskkill /T /F) each pid in `pids`, but only after re-reading it:
 * a pid that exited is never signalled, and a pid that now names another process is left
 * alone and reported.
 */
export async function sendKill(pids: Iterable<number>, reach: ReadonlyMap<number, Reach>, d: ResolvedKillDeps): Promise<void> {
  for (const pid of pids) {
    const entry = reach.get(pid);
    if (!entry) continue;
    const { identity, target } = entry;
    const current = await d.processes.get(pid);
    if (!current || d.isZombie(pid)) continue;
    if (!sameProcess(identity, current)) {
      if (pid === target.identity.pid) {
        target.active = false;
        target.action.result = 'identity-changed';
        target.action.reason = `pid ${pid} exited and was reused before SIGKILL; the new process was not signalled`;
      }
      continue;
    }
    if (d.platform === 'win32') {
      const { outcome, exitCode } = await runTaskkill(pid, 'SIGKILL', d.runCommand);
      if (outcome === 'sent') record(target.action, 'SIGKILL');
      else if (outcome === 'failed' && pid === target.identity.pid) {
        // taskkill says "access denied" only in the user's language; exit 1 after /F on a pid
        // that still exists is how it looks in any language.
        target.denied = true;
        target.action.reason = `taskkill /T /F exited ${exitCode}: ${PERMISSION_REASON}`;
      }
      continue;
    }
    const outcome = posixSend(pid, 'SIGKILL', d);
    if (outcome === 'sent') {
      if (target.action.signal !== 'SIGKILL') record(target.action, 'SIGKILL');
      if (pid !== target.identity.pid) target.action.killed = [...(target.action.killed ?? []), pid];
    } else if (outcome === 'denied' && pid === target.identity.pid) {
      target.denied = true;
      target.action.reason = `SIGKILL refused: ${PERMISSION_REASON}`;
    }
  }
}

/** A fresh look at who listens on `port` (every row, owners resolved). */
export async function readPort(port: number, d: ResolvedKillDeps): Promise<ListenerRecord[]> {
  const snapshot = await d.reader.read({ ports: [port] });
  return snapshot.listeners.filter((r) => r.port === port);
}

/** The visible owner pids of some listener rows. */
export function holdersOf(rows: readonly ListenerRecord[]): Set<number> {
  return new Set(rows.flatMap((r) => (r.pid === null ? [] : [r.pid])));
}

/** Is `identity` still alive (same process, not a zombie)? */
export async function stillAlive(identity: ProcessIdentity, d: ResolvedKillDeps): Promise<boolean> {
  const current = await d.processes.get(identity.pid);
  return sameProcess(identity, current) && !d.isZombie(identity.pid);
}

/**
 * Poll `check` every pollMs until it says done or `until` (epoch ms) passes. Bounded by the
 * deadline; returns whether it finished in time.
 */
export async function pollUntil(check: () => Promise<boolean>, until: number, pollMs: number, d: ResolvedKillDeps): Promise<boolean> {
  for (;;) {
    if (await check()) return true;
    if (d.now() >= until) return false;
    await d.sleep(Math.max(1, Math.min(pollMs, until - d.now())));
  }
}

/**
 * Final word for each active target: exited, released (alive, port let go), still-running,
 * or permission-denied when it survived a SIGKILL step that was refused.
 */
export async function settleResults(targets: readonly Target[], holders: ReadonlySet<number> | null, d: ResolvedKillDeps): Promise<void> {
  for (const target of targets.filter((t) => t.active)) {
    let alive = await stillAlive(target.identity, d);
    // A process closes its sockets first and exits a moment later (longer on a loaded
    // machine): before saying it "released the port and kept running", give it a bounded
    // moment to finish exiting (a graceful releaser that really keeps running costs this once).
    if (alive && target.action.signals.length > 0 && holders !== null && !holders.has(target.identity.pid)) {
      alive = !(await pollUntil(async () => !(await stillAlive(target.identity, d)), d.now() + EXIT_AFTER_RELEASE_MS, DEFAULT_POLL_MS, d));
    }
    if (!alive) target.action.result = 'exited';
    else if (holders !== null && !holders.has(target.identity.pid)) target.action.result = 'released';
    else target.action.result = target.denied ? 'permission-denied' : 'still-running';
  }
}
