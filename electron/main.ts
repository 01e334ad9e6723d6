/**
 * Electron entry point. Thin on purpose: it orders the start-up steps Electron cares about
 * and wires the shell modules to one control runtime (docs/architecture.md, "The one picture"). Everything with logic in
 * it lives in electron/shell/* (pure parts unit-tested) or electron/core.
 */
import { app, clipboard, dialog, Notification, shell } from 'electron';
import path from 'node:path';
import { loadConfig, defaultConfig } from './core/config/index.ts';
import type { ControlState } from './core/control/contract.ts';
import { createControl } from './core/control/index.ts';
import { startEmbeddedProductService } from './product-service/embed.ts';
import { registerIpc } from './shell/ipc.ts';
import { createNotifier } from './shell/notifications.ts';
import { resolveProjectPaths } from './shell/project-import.ts';
import { createQuitGuard } from './shell/quit-guard.ts';
import { openSettings } from './shell/settings.ts';
import { startStateFeed } from './shell/state-feed.ts';
import { performTrayAction } from './shell/tray-actions.ts';
import type { TrayAction, TrayActionDeps } from './shell/tray-actions.ts';
import { trayIconDir } from './shell/tray-icon.ts';
import { createTray } from './shell/tray.ts';
import { findMenuItem } from './shell/tray-menu.ts';
import type { MenuItemDescriptor } from './shell/tray-menu.ts';
import { createDashboardWindow } from './shell/window.ts';
import { registerAppScheme, serveAppProtocol } from './shell/app-protocol.ts';
import { messageOf } from './core/control/contract.ts';

/** Stable application id: electron-builder appId, Windows AppUserModelId, macOS bundle id. */
export const APP_ID = 'dev.portwarden.app';

// 1. Tests (and anyone wanting a throwaway profile) point userData elsewhere. This must come
//    before anything reads userData, including the single-instance lock below.
if (process.env.PORTWARDEN_USER_DATA) app.setPath('userData', path.resolve(process.env.PORTWARDEN_USER_DATA));
// 2. Windows shows no notifications for an app without an AppUserModelId.
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
// 3. The dashboard's app:// scheme must be declared privileged before the app is ready.
registerAppScheme();

const log = (line: string) => console.log(`[portwarden] ${line}`);
const here = import.meta.dirname; // dist/electron

/** What the e2e test reads through app.evaluate (only with PORTWARDEN_TEST=1). */
export interface PortwardenTestHook {
  trayMenu(): MenuItemDescriptor[];
  /** Perform a tray item's action as a click would; resolves when it is done. */
  clickTrayItem(id: string): Promise<void>;
  openDashboard(port?: number): void;
  getState(): Promise<ControlState>;
  settingsPath: string;
  rendererUrl: string;
}

