/**
 * What `portwarden run` is asked to do, resolved from its flags and, with `--service ID`, from
 * that service in portwarden.json (port, command, cwd, env, required env). Bad input is a
 * RunSpecError (exit 2, nothing started).
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DEFAULT_GRACE_MS } from '../../core/processes/index.ts';
import { commandProgram } from '../../core/health/index.ts';

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
  /** True for `--service ID`: the checks speak of "service ID", else of "the command". */
  isService: boolean;
  /** The command line, run by the platform shell. */
  command: string;
  /** What the user wrote, for messages (`FOO=1 python3 app.py`: the prefix is in `env`). */
  display: string;
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

/** "uvicorn" for "uvicorn"; a safe service-id-like name for the checks' names. */
function programName(program: string): string {
  const name = basename(program || 'command')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 64);
  return /^[A-Za-z0-9]/.test(name) ? name : `cmd${name}`.slice(0, 64);
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;

/**
 * `run -- FOO=1 exec python3 app.py`: what a shell would make of the leading words. Variable
 * assignments become the command's environment and a leading `exec` is dropped (run execs
 * the program itself), so the checks see the real program and variables and the launch line
 * `exec python3 app.py` is valid sh (`exec FOO=1 …` is not: the shell looks for a program
 * called "FOO=1").
 */
export function splitPrefix(argv: readonly string[]): { env: Record<string, string>; argv: string[] } {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const m = ASSIGNMENT.exec(argv[i]!);
    if (m) env[m[1]!] = m[2]!;
    else if (argv[i] !== 'exec') break;
  }
  return { env, argv: argv.slice(i) };
}

/**
 * One argument with spaces or shell syntax (`run -- 'cd web && npm run dev'`) is a shell line:
 * the README says the command runs through /bin/sh, so it is run as written, not looked up as
 * a program called "cd web && npm run dev".
 */
function isShellLine(argv: readonly string[], cwd: string): boolean {
  // A program whose path has a space in it ("/opt/my app/server") is still a program.
  return argv.length === 1 && /[\s;&|<>()$`"'*?]/.test(argv[0]!) && !existsSync(resolve(cwd, argv[0]!));
}

/**
 * Words only the shell knows (no program of that name exists): `exec cd /tmp` fails with
 * "exec: cd: not found", so a command starting with one is run by the shell as it is.
 */
const SHELL_ONLY = new Set(['cd', 'export', 'set', 'unset', 'source', '.', 'eval', 'exit', 'ulimit', 'umask', 'trap', 'wait']);

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkFlags(flags: RunFlags): void {
  if (flags.health !== undefined && !flags.health.startsWith('/'))
    throw new RunSpecError(`--health must be a path starting with "/", got ${JSON.stringify(flags.health)}`);
  for (const name of flags.requireEnv ?? []) {
    if (!ENV_NAME.test(name))
      throw new RunSpecError(`--require-env needs a variable name (letters, digits, _), got ${JSON.stringify(name)}`);
  }
}

/** The spec for `run -- COMMAND ARGS...` (no --service). */
export function specFromArgv(argv: readonly string[], flags: RunFlags, cwd: string = process.cwd()): RunSpec {
  checkFlags(flags);
  if (argv.length === 0)
    throw new RunSpecError('give the command to run after --, e.g. portwarden run --port 3000 -- npm run dev (or --service ID)');
  const common = {
    port: flags.port ?? null,
    free: flags.free ?? false,
    graceMs: flags.grace ?? DEFAULT_GRACE_MS,
    healthPath: flags.health ?? null,
    requiredEnv: [...new Set(flags.requireEnv ?? [])],
    checkOnly: flags.checkOnly ?? false,
    json: flags.json ?? false,
    isService: false,
    cwd,
    configPath: null,
  };
  if (isShellLine(argv, cwd)) {
    const line = argv[0]!.trim();
    return { ...common, id: programName(commandProgram(line) ?? 'sh'), command: line, display: line, fromArgv: false, env: {} };
  }
  const split = splitPrefix(argv);
  if (split.argv.length === 0)
    throw new RunSpecError(`give the program to run after ${shellCommand(argv)}, e.g. portwarden run -- ${shellCommand(argv)} npm run dev`);
  return {
    ...common,
    id: programName(split.argv[0]!),
    command: shellCommand(split.argv),
    display: shellCommand(argv),
    fromArgv: !SHELL_ONLY.has(split.argv[0]!),
    env: split.env,
  };
}

/** The spec for `run --service ID`, from the loaded config (its paths resolved against baseDir). */
export function specFromService(
  config: {
    services: readonly {
      id: string;
      command: string;
      cwd?: string;
      env?: Record<string, string>;
      requiredEnv?: string[];
      port?: number;
      graceMs?: number;
    }[];
    ports: readonly { port: number; service?: string; health?: { url?: string } }[];
  },
  baseDir: string,
  configPath: string | null,
  flags: RunFlags,
): RunSpec {
  checkFlags(flags);
  const id = flags.service as string;
  const service = config.services.find((s) => s.id === id);
  if (!service) {
    const known = config.services.map((s) => s.id);
    throw new RunSpecError(
      `no service ${JSON.stringify(id)} in ${configPath ?? 'the config'}${known.length > 0 ? ` (services: ${known.join(', ')})` : ' (it has no services)'}`,
    );
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
    isService: true,
    command: service.command,
    display: service.command,
    fromArgv: false,
    cwd: resolve(baseDir, service.cwd ?? '.'),
    env: { ...(service.env ?? {}) },
    configPath,
  };
}
