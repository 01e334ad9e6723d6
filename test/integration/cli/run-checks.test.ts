/**
 * `portwarden run`'s checks and its other entry points (electron/cli/run/preflight.ts,
 * run-spec.ts, run-output.ts): --check-only with a missing variable (red banner, exit 1) and
 * with a warning only (yellow banner, exit 0), colours only on a terminal, --service from a
 * portwarden.json with --json events, bad input, and a closed stdout.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { alive, canBind, killStarted, startListener } from '../processes/listeners.ts';
import { unusedPort } from '../../support/unused-port.ts';
import { DEV_SERVER, NODE, events, groupAlive, killRuns, startRun } from './support/run-cli.ts';

afterEach(() => {
  killRuns();
  killStarted();
});
const dir = mkdtempSync(join(tmpdir(), 'pw-run-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const envWithout = (name: string): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== name));

describe('portwarden run --check-only', () => {
  it('a missing required variable: red banner, exit 1, nothing started', async () => {
    const port = await unusedPort();
    const run = startRun(
      ['--check-only', '--port', String(port), '--require-env', 'PW_TEST_API_KEY', '--', NODE, DEV_SERVER, '--port', String(port)],
      envWithout('PW_TEST_API_KEY'),
    );
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toMatch(
      /CRITICAL — must be fixed before the command can start:\n\s+1\. the command needs PW_TEST_API_KEY, which is not set/,
    );
    expect(run.stderr()).not.toContain('started pid');
    expect(await canBind(port, '127.0.0.1')).toBe(true);
  });

  it('a warning only (the port is held, and --free would stop it): yellow banner, exit 0, the holder untouched', async () => {
    const rogue = await startListener([]);
    const run = startRun(['--check-only', '--free', '--port', String(rogue.port), '--', NODE, DEV_SERVER, '--port', String(rogue.port)]);
    expect((await run.exited).code).toBe(0);
    expect(run.stderr()).toMatch(
      new RegExp(
        `WARNING — the command can start, but:\\n\\s+1\\. port ${rogue.port} is held by python3 \\(pid ${rogue.pids[0]}\\), so the command cannot bind it; a run with --free would stop it first`,
      ),
    );
    expect(run.stderr()).not.toContain('CRITICAL');
    expect(run.stderr()).not.toContain('freeing it');
    expect(alive(rogue.pids[0] as number)).toBe(true);
  });

  it('all clear: one line, exit 0', async () => {
    const port = await unusedPort();
    const run = startRun(['--check-only', '--port', String(port), '--', NODE, DEV_SERVER]);
    expect((await run.exited).code).toBe(0);
    expect(run.stderr()).toMatch(/^portwarden: all \d+ checks passed\n$/);
  });

  it('colours only on a terminal: red under a pseudo-terminal, none with NO_COLOR or in a pipe (checked above)', () => {
    const script = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' });
    if (script.status !== 0) {
      console.log('[run-checks] the terminal case needs util-linux `script`; not found, so only the pipe case was checked');
      return;
    }
    const cli = join(process.cwd(), 'electron/cli.ts');
    const cmd = `"${NODE}" "${cli}" run --check-only --require-env PW_TEST_NOPE --port 1 -- "${NODE}" "${DEV_SERVER}"`;
    const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], {
      encoding: 'utf8',
      env: { ...envWithout('PW_TEST_NOPE'), NO_COLOR: '' },
      timeout: 30_000,
    });
    expect(tty.stdout).toContain('\x1b[31m');
    expect(tty.stdout).toMatch(/needs PW_TEST_NOPE, which is not set/);
    const plain = spawnSync('script', ['-qec', cmd, '/dev/null'], {
      encoding: 'utf8',
      env: { ...envWithout('PW_TEST_NOPE'), NO_COLOR: '1' },
      timeout: 30_000,
    });
    expect(plain.stdout).not.toContain('\x1b[31m');
  });
});

describe('portwarden run --service', () => {
  it('takes port, command, cwd, env and required env from portwarden.json; --json prints events', async () => {
    const port = await unusedPort();
    const project = join(dir, 'project');
    mkdirSync(join(project, 'web'), { recursive: true });
    writeFileSync(
      join(project, 'portwarden.json'),
      JSON.stringify({
        ports: [{ port, health: { url: `http://127.0.0.1:${port}/health` } }],
        services: [
          {
            id: 'web',
            command: `"${NODE}" "${DEV_SERVER}" --port ${port} --print-env GREETING`,
            cwd: 'web',
            env: { GREETING: 'hello' },
            requiredEnv: ['GREETING'],
            port,
          },
        ],
      }),
    );
    const run = startRun(['--service', 'web', '--config', join(project, 'portwarden.json'), '--json']);
    await run.waitFor(/"type":"ready"/);
    const ready = events(run).find((e) => e.type === 'ready') as unknown as {
      url: string;
      pids: number[];
      health: { url: string; result: { status: number } };
    };
    expect(ready.url).toBe(`http://127.0.0.1:${port}/`);
    expect(ready.health).toMatchObject({ url: `http://127.0.0.1:${port}/health`, result: { status: 200 } });
    const lines = events(run)
      .filter((e) => e.type === 'output')
      .map((e) => e.line);
    expect(lines).toContain('GREETING=hello');
    expect(lines).toContain(`cwd=${join(project, 'web')}`);
    const checks = events(run).find((e) => e.type === 'checks') as unknown as { checks: { name: string; status: string }[] };
    expect(checks.checks).toContainEqual(expect.objectContaining({ name: 'service:web:env:GREETING', status: 'ok' }));
    // Every stdout line is one JSON event: nothing of the command's output leaks around them.
    expect(
      run
        .stdout()
        .trimEnd()
        .split('\n')
        .every((l) => l.startsWith('{"type":')),
    ).toBe(true);
    run.child.kill('SIGTERM');
    const end = await run.exited;
    expect(end.code).toBe(143);
    expect(events(run).at(-1)).toMatchObject({ type: 'exited', code: null, signal: 'SIGTERM', exitCode: 143 });
    expect(await groupAlive(ready.pids[0] as number)).toBe(false);
  });

  it('an unknown service or both --service and a command: exit 2, nothing started', async () => {
    const file = join(dir, 'empty.json');
    writeFileSync(file, JSON.stringify({ services: [{ id: 'api', command: 'true' }] }));
    const unknown = startRun(['--service', 'nope', '--config', file]);
    expect((await unknown.exited).code).toBe(2);
    expect(unknown.stderr()).toContain('no service "nope" in');
    expect(unknown.stderr()).toContain('(services: api)');
    const both = startRun(['--service', 'api', '--config', file, '--', 'true']);
    expect((await both.exited).code).toBe(2);
    expect(both.stderr()).toContain('give either --service ID or a command after --, not both');
  });
});

describe('portwarden run: bad input and closed pipes', () => {
  for (const args of [
    [],
    ['--port', '0', '--', 'true'],
    ['--health', 'health', '--', 'true'],
    ['--require-env', 'A-B', '--', 'true'],
    ['--port', '80', '--port', '81', '--', 'true'],
  ]) {
    it(`run ${args.join(' ')}: exit 2, nothing started`, async () => {
      const run = startRun(args);
      expect((await run.exited).code).toBe(2);
      expect(run.stderr()).not.toContain('started pid');
    });
  }

  it('nobody reads its output any more: the command is stopped and run ends by SIGPIPE, quietly', async () => {
    const port = await unusedPort();
    const cli = join(process.cwd(), 'electron/cli.ts');
    const child = spawn(
      NODE,
      [
        cli,
        'run',
        '--port',
        String(port),
        '--',
        NODE,
        '-e',
        'setInterval(() => console.log("tick"), 50); require("net").createServer().listen(Number(process.argv[1]))',
        String(port),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d));
    child.stdout!.once('data', () => child.stdout!.destroy());
    const end = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    expect(end.signal === 'SIGPIPE' || end.code === 141).toBe(true);
    expect(err).not.toMatch(/EPIPE|at .*\.ts:\d+/);
    const pid = Number(/started pid (\d+)/.exec(err)?.[1]);
    expect(await groupAlive(pid)).toBe(false);
    expect(await canBind(port, '127.0.0.1')).toBe(true);
  });
});