async function start(): Promise<void> {
  const settings = openSettings({ defaults: defaultConfig(), log });
  const control = createControl({
    config: settings.load(),
    configPath: null,
    persistConfig: (config) => settings.save(config),
    // Relative paths in a hand-edited settings file mean "next to that file"; imported
    // project files are made absolute first (project-import.ts).
    baseDir: path.dirname(settings.path),
    onError: (message) => log(message),
    startProductService: startEmbeddedProductService,
  });
  serveAppProtocol(path.join(here, '..', 'renderer'), log);
  const dashboard = createDashboardWindow({
    preloadPath: path.join(here, 'preload.cjs'),
    log,
  });

  const importProjectFile = async () => {
    const choice = await dialog.showOpenDialog({
      title: 'Import a Portwarden project file',
      properties: ['openFile'],
      filters: [{ name: 'Portwarden project', extensions: ['json'] }],
    });
    const file = choice.filePaths[0];
    if (choice.canceled || !file) return null;
    const loaded = await loadConfig(file); // validates; throws naming the bad field
    return control.saveConfig(resolveProjectPaths(loaded.config, loaded.baseDir));
  };

  const loginItemsSupported = process.platform === 'darwin' || process.platform === 'win32';
  let lastState: ControlState | null = null;
  const actionDeps: TrayActionDeps = {
    control,
    copyText: (text) => clipboard.writeText(text),
    openDashboard: (port, view) => dashboard.show(view ?? port),
    openUrl: (url) => void shell.openExternal(url),
    setStartAtLogin: (enabled) => {
      app.setLoginItemSettings({ openAtLogin: enabled });
      if (lastState) tray.update(lastState);
    },
    importProjectFile,
    quit: () => app.quit(),
    reportError: (failed, error) => {
      const message =
        error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)
          ? String((error as { message: unknown }).message)
          : String(error);
      log(`${failed.type} failed: ${message}`);
      if (Notification.isSupported()) new Notification({ title: 'Portwarden could not do that', body: message }).show();
    },
    reportDone: (done, message) => {
      log(`${done.type}: ${message}`);
      if (Notification.isSupported()) new Notification({ title: 'Portwarden', body: message, silent: true }).show();
    },
  };
  const perform = (action: TrayAction) => void performTrayAction(action, actionDeps);

  const chooseProjectFolder = async (): Promise<string | null> => {
    const choice = await dialog.showOpenDialog({ title: 'Detect ports from a project folder', properties: ['openDirectory'] });
    return choice.canceled ? null : (choice.filePaths[0] ?? null);
  };
  registerIpc({ control, dashboard: dashboard.current, rendererUrl: dashboard.rendererUrl, importProjectFile, chooseProjectFolder, log });
  const tray = createTray(await control.getState(), {
    iconDir: trayIconDir({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() }),
    platform: process.platform,
    flags: () => ({
      startAtLogin: loginItemsSupported && app.getLoginItemSettings().openAtLogin,
      startAtLoginSupported: loginItemsSupported,
    }),
    perform,
    onClick: () => dashboard.show(),
  });
  const notifier = createNotifier({ platform: process.platform, now: Date.now, perform, log });
  // "Listening now": read after a state change (at most every 10 s) and when the tray is
  // clicked, never on a timer, so an idle app adds no reads (tray-listening.ts).
  let listeningAt = 0;
  const refreshListening = (): void => {
    if (Date.now() - listeningAt < 10_000) return;
    listeningAt = Date.now();
    control.getAllListeners().then(
      (all) => tray.setListening(all),
      (error: unknown) => log(`listeners refresh failed: ${String(error)}`),
    );
  };
  tray.onOpen(refreshListening);
  startStateFeed({
    control,
    onState: (state) => {
      lastState = state;
      tray.update(state);
      refreshListening();
      notifier.observe(state);
    },
    onError: (error) => log(`state refresh failed: ${String(error)}`),
    schedule: (fn, ms) => setTimeout(fn, ms),
  });

  // Quit = stop managed services first (no orphans), then exit.
  const guard = createQuitGuard({
    stop: () => control.stop({ stopServices: true }),
    quit: () => app.quit(),
    log,
    setTimer: setTimeout,
    timeoutMs: 15_000,
  });
  app.on('before-quit', (event) => {
    if (!guard.onBeforeQuit()) event.preventDefault();
  });
  app.on('second-instance', () => dashboard.show());
  app.on('activate', () => dashboard.show());
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);

  if (process.env.PORTWARDEN_TEST === '1') {
    const hook: PortwardenTestHook = {
      trayMenu: () => tray.lastMenu(),
      clickTrayItem: async (id) => {
        const item = findMenuItem(tray.lastMenu(), id);
        if (!item?.action || !item.enabled) throw new Error(`tray item ${id} is missing or disabled`);
        await performTrayAction(item.action, actionDeps);
      },
      openDashboard: (port) => dashboard.show(port),
      getState: () => control.getState(),
      settingsPath: settings.path,
      rendererUrl: dashboard.rendererUrl,
    };
    (globalThis as { __portwardenTest?: PortwardenTestHook }).__portwardenTest = hook;
  }

  await control.start();
  log(`running; settings in ${settings.path}`);
}

// 4. One Portwarden per user: a second launch focuses the first one's dashboard.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = messageOf(error);
      log(`failed to start: ${message}`);
      dialog.showErrorBox('Portwarden could not start', message);
      app.exit(1);
    });
}
