import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createShellRunner, shellQuote } from '../../../electron/core/platform/shell-runner.ts';
import type { ShellRunner } from '../../../electron/core/platform/shell-runner.ts';
import { waitUntilZombieSync } from '../../support/processes.ts';

let runner: ShellRunner | null = null;
afterEach(() => {
  runner?.close();
  runner = null;
});

function exists(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

describe('createShellRunner', () => {
  it('runs commands in one helper shell, arguments passed verbatim', async () => {
    runner = createShellRunner();
    const tricky = ["it's", '$HOME', '`id`', 'a b', '"q"', ';exit 9'];
    const r = await runner.run('printf', ['%s|', ...tricky]);
    expect(r.stdout).toBe(`${tricky.join('|')}|`);
    const pid = runner.pid();
    await runner.run('true', []);
    expect(runner.pid()).toBe(pid);
  });

  it('runs queued commands one at a time, in order', async () => {
    runner = createShellRunner();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => runner!.run('echo', [String(n)])));
    expect(results.map((r) => r.stdout)).toEqual(['1\n', '2\n', '3\n', '4\n', '5\n']);
  });

  it('rejects on a non-zero exit with stderr, and ENOENT for a missing program', async () => {
    runner = createShellRunner();
    await expect(runner.run('sh', ['-c', 'echo oops >&2; exit 3'])).rejects.toThrow(/exited with 3: oops/);
    await expect(runner.run('no-such-program-portwarden', [])).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await runner.run('echo', ['still works'])).stdout).toBe('still works\n');
  });

  it('times out, replaces the helper, and keeps working', async () => {
    runner = createShellRunner();
    await runner.run('true', []);
    const first = runner.pid()!;
    await expect(runner.run('sleep', ['5'], { timeoutMs: 200 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect((await runner.run('echo', ['ok'])).stdout).toBe('ok\n');
    expect(runner.pid()).not.toBe(first);
    await new Promise((r) => setTimeout(r, 100));
    expect(exists(first)).toBe(false);
  });

  it('close() ends the helper', async () => {
    runner = createShellRunner();
    await runner.run('true', []);
    const pid = runner.pid()!;
    runner.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(exists(pid)).toBe(false);
    expect(runner.pid()).toBeNull();
  });

  it('a command sent to a helper that just died fails (EPIPE is handled), and the next one works', async () => {
    runner = createShellRunner();
    await runner.run('true', []);
    const pid = runner.pid()!;
    process.kill(pid, 'SIGKILL');
    // Dead but not yet reaped: Node has not seen the exit, so the next write meets a closed pipe.
    waitUntilZombieSync(pid);
    await expect(runner.run('echo', ['lost'])).rejects.toThrow(/helper shell exited|EPIPE/);
    expect((await runner.run('echo', ['ok'])).stdout).toBe('ok\n');
  });

  it('quotes for sh', () => {
    expect(shellQuote("a'b")).toBe(`'a'"'"'b'`);
  });
});
