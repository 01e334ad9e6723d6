/**
 * Where `portwarden serve` gets its API token, and the checks that keep it secret.
 *
 * The token is the only thing between any local user and the control API (which starts
 * commands as the user running serve), so it must not be readable by other users:
 * - `PORTWARDEN_TOKEN` (environment: /proc/PID/environ is readable only by the same user
 *   and root) and `--token-file FILE` (a regular file only its owner may read) are the
 *   documented ways;
 * - `--token TOKEN` still works but puts the token in /proc/PID/cmdline, which EVERY local
 *   user can read (`ps -ef`), so serve prints a warning when it is used;
 * - without any of them a random token is made (printed only in the Dashboard line).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { TOKEN_ENV_NAME } from '../core/services/index.ts';
import { messageOf } from '../core/control/contract.ts';

export const TOKEN_ENV = TOKEN_ENV_NAME;

export const TOKEN_ON_COMMAND_LINE_WARNING =
  '--token puts the token on the command line, where every local user can read it (ps, /proc/PID/cmdline); use PORTWARDEN_TOKEN or --token-file FILE instead';

/** A token file larger than this is not a token file. */
const MAX_TOKEN_FILE_BYTES = 4096;

export class TokenError extends Error {
  override name = 'TokenError';
}

export interface TokenChoice {
  token: string;
  source: 'flag' | 'file' | 'env' | 'random';
  /** Printed on stderr before serving (the --token warning). */
  warnings: string[];
}

/** At least 16 characters, no whitespace (it travels in a header and a URL fragment). */
export function checkToken(token: string, where: string): string {
  if (token.length < 16 || /\s/.test(token)) throw new TokenError(`${where} must be at least 16 characters without spaces`);
  return token;
}

/**
 * Read a token file: a regular file (not a FIFO, device or folder), owned by the user running
 * serve, that no other user may read or write (POSIX mode bits; Windows has no such bits and
 * relies on the folder's ACL). One line; surrounding whitespace (the final newline of
 * `openssl rand -hex 20 > FILE`) is dropped.
 */
export async function readTokenFile(path: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO must not hang serve waiting for a writer.
    handle = await open(path, constants.O_RDONLY | (platform === 'win32' ? 0 : constants.O_NONBLOCK));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TokenError(
      `cannot read --token-file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : messageOf(error)}`,
      { cause: error },
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new TokenError(`--token-file ${path} is not a regular file`);
    if (platform !== 'win32') {
      const uid = process.getuid?.();
      if (uid !== undefined && info.uid !== uid)
        throw new TokenError(
          `--token-file ${path} belongs to uid ${info.uid}, not to the user running serve (uid ${uid}), who alone may own it`,
        );
      if ((info.mode & 0o077) !== 0) {
        const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
        throw new TokenError(`--token-file ${path} is open to other users (mode ${mode}); make it private: chmod 600 ${path}`);
      }
    }
    if (info.size > MAX_TOKEN_FILE_BYTES) throw new TokenError(`--token-file ${path} is ${info.size} bytes; a token file holds one token`);
    const text = (await handle.readFile('utf8')).trim();
    return checkToken(text, `the token in --token-file ${path}`);
  } finally {
    await handle.close();
  }
}

/** Pick the token from the flags and the environment (see the file comment for the order). */
export async function chooseToken(opts: { token?: string; tokenFile?: string }, env: NodeJS.ProcessEnv): Promise<TokenChoice> {
  if (opts.token !== undefined && opts.tokenFile !== undefined) throw new TokenError('give --token or --token-file, not both');
  if (opts.token !== undefined)
    return { token: checkToken(opts.token, '--token'), source: 'flag', warnings: [TOKEN_ON_COMMAND_LINE_WARNING] };
  if (opts.tokenFile !== undefined) return { token: await readTokenFile(opts.tokenFile), source: 'file', warnings: [] };
  const fromEnv = env[TOKEN_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { token: checkToken(fromEnv, TOKEN_ENV), source: 'env', warnings: [] };
  return { token: randomBytes(24).toString('base64url'), source: 'random', warnings: [] };
}
