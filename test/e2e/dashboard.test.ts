/**
 * The dashboard end to end: Debian's Chromium against a real `portwarden serve` child
 * process with a temporary portwarden.json, real listener processes and the real product
 * service. Nothing here is simulated: ports are bound, processes are signalled.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchChromium, openView } from './support/browser.ts';
import {
  canBind,
  ensureRendererBuilt,
  isListening,
  killLeftoversIn,
  startListener,
  startServe,
  stopAll,
  waitFor,
} from './support/processes.ts';
import { unusedPort } from '../support/unused-port.ts';
import type { Serve } from './support/processes.ts';
import { MISSING_ENV, serveEnv, writeScenario } from './support/scenario.ts';
import type { Scenario } from './support/scenario.ts';

// The scenario signals process groups (kill(-pid)) and runs python3 services: POSIX only.
const unsupported =
  process.platform === 'win32' ? 'the dashboard e2e drives POSIX process groups and python3; it runs on Linux and macOS' : undefined;
if (unsupported) console.log(`[e2e dashboard] SKIPPED: ${unsupported}`);

let scenario: Scenario;
let serve: Serve;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  if (unsupported) return;
  ensureRendererBuilt();
  scenario = await writeScenario();
  serve = await startServe(scenario.configPath, serveEnv());
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  errors = collectErrors(page);
  await page.goto(serve.url);
  await page.getByRole('heading', { name: 'Ports' }).waitFor({ timeout: 20_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stopAll();
  if (scenario) {
    const leftovers = killLeftoversIn(scenario.dir);
    if (leftovers.length > 0) console.warn(`killed leftover processes in ${scenario.dir}: ${leftovers.join(', ')}`);
    rmSync(scenario.dir, { recursive: true, force: true });
  }
});

function portCard(port: number) {
  return page.locator(`article[data-port="${port}"]`);
}

describe.skipIf(unsupported !== undefined)('dashboard against a real portwarden serve', () => {
  it('removes the token from the address bar and shows every watched port live', async () => {
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => portCard(scenario.apiPort).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => portCard(scenario.webPort).count(), { timeout: 10_000 }).toBe(1);
    await page.locator('.live-on').waitFor({ timeout: 15_000 });
  });

  it('shows a rogue on a managed port without reload, frees it after confirmation, and the port really is free', async () => {
    const card = portCard(scenario.webPort);
    // The web service is not started, so its port is "down" (expected owner absent) and empty.
    await card.getByText(`Nothing is listening on ${scenario.webPort}.`).waitFor({ timeout: 15_000 });
    const rogue = await startListener(scenario.webPort, scenario.dir);
    // The conflict arrives through the event stream: no reload, no click.
    await card.getByText('Conflict', { exact: true }).waitFor({ timeout: 15_000 });
    const sentence = card.locator('.conflicts li').first();
    await expect
      .poll(() => sentence.textContent(), { timeout: 10_000 })
      .toMatch(
        new RegExp(
          `^python3 \\(pid ${rogue.pid}, started (just now|\\d+ s ago)\\) holds ${scenario.webPort}, which belongs to service web$`,
        ),
      );

    await card.getByRole('button', { name: 'Free port' }).click();
    const dialog = page.getByRole('dialog', { name: `Free port ${scenario.webPort}?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`pid ${rogue.pid}`);
    await dialog.getByRole('button', { name: 'Stop these processes' }).click();

    await card.getByText(`Port ${scenario.webPort} is free`, { exact: false }).waitFor({ timeout: 20_000 });
    expect(await card.locator('.result').textContent()).toMatch(/sent SIGTERM/);
    await card.getByText(`Nothing is listening on ${scenario.webPort}.`).waitFor({ timeout: 15_000 });
    expect(await card.locator('.badge').first().textContent()).not.toBe('Conflict');
    expect(await isListening(scenario.webPort)).toBe(false);
    expect(await canBind(scenario.webPort)).toBe(true);
    await waitFor('the rogue to exit', () => (rogue.exitCode !== null || rogue.signalCode !== null ? true : undefined), 5000);
  });

  it('restarts a managed service: the pid changes', async () => {
    await openView(page, 'Services');
    const card = page.locator('article[data-service="api"]');
    const pidCell = card.getByTestId('service-pid');
    const before = await waitFor('api to run', async () => {
      const t = (await pidCell.textContent())?.trim();
      return t && /^\d+$/.test(t) ? t : undefined;
    });
    await card.getByRole('button', { name: 'Restart' }).click();
    const after = await waitFor(
      'a new api pid',
      async () => {
        const t = (await pidCell.textContent())?.trim();
        return t && /^\d+$/.test(t) && t !== before ? t : undefined;
      },
      20_000,
    );
    expect(after).not.toBe(before);
    await card.getByText('Running', { exact: true }).waitFor({ timeout: 15_000 });
    await waitFor('the new api to listen', async () => (await isListening(scenario.apiPort)) || undefined);
  });

  it('kills one pid from its row with the keyboard alone: the dialog names it, the result says what was sent', async () => {
    await openView(page, 'Ports');
    const card = portCard(scenario.webPort);
    const rogue = await startListener(scenario.webPort, scenario.dir);
    const kill = card.getByRole('button', { name: `Kill ${rogue.pid}` });
    await kill.waitFor({ timeout: 15_000 });
    await kill.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Kill pid ${rogue.pid}?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('http.server');
    // Focus is trapped in the dialog; Tab reaches the confirm button, Enter presses it.
    const confirm = dialog.getByRole('button', { name: 'Kill process' });
    for (let i = 0; i < 4 && !(await confirm.evaluate((el) => el === el.ownerDocument.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await confirm.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await card.getByText(`Stopped python3 (pid ${rogue.pid}).`).waitFor({ timeout: 20_000 });
    expect(await card.locator('.result').textContent()).toMatch(/SIGTERM/);
    await waitFor('the rogue to exit', () => (rogue.exitCode !== null || rogue.signalCode !== null ? true : undefined), 5000);
    await card.getByText(`Nothing is listening on ${scenario.webPort}.`).waitFor({ timeout: 15_000 });
  });

  it('a Free port whose owner was replaced after the dialog listed it signals nothing and names the new owner (issue 9)', async () => {
    await openView(page, 'Ports');
    const card = portCard(scenario.webPort);
    const a = await startListener(scenario.webPort, scenario.dir);
    await card.getByRole('button', { name: `Kill ${a.pid}` }).waitFor({ timeout: 15_000 });
    await card.getByRole('button', { name: 'Free port' }).click();
    const dialog = page.getByRole('dialog', { name: `Free port ${scenario.webPort}?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`pid ${a.pid}`);
    // B replaces A while the dialog is open (from a terminal, not through Portwarden).
    process.kill(-a.pid!, 'SIGKILL');
    await waitFor('A to let go of the port', async () => ((await isListening(scenario.webPort)) ? undefined : true));
    const b = await startListener(scenario.webPort, scenario.dir);
    await dialog.getByRole('button', { name: 'Stop these processes' }).click();
    await card
      .getByText(`Nothing was stopped: the owner of port ${scenario.webPort} changed since it was shown.`)
      .waitFor({ timeout: 20_000 });
    expect(await card.locator('.result').textContent()).toContain(`python3 (pid ${b.pid}) holds ${scenario.webPort}`);
    expect(b.exitCode === null && b.signalCode === null).toBe(true);
    expect(await isListening(scenario.webPort)).toBe(true);
    process.kill(-b.pid!, 'SIGKILL');
    await waitFor('B to exit', () => (b.exitCode !== null || b.signalCode !== null ? true : undefined), 5000);
  });

  it('Free & start: the rogue goes, the service runs on its port with its log tail live; Stop frees it', async () => {
    const rogue = await startListener(scenario.webPort, scenario.dir);
    // The dialog lists the holders of the last poll: wait until the dashboard has seen the rogue
    // (the previous test's process on this port was alive a poll ago), as a user would.
    await openView(page, 'Ports');
    await portCard(scenario.webPort)
      .getByRole('button', { name: `Kill ${rogue.pid}` })
      .waitFor({ timeout: 15_000 });
    await openView(page, 'Services');
    const card = page.locator('article[data-service="web"]');
    await card.getByRole('button', { name: 'Free & start' }).click();
    // Nothing is stopped before the user confirms, and the dialog names whom (trial S5).
    const dialog = page.getByRole('dialog', { name: `Free port ${scenario.webPort} and start web?` });
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.textContent()).toContain(`python3 (pid ${rogue.pid}`);
    expect(rogue.exitCode === null && rogue.signalCode === null).toBe(true);
    await dialog.getByRole('button', { name: 'Stop them and start' }).click();
    await card.getByText('Running', { exact: true }).waitFor({ timeout: 20_000 });
    await expect
      .poll(() => card.locator('.result').textContent(), { timeout: 20_000 })
      .toContain(`Stopped to free the port: python3 (pid ${rogue.pid}): sent SIGTERM`);
    const pid = (await card.getByTestId('service-pid').textContent())!.trim();
    expect(pid).toMatch(/^\d+$/);
    expect(pid).not.toBe(String(rogue.pid));
    await waitFor('the rogue to exit', () => (rogue.exitCode !== null || rogue.signalCode !== null ? true : undefined), 5000);
    await waitFor('web to listen', async () => (await isListening(scenario.webPort)) || undefined, 15_000);
    await expect
      .poll(() => card.locator('.log').textContent(), { timeout: 10_000 })
      .toContain(`started: python3 -u -m http.server ${scenario.webPort}`);
    await card.getByRole('button', { name: 'Stop' }).click();
    await card.getByText('Stopped', { exact: true }).first().waitFor({ timeout: 20_000 });
    expect(await isListening(scenario.webPort)).toBe(false);
    expect(await canBind(scenario.webPort)).toBe(true);
  });

  it('Health shows each route of the route check with its status', async () => {
    await openView(page, 'Health');
    for (const route of ['/', '/portwarden.json']) {
      const row = page.locator('table.routes tr', {
        has: page.locator('td.mono', { hasText: new RegExp(`^${route.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }),
      });
      await expect.poll(() => row.locator('td').nth(1).textContent(), { timeout: 20_000 }).toBe('200');
    }
  });

  it('follows the OS colour scheme (light and dark)', async () => {
    const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    await page.emulateMedia({ colorScheme: 'light' });
    expect(dark).not.toBe(light);
    const channels = (c: string) => (c.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    expect(Math.max(...channels(dark))).toBeLessThan(Math.min(...channels(light)));
  });

  it('shows a missing required environment variable as a red banner', async () => {
    await openView(page, 'Diagnostics');
    const banner = page.locator('.banner-critical');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toContain(MISSING_ENV);
  });

  it('moves the product metrics after requests to the product service', async () => {
    await openView(page, 'Product service');
    const rejects = page.locator('[data-metric="bloom_rejects_total"]');
    await rejects.waitFor({ timeout: 20_000 });
    const base = `http://127.0.0.1:${scenario.productPort}`;
    await waitFor('the product service', async () => (await isListening(scenario.productPort)) || undefined, 20_000);
    const before = Number((await rejects.textContent())!.replace(/,/g, ''));
    const created = await fetch(`${base}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'E2E-1', name: 'Kettle', price: 12.5 }),
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 12; i++) expect((await fetch(`${base}/products/NOPE-${i}`)).status).toBe(404);
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/products/E2E-1`)).status).toBe(200);
    // Loaded from the products file, never read yet: the first read goes to the database.
    const dbBefore = Number((await page.locator('[data-metric="db_queries_total"]').textContent())!.replace(/,/g, ''));
    for (let i = 0; i < 4; i++) expect((await fetch(`${base}/products/SKU-${i}`)).status).toBe(200);
    await expect
      .poll(async () => Number((await rejects.textContent())!.replace(/,/g, '')), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(before + 12);
    await expect
      .poll(async () => Number((await page.locator('[data-metric="cache_hits_total"]').textContent())!.replace(/,/g, '')), {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(1);
    await expect
      .poll(async () => Number((await page.locator('[data-metric="db_queries_total"]').textContent())!.replace(/,/g, '')), {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(dbBefore + 4);
    await expect
      .poll(async () => Number((await page.getByTestId('queries-avoided').textContent())!.replace(/,/g, '')), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(13);
    // The live chart draws once three samples (two rates) have been taken.
    await page.locator('.chart canvas').first().waitFor({ timeout: 15_000 });
  });

  it('opens every view without a console error', async () => {
    for (const view of ['Ports', 'Services', 'Health', 'Diagnostics', 'Product service', 'Settings']) {
      await openView(page, view);
      await page.getByRole('heading', { level: 2, name: view }).waitFor({ timeout: 10_000 });
      await page.waitForTimeout(500);
    }
    await page.getByRole('button', { name: 'Save settings' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('adds a watched port in Settings: refuses a bad field, saves a good one to portwarden.json, and shows it live', async () => {
    await openView(page, 'Settings');
    await page.getByRole('button', { name: 'Add port' }).click();
    const portInput = page.locator('input[name="ports.2.port"]');
    await portInput.fill('70000');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Port must be a whole number from 1 to 65535.').waitFor();
    expect(await portInput.getAttribute('aria-invalid')).toBe('true');
    const extra = await unusedPort();
    await portInput.fill(String(extra));
    await page.locator('input[name="ports.2.name"]').fill('Docs');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved. Portwarden is using the new settings.').waitFor({ timeout: 15_000 });
    const onDisk = JSON.parse(readFileSync(scenario.configPath, 'utf8')) as { ports: { port: number; name?: string }[] };
    expect(onDisk.ports).toContainEqual({ port: extra, name: 'Docs' });
    await openView(page, 'Ports');
    await portCard(extra).waitFor({ timeout: 15_000 });
  });

  it('focuses the port the tray points at (#view=ports&port=N)', async () => {
    await openView(page, 'Health');
    // What the shell does when the tray menu names a port: a new fragment on the open page.
    // (Strings, because this file is type-checked without the DOM library.)
    await page.evaluate(`window.location.hash = 'view=ports&port=${scenario.apiPort}'`);
    await page.locator(`article[data-port="${scenario.apiPort}"].focused`).waitFor({ timeout: 10_000 });
    expect(await page.evaluate('document.activeElement?.getAttribute("data-port")')).toBe(String(scenario.apiPort));
  });

  it('says what to do when the token is wrong', async () => {
    const other = await browser.newPage();
    try {
      await other.goto(`${serve.origin}/#token=not-the-right-token-at-all`);
      await other.getByRole('heading', { name: 'Wrong or missing access token' }).waitFor({ timeout: 15_000 });
      expect(await other.getByRole('alert').textContent()).toContain('portwarden serve');
    } finally {
      await other.close();
    }
  });

  it('keeps the page and says it is reconnecting when the server goes away', async () => {
    await openView(page, 'Ports');
    process.kill(-serve.child.pid!, 'SIGTERM');
    await page.getByText(/Live updates interrupted .* reconnecting/).waitFor({ timeout: 20_000 });
    // The last known state stays on screen.
    expect(await portCard(scenario.apiPort).count()).toBe(1);
    // Let serve stop its services itself (a second signal would make it exit at once).
    await waitFor(
      'portwarden serve to exit',
      () => (serve.child.exitCode !== null || serve.child.signalCode !== null ? true : undefined),
      20_000,
    );
    expect(await isListening(scenario.apiPort)).toBe(false);
  });
});
