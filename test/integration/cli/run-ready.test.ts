/**
 * `portwarden run --health PATH`: the wait for the health URL is announced as soon as the port
 * listens, and a health URL that never answers 2xx is "NOT READY", not READY, with the times
 * of listening and of the verdict (trial C5; electron/cli/run/ready-watch.ts, run-output.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unusedPort } from '../../support/unused-port.ts';
import { DEV_SERVER, NODE, events, killRuns, startRun } from './support/run-cli.ts';

afterEach(() => killRuns());

describe('portwarden run --health', () => {
  it('a failing health URL: a "listens … waiting" line at once, then NOT READY after the window (human)', async () => {
    const port = await unusedPort();
    const run = startRun([
      '--port',
      String(port),
      '--health',
      '/health',
      '--',
      NODE,
      DEV_SERVER,
      '--port',
      String(port),
      '--health-status',
      '500',
    ]);
    const listening = await run.waitFor(
      new RegExp(
        `portwarden: port ${port} listens \\(node \\(pid (\\d+)\\)\\) after [\\d.]+ s; waiting up to 3 s for http://127\\.0\\.0\\.1:${port}/health to answer 2xx`,
      ),
    );
    // The verdict is not there yet: the health URL gets its window first.
    expect(run.stderr()).not.toContain('READY');
    const block = await run.waitFor(/(NOT READY|READY) on port \d+[^\n]*\n/);
    expect(block[1]).toBe('NOT READY');
    expect(run.stderr()).toMatch(
      new RegExp(`NOT READY on port ${port}: it listens \\(after [\\d.]+ s\\), but the health check failed until [\\d.]+ s\\n`),
    );
    expect(run.stderr()).toMatch(/Health: \S+ → 500 \([\d.]+ ms\) — /);
    expect(run.stderr().indexOf(listening[0])).toBeLessThan(run.stderr().indexOf('NOT READY'));
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(130);
  });

  it('--json: a listening event long before a ready event with ok false; readyMs is when ready was sent', async () => {
    const port = await unusedPort();
    const run = startRun([
      '--json',
      '--port',
      String(port),
      '--health',
      '/health',
      '--',
      NODE,
      DEV_SERVER,
      '--port',
      String(port),
      '--health-status',
      '503',
    ]);
    await run.waitFor(/"type":"ready"/);
    const listening = events(run).find((e) => e.type === 'listening') as unknown as { at: number; listeningMs: number; waitMs: number };
    const ready = events(run).find((e) => e.type === 'ready') as unknown as {
      at: number;
      ok: boolean;
      listeningMs: number;
      readyMs: number;
    };
    expect(listening.waitMs).toBe(3000);
    expect(ready.ok).toBe(false);
    expect(ready.listeningMs).toBe(listening.listeningMs);
    expect(ready.readyMs - ready.listeningMs).toBeGreaterThanOrEqual(2500);
    expect(ready.at - listening.at).toBeGreaterThanOrEqual(2500);
    run.child.kill('SIGTERM');
    await run.exited;
  });

  it('a healthy URL: READY, and the time shown includes the health answer', async () => {
    const port = await unusedPort();
    const run = startRun(['--json', '--port', String(port), '--health', '/health', '--', NODE, DEV_SERVER, '--port', String(port)]);
    await run.waitFor(/"type":"ready"/);
    const ready = events(run).find((e) => e.type === 'ready') as unknown as { ok: boolean; listeningMs: number; readyMs: number };
    expect(ready.ok).toBe(true);
    expect(ready.readyMs).toBeGreaterThanOrEqual(ready.listeningMs);
    run.child.kill('SIGTERM');
    await run.exited;
  });
});
