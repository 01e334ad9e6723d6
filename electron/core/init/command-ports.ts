/**
 * What one simple command says about a port: the dev server it runs (vite, next, uvicorn,
 * `manage.py runserver`, …) with the port its flags or inline `PORT=` give, the default port
 * otherwise; a reference to another package script (`npm run api`); or a script a runtime
 * runs (`node server.js`, `python main.py`), whose port is in its source. Pure.
 */
import { baseName, splitWords } from './shell-words.ts';
import { TOOLS, majorVersion } from './tool-ports.ts';

export interface ToolRun {
  kind: 'tool';
  /** Key in TOOLS, or 'django', 'http.server'. */
  tool: string;
  label: string;
  /** The port the command itself sets (flag, positional, inline env), null when it does not. */
  port: number | null;
  /** How the command sets it: "--port 8080", "PORT=4000 in the command". */
  why: string | null;
  defaultPort: number | null;
  /** PORT from .env applies. */
  portEnv: boolean;
  configFiles: readonly string[];
}

export interface ScriptRef {
  kind: 'script';
  /** The package script it runs. */
  script: string;
  env: Record<string, string>;
}

export interface EntryRun {
  kind: 'entry';
  runtime: 'node' | 'python';
  /** The script file as written (relative to where the command runs). */
  file: string;
  /** PORT given inline, if any. */
  port: number | null;
  why: string | null;
}

export type CommandAnalysis = ToolRun | ScriptRef | EntryRun;

export interface CommandContext {
  /** Version range of a dependency of the package the command belongs to. */
  dependency?: (name: string) => string | null;
  /** Package scripts, so `yarn dev` is told from `yarn vite`. */
  scripts?: ReadonlySet<string>;
}

/** A TCP port from text, or null (not 1–65535, not digits). */
export function portOf(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : null;
}

