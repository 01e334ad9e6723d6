/**
 * Finding and reading portwarden.json. A missing file means "defaults" (Portwarden is useful
 * before anyone writes a config); a malformed one is an error with the line and column.
 */
import { minimalConfig } from './minimal-config.ts';
import { readFile } from 'node:fs/promises';
import { dirname, resolve, basename } from 'node:path';
import { writeFileSafely } from './safe-write.ts';
import { defaultConfig } from './defaults.ts';
import { ConfigError, validateConfig } from './validate-config.ts';
import type { PortwardenConfig } from '../model/config.ts';
import { messageOf } from '../model/errors.ts';

export const CONFIG_FILE_NAME = 'portwarden.json';

export interface LoadedConfig {
  config: PortwardenConfig;
  /** Absolute path of the file read, or where it would be (when `exists` is false). */
  path: string;
  /** Directory relative paths (service cwd, productsFile) are resolved against. */
  baseDir: string;
  exists: boolean;
}

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

/** JSON.parse with the position of a syntax error in the message. */
export function parseConfigText(text: string, file = CONFIG_FILE_NAME): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = messageOf(error);
    // V8 says "... in JSON at position 42 (line 3 column 5)" or only "at position 42".
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    const pos = /position (\d+)/.exec(message);
    let where = '';
    if (lineCol) where = ` at line ${lineCol[1]}, column ${lineCol[2]}`;
    else if (pos) {
      const p = position(text, Number(pos[1]));
      where = ` at line ${p.line}, column ${p.column}`;
    }
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    throw new ConfigError([`${basename(file)} is not valid JSON${where}: ${reason}`], `cannot read ${file}`, { cause: error });
  }
}

/**
 * Load the config: `path` when given (it must exist), else `portwarden.json` in `cwd`
 * (missing → DEFAULT_CONFIG). Throws ConfigError for unreadable, malformed or invalid files.
 */
export async function loadConfig(path?: string | null, cwd: string = process.cwd()): Promise<LoadedConfig> {
  const explicit = path !== undefined && path !== null && path !== '';
  const file = resolve(cwd, explicit ? path : CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return { config: defaultConfig(), path: file, baseDir: dirname(file), exists: false };
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : messageOf(error);
    throw new ConfigError([`cannot read ${file}: ${why}`], 'config file', { cause: error });
  }
  const raw = parseConfigText(text, file);
  try {
    return { config: validateConfig(raw), path: file, baseDir: dirname(file), exists: true };
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.errors, `invalid ${file}`, { cause: error });
    throw error;
  }
}

/**
 * The `$schema` the file at `file` already declares, if any. Portwarden can't know where the
 * schema lives relative to an arbitrary config file, so it never invents a reference: it
 * keeps the user's (an editor hint they chose) and writes none otherwise.
 */
async function existingSchemaRef(file: string): Promise<string | null> {
  try {
    const raw: unknown = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
    const ref = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).$schema : undefined;
    return typeof ref === 'string' ? ref : null;
  } catch {
    return null; // missing or unreadable: nothing to keep
  }
}

/**
 * Write the config pretty-printed, atomically and without loosening it (safe-write.ts: the
 * file keeps its mode, a new one is 0600, a symlinked config stays a symlink). The file's
 * own `$schema`, when it had one, is kept first; none is added.
 */
export async function saveConfigFile(path: string, config: PortwardenConfig): Promise<void> {
  const file = resolve(path);
  const ref = await existingSchemaRef(file);
  // Defaults are not written out (even ones the user wrote), so a saved file stays short.
  const minimal = minimalConfig(config);
  const body = ref !== null ? { $schema: ref, ...minimal } : minimal;
  await writeFileSafely(file, `${JSON.stringify(body, null, 2)}\n`);
}
