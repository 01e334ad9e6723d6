/**
 * The kill-transaction and CLI tests' view of test/support/listeners.ts: listeners started
 * with listener.py's flags, each recorded and killed by killStarted() (call it in afterEach).
 */
import { createServer } from 'node:net';
import { linuxIsZombie } from '../../../electron/core/platform/linux-proc.ts';
import { startListener as startSupported, type ListenerSpec, type RunningListener } from '../../support/listeners.ts';

export type Started = RunningListener;

const started: Started[] = [];

export interface StartOptions {
  /** Own process group (setsid); default true. */
  detached?: boolean;
  /** Run through `sh -c "python3 …; exit $?"`, so sh stays the parent and the child listens. */
  wrapper?: boolean;
}

/** listener.py's flags as a spec: --host H, --port P, --reuseport, --fork, --ignore-term, --close-on-term, --marker M. */
function specOf(flags: readonly string[], options: StartOptions): ListenerSpec {
  const value = (name: string): string | undefined => {
    const i = flags.indexOf(name);
    return i >= 0 ? flags[i + 1] : undefined;
  };
  return {
    host: value('--host') ?? '127.0.0.1',
    port: Number(value('--port') ?? 0),
    reusePort: flags.includes('--reuseport'),
    fork: flags.includes('--fork'),
    ignoreSigterm: flags.includes('--ignore-term'),
    closeOnSigterm: flags.includes('--close-on-term'),
    tag: value('--marker'),
    wrapInShell: options.wrapper ?? false,
    detached: options.detached ?? true,
  };
}

/** Start a python listener with listener.py's `flags`; resolves once it listens. */
export async function startListener(flags: string[], options: StartOptions = {}): Promise<Started> {
  const entry = await startSupported(specOf(flags, options));
  started.push(entry);
  return entry;
}

/** Is the process alive (a zombie counts as gone)? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !linuxIsZombie(pid);
}

/** SIGKILL everything startListener started (groups for detached ones). */
export function killStarted(): void {
  for (const entry of started.splice(0)) void entry.stop();
}

/** Can we bind host:port right now? (The proof that a port was freed.) */
export function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, ipv6Only: host.includes(':') }, () => server.close(() => resolve(true)));
  });
}

/** Start a two-process listener where the second binds the first's port; retries on the rare clash. */
export async function startPair(
  first: string[],
  second: (port: number) => string[],
  options: StartOptions = {},
): Promise<[Started, Started]> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const a = await startListener(first, options);
    try {
      const b = await startListener(second(a.port), options);
      return [a, b];
    } catch {
      await a.stop();
    }
  }
  throw new Error('could not start a listener pair in 5 attempts');
}
