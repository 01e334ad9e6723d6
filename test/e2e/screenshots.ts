/**
 * `npm run screenshots [-- VIEW…]`: every dashboard view (or only those named) in light and
 * dark, 1280×800, saved under docs/screenshots/ — taken from a real `portwarden serve` with
 * the e2e scenario (a rogue on the web port, the product service answering traffic, a
 * missing env var). For All listeners, three demo projects run real listeners (a
 * package.json project, a git repository) and the search shows only them: the machine's
 * other listeners are not the picture's business.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS } from '../../renderer/src/lib/views.ts';
import { launchChromium, openView } from './support/browser.ts';
import {
  ensureRendererBuilt,
  isListening,
  killLeftoversIn,
  REPO,
  startListener,
  startRawListener,
  startServe,
  stopAll,
  waitFor,
} from './support/processes.ts';
import { unusedPort } from '../support/unused-port.ts';
import { CATALOGUE_SIZE, serveEnv, writeScenario } from './support/scenario.ts';

const OUT = join(REPO, 'docs', 'screenshots');

/** Realistic mixed traffic: unknown ids (filter rejects), repeats (cache hits), first reads (database). */
async function traffic(base: string, stop: { done: boolean }): Promise<void> {
  // Bounded: at most ~10 minutes of traffic even if nobody sets done.
  for (let i = 0; i < 6000 && !stop.done; i++) {
    const id = i % 2 === 0 ? `MISSING-${i}` : i % 3 === 0 ? `SKU-${i % CATALOGUE_SIZE}` : `SKU-${i % 20}`;
    await fetch(`${base}/products/${id}`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 40 + (i % 5) * 20));
  }
}

/** demo-shop and demo-docs (package.json, HTTP) and demo-billing (a git repository, not HTTP). */
async function demoProjects(dir: string): Promise<void> {
  for (const name of ['demo-shop', 'demo-docs']) {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'package.json'), JSON.stringify({ name }));
    await startListener(await unusedPort(), join(dir, name));
  }
  mkdirSync(join(dir, 'demo-billing', 'server'), { recursive: true });
  execFileSync('git', ['init', '-q', join(dir, 'demo-billing')]);
  await startRawListener(await unusedPort(), join(dir, 'demo-billing', 'server'));
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  ensureRendererBuilt();
  mkdirSync(OUT, { recursive: true });
  const scenario = await writeScenario();
  const stop = { done: false };
  try {
    const serve = await startServe(scenario.configPath, serveEnv());
    await startListener(scenario.webPort, scenario.dir);
    await demoProjects(scenario.dir);
    await waitFor('the product service', async () => (await isListening(scenario.productPort)) || undefined, 20_000);
    const load = traffic(`http://127.0.0.1:${scenario.productPort}`, stop);
    const browser = await launchChromium();
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
        const page = await context.newPage();
        await page.goto(serve.url);
        await page.getByRole('heading', { name: 'Ports' }).waitFor({ timeout: 20_000 });
        await page.locator('.badge', { hasText: 'Conflict' }).first().waitFor({ timeout: 15_000 });
        for (const view of VIEWS.filter((v) => only.length === 0 || only.includes(v.id))) {
          await openView(page, view.label);
          await page.getByRole('heading', { level: 2, name: view.label }).waitFor();
          if (view.id === 'listeners') {
            await page.getByRole('searchbox', { name: 'Search listeners' }).fill('demo-');
            await page.getByRole('link', { name: 'Open in browser' }).nth(1).waitFor({ timeout: 15_000 });
          }
          // Charts need a few samples (health history, metric rates 2 s apart).
          await page.waitForTimeout(view.id === 'product' ? 16000 : view.id === 'health' ? 2500 : 1200);
          const path = join(OUT, `${view.id}-${scheme}.png`);
          await page.screenshot({ path });
          console.log(path);
        }
        await context.close();
      }
    } finally {
      await browser.close();
    }
    stop.done = true;
    await load;
  } finally {
    stop.done = true;
    await stopAll();
    killLeftoversIn(scenario.dir);
    rmSync(scenario.dir, { recursive: true, force: true });
  }
}

await main();
