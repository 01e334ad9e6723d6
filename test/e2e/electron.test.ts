/**
 * The desktop app end to end, through Playwright's `_electron`: launch with a throwaway
 * userData, read the tray menu through the PORTWARDEN_TEST hook, open the dashboard (checking
 * the window really is sandboxed), free ports held by rogue processes (once by clicking
 * through the dashboard, once from the tray), pause, and quit without leaving the managed
 * service behind.
 *
 * Needs the Electron binary. Where it is absent (machines without network: Electron >= 42
 * downloads it on first run) or there is no display, the suite is skipped and the reason
 * is printed. Needs `npm run build` first (npm test does it).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron } from 'playwright';
import type { ElectronApplication, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortwardenTestHook } from '../../electron/main.ts';
import type { PortwardenBridge } from '../../electron/shell/preload-api.ts';
import type { MenuItemDescriptor } from '../../electron/shell/tray-menu.ts';
import { findElectronBinary } from './support/electron-binary.ts';
import { unusedPort } from '../support/unused-port.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(repo, 'package.json'));
const binary = findElectronBinary({
  packageDir: path.dirname(require.resolve('electron/package.json')),
  env: process.env,
  platform: process.platform,
});
// The hosted workflow fetches the binary and sets this, so a broken download fails the
// job instead of turning into a quiet skip.
const required = process.env.PORTWARDEN_REQUIRE_ELECTRON === '1';
if (binary.skip && !required) console.log(`[e2e electron] SKIPPED: ${binary.skip}`);

describe.runIf(required && binary.skip !== undefined)('Electron binary (PORTWARDEN_REQUIRE_ELECTRON=1)', () => {
  it('is present and usable', () => {
    throw new Error(`the Electron e2e is required here but cannot run: ${binary.skip}`);
  });
});

type HookGlobal = { __portwardenTest?: PortwardenTestHook };
type BridgeGlobal = { portwarden?: PortwardenBridge; require?: unknown; process?: unknown; ipcRenderer?: unknown };

const LISTENER = path.join(repo, 'test/fixtures/monitor/listener.mjs');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process that holds a TCP port on 127.0.0.1 and does nothing else. */
async function startRogue(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port));setInterval(()=>{},1e3)"],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('rogue did not report its port')), 10_000);
    child.stdout!.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(Number(chunk.toString().trim()));
    });
    child.once('exit', (code) => reject(new Error(`rogue exited early (${code})`)));
  });
  return { child, port };
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Poll `probe` until it returns a value that is not undefined (bounded). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

