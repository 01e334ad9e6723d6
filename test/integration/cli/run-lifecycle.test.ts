/**
 * `portwarden run` from start to exit, with real processes (electron/cli/run-command.ts,
 * electron/cli/run/child-session.ts): a port held by a rogue with and without --free, a
 * command that crashes before listening, Ctrl-C (SIGINT) during start-up and after ready, a
 * wrapper whose child listens, a child that left the process group still holding the port,
 * and "address already in use" naming the holder.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { alive, canBind, killStarted, startListener } from '../processes/listeners.ts';
import { unusedPort } from '../../support/unused-port.ts';
import { DEV_SERVER, NODE, groupAlive, killRuns, startRun } from './support/run-cli.ts';

afterEach(() => {
  killRuns();
  killStarted();
});
const dir = mkdtempSync(join(tmpdir(), 'pw-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Waits (bounded) until `check` holds. */
async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('portwarden run: a port held by a rogue', () => {
  it('without --free: names the holder, exit 1, the rogue untouched and the command never started', async () => {
    const rogue = await startListener([]);
    const marker = join(dir, 'not-started.txt');
    const run = startRun(['--port', String(rogue.port), '--', NODE, DEV_SERVER, '--port', String(rogue.port), '--marker', marker]);
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toContain(`port ${rogue.port} is in use:`);
    expect(run.stderr()).toMatch(new RegExp(`CRITICAL[^\\n]*\\n\\s+1\\. port ${rogue.port} is held by python3 \\(pid ${rogue.pids[0]}\\)`));
    // Not a terminal: no colour codes.
    expect(run.stderr()).not.toContain('\x1b[');
    expect(run.stderr()).not.toContain('started pid');
    expect(existsSync(marker)).toBe(false);
    expect(alive(rogue.pids[0] as number)).toBe(true);
  });

  it('with --free: says what was sent, starts the command, prints the ready block; Ctrl-C ends it all (exit 130, port free)', async () => {
    const rogue = await startListener(['--ignore-term']);
    const port = rogue.port;
    const run = startRun([
      '--port',
      String(port),
      '--free',
      '--grace',
      '500',
      '--health',
      '/health',
      '--',
      NODE,
      DEV_SERVER,
      '--port',
      String(port),
    ]);
    const ready = await run.waitFor(/READY on port (\d+) after [\d.]+ s\nURL: +(\S+)\nPID: +node \(pid (\d+)\)\nHealth: +(\S+) → 200/);
    expect(run.stderr()).toMatch(
      new RegExp(
        `freeing it — port ${port}: free after \\d+ ms\\n\\s+PID .*\\n\\s+${rogue.pids[0]}\\s+python3\\s+SIGTERM,SIGKILL\\s+exited`,
      ),
    );
    expect(alive(rogue.pids[0] as number)).toBe(false);
    expect(ready[2]).toBe(`http://127.0.0.1:${port}/`);
    expect(ready[4]).toBe(`http://127.0.0.1:${port}/health`);
    // The command's own output passes through.
    expect(run.stdout()).toContain(`listening on ${port} as ${ready[3]}`);
    const pid = Number(ready[3]);
    run.child.kill('SIGINT');
    const end = await run.exited;
    expect(end.code).toBe(130);
    expect(run.stderr()).toContain('SIGINT — passed on to process group');
    expect(alive(pid)).toBe(false);
    expect(await groupAlive(pid)).toBe(false);
    expect(await canBind(port, '127.0.0.1')).toBe(true);
  });
});

describe('portwarden run: exits', () => {
  it('a command that crashes before listening: its exit code comes back and nothing of it is left running', async () => {
    const port = await unusedPort();
    // sh starts a background sleeper (it stays in the group), then becomes the server, which crashes.
    const run = startRun([
      '--port',
      String(port),
      '--',
      'sh',
      '-c',
      `sleep 60 & echo "bg $!"; exec "${NODE}" "${DEV_SERVER}" --port ${port} --delay 200 --exit 3`,
    ]);
    const bg = Number((await run.waitFor(/bg (\d+)/))[1]);
    const end = await run.exited;
    expect(end.code).toBe(3);
    expect(run.stderr()).toContain('crashing with 3');
    expect(run.stderr()).not.toContain('READY');
    expect(run.stderr()).toMatch(/process\(es\) of its group still ran \(sleep \d+\): sent SIGTERM; all gone/);
    expect(alive(bg)).toBe(false);
  });

  it('Ctrl-C during start-up: the command is stopped before it listens, exit 130, the group gone, the port free', async () => {
    const port = await unusedPort();
    const run = startRun(['--port', String(port), '--', NODE, DEV_SERVER, '--port', String(port), '--delay', '4000']);
    const pid = Number((await run.waitFor(/started pid (\d+)/))[1]);
    await run.waitFor(/cwd=/);
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(130);
    expect(run.stderr()).not.toContain('READY');
    expect(await groupAlive(pid)).toBe(false);
    expect(await canBind(port, '127.0.0.1')).toBe(true);
  });

  it('a wrapper whose child listens: the ready block names the child; Ctrl-C after ready stops both', async () => {
    const port = await unusedPort();
    const run = startRun(['--port', String(port), '--', NODE, DEV_SERVER, '--port', String(port), '--child']);
    const [, wrapper, child] = (await run.waitFor(/wrapper (\d+) started child (\d+)/)).map(Number);
    const ready = await run.waitFor(/PID: +node \(pid (\d+)\), started as pid (\d+)/);
    expect(Number(ready[1])).toBe(child);
    expect(Number(ready[2])).toBe(wrapper);
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(130);
    expect(alive(wrapper as number) || alive(child as number)).toBe(false);
    expect(await canBind(port, '127.0.0.1')).toBe(true);
  });

  it('a child that left the group (setsid) and still holds the port after the command ended is stopped too', async () => {
    const port = await unusedPort();
    const run = startRun(['--port', String(port), '--grace', '500', '--', NODE, DEV_SERVER, '--port', String(port), '--setsid-child']);
    const child = Number((await run.waitFor(/wrapper \d+ started child (\d+)/))[1]);
    await run.waitFor(/READY on port/);
    run.child.kill('SIGINT');
    await run.exited;
    expect(run.stderr()).toMatch(
      new RegExp(`still held port ${port} after it ended[^\\n]*\\n.*\\n\\s*${child}\\s+node\\s+SIGTERM\\s+exited`),
    );
    await eventually(() => !alive(child), 'the setsid child to be gone');
    expect(await canBind(port, '127.0.0.1')).toBe(true);
  });
});

describe('portwarden run: "address already in use"', () => {
  it('names who holds the port when the command says so, and leaves that holder alone', async () => {
    const port = await unusedPort();
    const run = startRun(['--port', String(port), '--', NODE, DEV_SERVER, '--port', String(port), '--delay', '2500']);
    await run.waitFor(/started pid \d+/);
    // A rogue takes the port after the checks, while the command is still starting.
    const rogue = await startListener(['--port', String(port)]);
    const end = await run.exited;
    expect(end.code).toBe(98);
    expect(run.stderr()).toContain('EADDRINUSE: address already in use');
    expect(run.stderr()).toMatch(
      new RegExp(`the command says "address already in use": python3 \\(pid ${rogue.pids[0]}\\) holds ${port} — free it with`),
    );
    expect(alive(rogue.pids[0] as number)).toBe(true);
  });
});
