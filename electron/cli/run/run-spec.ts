/**
 * What `portwarden run` is asked to do, resolved from its flags and, with `--service ID`, from
 * that service in portwarden.json (port, command, cwd, env, required env). Bad input is a
 * RunSpecError (exit 2, nothing started).
 */
import { basename, resolve } from 'node:path';
import { DEFAULT_GRACE_MS } from '../../core/processes/terminate.ts';

export interface RunFlags {
  port?: number;
  free?: boolean;
  grace?: number;
  health?: string;
  requireEnv?: string[];
  checkOnly?: boolean;
  service?: string;
  config?: string;
  json?: boolean;
}

export interface RunSpec {
  port: number | null;
  free: boolean;
  graceMs: number;
  /** Path probed once the port listens ("/health"), null for none. */
  healthPath: string | null;
  requiredEnv: string[];
  checkOnly: boolean;
  json: boolean;
  /** The name checks report under: the service id, else the program's name. */
  id: string;
  /** The command line, run by the platform shell. */
  command: string;
  /** True when `command` is quoted argv (`run -- CMD ARGS`): the shell then execs it. */
  fromArgv: boolean;
  cwd: string;
  /** Variables added to the inherited environment. */
  env: Record<string, string>;
  configPath: string | null;
}

export class RunSpecError extends Error {}

/** Quotes argv for /bin/sh (POSIX) or cmd.exe, so the shell runs exactly these words. */
export function shellCommand(argv: readonly string[], platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return argv.map((a) => (/^[\w./:=@-]+$/.test(a) ? a : `"${a.replace(/"/g, '""')}"`)).join(' ');
  return argv.map((a) => (/^[\w./:=@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The line the shell runs: quoted argv is exec'd, so the pid we report is the program's own. */
export function launchLine(spec: Pick<RunSpec, 'command' | 'fromArgv'>, platform: NodeJS.Platform = process.platform): string {
  return spec.fromArgv && platform !== 'win32' ? `exec ${spec.command}` : spec.command;
}

/** "uvicorn" for ["uvicorn", "app:app"]; a safe service-id-like name for the checks. */
function programName(argv: readonly string[]): string {
  const name = basename(argv[0] ?? 'command').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  return /^[A-Za-z0-9]/.test(name) ? name : `cmd${name}`.slice(0, 64);
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkFlags(flags: RunFlags): void {
  if (flags.health !== undefined && !flags.health.startsWith('/')) throw new RunSpecError(`--health must be a path starting with "/", got ${JSON.stringify(flags.health)}`);
  for (const name of flags.requireEnv ?? []) {
    if (!ENV_NAME.test(name)) throw new RunSpecError(`--require-env needs a variable name (letters, digits, _), got ${JSON.stringify(name)}`);
  }
}

/** The spec for `run -- COMMAND ARGS...` (no --service). */
export function specFromArgv(argv: readonly string[], flags: RunFlags, cwd: string = process.cwd()): RunSpec {
  checkFlags(flags);
  if (argv.length === 0) throw new RunSpecError('give the command to run after --, e.g. portwarden run --port 3000 -- npm run dev (or --service ID)');
  return {
    port: flags.port ?? null,
    free: flags.free ?? false,
    graceMs: flags.grace ?? DEFAULT_GRACE_MS,
    healthPath: flags.health ?? null,
    requiredEnv: [...new Set(flags.requireEnv ?? [])],
    checkOnly: flags.checkOnly ?? false,
    json: flags.json ?? false,
    id: programName(argv),
    command: shellCommand(argv),
    fromArgv: true,
    cwd,
    env: {},
    configPath: null,
  };
}

/** The spec for `run --service ID`, from the loaded config (its paths resolved against baseDir). */
export function specFromService(
  config: { services: readonly { id: string; command: string; cwd?: string; env?: Record<string, string>; requiredEnv?: string[]; port?: number; graceMs?: number }[]; ports: readonly { port: number; service?: string; health?: { url?: string } }[] },
  baseDir: string,
  configPath: string | null,
  flags: RunFlags,
): RunSpec {
  checkFlags(flags);
  const id = flags.service as string;
  const service = config.services.find((s) => s.id === id);
  if (!service) {
    const known = config.services.map((s) => s.id);
    throw new RunSpecError(`no service ${JSON.stringify(id)} in ${configPath ?? 'the config'}${known.length > 0 ? ` (services: ${known.join(', ')})` : ' (it has no services)'}`);
  }
  const port = flags.port ?? service.port ?? null;
  // The watched port's health URL, when the config has one and --health does not override it.
  const configured = config.ports.find((p) => p.port === port)?.health?.url;
  const healthPath = flags.health ?? (configured ? new URL(configured).pathname + new URL(configured).search : null);
  return {
    port,
    free: flags.free ?? false,
    graceMs: flags.grace ?? service.graceMs ?? DEFAULT_GRACE_MS,
    healthPath,
    requiredEnv: [...new Set([...(service.requiredEnv ?? []), ...(flags.requireEnv ?? [])])],
    checkOnly: flags.checkOnly ?? false,
    json: flags.json ?? false,
    id,
    command: service.command,
    fromArgv: false,
    cwd: resolve(baseDir, service.cwd ?? '.'),
    env: { ...(service.env ?? {}) },
    configPath,
  };
}
