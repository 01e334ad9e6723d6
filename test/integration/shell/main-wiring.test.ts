/* eslint-disable @typescript-eslint/no-explicit-any -- the RESULT line is untyped JSON from the child */
/**
 * electron/main.ts run for real in plain Node, with 'electron' resolved to a recording
 * stand-in (test/fixtures/shell/fake-electron), against the real control runtime, a real
 * rogue listener and a real managed service. Checks the wiring the type-checker cannot:
 * start-up order, settings location, every IPC channel registered behind the sender check,
 * tray and notifications fed from live state, window security options, and that quitting
 * waits for the managed service to stop. The real Electron run is test/e2e/electron.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHOOSE_PROJECT_FOLDER_CHANNEL, CONTROL_CHANNELS, IMPORT_PROJECT_FILE_CHANNEL } from '../../../electron/shell/ipc-channels.ts';
import { LISTENER, NODE, alive, killAllStarted, startListener } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const runner = path.join(repo, 'test/fixtures/shell/fake-electron/run-main.mjs');
const dirs: string[] = [];

afterEach(async () => {
  await killAllStarted();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function runMain(userData: string, scenario: object): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [runner, JSON.stringify(scenario)], {
      env: { ...process.env, PORTWARDEN_USER_DATA: userData, PORTWARDEN_TEST: '1', FAKE_ELECTRON_APP_PATH: repo },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts run timed out:\n${out}`));
    }, 60_000);
    child.on('exit', () => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) return reject(new Error(`no RESULT line:\n${out}`));
      const result = JSON.parse(line.slice(7));
      if (!result.ok) return reject(new Error(`${result.error}\n--- output ---\n${out}`));
      resolve(result);
    });
  });
}

describe('electron/main.ts wiring (plain Node, stand-in Electron)', () => {
  it('starts from saved settings, guards IPC, feeds tray and notifications, and quits only after stopping services', async () => {
    const roguePort = await unusedPort();
    const servicePort = await unusedPort();
    const rogue = await startListener(roguePort, '127.0.0.1');
    const userData = mkdtempSync(path.join(tmpdir(), 'pw-main-userdata-'));
    dirs.push(userData);
    writeFileSync(
      path.join(userData, 'portwarden.json'),
      JSON.stringify({
        pollIntervalMs: 200,
        ports: [
          { port: roguePort, name: 'api', service: 'api' },
          { port: servicePort, name: 'svc', service: 'svc' },
        ],
        services: [
          { id: 'api', command: `${JSON.stringify(NODE)} -e "setInterval(()=>{},1e3)"`, port: roguePort },
          {
            id: 'svc',
            command: `${JSON.stringify(NODE)} ${JSON.stringify(LISTENER)} ${servicePort} 127.0.0.1`,
            port: servicePort,
            autoStart: true,
            graceMs: 1000,
          },
        ],
        productService: { enabled: false, port: 8010 },
      }),
    );

    const r = await runMain(userData, { roguePort });

    // Start-up order: userData first (before the single-instance lock reads it).
    const names = (r.calls as unknown[][]).map((c) => c[0]);
    expect(r.calls[0]).toEqual(['app.setPath', 'userData', userData]);
    expect(names.indexOf('app.requestSingleInstanceLock')).toBeGreaterThan(0);
    expect(r.calls.find((c: unknown[]) => c[0] === 'app.requestSingleInstanceLock')[1]).toBe(userData);
    expect(r.settingsPath).toBe(path.join(userData, 'portwarden.json'));

    // Every control method has a channel, plus the import channel; electron-store's open channel is closed.
    expect([...r.ipcChannels].sort()).toEqual(
      [...Object.values(CONTROL_CHANNELS), IMPORT_PROJECT_FILE_CHANNEL, CHOOSE_PROJECT_FOLDER_CHANNEL].sort(),
    );
    expect(r.storeListenerLeft).toBe(false);

    // Tray from live state.
    expect(r.conflictLine).toBe(`${roguePort} api — CONFLICT: node (${rogue.pid})`);
    expect(r.conflictSubmenu).toEqual(['Free port', `Kill node (${rogue.pid})`, 'Restart service', 'Copy command', 'Show in dashboard']);
    expect(r.trayImage.file).toBe(
      path.join(repo, 'build/tray', process.platform === 'darwin' ? 'tray-conflictTemplate.png' : 'tray-conflict.png'),
    );
    expect(r.trayImage.exists).toBe(true);
    expect(r.trayTooltip).toBe('Portwarden — 1 port in conflict');
    expect(r.electronMenuLabels.at(-1)).toBe('Quit Portwarden');

    // One notification for the conflict despite many polls.
    expect(r.notifications).toEqual([`Port ${roguePort} (api) taken by another process`]);

    // Window: locked down, our file, port in the hash.
    expect(r.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(r.webPreferences.preload).toBe(path.join(repo, 'electron', 'preload.cjs'));
    // Served over app://portwarden, never file://; the scheme is declared privileged before
    // the app is ready and its handler registered after.
    expect(r.windowUrl).toBe(`app://portwarden/index.html#view=ports&port=${roguePort}`);
    expect(r.calls.filter((c: unknown[]) => c[0] === 'loadFile')).toEqual([]);
    const privileged = r.calls.find((c: unknown[]) => c[0] === 'protocol.registerSchemesAsPrivileged');
    expect(privileged).toEqual([
      'protocol.registerSchemesAsPrivileged',
      [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }],
      { afterReady: false },
    ]);
    expect(r.calls.find((c: unknown[]) => c[0] === 'protocol.handle')).toEqual(['protocol.handle', 'app', { afterReady: true }]);
    expect(r.appIndex).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', nosniff: 'nosniff', hasRoot: true });
    expect(r.appIndex.csp).toContain("default-src 'none'");
    for (const refused of [r.appTraversal, r.appEncodedBackslash]) expect(refused.status).toBe(403);
    expect(r.appForeignHost.status).toBe(404);
    expect(r.appPost.status).toBe(403);
    expect(r.appMissing.status).toBe(404);
    expect(r.openHandler).toEqual([{ action: 'deny' }, { action: 'deny' }]);
    // window.open and a link navigation both go to the browser; file: never does.
    expect(r.externalOpened).toEqual(['https://example.com/docs', 'https://evil.example/']);
    expect(r.navigationPrevented).toBe(true);

    // IPC sender check and validation.
    expect(r.trustedGetState).toEqual({ ok: true, ports: [roguePort, servicePort] });
    for (const refused of [r.subFrame, r.foreignUrl, r.otherWindow, r.fileUrl])
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(r.fileUrl.error.message).toMatch(/not the dashboard/);
    expect(r.subFrame.error.message).toMatch(/not the main frame/);
    expect(r.foreignUrl.error.message).toMatch(/not the dashboard/);
    expect(r.otherWindow.error.message).toMatch(/not the dashboard window/);
    expect(r.badArgs).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(r.eventsSent).toBeGreaterThan(0);

    // The tray's Free port freed the rogue.
    expect(alive(rogue.pid)).toBe(false);

    // Quit was held (not exited on the first call), then went through once the service stopped.
    expect(r.exitedImmediately).toBe(false);
    expect(r.quitCount).toBe(2);
    expect(typeof r.servicePid).toBe('number');
    expect(alive(r.servicePid)).toBe(false);
  }, 90_000);

  it('starts with defaults when the saved settings are invalid, keeping the bad file aside', async () => {
    const userData = mkdtempSync(path.join(tmpdir(), 'pw-main-userdata-'));
    dirs.push(userData);
    writeFileSync(path.join(userData, 'portwarden.json'), JSON.stringify({ pollIntervalMs: 'often', ports: [{ port: 0 }] }));
    const r = await runMain(userData, { mode: 'startup-only' });
    expect(r.userDataFiles).toEqual(expect.arrayContaining(['portwarden.json', expect.stringMatching(/^portwarden\.json\.invalid-\d+$/)]));
    expect(r.state.ports).toEqual([]);
    expect(r.trayMenuIds).toContain('no-ports');
    expect(r.calls.some((c: unknown[]) => c[0] === 'dialog.showErrorBox')).toBe(false);
  }, 90_000);
});
