/**
 * Real listener processes for integration tests and benchmarks: python3 or node children
 * that bind a TCP socket and print `ready {"port":…,"pids":[…]}` once listening. Each starts
 * in its own process group so `stop()` (SIGKILL to the group) also takes forked children and
 * wrapped grandchildren with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ListenerSpec {
  /** Program that binds. Default 'python3'. */
  runtime?: 'python3' | 'node';
  /** Bind address: '127.0.0.1', '0.0.0.0', '::1', '::' (dual-stack). */
  host: string;
  /** 0 = any free port. */
  port?: number;
  /** SO_REUSEPORT (to share the port with another process of the same user). */
  reusePort?: boolean;
  /** python3 only: fork after listen, so parent and child hold the same socket. */
  fork?: boolean;
  /** Start through `sh -c` so the listener is the shell's child, not the spawned pid. */
  wrapInShell?: boolean;
  /** python3 only: ignore SIGTERM (for kill tests). */
  ignoreSigterm?: boolean;
  /** python3 only: on SIGTERM close the socket and keep running (a graceful release). */
  closeOnSigterm?: boolean;
  /** Own process group (default true). false = stays in ours, as a child started without setsid. */
  detached?: boolean;
  /** Marker added to the command line, to recognise the process in `command`. */
  tag?: string;
  /** Working directory of the listener (default: ours). */
  cwd?: string;
}

export interface RunningListener {
  port: number;
  /** Pids that hold the socket (parent first for a fork). */
  pids: number[];
  /** The spawned pid (the shell for a wrapped listener); also the process group id when detached. */
  spawnedPid: number;
  child: ChildProcess;
  /** SIGKILL the whole process group (or, not detached, every pid) and wait for the spawned process to exit. */
  stop(): Promise<void>;
}

/** The python listener (flags documented in the file); one script for every test and the bench. */
export const PYTHON_LISTENER_SCRIPT = fileURLToPath(new URL('../fixtures/processes/listener.py', import.meta.url));

function pythonArgs(spec: ListenerSpec, tag: string): string[] {
  const flags = [PYTHON_LISTENER_SCRIPT, '--host', spec.host, '--port', String(spec.port ?? 0), '--marker', tag];
  if (spec.reusePort) flags.push('--reuseport');
  if (spec.fork) flags.push('--fork');
  if (spec.ignoreSigterm) flags.push('--ignore-term');
  if (spec.closeOnSigterm) flags.push('--close-on-term');
  return flags;
}

const NODE_LISTENER = String.raw`
const net = require('node:net');
const cfg = JSON.parse(process.argv[1]);
const server = net.createServer((c) => c.end());
server.on('error', (e) => { console.error(String(e)); process.exit(3); });
server.listen({ host: cfg.host, port: cfg.port ?? 0, reusePort: !!cfg.reusePort, ipv6Only: cfg.host === '::1' }, () => {
  console.log('ready ' + JSON.stringify({ port: server.address().port, pids: [process.pid] }));
});
`;

/** Starts one listener and waits (up to 15 s) until it prints that it is ready. */
export async function startListener(spec: ListenerSpec): Promise<RunningListener> {
  const runtime = spec.runtime ?? 'python3';
  const tag = spec.tag ?? 'portwarden-test';
  const detached = spec.detached ?? true;
  const program = runtime === 'node' ? process.execPath : 'python3';
  const args = runtime === 'node' ? ['-e', NODE_LISTENER, JSON.stringify({ ...spec, tag })] : pythonArgs(spec, tag);
  // `; exit $?` keeps sh from exec-ing its last command, so the shell stays the parent.
  const child = spec.wrapInShell
    ? spawn('sh', ['-c', '"$0" "$@"; exit $?', program, ...args], { detached, cwd: spec.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(program, args, { detached, cwd: spec.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const spawnedPid = child.pid;
  if (spawnedPid === undefined) throw new Error(`could not start ${program}`);
  let pids: number[] = [];
  const stop = async (): Promise<void> => {
    for (const target of detached ? [-spawnedPid] : [spawnedPid, ...pids]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  const ready = await new Promise<{ port: number; pids: number[] }>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`listener not ready after 15 s: ${err}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('ready '));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice('ready '.length)) as { port: number; pids: number[] });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`listener exited (${code}) before ready: ${err}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  pids = ready.pids;
  return { ...ready, spawnedPid, child, stop };
}

/**
 * Starts listeners that must share one port: the first binds port 0, the others bind the
 * port it got. Retries with a new port (up to 5 times) when another process grabs it between.
 */
export async function startOnSamePort(specs: ListenerSpec[]): Promise<RunningListener[]> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const started: RunningListener[] = [];
    try {
      const first = await startListener({ ...specs[0], port: 0 });
      started.push(first);
      for (const spec of specs.slice(1)) started.push(await startListener({ ...spec, port: first.port }));
      return started;
    } catch (error) {
      lastError = error;
      await Promise.all(started.map((l) => l.stop()));
    }
  }
  throw lastError;
}
