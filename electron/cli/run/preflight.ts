/**
 * `portwarden run`'s start-up checks, before anything is started (seed 002's start script):
 * who holds the port (named), `--free` runs the kill transaction on it, then the diagnostics
 * the dashboard shows (core/health/diagnostics.ts) for this one command: required variables,
 * the command on PATH, the port by a real test bind, the OS tools. A critical check stops the
 * run; `--check-only` stops after the checks either way and never frees anything.
 */
import type { Diagnostics } from '../../core/control/contract.ts';
import { listenersOn } from '../../core/control/one-shot.ts';
import { DEFAULT_CONFIG, SERVICE_DEFAULTS } from '../../core/config/index.ts';
import { runDiagnostics } from '../../core/health/index.ts';
import { freePort } from '../../core/processes/index.ts';
import type { KillDeps } from '../../core/processes/index.ts';
import type { RunReporter } from './run-output.ts';
import type { RunSpec } from './run-spec.ts';

/** The checks for the command as if it were a managed service (nothing of it runs yet). */
async function diagnose(spec: RunSpec, deps: KillDeps): Promise<Diagnostics> {
  return runDiagnostics({
    config: {
      ...DEFAULT_CONFIG,
      ports: [],
      services: [
        {
          ...SERVICE_DEFAULTS,
          id: spec.id,
          command: spec.command,
          cwd: '.',
          env: spec.env,
          requiredEnv: spec.requiredEnv,
          ...(spec.port !== null ? { port: spec.port } : {}),
        },
      ],
      productService: { ...DEFAULT_CONFIG.productService, enabled: false },
    },
    configPath: spec.configPath,
    baseDir: spec.cwd,
    readListeners: async (ports) => (await deps.reader.read({ ports })).listeners,
    isManaged: async () => false,
    // An ad-hoc command is no service; as root an invisible owner is in another pid namespace.
    subject: () => (spec.isService ? `service ${spec.id}` : 'the command'),
    elevated: deps.elevated ?? process.getuid?.() === 0,
  });
}

/**
 * With --check-only --free, a held port is what the run would free first: a warning that says
 * so, not a critical error (nothing is freed while only checking).
 */
function asWouldFree(diagnostics: Diagnostics, port: number): Diagnostics {
  const checks = diagnostics.checks.map((c) =>
    c.name === `port:${port}` &&
    c.status === 'critical' &&
    Array.isArray(c.details?.listeners) &&
    (c.details.listeners as { pid: number | null }[]).some((l) => l.pid !== null)
      ? { ...c, status: 'warning' as const, message: `${c.message}; a run with --free would stop it first` }
      : c,
  );
  return {
    ...diagnostics,
    checks,
    summary: {
      critical: checks.filter((c) => c.status === 'critical').map((c) => `${c.name}: ${c.message}`),
      warnings: checks.filter((c) => c.status === 'warning').map((c) => `${c.name}: ${c.message}`),
    },
  };
}

/** Runs the checks (freeing the port first with --free); true when the command may start. */
export async function preflight(spec: RunSpec, deps: KillDeps, report: RunReporter): Promise<boolean> {
  if (spec.port !== null) {
    const holders = await listenersOn(deps.reader, spec.port);
    if (holders.length > 0) {
      report.holders(spec.port, holders);
      if (spec.free && !spec.checkOnly) report.freed(await freePort(spec.port, { graceMs: spec.graceMs }, deps));
    }
  }
  let diagnostics = await diagnose(spec, deps);
  if (spec.checkOnly && spec.free && spec.port !== null) diagnostics = asWouldFree(diagnostics, spec.port);
  report.checks(diagnostics);
  return diagnostics.summary.critical.length === 0;
}
