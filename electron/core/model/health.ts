/**
 * Health probes and diagnostics as every layer and surface sees them (monitor/health-runner.ts
 * runs the probes, health/diagnostics.ts the checks).
 */

export interface RouteCheck {
  path: string;
  status: number | null;
  ok: boolean;
  latencyMs: number | null;
  /** Why it is not ok: the probe's error, or who answered when that is not the expected owner. */
  error?: string;
  /** Answered (any status) by a process that is not the port's expected owner: never ok. */
  foreign?: boolean;
}

export interface HealthSample {
  at: number;
  ok: boolean;
  latencyMs: number | null;
}

/** The owner of the socket a health probe connected to. */
export interface AnsweredBy {
  /** null: the owner is not visible to this user (another user or namespace). */
  pid: number | null;
  name: string | null;
  managed: boolean;
  /** Whether it is the port's expected owner (service tree or owner matcher); null: the port names none. */
  expected: boolean | null;
  /**
   * How many processes listen on the address that answered (SO_REUSEPORT, a socket shared
   * after fork). Above 1 the kernel picked one we cannot see: `pid` is then the one that
   * matters (a foreign one when there is any), not necessarily the one that answered.
   */
  sharedBy: number;
}

export interface PortHealth {
  state: 'unknown' | 'healthy' | 'unhealthy';
  kind: 'http' | 'tcp';
  target: string;
  status: number | null;
  latencyMs: number | null;
  error?: string;
  checkedAt: number | null;
  /** Who owned the socket that answered, when it could be told. */
  answeredBy: AnsweredBy | null;
  routes: RouteCheck[];
  /** Most recent last; bounded (for charts). */
  history: HealthSample[];
}

export type CheckStatus = 'ok' | 'warning' | 'critical';

export interface DiagnosticCheck {
  name: string;
  status: CheckStatus;
  message: string;
  details?: Record<string, unknown>;
}

export interface Diagnostics {
  generatedAt: number;
  checks: DiagnosticCheck[];
  summary: { critical: string[]; warnings: string[] };
  /** Checks a background pass did not run (it makes no test bind); never set by getDiagnostics. */
  skipped?: string[];
}
