/**
 * Starts a real `redis-server` (Debian package) on a free loopback port for a test, with
 * persistence off. `stop()` kills it (an outage); `start()` brings it back on the SAME port
 * (recovery); `pause()` / `resume()` stall it with SIGSTOP / SIGCONT (connections stay open,
 * nothing is answered: a stuck server, not a dead one). Always call `stop()` in afterAll.
 * Every signal goes to the redis-server this helper spawned, never to anything else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { unusedPort } from './unused-port.ts';

/** Sends PING; resolves true on +PONG within `timeoutMs`. */
export function redisPing(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let data = '';
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('\r\n')) done(data.startsWith('+PONG'));
    });
    sock.on('error', () => done(false));
  });
}

export interface RedisServer {
  port: number;
  url: string;
  /** (Re)starts the server on the same port and waits for PING. */
  start(): Promise<void>;
  /** Kills the server and waits until it has exited. */
  stop(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing until resume(). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  readonly running: boolean;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await unusedPort();
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    if (child) return;
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    child = proc;
    let spawnError: Error | null = null;
    proc.once('error', (error) => {
      spawnError = error;
      if (child === proc) child = null;
    });
    proc.once('exit', () => {
      if (child === proc) child = null;
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await redisPing(port)) return;
      if (!child) {
        if (spawnError) {
          throw new Error(
            `cannot start redis-server (${(spawnError as Error).message}): these tests need a real Redis; install Debian's redis-server package (.ci/run does)`,
          );
        }
        throw new Error(`redis-server exited before answering on port ${port}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer PING on port ${port} within 10 s`);
  };

  let paused = false;
  const signal = (sig: NodeJS.Signals): void => {
    if (!child) throw new Error('redis-server is not running');
    child.kill(sig);
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc) return;
    // A stopped process only acts on SIGKILL, but resume anyway so nothing is left stopped.
    if (paused) proc.kill('SIGCONT');
    paused = false;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGKILL');
    await exited;
    child = null;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    pause: () => {
      signal('SIGSTOP');
      paused = true;
    },
    resume: () => {
      signal('SIGCONT');
      paused = false;
    },
    get running() {
      return child !== null;
    },
  };
}
