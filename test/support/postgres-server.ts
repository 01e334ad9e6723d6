/**
 * Starts a real PostgreSQL (Debian's postgresql package, /usr/lib/postgresql/<v>/bin) for a
 * test: `initdb` into a fresh temporary folder, `postgres` on 127.0.0.1 and a free port, its
 * unix socket in that same folder. PostgreSQL refuses to run as root, so as root (CI) both
 * run as the `postgres` user (or `nobody`), which owns the temporary folder; the folder is
 * created under /tmp so that user can reach it wherever the checkout lives.
 *
 * fsync is off: these tests kill product-service replicas, never the database server, and
 * without it initdb and commits do not wait for the disk on a shared CI machine.
 * Always call `stop()` in afterAll (it removes the folder).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { unusedPort } from './unused-port.ts';

export interface PostgresServer {
  port: number;
  /** postgres:// URL of a database on this server (default: the `postgres` database). */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (immediate shutdown) and removes its folder. */
  stop(): Promise<void>;
}

const SUPERUSER = 'portwarden';

/** The newest installed server's bin folder, or a clear error. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'postgres'))) return join(root, v, 'bin');
  throw new Error(
    "no PostgreSQL server in /usr/lib/postgresql/*/bin: these tests need a real PostgreSQL; install Debian's postgresql package (.ci/run does)",
  );
}

/** As root: a user PostgreSQL may run as, and its uid/gid. */
function serviceUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { name, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, but neither a postgres nor a nobody user exists to run PostgreSQL as');
}

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = binDir();
  const user = serviceUser();
  const dir = mkdtempSync(join(user ? '/tmp' : tmpdir(), 'pw-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const asUser = (cmd: string, args: string[]): [string, string[]] =>
    user ? ['runuser', ['-u', user.name, '--', cmd, ...args]] : [cmd, args];
  const data = join(dir, 'data');
  const [initCmd, initArgs] = asUser(join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-locale', '-N']);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.error?.message}`);
  }
  const port = await unusedPort();
  const [cmd, args] = asUser(join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'max_connections=200',
    '-c',
    'shared_buffers=64MB',
  ]);
  let stderr = '';
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const url = (database = 'postgres'): string => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;

  const stop = async (): Promise<void> => {
    // Immediate shutdown (nothing to keep, the folder goes next) through pg_ctl, which
    // signals the server by its postmaster.pid: runuser does not pass signals on.
    if (!exited) {
      const [ctl, ctlArgs] = asUser(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20']);
      if (spawnSync(ctl, ctlArgs, { stdio: 'ignore' }).status !== 0) child.kill('SIGKILL'); // pg_ctl failed: at least the wrapper goes
    }
    await exit;
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  while (!(await canQuery(url()))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`postgres did not accept connections on 127.0.0.1:${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    port,
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
  };
}
