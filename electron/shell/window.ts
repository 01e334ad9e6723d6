/**
 * The dashboard window: one BrowserWindow, locked down per the Electron security
 * checklist, showing the built renderer over app://portwarden/index.html (app-url.ts,
 * app-protocol.ts) with the port to focus in the URL fragment (`#view=ports&port=8000`).
 */
import { BrowserWindow, session, shell } from 'electron';
import { RENDERER_URL, rendererUrlWithHash } from './app-url.ts';
import { dashboardHash, isAllowedPermission, isSafeExternalUrl, withCsp } from './window-policy.ts';
import { messageOf } from '../core/control/contract.ts';

export interface DashboardWindowOptions {
  /** Absolute path of dist/electron/preload.cjs. */
  preloadPath: string;
  log(line: string): void;
}

export interface DashboardWindow {
  /** Show (create if needed) and focus; `port` selects that port in the dashboard. */
  /** `port`: the Ports view focused on it; 'listeners': the All listeners view. */
  show(port?: number | 'listeners'): void;
  /** The live window, or null when closed. */
  current(): BrowserWindow | null;
  /** app://portwarden/index.html (what ipc.ts trusts). */
  readonly rendererUrl: string;
}

let sessionHardened = false;

/** Session-wide rules: CSP on every response, no permission prompts. Applied once. */
function hardenSession(log: (line: string) => void): void {
  if (sessionHardened) return;
  sessionHardened = true;
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  // The dashboard needs no camera, notifications-from-page, geolocation, … ; only writing
  // to the clipboard (its Copy buttons) is allowed.
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    const allowed = isAllowedPermission(permission);
    if (!allowed) log(`denied permission request: ${permission}`);
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission) => isAllowedPermission(permission));
}

export function createDashboardWindow(options: DashboardWindowOptions): DashboardWindow {
  const rendererUrl = RENDERER_URL;
  let win: BrowserWindow | null = null;

  const load = (target: BrowserWindow, port?: number | 'listeners') => {
    target.loadURL(rendererUrlWithHash(dashboardHash(port))).catch((error: unknown) => {
      options.log(`dashboard failed to load: ${messageOf(error)}`);
    });
  };

  const create = (port?: number | 'listeners'): BrowserWindow => {
    hardenSession(options.log);
    const created = new BrowserWindow({
      width: 1100,
      height: 760,
      minWidth: 720,
      minHeight: 480,
      title: 'Portwarden',
      show: false,
      webPreferences: {
        preload: options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        spellcheck: false,
      },
    });
    const contents = created.webContents;
    // window.open / target=_blank: never a new Electron window; web links go to the browser.
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) {
        shell.openExternal(url).catch(() => undefined);
      } else {
        options.log(`blocked window.open(${url.slice(0, 200)})`);
      }
      return { action: 'deny' };
    });
    // The page never navigates away from app://portwarden/index.html (hash changes are
    // in-page and not reported here); links to the web open in the browser instead.
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      if (isSafeExternalUrl(url)) shell.openExternal(url).catch(() => undefined);
      else options.log(`blocked navigation to ${url.slice(0, 200)}`);
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    created.once('ready-to-show', () => created.show());
    created.on('closed', () => {
      if (win === created) win = null;
    });
    load(created, port);
    return created;
  };

  return {
    rendererUrl,
    current: () => (win && !win.isDestroyed() ? win : null),
    show(port) {
      if (!win || win.isDestroyed()) {
        win = create(port);
        return;
      }
      if (port !== undefined) load(win, port);
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    },
  };
}
