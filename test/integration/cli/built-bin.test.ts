/**
 * The built bin (dist/electron/cli.js → the bundle dist/electron/portwarden-cli.cjs, what
 * `npx portwarden` and a global install run) runs every command: the bundle must not differ
 * from the source in how it loads anything (a default import of a CommonJS package once did:
 * `find` failed only in the bundle). Each command's help, and each command once for real.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../electron/cli/commands.ts';

const BUILT = 'dist/electron/cli.js';
const why = existsSync('dist/electron/portwarden-cli.cjs') ? null : 'the bundle is missing (npm run build; npm test does)';
if (why) console.log(`[built-bin] skipped: ${why}`);
const dir = mkdtempSync(join(tmpdir(), 'pw-built-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function bin(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BUILT, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Starts a long-running command, waits for its ready line, stops it with SIGTERM. */
function startAndStop(args: string[], ready: RegExp): Promise<{ line: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let line = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line from ${args.join(' ')}: ${out}`));
    }, 30_000);
    const look = (d: Buffer): void => {
      out += d.toString();
      const m = ready.exec(out);
      if (m && !line) {
        line = m[0];
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ line, code });
    });
  });
}

describe.skipIf(why !== null)('the built bin', () => {
  for (const command of COMMANDS) {
    it(`\`${command.name} --help\` prints its usage`, async () => {
      const run = await bin(command.name, '--help');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: portwarden ${command.name} `));
    });
  }

  it('runs the port commands for real', async () => {
    expect(await bin('check', '1')).toMatchObject({ code: 0, stdout: 'port 1 is free\n' });
    expect(await bin('ports', '1')).toMatchObject({ code: 0, stdout: 'nothing listens on 1\n' });
    expect((await bin('wait', '1', '--free', '--timeout', '0')).code).toBe(0);
    const find = await bin('find', 'zz-no-such-process-zz');
    expect(find).toMatchObject({ code: 1, stdout: 'no process matches "zz-no-such-process-zz"\n', stderr: '' });
    const kill = await bin('kill', '2147483646', '--json');
    expect(kill.code).toBe(2);
    expect(JSON.parse(kill.stdout)).toEqual([expect.objectContaining({ pid: 2147483646, result: 'not-found' })]);
    const run = await bin('run', '--check-only', '--', 'true');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/all \d+ checks passed/);
    expect((await bin('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("starts serve and product-service, loaded from tsc's output beside the bundle, and stops them", async () => {
    writeFileSync(join(dir, 'portwarden.json'), '{}\n');
    const serve = await startAndStop(
      ['serve', '--port', '0', '--config', join(dir, 'portwarden.json')],
      /Dashboard: http:\/\/127\.0\.0\.1:\d+\/#token=\S+/,
    );
    expect(serve.line).not.toBe('');
    const product = await startAndStop(['product-service', '--port', '0'], /Product service ready: http:\/\/127\.0\.0\.1:\d+/);
    expect(product).toEqual({ line: expect.stringMatching(/^Product service ready/), code: 0 });
  });
});
