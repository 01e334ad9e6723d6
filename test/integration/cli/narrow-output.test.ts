/**
 * Human output in an 80-column terminal keeps what tells processes apart (trial C8): `ports`
 * drops the columns another one already says before it cuts the command line, and cuts its
 * end, not the app's name; `portwarden --help` lists the commands in lines that fit.
 * Real listeners (two copies of the test listener with different names), the real CLI in a
 * pseudo-terminal of 80 columns (util-linux `script`).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../../electron/cli.ts', import.meta.url));
const LISTENER = fileURLToPath(new URL('../../fixtures/processes/listener.py', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pw-narrow-'));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const c of started) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** python3 DIR/long/path/NAME.py --host 127.0.0.1 --port 0 …: resolves with its port. */
function listenerNamed(name: string): Promise<number> {
  const deep = join(dir, 'a-rather-long-project-folder', 'bin');
  mkdirSync(deep, { recursive: true });
  copyFileSync(LISTENER, join(deep, `${name}.py`));
  const child = spawn(
    'python3',
    [join(deep, `${name}.py`), '--host', '127.0.0.1', '--port', '0', '--marker', 'the-same-long-marker-on-every-row'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /ready (\{.*\})/.exec(out);
      if (m) resolve((JSON.parse(m[1]!) as { port: number }).port);
    });
    child.once('exit', () => reject(new Error(`listener ${name} exited: ${out}`)));
  });
}

const hasScript = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).status === 0;

describe('80 columns', () => {
  it('ports: the app names (main_app vs ext_app) stay visible, every line fits', async () => {
    if (!hasScript) {
      console.log('[narrow-output] needs util-linux `script` for a pseudo-terminal; not found, so not checked');
      return;
    }
    const [a, b] = await Promise.all([listenerNamed('main_app'), listenerNamed('ext_app')]);
    const cmd = `stty cols 80; "${process.execPath}" "${CLI}" ports ${a} ${b}`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', timeout: 30_000 });
    const lines = r.stdout
      .replace(/\r/g, '')
      .split('\n')
      .filter((l) => l.trim() !== '');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines.find((l) => l.includes(` ${a} `) || l.startsWith(`${a} `))).toContain('main_app.py');
    expect(lines.find((l) => l.includes(` ${b} `) || l.startsWith(`${b} `))).toContain('ext_app.py');
    expect(lines[0]).toMatch(/PID +PPID/);
    expect(lines[0]).not.toContain('FAMILY');
  });

  it("portwarden --help: every line fits 80 columns; the listing points at each command's --help", () => {
    const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, COLUMNS: '80' } });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/^ {2}run \[--port P\] -- COMMAND\.\.\. +check, free the port/m);
    expect(r.stdout).not.toContain('--token TOKEN');
    expect(r.stdout).toContain("Each command's options: portwarden COMMAND --help");
  });
});
