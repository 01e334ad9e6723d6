/**
 * What `portwarden run -- …` makes of the words after `--` (electron/cli/run/run-spec.ts):
 * `VAR=value` prefixes and a leading `exec` as a shell would (trial C2), one argument that is
 * a shell line (C3), shell builtins, and the checks' words for an ad-hoc command (C4).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { canBind } from '../processes/listeners.ts';
import { unusedPort } from '../../support/unused-port.ts';
import { DEV_SERVER, NODE, killRuns, startRun } from './support/run-cli.ts';

afterEach(() => killRuns());
const dir = mkdtempSync(join(tmpdir(), 'pw-run-line-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const READY = /READY on port \d+ after [\d.]+ s\nURL: +\S+\nPID: +node \(pid (\d+)\)/;

/** Ctrl-C the run and check nothing of it is left on the port. */
async function stop(run: ReturnType<typeof startRun>, port: number): Promise<void> {
  run.child.kill('SIGINT');
  expect((await run.exited).code).toBe(130);
  expect(await canBind(port, '127.0.0.1')).toBe(true);
}

describe('portwarden run: the words after --', () => {
  it("VAR=value prefixes are the command's environment (and satisfy --require-env); the ready block names the program", async () => {
    const port = await unusedPort();
    const run = startRun([
      '--port',
      String(port),
      '--require-env',
      'PW_GREETING',
      '--',
      'PW_GREETING=hello world',
      NODE,
      DEV_SERVER,
      '--port',
      String(port),
      '--print-env',
      'PW_GREETING',
    ]);
    await run.waitFor(READY);
    expect(run.stdout()).toContain('PW_GREETING=hello world');
    expect(run.stderr()).toMatch(/all \d+ checks passed/);
    expect(run.stderr()).toContain(`(own process group): 'PW_GREETING=hello world' ${NODE}`);
    expect(run.stderr()).not.toContain('not found');
    await stop(run, port);
  });

  it('a leading exec is what run does anyway: the command starts', async () => {
    const port = await unusedPort();
    const run = startRun(['--port', String(port), '--', 'exec', NODE, DEV_SERVER, '--port', String(port)]);
    await run.waitFor(READY);
    await stop(run, port);
  });

  it('only assignments and no program: exit 2 before any check, nothing started', async () => {
    const run = startRun(['--', 'FOO=1']);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr()).toContain('give the program to run after FOO=1');
    expect(run.stderr()).not.toContain('checks passed');
  });

  it('one argument that is a shell line runs through /bin/sh as written', async () => {
    const port = await unusedPort();
    const run = startRun(['--port', String(port), '--', `cd ${dir} && exec "${NODE}" "${DEV_SERVER}" --port ${port}`]);
    await run.waitFor(READY);
    expect(run.stdout()).toContain(`cwd=${dir}`);
    expect(run.stderr()).not.toContain('does not exist');
    await stop(run, port);
  });

  it("a shell builtin as the program (cd) is run by the shell, not exec'd: exit 0, not 127", async () => {
    const run = startRun(['--', 'cd', dir]);
    expect((await run.exited).code).toBe(0);
    expect(run.stderr()).not.toContain('not found');
  });
});

describe('portwarden run: the checks speak of the command, not of a service', () => {
  it('a program not on PATH, an empty variable: "the command …", "set but empty"', async () => {
    const run = startRun(['--check-only', '--require-env', 'PW_EMPTY', '--', 'pw-no-such-program-xyz', '--port', '1'], {
      ...process.env,
      PW_EMPTY: '',
    });
    expect((await run.exited).code).toBe(1);
    const err = run.stderr();
    expect(err).toContain('the command: pw-no-such-program-xyz not found on PATH');
    expect(err).toContain('the command needs PW_EMPTY, which is set but empty');
    expect(err).not.toMatch(/service pw-no-such/);
  });
});