function find(menu: MenuItemDescriptor[], id: string): MenuItemDescriptor | undefined {
  for (const item of menu) {
    if (item.id === id) return item;
    const inner = item.submenu ? find(item.submenu, id) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

describe.skipIf(binary.skip !== undefined)('Electron app (_electron)', () => {
  let app: ElectronApplication;
  let userData: string;
  let page: Page;
  const rogues: { child: ChildProcess; port: number }[] = [];
  let servicePort = 0;
  const trayMenu = () => app.evaluate(() => (globalThis as HookGlobal).__portwardenTest?.trayMenu());

  beforeAll(async () => {
    for (const built of ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
      if (!existsSync(path.join(repo, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
    }
    rogues.push(await startRogue(), await startRogue());
    servicePort = await unusedPort();
    userData = mkdtempSync(path.join(tmpdir(), 'pw-e2e-userdata-'));
    // The settings file is a portwarden.json: watch both rogue ports and a managed service
    // that starts with the app (quitting must stop it), poll fast.
    writeFileSync(
      path.join(userData, 'portwarden.json'),
      JSON.stringify({
        pollIntervalMs: 250,
        ports: [...rogues.map((r, i) => ({ port: r.port, name: `rogue-${i}` })), { port: servicePort, name: 'svc', service: 'svc' }],
        services: [
          {
            id: 'svc',
            command: `"${process.execPath}" "${LISTENER}" ${servicePort} 127.0.0.1`,
            port: servicePort,
            autoStart: true,
            graceMs: 2000,
          },
        ],
        productService: { enabled: false, port: 8010 },
      }),
    );
    app = await _electron.launch({
      executablePath: binary.path!,
      // GitHub's Ubuntu runners forbid the unprivileged user namespaces Chromium's sandbox
      // needs; there (and only under CI) run without the OS sandbox.
      args: [...(process.platform === 'linux' && process.env.CI ? ['--no-sandbox'] : []), repo],
      env: { ...process.env, PORTWARDEN_USER_DATA: userData, PORTWARDEN_TEST: '1' } as Record<string, string>,
      timeout: 60_000,
    });
    await until('the test hook', () => app.evaluate(() => ((globalThis as HookGlobal).__portwardenTest ? true : undefined)), 60_000);
  }, 120_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    for (const r of rogues) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    if (userData) rmSync(userData, { recursive: true, force: true });
  }, 60_000);

  it('uses the throwaway userData for its settings', async () => {
    const settingsPath = await app.evaluate(() => (globalThis as HookGlobal).__portwardenTest!.settingsPath);
    expect(settingsPath).toBe(path.join(userData, 'portwarden.json'));
  });

  it('shows each watched port in the tray menu with a Kill entry naming the rogue pid', async () => {
    for (const rogue of rogues) {
      const item = await until(`tray line for ${rogue.port}`, async () => {
        const menu = await trayMenu();
        return menu && find(menu, `port-${rogue.port}-kill-${rogue.child.pid}`) ? find(menu, `port-${rogue.port}`) : undefined;
      });
      expect(item.label).toMatch(new RegExp(`^${rogue.port} rogue-\\d`));
      // The process name is "node" (Linux, macOS) or "node.exe" (Windows).
      expect(item.submenu!.map((i) => i.label)).toEqual(
        expect.arrayContaining([
          'Free port',
          expect.stringMatching(new RegExp(`^Kill node(\\.exe)? \\(${rogue.child.pid}\\)$`)),
          'Copy command',
        ]),
      );
    }
    const menu = (await trayMenu())!;
    expect(
      menu
        .filter((i) => i.type !== 'separator')
        .slice(-4)
        .map((i) => i.label),
    ).toEqual(['Import project file…', 'Pause monitoring', 'Start at login', 'Quit Portwarden']);
  });

  it('opens the dashboard on a port: sandboxed page, named bridge methods only, port in the hash', async () => {
    const rogue = rogues[0]!;
    await app.evaluate((_electron, port) => (globalThis as HookGlobal).__portwardenTest!.openDashboard(port), rogue.port);
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('port')).toBe(String(rogue.port));
    // Served over the app's own scheme, never file:// (electron/shell/app-protocol.ts); the
    // module scripts and styles loaded, so the dashboard rendered.
    expect(page.url()).toMatch(/^app:\/\/portwarden\/index\.html#/);
    await page.waitForSelector('#root *');
    expect(await page.evaluate(() => fetch('app://portwarden/..%2f..%2fpackage.json').then((r) => r.status))).toBe(403);
    const surface = await page.evaluate(() => {
      const g = globalThis as BridgeGlobal;
      return { keys: Object.keys(g.portwarden ?? {}), require: typeof g.require, process: typeof g.process, ipc: typeof g.ipcRenderer };
    });
    expect(surface.keys).toEqual(expect.arrayContaining(['getState', 'freePort', 'subscribe', 'importProjectFile']));
    expect([surface.require, surface.process, surface.ipc]).toEqual(['undefined', 'undefined', 'undefined']);
    // What the OS applied, not what our code asked for: Electron reports OS-level sandboxing
    // of renderer processes on macOS and Windows (on Linux CI runs with --no-sandbox, see
    // the launch above, and Electron does not report it).
    if (process.platform === 'darwin' || process.platform === 'win32') {
      const tabs = await app.evaluate(({ app: electronApp }) =>
        electronApp
          .getAppMetrics()
          .filter((m) => m.type === 'Tab')
          .map((m) => m.sandboxed ?? null),
      );
      expect(tabs.length).toBeGreaterThan(0);
      expect(tabs.every((sandboxed) => sandboxed === true)).toBe(true);
    }
    const csp = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(a: string): string | null } | null } }).document
          .querySelector('meta[http-equiv="Content-Security-Policy"]')
          ?.getAttribute('content') ?? null,
    );
    expect(csp).toContain("default-src 'none'");
  });

  it('refuses bad arguments from the page with a plain invalid-argument error', async () => {
    const error = await page.evaluate(() =>
      (globalThis as BridgeGlobal).portwarden!.freePort(0).then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect(error).toMatchObject({ name: 'ControlError', code: 'invalid-argument' });
  });

  it('frees a port held by a rogue process by clicking through the dashboard', async () => {
    const rogue = rogues[0]!;
    const card = page.locator(`article[data-port="${rogue.port}"]`);
    await card.getByRole('button', { name: 'Free port' }).click({ timeout: 20_000 });
    const dialog = page.getByRole('dialog', { name: `Free port ${rogue.port}?` });
    expect(await dialog.textContent()).toContain(`pid ${rogue.child.pid}`);
    await dialog.getByRole('button', { name: 'Stop these processes' }).click();
    await card.getByText(`Port ${rogue.port} is free`, { exact: false }).waitFor({ timeout: 20_000 });
    expect(await exited(rogue.child, 10_000)).toBe(true);
  });

  it('frees a port from the tray menu item', async () => {
    const rogue = rogues[1]!;
    await app.evaluate((_electron, id) => (globalThis as HookGlobal).__portwardenTest!.clickTrayItem(id), `port-${rogue.port}-free`);
    expect(await exited(rogue.child, 10_000)).toBe(true);
    const line = await until('the tray to show the port free', async () => {
      const item = find((await trayMenu())!, `port-${rogue.port}`);
      return item?.label.includes('free') ? item.label : undefined;
    });
    expect(line).toBe(`${rogue.port} rogue-1 — free`);
  });

  it('pauses monitoring from the tray: checkbox checked, summary says paused', async () => {
    await app.evaluate(() => (globalThis as HookGlobal).__portwardenTest!.clickTrayItem('pause'));
    const pause = await until('pause checked', async () => {
      const item = find((await trayMenu())!, 'pause');
      return item?.checked ? item : undefined;
    });
    expect(pause.checked).toBe(true);
    expect(find((await trayMenu())!, 'summary')!.label).toBe('Portwarden — Monitoring paused');
  });

  it('quits when asked and leaves no managed service behind', async () => {
    const state = await page.evaluate(() => (globalThis as BridgeGlobal).portwarden!.getState());
    const servicePid = state.services.find((s) => s.id === 'svc')?.pid;
    expect(typeof servicePid).toBe('number');
    expect(isAlive(servicePid!)).toBe(true);
    const processHandle = app.process();
    await app.close();
    expect(processHandle.exitCode !== null || processHandle.signalCode !== null || (await exited(processHandle, 20_000))).toBe(true);
    await until('the managed service to be gone', async () => (isAlive(servicePid!) ? undefined : true), 10_000);
  });
});
