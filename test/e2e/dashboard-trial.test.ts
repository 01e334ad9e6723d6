/**
 * The newcomer trial's dashboard findings, end to end: Debian's Chromium against a real
 * `portwarden serve` child with its own temporary portwarden.json and real listeners.
 * Each test fails on the dashboard as the trial found it (trial.md S1, S2, D1, …).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchChromium, openView } from './support/browser.ts';
import { ensureRendererBuilt, isListening, killLeftoversIn, startListener, startServe, stopAll, waitFor } from './support/processes.ts';
import type { Serve } from './support/processes.ts';
import { unusedPort } from '../support/unused-port.ts';
import { serveEnv } from './support/scenario.ts';

const unsupported =
  process.platform === 'win32' ? 'the dashboard e2e drives POSIX process groups and python3; it runs on Linux and macOS' : undefined;
if (unsupported) console.log(`[e2e dashboard-trial] SKIPPED: ${unsupported}`);

let dir: string;
let apiPort: number;
let sparePort: number;
let serve: Serve;
let browser: Browser;
let page: Page;
let errors: string[];

async function api(path: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(`${serve.origin}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return res.json();
}

beforeAll(async () => {
  if (unsupported) return;
  ensureRendererBuilt();
  dir = mkdtempSync(join(tmpdir(), 'portwarden-trial-e2e-'));
  [apiPort, sparePort] = [await unusedPort(), await unusedPort()];
  const config = {
    pollIntervalMs: 400,
    ports: [
      {
        port: apiPort,
        name: 'API',
        service: 'api',
        health: { url: `http://127.0.0.1:${apiPort}/`, routes: ['/', '/?page=exchange'], intervalMs: 1000, timeoutMs: 1000 },
      },
      { port: sparePort, name: 'Spare' },
    ],
    // `; true` keeps the shell as the group leader: the listener is its child, as with uvicorn on PATH.
    services: [
      {
        id: 'api',
        command: `python3 -u -m http.server ${apiPort} --bind 127.0.0.1; true`,
        cwd: dir,
        port: apiPort,
        autoStart: false,
        autoRestart: false,
        graceMs: 1000,
      },
    ],
  };
  writeFileSync(join(dir, 'portwarden.json'), JSON.stringify(config, null, 2));
  serve = await startServe(join(dir, 'portwarden.json'), serveEnv());
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = collectErrors(page);
  await page.goto(serve.url);
  await page.getByRole('heading', { name: 'Ports' }).waitFor({ timeout: 20_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stopAll();
  if (dir) {
    killLeftoversIn(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

const card = (port: number) => page.locator(`article[data-port="${port}"]`);
const gone = (c: { exitCode: number | null; signalCode: NodeJS.Signals | null }) =>
  c.exitCode !== null || c.signalCode !== null ? true : undefined;

describe.skipIf(unsupported !== undefined)('dashboard: the trial findings', () => {
  it('D1: routes answered by a rogue are not a green OK; they name who answered', async () => {
    // http.server answers 200 on both routes (a listing of the empty folder): from the rogue.
    const rogue = await startListener(apiPort, dir);
    await openView(page, 'Health');
    const row = page.locator('table.routes tr', { has: page.locator('td.mono', { hasText: /^\/\?page=exchange$/ }) });
    await expect.poll(() => row.locator('td').nth(1).textContent(), { timeout: 20_000 }).toBe('200');
    await expect.poll(() => row.locator('td').nth(3).textContent(), { timeout: 10_000 }).toContain('Not the owner');
    expect(await row.locator('td').nth(3).textContent()).toContain(`answered by python3 (pid ${rogue.pid}), which is not service api`);
    expect(await page.locator('table.routes .badge', { hasText: /^OK$/ }).count()).toBe(0);
    process.kill(-rogue.pid!, 'SIGKILL');
    await waitFor('the rogue to exit', () => gone(rogue), 5000);
  });

  it('S1: Free port on the running service says which process of service api was stopped, with the signal, and that it stays stopped', async () => {
    await openView(page, 'Ports');
    const started = (await api('/api/services/api/start', { method: 'POST' })) as { outcome: string };
    expect(started.outcome).toBe('listening');
    const c = card(apiPort);
    await c.locator('tr', { hasText: 'python3' }).first().waitFor({ timeout: 15_000 });
    await c.getByRole('button', { name: 'Free port' }).click();
    const dialog = page.getByRole('dialog', { name: `Free port ${apiPort}?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('service api: the service is stopped (whole process group) and stays stopped');
    await dialog.getByRole('button', { name: 'Stop these processes' }).click();
    const result = c.locator('.result');
    await result.waitFor({ timeout: 20_000 });
    const text = (await result.textContent())!;
    expect(text).not.toContain('Nothing was listening');
    expect(text).toMatch(/python3 \(pid \d+, service api\): sent SIGTERM → exited/);
    expect(text).toContain('Service api was stopped with its whole process group and stays stopped');
    expect(await isListening(apiPort)).toBe(false);
    await result.getByRole('button', { name: 'Dismiss result' }).click();
  });

  it('S2: paused shows "as of" the last look and no "Live"; a listener killed meanwhile is not shown in the present tense', async () => {
    await openView(page, 'Ports');
    const holder = await startListener(sparePort, dir);
    const c = card(sparePort);
    await c.getByRole('button', { name: `Kill ${holder.pid}` }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Pause monitoring' }).click();
    await page.getByRole('button', { name: 'Resume monitoring' }).waitFor({ timeout: 10_000 });
    process.kill(-holder.pid!, 'SIGKILL');
    await waitFor('the holder to exit', () => gone(holder), 5000);
    await page.waitForTimeout(1500);
    const pill = page.locator('header.topbar .live');
    expect(await pill.textContent()).toMatch(/^Paused — as of \d\d:\d\d:\d\d$/);
    expect(await page.locator('.live-on').count()).toBe(0);
    expect(await page.locator('.paused-notice').textContent()).toMatch(
      /^Monitoring is paused\. .* as of \d\d:\d\d:\d\d and are not checked again until you resume/,
    );
    expect(await c.locator('.badge').first().textContent()).toMatch(/^As of \d\d:\d\d:\d\d: OK$/);
    await page.getByRole('button', { name: 'Resume monitoring' }).click();
    await page.locator('.live-on').waitFor({ timeout: 10_000 });
    await c.getByText(`Nothing is listening on ${sparePort}.`).waitFor({ timeout: 10_000 });
    expect(await page.locator('.paused-notice').count()).toBe(0);
  });

  it('S3: a "Port is free" result does not stay once another process took the port: it says when it was freed and who holds it now', async () => {
    await openView(page, 'Ports');
    const c = card(sparePort);
    const first = await startListener(sparePort, dir);
    await c.getByRole('button', { name: `Kill ${first.pid}` }).waitFor({ timeout: 15_000 });
    await c.getByRole('button', { name: 'Free port' }).click();
    await page
      .getByRole('dialog', { name: `Free port ${sparePort}?` })
      .getByRole('button', { name: 'Stop these processes' })
      .click();
    await c.getByText(`Port ${sparePort} is free`, { exact: false }).waitFor({ timeout: 20_000 });
    const second = await startListener(sparePort, dir);
    await expect
      .poll(() => c.locator('.result strong').textContent(), { timeout: 15_000 })
      .toMatch(
        new RegExp(
          `^Port ${sparePort} was freed at \\d\\d:\\d\\d:\\d\\d \\(took [^)]+\\); since then python3 \\(pid ${second.pid}\\) holds ${sparePort}\\.$`,
        ),
      );
    await c.locator('.result').getByRole('button', { name: 'Dismiss result' }).click();
    process.kill(-second.pid!, 'SIGKILL');
    await waitFor('the second holder to exit', () => gone(second), 5000);
  });

  it('S6: an open Free dialog whose process died says so, and confirming it stops nothing', async () => {
    await openView(page, 'Ports');
    const c = card(sparePort);
    const a = await startListener(sparePort, dir);
    await c.getByRole('button', { name: `Kill ${a.pid}` }).waitFor({ timeout: 15_000 });
    await c.getByRole('button', { name: 'Free port' }).click();
    const dialog = page.getByRole('dialog', { name: `Free port ${sparePort}?` });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Stop these processes' }).isEnabled()).toBe(true);
    process.kill(-a.pid!, 'SIGKILL');
    await waitFor('A to exit', () => gone(a), 5000);
    const b = await startListener(sparePort, dir);
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: 15_000 })
      .toBe(
        `Changed since this was opened: python3 (pid ${a.pid}) no longer holds ${sparePort}; python3 (pid ${b.pid}) holds ${sparePort} now. Confirming now stops nothing; cancel and look again.`,
      );
    // As the dialog says: confirming stops nothing (the owners are checked on the server).
    await dialog.getByRole('button', { name: 'Stop these processes' }).click();
    await c.getByText(`Nothing was stopped: the owner of port ${sparePort} changed since it was shown.`).waitFor({ timeout: 20_000 });
    expect(gone(b)).toBeUndefined();
    await c.locator('.result').getByRole('button', { name: 'Dismiss result' }).click();
    process.kill(-b.pid!, 'SIGKILL');
    await waitFor('B to exit', () => gone(b), 5000);
  });

  it('S7: a respawning parent named by the result can be stopped from the dashboard', async () => {
    await openView(page, 'Ports');
    const c = card(sparePort);
    await c.getByText(`Nothing is listening on ${sparePort}.`).waitFor({ timeout: 15_000 });
    const loop = spawn('sh', ['-c', `while true; do python3 -m http.server ${sparePort} --bind 127.0.0.1; sleep 0.3; done`], {
      cwd: dir,
      detached: true,
      stdio: 'ignore',
    });
    try {
      await waitFor('the loop to listen', async () => (await isListening(sparePort)) || undefined);
      await c.getByRole('button', { name: 'Free port' }).waitFor({ timeout: 15_000 });
      await c.locator('tr', { hasText: 'python3' }).first().waitFor({ timeout: 15_000 });
      await c.getByRole('button', { name: 'Free port' }).click();
      await page
        .getByRole('dialog', { name: `Free port ${sparePort}?` })
        .getByRole('button', { name: 'Stop these processes' })
        .click();
      await c.getByText(`started again by sh (pid ${loop.pid}`, { exact: false }).waitFor({ timeout: 20_000 });
      await c.getByRole('button', { name: `Stop parent pid ${loop.pid}` }).click();
      const dialog = page.getByRole('dialog', { name: `Kill pid ${loop.pid}?` });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('while true');
      await dialog.getByRole('button', { name: 'Kill process' }).click();
      await c.getByText(`Stopped sh (pid ${loop.pid})`, { exact: false }).waitFor({ timeout: 20_000 });
      await waitFor('the loop to exit', () => (loop.exitCode !== null || loop.signalCode !== null ? true : undefined), 10_000);
      await waitFor('the port to stay free', async () => ((await isListening(sparePort)) ? undefined : true), 10_000);
    } finally {
      try {
        process.kill(-loop.pid!, 'SIGKILL');
      } catch {
        // already stopped by the test
      }
    }
  });

  it('D2: in a narrow window the listener table stays inside its card and a command is not one word per line', async () => {
    await openView(page, 'Ports');
    const holder = await startListener(sparePort, dir);
    const c = card(sparePort);
    await c.getByRole('button', { name: `Kill ${holder.pid}` }).waitFor({ timeout: 15_000 });
    await page.setViewportSize({ width: 420, height: 900 });
    try {
      await page.waitForTimeout(300);
      const box = (await c.boundingBox())!;
      const scroller = (await c.locator('.table-scroll').boundingBox())!;
      expect(scroller.x + scroller.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
      const commandHeight = (await c.locator('td.command').first().boundingBox())!.height;
      // "python3 -m http.server PORT --bind 127.0.0.1" took 6 lines (101 px); now at most 3 (~18 px each).
      expect(commandHeight).toBeLessThan(75);
      const badge = (await c.locator('.badge').first().boundingBox())!;
      expect(badge.height).toBeLessThan(30);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
      process.kill(-holder.pid!, 'SIGKILL');
      await waitFor('the holder to exit', () => gone(holder), 5000);
    }
  });

  it('opened every view it used without a console error', () => {
    expect(errors).toEqual([]);
  });
});