/** `host:port` / `:port` / `port` (gunicorn -b, runserver, mkdocs -a) → port. */
export function portOfBind(text: string | undefined): number | null {
  if (text === undefined) return null;
  return portOf(/(?:^|:)(\d{1,5})$/.exec(text.replace(/^(?:tcp|http):\/\//, ''))?.[1]);
}

const ENV_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
const WRAPPERS = new Set(['npx', 'pnpx', 'bunx', 'exec', 'time', 'cross-env', 'env', 'cross-env-shell']);
const NODE_RUNTIMES = new Set(['node', 'nodemon', 'tsx', 'ts-node', 'ts-node-dev', 'bun', 'deno', 'node-dev']);
const PYTHONS = /^(?:python(?:\d(?:\.\d+)?)?|py|pypy3?)$/;

/** Strips env assignments and wrappers (`cross-env PORT=1 npx vite`) from the front. */
function unwrap(words: string[]): { words: string[]; env: Record<string, string> } {
  const env: Record<string, string> = {};
  let rest = [...words];
  for (let guard = 0; guard < 20 && rest.length > 0; guard++) {
    const assignment = ENV_ASSIGNMENT.exec(rest[0]);
    if (assignment) {
      env[assignment[1]] = assignment[2];
      rest = rest.slice(1);
    } else if (WRAPPERS.has(baseName(rest[0]))) {
      rest = rest.slice(1);
      while (rest[0]?.startsWith('-')) rest = rest.slice(1);
    } else if (['pnpm', 'yarn'].includes(rest[0]) && ['exec', 'dlx'].includes(rest[1] ?? '')) {
      rest = rest.slice(2);
    } else if (baseName(rest[0]) === 'dotenv' || baseName(rest[0]) === 'env-cmd') {
      const dash = rest.indexOf('--');
      rest = dash >= 0 ? rest.slice(dash + 1) : rest.slice(1).filter((w, i, all) => !w.startsWith('-') && !all[i - 1]?.startsWith('-'));
    } else break;
  }
  return { words: rest, env };
}

/** The value of a flag: `--port 8080`, `--port=8080`, `-p8080` (short flags only). */
export function flagValue(args: readonly string[], flags: readonly string[]): { value: string; flag: string } | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    for (const flag of flags) {
      if (arg === flag && i + 1 < args.length) return { value: args[i + 1], flag };
      if (arg.startsWith(`${flag}=`)) return { value: arg.slice(flag.length + 1), flag };
      if (flag.length === 2 && arg.startsWith(flag) && /^\d+$/.test(arg.slice(2))) return { value: arg.slice(2), flag };
    }
  }
  return null;
}

/** `npm run dev`, `npm start`, `yarn dev`, `pnpm run dev`, `bun run dev` → the script name. */
function scriptReference(words: readonly string[], scripts: ReadonlySet<string> | undefined): string | null {
  const [pm, first, second] = words;
  if (!pm || !['npm', 'yarn', 'pnpm', 'bun'].includes(baseName(pm))) return null;
  if (first === 'run' || first === 'run-script') return second ?? null;
  if (['start', 'dev', 'serve'].includes(first ?? '') && pm === 'npm') return first ?? null;
  if (pm !== 'npm' && first !== undefined && !first.startsWith('-') && (scripts === undefined || scripts.has(first))) return first;
  return null;
}

/** `yarn vite`, `pnpm next dev`, `bun x astro dev`: the package manager runs a binary; drop it. */
function binaryOfPackageManager(words: string[]): string[] {
  const pm = baseName(words[0] ?? '');
  if (!['yarn', 'pnpm', 'bun'].includes(pm) || words.length < 2) return words;
  const rest = words[1] === 'x' && pm === 'bun' ? words.slice(2) : words.slice(1);
  return rest[0] !== undefined && !rest[0].startsWith('-') ? rest : words;
}

/** The subcommand: the first argument that looks like one (`dev`, `vite:dev`), not a flag's value. */
function subcommandOf(args: readonly string[]): string {
  return args.find((a) => /^[a-z][a-z0-9:-]*$/i.test(a)) ?? '';
}

function toolRun(
  tool: string,
  label: string,
  port: number | null,
  why: string | null,
  defaultPort: number | null,
  portEnv = false,
  configFiles: readonly string[] = [],
): ToolRun {
  return { kind: 'tool', tool, label, port, why, defaultPort, portEnv, configFiles };
}

/** Python programs: `-m uvicorn`, `manage.py runserver`, `-m http.server`, a script. */
function analysePython(args: readonly string[], env: Record<string, string>, ctx: CommandContext): CommandAnalysis | null {
  if (args[0] === '-m' && args[1] !== undefined) {
    if (args[1] === 'http.server') {
      const port = portOf(args.slice(2).find((a) => /^\d+$/.test(a)));
      return toolRun('http.server', 'python http.server', port, port === null ? null : `port ${port} on the command line`, 8000);
    }
    if (args[1] === 'django') return analyseDjango(args.slice(2));
    return analyseWords([args[1], ...args.slice(2)], env, ctx);
  }
  const script = args.find((a) => !a.startsWith('-'));
  if (script === undefined) return null;
  if (baseName(script) === 'manage.py') return analyseDjango(args.slice(args.indexOf(script) + 1));
  if (!script.endsWith('.py')) return null;
  const port = portOf(env.PORT);
  return { kind: 'entry', runtime: 'python', file: script, port, why: port === null ? null : `PORT=${port} in the command` };
}

/** `manage.py runserver [addr:]port` (default 127.0.0.1:8000). */
function analyseDjango(args: readonly string[]): ToolRun | null {
  const at = args.indexOf('runserver');
  if (at < 0) return null;
  const spec = args.slice(at + 1).find((a) => !a.startsWith('-'));
  const port = portOfBind(spec);
  return toolRun('django', 'django runserver', port, port === null ? null : `runserver ${spec}`, 8000);
}

function analyseWords(words: string[], env: Record<string, string>, ctx: CommandContext): CommandAnalysis | null {
  const program = baseName(words[0] ?? '');
  const args = words.slice(1);
  if (PYTHONS.test(program)) return analysePython(args, env, ctx);
  if (program === 'django-admin' || program === 'manage.py') return analyseDjango(args);
  if (NODE_RUNTIMES.has(program)) {
    const exec = flagValue(args, ['--exec', '-x']);
    if (exec && program === 'nodemon') return analyseCommand(exec.value, ctx);
    const file = args.find((a) => /\.[cm]?[jt]sx?$/.test(a) && !a.startsWith('-'));
    if (file === undefined) return null;
    const port = portOf(env.PORT);
    return { kind: 'entry', runtime: 'node', file, port, why: port === null ? null : `PORT=${port} in the command` };
  }
  const spec = TOOLS[program];
  if (spec === undefined) return null;
  const sub = subcommandOf(args);
  if (!spec.serves(sub, args)) return null;
  const flag = flagValue(args, spec.flags);
  const flagPort = flag === null ? null : spec.flags.includes('-b') ? portOfBind(flag.value) : portOf(flag.value);
  const envPort = spec.portEnv || program === 'flask' ? portOf(env.PORT ?? (program === 'flask' ? env.FLASK_RUN_PORT : undefined)) : null;
  const port = flagPort ?? envPort;
  const why = flagPort !== null ? `${flag?.flag} ${flag?.value}` : envPort !== null ? `PORT=${envPort} in the command` : null;
  const major = majorVersion(ctx.dependency?.(spec.dependency ?? program) ?? null);
  return toolRun(program, spec.label, port, why, spec.defaultPort(sub, major), spec.portEnv, spec.configFiles ?? []);
}

/** What one simple command says about a port (see the file comment); null when nothing. */
export function analyseCommand(command: string, ctx: CommandContext = {}): CommandAnalysis | null {
  const { words, env } = unwrap(splitWords(command));
  if (words.length === 0) return null;
  const script = scriptReference(words, ctx.scripts);
  if (script !== null) return { kind: 'script', script, env };
  return analyseWords(binaryOfPackageManager(words), env, ctx);
}
