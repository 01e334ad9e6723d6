/**
 * First run, no config: Debian's Chromium against a real `portwarden serve` started in an
 * empty folder (no portwarden.json). Real listeners run in temp folders holding a
 * package.json project and a git repository; the dashboard opens on All listeners with them
 * grouped by project, Open in browser only where HTTP answers, search, Copy command, and
 * Watch turning a row into a watched port whose expected owner is its command line; then
 * Kill and Free from the view, each after a confirmation naming the process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchChromium, openView } from './support/browser.ts';
import {
  canBind,
  ensureRendererBuilt,
  isListening,
  killLeftoversIn,
  startListener,
  startRawListener,
  startServe,
  stopAll,
} from './support/processes.ts';
import { unusedPort } from '../support/unused-port.ts';
import type { Serve } from './support/processes.ts';
import { serveEnv } from './support/scenario.ts';

const unsupported =
  process.platform !== 'linux'
    ? 'the listeners are found by their /proc cwd and the test signals POSIX process groups: Linux only'
    : undefined;
if (unsupported) console.log(`[e2e all-listeners] SKIPPED: ${unsupported}`);

let root: string;
let home: string;
let serve: Serve;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let shopPort: number;
let billingPort: number;
let shopPid: number;
let billingPid: number;

beforeAll(async () => {
  if (unsupported) return;
  ensureRendererBuilt();
  root = realpathSync(mkdtempSync(join(tmpdir(), 'portwarden-first-run-')));
  home = join(root, 'portwarden-home');
  const shop = join(root, 'shop');
  const billing = join(root, 'billing');
  for (const d of [home, shop, join(billing, 'server')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(shop, 'package.json'), JSON.stringify({ name: 'shop-web', scripts: { dev: 'python3 -m http.server' } }));
  execFileSync('git', ['init', '-q', billing]);
  [shopPort, billingPort] = [await unusedPort(), await unusedPort()];
  shopPid = (await startListener(shopPort, shop)).pid!;
  billingPid = (await startRawListener(billingPort, join(billing, 'server'))).pid!;
  serve = await startServe(null, serveEnv(), home);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  errors = collectErrors(page);
  await page.goto(serve.url);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stopAll();
  if (root) {
    killLeftoversIn(root);
    rmSync(root, { recursive: true, force: true });
  }
});

const group = (project: string) => page.locator(`article.listener-group[data-project="${project}"]`);
const row = (port: number) => page.locator(`tr[data-port="${port}"]`);

describe.skipIf(unsupported !== undefined)('first run with no config: All listeners in Chromium', () => {
  it('opens on All listeners, showing the real listeners grouped by project', async () => {
    await page.getByRole('heading', { name: 'All listeners' }).waitFor({ timeout: 20_000 });
    expect(existsSync(join(home, 'portwarden.json'))).toBe(false);
    await group('shop-web').locator(`tr[data-port="${shopPort}"][data-pid="${shopPid}"]`).waitFor({ timeout: 15_000 });
    await group('billing').locator(`tr[data-port="${billingPort}"][data-pid="${billingPid}"]`).waitFor({ timeout: 15_000 });
    const shopRow = row(shopPort);
    expect(await shopRow.locator('td').nth(3).textContent()).toMatch(/^python3/);
    expect(await shopRow.locator('td.command').textContent()).toContain(`http.server ${shopPort}`);
    expect(await group('shop-web').locator('h3').textContent()).toMatch(/^shop-web/);
    expect(await page.getByTestId('listener-count').textContent()).toMatch(
      /^\d+ shown · (none hidden|\d+ hidden \(system services, other users' and desktop apps\))$/,
    );
  });

  it('offers Open in browser only where the port answers HTTP on loopback', async () => {
    const open = row(shopPort).getByRole('link', { name: 'Open in browser' });
    await open.waitFor({ timeout: 15_000 });
    expect(await open.getAttribute('href')).toBe(`http://127.0.0.1:${shopPort}/`);
    // The raw listener was probed too (it closes without an answer): still no link after the shop's appeared.
    await page.waitForTimeout(1500);
    expect(await row(billingPort).getByRole('link', { name: 'Open in browser' }).count()).toBe(0);
  });

  it('searches by port and by project, and copies the command shell-quoted', async () => {
    const search = page.getByRole('searchbox', { name: 'Search listeners' });
    await search.fill(String(billingPort));
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await search.fill('shop-web');
    await expect.poll(() => row(shopPort).count()).toBe(1);
    expect(await row(billingPort).count()).toBe(0);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin });
    await row(shopPort).getByRole('button', { name: 'Copy command' }).click();
    await row(shopPort).getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await page.evaluate(() =>
      (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
    );
    expect(copied).toMatch(new RegExp(`python3 -m http.server ${shopPort} --bind 127.0.0.1$`));
    await search.fill('');
  });

  it('Watch turns a row into a watched port whose expected owner is its command line', async () => {
    await row(billingPort).getByRole('button', { name: 'Watch' }).click();
    await page.getByText(`Watching ${billingPort} (billing).`).waitFor({ timeout: 15_000 });
    await row(billingPort).getByText('watched', { exact: true }).waitFor({ timeout: 10_000 });
    const config = JSON.parse(readFileSync(join(home, 'portwarden.json'), 'utf8')) as {
      ports: { port: number; name: string; owner: { command: string } }[];
    };
    expect(config.ports).toHaveLength(1);
    expect(config.ports[0]).toMatchObject({ port: billingPort, name: 'billing' });
    expect(config.ports[0]!.owner.command).toMatch(/node.* -e require\('node:net'\)/);
    await openView(page, 'Ports');
    const card = page.locator(`article[data-port="${billingPort}"]`);
    await card.getByText('OK', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await card.textContent()).not.toContain('not the expected owner');
  });

  it('Kill and Free ask first, naming the process, and leave the ports free', async () => {
    await openView(page, 'All listeners');
    await row(shopPort)
      .getByRole('button', { name: `Kill ${shopPid}` })
      .click();
    const killDialog = page.getByRole('dialog', { name: `Kill pid ${shopPid}?` });
    expect(await killDialog.textContent()).toContain(`python3 (pid ${shopPid}`);
    expect(await killDialog.textContent()).toContain('project shop-web');
    await killDialog.getByRole('button', { name: 'Kill process' }).click();
    await expect.poll(() => isListening(shopPort), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => row(shopPort).count(), { timeout: 15_000 }).toBe(0);

    await row(billingPort)
      .getByRole('button', { name: `Free ${billingPort}` })
      .click();
    const freeDialog = page.getByRole('dialog', { name: `Free port ${billingPort}?` });
    expect(await freeDialog.textContent()).toContain(`node (pid ${billingPid}`);
    await freeDialog.getByRole('button', { name: 'Stop these processes' }).click();
    await page.getByText(`Port ${billingPort} is free`, { exact: false }).waitFor({ timeout: 20_000 });
    expect(await canBind(billingPort)).toBe(true);
    expect(errors).toEqual([]);
  });
});
