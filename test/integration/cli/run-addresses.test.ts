/**
 * `portwarden run`'s port check speaks of the address the command binds (trial C10) and of
 * an invisible owner as what it is for root (trial C11): electron/core/health/diagnostics.ts,
 * bind-address.ts and address-binds.ts, with real listeners and real test binds.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, killStarted, startListener } from '../processes/listeners.ts';
import { NODE, killRuns, startRun } from './support/run-cli.ts';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../electron/cli.ts', import.meta.url));

afterEach(() => {
  killRuns();
  killStarted();
});

const httpServer = (port: number, bind?: string): string[] => [
  'python3',
  '-m',
  'http.server',
  String(port),
  ...(bind ? ['--bind', bind] : []),
];

describe('portwarden run: a port held on another address family (C10)', () => {
  it('held on ::1 only, the command binds 127.0.0.1: a warning that says where it is free, exit 0, the holder untouched', async () => {
    const holder = await startListener(['--host', '::1']);
    const run = startRun(['--check-only', '--port', String(holder.port), '--', ...httpServer(holder.port, '127.0.0.1')]);
    expect((await run.exited).code).toBe(0);
    const err = run.stderr();
    expect(err).not.toContain('CRITICAL');
    expect(err).not.toContain('cannot bind it');
    expect(err).toContain(
      `port ${holder.port} is free on 127.0.0.1, where the command binds (a test bind succeeded); python3 (pid ${holder.pids[0]}) listens on ::1, so “localhost:${holder.port}” may reach it instead`,
    );
    expect(alive(holder.pids[0] as number)).toBe(true);
  });

  it('held on ::1 only, the command does not say where it binds: a warning naming the free IPv4 addresses', async () => {
    const holder = await startListener(['--host', '::1']);
    const run = startRun(['--check-only', '--port', String(holder.port), '--', ...httpServer(holder.port)]);
    expect((await run.exited).code).toBe(0);
    expect(run.stderr()).toMatch(
      new RegExp(
        `WARNING[^\\n]*\\n\\s+1\\. port ${holder.port} is held by python3 \\(pid ${holder.pids[0]}\\) on ::1; a test bind succeeded on 127\\.0\\.0\\.1 and 0\\.0\\.0\\.0 \\(every IPv4 address\\) and failed on ::1`,
      ),
    );
    expect(run.stderr()).toContain('the command can start if it binds 127.0.0.1 or 0.0.0.0');
  });

  it('held on 127.0.0.1, the command binds 127.0.0.1: still critical, exit 1 (that bind really fails)', async () => {
    const holder = await startListener([]);
    const run = startRun(['--check-only', '--port', String(holder.port), '--', ...httpServer(holder.port, '127.0.0.1')]);
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toMatch(
      new RegExp(
        `CRITICAL[^\\n]*\\n\\s+1\\. port ${holder.port} is held by python3 \\(pid ${holder.pids[0]}\\), so the command cannot bind it`,
      ),
    );
  });

  it('held on 127.0.0.1, the command binds ::1: free there, a warning about localhost', async () => {
    const holder = await startListener([]);
    const run = startRun(['--check-only', '--port', String(holder.port), '--', ...httpServer(holder.port, '::1')]);
    expect((await run.exited).code).toBe(0);
    expect(run.stderr()).toContain(`port ${holder.port} is free on ::1, where the command binds`);
  });
});

describe('portwarden run as root: an owner in another pid namespace (C11)', () => {
  it('says the owner is in another pid namespace, never "run as root to see it"', async () => {
    if (process.getuid?.() !== 0) {
      console.log('[run-addresses] the root case needs uid 0 (unshare --pid); not root, so it was not checked');
      return;
    }
    const holder = await startListener(['--host', '0.0.0.0']);
    // Run inside a new pid namespace with its own /proc: the holder outside is invisible there, even to root.
    const child = spawn(
      'unshare',
      [
        '--pid',
        '--fork',
        '--mount-proc',
        '--kill-child',
        NODE,
        CLI,
        'run',
        '--check-only',
        '--port',
        String(holder.port),
        '--',
        ...httpServer(holder.port),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err).toContain(`port ${holder.port} is in use by a process in another pid namespace (not visible even to root: a container?)`);
    expect(err).not.toContain('run as root');
    expect(alive(holder.pids[0] as number)).toBe(true);
  });
});
