/**
 * Output to a pipe whose reader has gone (`| head -1`, `| grep -m1`) ends the command
 * quietly, as Unix tools do: killed by SIGPIPE (the shell shows 141), nothing on stderr
 * (electron/cli/closed-pipe.ts). Real pipes: the reader end is closed before the CLI writes,
 * or by `head` in a real shell pipeline.
 */
import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { killStarted, startListener } from '../processes/listeners.ts';

afterEach(killStarted);

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the CLI with its stdout pipe closed by us at once (before node has even started). */
function withClosedStdout(args: string[]): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['electron/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a closed stdout', () => {
  const commands: [string, (port: number) => string[]][] = [
    ['ports', () => ['ports']],
    ['check', (port) => ['check', String(port)]],
    ['wait', (port) => ['wait', String(port), '--timeout', '0']],
    ['free', () => ['free', '1']],
    ['find', () => ['find', 'python3']],
    ['--help', () => ['--help']],
  ];
  for (const [name, args] of commands) {
    it(`\`${name}\` ends by SIGPIPE with nothing on stderr`, async () => {
      const l = await startListener([]);
      const ended = await withClosedStdout(args(l.port));
      expect(ended.stderr).toBe('');
      expect(ended.signal === 'SIGPIPE' || ended.code === 141).toBe(true);
    });
  }

  it('`free A B | head -1` in a shell: head gets the first line, portwarden exits 141 without a stack trace', async () => {
    const quick = await startListener([]);
    const stubborn = await startListener(['--ignore-term']);
    const run = spawnSync(
      'bash',
      [
        '-c',
        `"$0" electron/cli.ts free ${quick.port} ${stubborn.port} --grace 500 | head -1; echo "status \${PIPESTATUS[0]}" >&2`,
        process.execPath,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.stdout).toMatch(new RegExp(`^port ${quick.port}: free after \\d+ ms\\n$`));
    expect(run.stderr).toBe('status 141\n');
  });
});
