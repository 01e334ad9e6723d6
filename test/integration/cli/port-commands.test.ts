/**
 * The `portwarden` port commands run as a real child process (`node electron/cli.ts …`)
 * against real listeners. Async execFile, so this process keeps reaping its children.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListenerRecord } from '../../../electron/core/model/ports.ts';
import type { FreePortResult } from '../../../electron/core/model/processes.ts';
import { alive, canBind, killStarted, startListener, startPair } from '../processes/listeners.ts';
import { stageCliForOtherUsers } from '../../support/stage-for-user.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['electron/cli.ts', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

afterEach(killStarted);

describe('portwarden ports', () => {
  it('--json lists every owner: a SO_REUSEPORT pair and a forked pair', async () => {
    const [a, b] = await startPair(['--reuseport'], (port) => ['--reuseport', '--port', String(port)]);
    const f = await startListener(['--fork', '--host', '::1']);
    const run = await cli('ports', String(a.port), String(f.port), '--json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as ListenerRecord[];
    expect(
      rows
        .filter((r) => r.port === a.port)
        .map((r) => r.pid)
        .sort(),
    ).toEqual([...a.pids, ...b.pids].sort());
    expect(
      rows
        .filter((r) => r.port === f.port)
        .map((r) => r.pid)
        .sort(),
    ).toEqual([...f.pids].sort());
    expect(rows.find((r) => r.port === f.port)).toMatchObject({ address: '::1', family: 'IPv6', name: 'python3' });
  });

  it('prints an aligned table', async () => {
    const l = await startListener([]);
    const run = await cli('ports', String(l.port));
    expect(run.code).toBe(0);
    const [header, row] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^\s*PORT\s+ADDRESS\s+FAMILY\s+PID\s+PPID\s+USER\s+NAME\s+PROJECT\s+COMMAND$/);
    // PPID: the listener's parent is this test process (it spawned the listener).
    expect(row).toMatch(
      new RegExp(
        `^\\s*${l.port}\\s+127\\.0\\.0\\.1\\s+IPv4\\s+${l.pids[0]}\\s+${process.pid}\\s+\\S+\\s+python3\\s+\\S+\\s+\\S*python3 .*listener\\.py`,
      ),
    );
    // Aligned: left columns start, right columns (PORT, PID) end where their headers do.
    const h = header as string;
    const r = row as string;
    for (const [title, cell] of [
      ['ADDRESS', '127.0.0.1'],
      ['FAMILY', 'IPv4'],
      ['NAME', 'python3'],
    ]) {
      expect(r.indexOf(` ${cell} `) + 1).toBe(h.indexOf(title));
    }
    expect(r.indexOf(String(l.port)) + String(l.port).length).toBe(h.indexOf('PORT') + 'PORT'.length);
    expect(r.indexOf(` ${l.pids[0]} `) + 1 + String(l.pids[0]).length).toBe(h.indexOf('PID') + 'PID'.length);
    expect(r.indexOf(' /') + 1).toBe(h.indexOf('COMMAND'));
  });
});

describe('portwarden ports: the PPID column', () => {
  it('shows a reloader-style pair (listen, then fork) as one family: the child row names the parent pid', async () => {
    const f = await startListener(['--fork']);
    const [parent, child] = f.pids as [number, number];
    const run = await cli('ports', String(f.port));
    expect(run.code).toBe(0);
    const rows = run.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/));
    // PORT ADDRESS FAMILY PID PPID …
    expect(rows.map((r) => [Number(r[3]), Number(r[4])]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(
      [
        [parent, process.pid],
        [child, parent],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
  });
});

const BUILT = 'dist/electron/cli.js';
if (!existsSync(BUILT)) console.log(`skipping the built-CLI test: ${BUILT} is missing (run npm run build; npm test does)`);
describe.skipIf(!existsSync(BUILT))('the built bin (dist/electron/cli.js, what npx portwarden runs)', () => {
  it('ports --json finds a listener', async () => {
    const l = await startListener([]);
    const run = await new Promise<Run>((resolve) => {
      execFile(process.execPath, [BUILT, 'ports', String(l.port), '--json'], { timeout: 30_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? 1 : 0, stdout, stderr });
      });
    });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ListenerRecord[]).map((r) => r.pid)).toEqual(l.pids);
  });
});

describe('portwarden check', () => {
  it('exit 1 and the holder when in use, exit 0 when free', async () => {
    const l = await startListener([]);
    const used = await cli('check', String(l.port));
    expect(used.code).toBe(1);
    expect(used.stdout).toContain(String(l.pids[0]));
    killStarted();
    for (let i = 0; i < 100 && alive(l.pids[0] as number); i += 1) await new Promise((r) => setTimeout(r, 20));
    const free = await cli('check', String(l.port), '--json');
    expect(free.code).toBe(0);
    expect(JSON.parse(free.stdout)).toEqual({ port: l.port, free: true, listeners: [] });
  });
});

describe('portwarden free', () => {
  it('frees a port held by a SIGTERM-ignorer and a wrapper child, reporting the SIGKILL escalation', async () => {
    const stubborn = await startListener(['--ignore-term', '--reuseport']);
    const wrapped = await startListener(['--reuseport', '--port', String(stubborn.port)], { wrapper: true });
    const run = await cli('free', String(stubborn.port), '--grace', '300', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [result] = JSON.parse(run.stdout) as FreePortResult[];
    expect(result).toMatchObject({ port: stubborn.port, free: true });
    expect(result?.elapsedMs).toBeGreaterThanOrEqual(300);
    expect(result?.actions.find((a) => a.pid === stubborn.pids[0])).toMatchObject({
      name: 'python3',
      signal: 'SIGKILL',
      signals: ['SIGTERM', 'SIGKILL'],
      result: 'exited',
    });
    expect(result?.actions.find((a) => a.pid === wrapped.pids[0])).toMatchObject({ signal: 'SIGTERM', result: 'exited' });
    expect(await canBind(stubborn.port, '127.0.0.1')).toBe(true);
  });

  it('a free port: exit 0, empty actions', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const run = await cli('free', String(port), '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ port, free: true, actions: [], refused: false })]);
    const human = await cli('free', String(port));
    expect(human.stdout).toBe(`port ${port}: already free\n`);
  });

  it('refuses a port held by its own parent (this test process): exit 2, nothing signalled', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const run = await cli('free', String(port), '--grace', '100', '--json');
      expect(run.code).toBe(2);
      const [result] = JSON.parse(run.stdout) as FreePortResult[];
      expect(result?.actions).toEqual([expect.objectContaining({ pid: process.pid, result: 'refused-protected', signals: [] })]);
      expect(result?.actions[0]?.reason).toMatch(/ancestor of Portwarden/);
      expect(server.listening).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    [['free', '0'], /PORT must be an integer from 1 to 65535/],
    [['free', '70000'], /PORT must be an integer from 1 to 65535/],
    [['free', 'abc'], /PORT must be an integer/],
    [['free', '-1'], /unknown option|PORT must be/],
    [['free', '8000', '--grace', '-5'], /--grace must be an integer from 0 to 120000/],
    [['free', '8000', '--grace', 'soon'], /--grace must be an integer/],
    [['free', '8000', '--grace', '1', '--grace', '2'], /--grace given more than once/],
    [['free'], /missing required argument/],
    [['check', '65536'], /PORT must be/],
    [['wait', '8000', '--free', '--listening'], /option '--listening' cannot be used with option '--free'/],
    [['wait', '8000', '--timeout', 'x'], /--timeout must be/],
    [['ports', '1.5'], /PORT must be/],
    [['prots', '8000'], /unknown command 'prots'/],
    [[], /Usage: portwarden/],
  ])('invalid input %j: exit 2 with a clear error and a pointer to --help (README)', async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    // No command at all prints the usage itself; every other error points at the help.
    if (args.length > 0) expect(run.stderr).toMatch(new RegExp(`\\(see 'portwarden (${args[0]} )?--help'\\)`));
    expect(run.stdout).toBe('');
  });

  // Needs root to start a process as another user; CI runs as root. The CLI is staged in a
  // folder every user can enter, so where the checkout lives does not matter.
  const root = process.getuid?.() === 0;
  if (!root) console.log('SKIPPED "as another user (nobody)": starting a process as another user needs root (CI runs as root)');
  it.skipIf(!root)('as another user (nobody): a root-owned listener is "owner-unknown", exit 2, nothing killed', async () => {
    const staged = await stageCliForOtherUsers();
    try {
      const l = await startListener([]);
      const run = await staged.runAs('nobody', ['free', String(l.port), '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(2);
      const [result] = JSON.parse(run.stdout) as FreePortResult[];
      expect(result).toMatchObject({ free: false, refused: true, actions: [{ pid: null, result: 'owner-unknown', signals: [] }] });
      expect(result?.actions[0]?.reason).toMatch(/not visible to this user — run as root\/elevated/);
      expect(alive(l.pids[0] as number)).toBe(true);
    } finally {
      await staged.cleanup();
    }
  });

  it('one invalid port among valid ones kills nothing', async () => {
    const l = await startListener([]);
    const run = await cli('free', String(l.port), 'abc');
    expect(run.code).toBe(2);
    expect(alive(l.pids[0] as number)).toBe(true);
  });
});

describe('portwarden wait', () => {
  it('waits until a port listens (default), exit 0', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const waiting = cli('wait', String(port), '--timeout', '10000');
    await new Promise((r) => setTimeout(r, 400));
    const l = await startListener(['--port', String(port)]);
    const run = await waiting;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`port ${l.port} is listening`);
  });

  it('times out with exit 1 while the port stays in use', async () => {
    const l = await startListener([]);
    const run = await cli('wait', String(l.port), '--free', '--timeout', '300');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/timed out after 300 ms/);
  });
});

describe('portwarden find', () => {
  it('finds processes by command-line text with their ports, never itself', async () => {
    const marker = `pw-find-${process.pid}-${Date.now()}`;
    const l = await startListener(['--marker', marker]);
    const run = await cli('find', marker, '--json');
    expect(run.code).toBe(0);
    const found = JSON.parse(run.stdout) as { pid: number; listening: { port: number }[] }[];
    expect(found.map((p) => p.pid)).toEqual(l.pids);
    expect(found[0]?.listening.map((x) => x.port)).toEqual([l.port]);
    const none = await cli('find', `${marker}-nothing`);
    expect(none.code).toBe(1);
  });

  it('matches TEXT literally: regex characters, unbalanced brackets and a backslash are text', async () => {
    const marker = `pw-find(${process.pid}[+*\\`;
    const l = await startListener(['--marker', marker]);
    const run = await cli('find', marker, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { pid: number }[]).map((p) => p.pid)).toEqual(l.pids);
  });

  it('a 100 KB TEXT is invalid input: exit 2 with a message, no stack trace', async () => {
    const run = await cli('find', 'a'.repeat(100_000));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('portwarden: TEXT is 100000 characters long; at most 4096\n');
    expect(run.stdout).toBe('');
  });
});
