/**
 * Whether a service's command can be found: the first word of the command line (after
 * leading VAR=value assignments) looked up on PATH, like the shell would.
 */
import { access, constants, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** Words the shell runs itself; no PATH lookup. */
const SHELL_BUILTINS = new Set([
  'cd',
  'exec',
  'export',
  'set',
  'source',
  '.',
  'eval',
  'env',
  'true',
  'false',
  'test',
  '[',
  'echo',
  'exit',
  'ulimit',
  'umask',
  'trap',
  'wait',
  'call',
  'start',
  'if',
  'for',
  'while',
  'case',
  '(',
  '{',
]);

/** The program a command line runs: "FOO=1 python3 -m x" → "python3"; quotes removed. */
export function commandProgram(command: string): string | null {
  const words = command.trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  for (const word of words) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) continue;
    return word.replace(/^["']|["']$/g, '');
  }
  return null;
}

export function isShellBuiltin(program: string): boolean {
  return SHELL_BUILTINS.has(program);
}

async function isExecutable(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return false;
    if (platform === 'win32') return true;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A program given as a path (`./run.sh`, `bin/server`): its absolute path; null for a bare name looked up on PATH. */
export function programPath(program: string, cwd: string, platform: NodeJS.Platform = process.platform): string | null {
  if (!program.includes('/') && !(platform === 'win32' && program.includes('\\'))) return null;
  return isAbsolute(program) ? program : resolve(cwd, program);
}

/** Why a path cannot be run: it does not exist, or it is not an executable file. */
export async function pathProblem(full: string): Promise<'missing' | 'not-executable'> {
  try {
    await stat(full);
    return 'not-executable';
  } catch {
    return 'missing';
  }
}

/** Absolute path of `program` as the shell would find it, or null. */
export async function findOnPath(
  program: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; platform?: NodeJS.Platform },
): Promise<string | null> {
  const platform = options.platform ?? process.platform;
  const exts = platform === 'win32' ? ['', ...(options.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  if (program.includes('/') || (platform === 'win32' && program.includes('\\'))) {
    const full = isAbsolute(program) ? program : resolve(options.cwd, program);
    for (const ext of exts) if (await isExecutable(full + ext, platform)) return full + ext;
    return null;
  }
  const pathVar = options.env.PATH ?? options.env.Path ?? '';
  for (const dir of pathVar.split(platform === 'win32' ? ';' : delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, program + ext);
      if (await isExecutable(candidate, platform)) return candidate;
    }
  }
  return null;
}
