/**
 * The kinds of things Portwarden has words for, defined at the bottom of the core so the
 * vocabulary, the monitor and the contract share them without importing upward. The
 * contract (control/contract.ts) re-exports them.
 */

/** A watched port's status; see monitor/derive-port.ts for the rules. */
export type PortStatus = 'free' | 'ok' | 'conflict' | 'unhealthy' | 'down';

export type ConflictKind = 'foreign-owner' | 'multiple-listeners' | 'localhost-shadowed' | 'bind-loop';

/**
 * The overall state, worst first: a conflict, a critical diagnostic, a port down or
 * unhealthy, all ok; `paused` while monitoring is paused (nothing is judged then).
 */
export type OverallLevel = 'conflict' | 'critical' | 'degraded' | 'ok' | 'paused';

/** The levels in order of severity (index 0 is the worst). */
export const OVERALL_ORDER: readonly OverallLevel[] = ['conflict', 'critical', 'degraded', 'ok'];

/** A process as far as words need it (a listener row, a kill target, a probe's answerer). */
export interface ProcessWords {
  /** null: in use, but the owner is not visible (another user, another pid namespace). */
  pid: number | null;
  name: string | null;
  command?: string | null;
  /** Epoch ms it started; adds "started 3 h ago" when a `now` is given. */
  startedAt?: number | null;
}

/** A listener row as the words need it. */
export interface ListenerWords extends ProcessWords {
  address: string;
  family?: 'IPv4' | 'IPv6';
  /** The pid that heads this listener's party (a reloader for its worker); null when not visible. */
  partyPid?: number | null;
  ppid?: number | null;
}

/** What an owner matcher (`ports[].owner`) asks for; every field optional. */
export interface OwnerWords {
  command?: string;
  user?: string;
  cwd?: string;
  unit?: string;
}

/** One way a listener differs from its port's owner matcher. `actual` null: not visible. */
export interface OwnerMismatch {
  field: 'command' | 'user' | 'cwd' | 'unit';
  expected: string;
  actual: string | null;
}

/** Options shared by sentences that name processes. */
export interface WordOptions {
  /** With it, each process gets its age ("started 3 h ago"). */
  now?: number;
  /** Running as root/Administrator: an invisible owner is in another pid namespace, not another user's. */
  elevated?: boolean;
}
