/**
 * The tray's "Listening now" submenu (pure model): dev servers only, grouped by project,
 * bounded in length with the rest counted, one entry per process, and the All listeners
 * view's actions carrying what the row showed.
 */
import { describe, expect, it } from 'vitest';
import { listeningNowItems, MAX_LISTENING_ROWS } from '../../../electron/shell/tray-listening.ts';
import { buildTrayMenu, findMenuItem } from '../../../electron/shell/tray-menu.ts';
import { performTrayAction } from '../../../electron/shell/tray-actions.ts';
import { listenerRow } from '../../support/listener-row.ts';
import type { ControlState } from '../../../electron/core/control/contract.ts';
import { createRecordingControl } from '../../fixtures/shell/recording-control.ts';

const row = listenerRow;

const labels = (items: ReturnType<typeof listeningNowItems>) => items.filter((i) => i.type !== 'separator').map((i) => i.label);

describe('Listening now', () => {
  it('groups dev servers by project, one entry per process, and says what it hid', () => {
    const items = listeningNowItems([
      row({ port: 5173, pid: 10, name: 'node', http: true }),
      row({ port: 5173, pid: 10, address: '::1', family: 'IPv6' }),
      row({ port: 8000, pid: 12, name: 'python3', project: 'billing', watched: true }),
      row({ port: 22, pid: 1, name: 'sshd', kind: 'system', kindReason: 'system service sshd' }),
    ]);
    expect(labels(items)).toEqual([
      'billing',
      '8000 — python3 (12) · watched',
      'shop',
      '5173 — node (10)',
      "Show all listeners (1 hidden (system services, other users' and desktop apps))…",
    ]);
    const shop = items.find((i) => i.id === 'listening-5173-10')!;
    expect(shop.submenu!.map((i) => [i.label, i.enabled])).toEqual([
      ['Free port 5173', true],
      ['Kill node (10)', true],
      ['Copy command', true],
      ['Open in browser', true],
      ['Watch this port', true],
    ]);
    expect(findMenuItem(items, 'listening-5173-10-open')?.action).toEqual({ type: 'open-url', url: 'http://127.0.0.1:5173/' });
    expect(findMenuItem(items, 'listening-5173-10-watch')?.action).toEqual({
      type: 'watch-port',
      port: 5173,
      pid: 10,
      command: 'node server.js',
    });
    expect(findMenuItem(items, 'listening-5173-10-free')?.action).toEqual({
      type: 'free-port',
      port: 5173,
      owners: [{ pid: 10, command: 'node server.js' }],
    });
    // Not probed or not HTTP: no Open in browser; watched: no Watch.
    expect(findMenuItem(items, 'listening-8000-12-open')?.enabled).toBe(false);
    expect(findMenuItem(items, 'listening-8000-12-watch')).toMatchObject({ label: 'Watched', enabled: false });
  });

  it('offers to stop the container for a port Docker publishes, never to kill docker-proxy', () => {
    const items = listeningNowItems([
      row({
        port: 8080,
        pid: 7,
        name: 'docker-proxy',
        user: 'root',
        project: null,
        behind: { kind: 'docker-container', id: 'abc', name: 'shop-web-1', image: 'nginx', containerPort: 80 },
      }),
    ]);
    expect(labels(items).slice(0, 2)).toEqual(['docker: shop-web-1', '8080 — docker-proxy (7)']);
    const sub = items.find((i) => i.id === 'listening-8080-7')!.submenu!;
    expect(sub.map((i) => i.label)).toEqual(['Stop container shop-web-1', 'Copy command']);
    expect(sub[0]!.action).toEqual({
      type: 'free-port',
      port: 8080,
      owners: [{ pid: 7, command: 'node server.js' }],
      stopContainers: true,
    });
  });

  it(`shows at most ${MAX_LISTENING_ROWS} processes and counts the rest`, () => {
    const many = Array.from({ length: 40 }, (_, i) => row({ port: 4000 + i, pid: 500 + i, project: `p${String(i).padStart(2, '0')}` }));
    const items = listeningNowItems(many);
    expect(items.filter((i) => i.type === 'submenu')).toHaveLength(MAX_LISTENING_ROWS);
    expect(items.at(-1)).toMatchObject({
      label: 'Show all listeners (25 more, none hidden)…',
      action: { type: 'open-dashboard', view: 'listeners' },
    });
  });

  it('says when nothing is read yet or nothing listens, and escapes names for menu labels', () => {
    expect(labels(listeningNowItems(null))).toEqual(['Reading…']);
    expect(labels(listeningNowItems([]))[0]).toBe('No dev server is listening');
    expect(labels(listeningNowItems([row({ project: 'R&D', name: 'a\nb' })])).slice(0, 2)).toEqual(['R&&D', '3000 — a\\nb (100)']);
  });

  it('sits in the tray menu, and its Watch and Open actions reach the control API and the browser', async () => {
    const state = {
      overall: 'ok',
      overallText: 'all good',
      critical: [],
      paused: false,
      pollIntervalMs: 1000,
      updatedAt: 0,
      ports: [],
      services: [],
      productService: null,
    } as unknown as ControlState;
    const menu = buildTrayMenu(state, { startAtLogin: false, startAtLoginSupported: false }, { takenAt: 0, rows: [row({ http: true })] });
    expect(findMenuItem(menu, 'listening')?.type).toBe('submenu');
    const control = createRecordingControl();
    const seen: string[] = [];
    const deps = {
      control,
      copyText: () => undefined,
      openDashboard: () => undefined,
      openUrl: (u: string) => seen.push(`open ${u}`),
      setStartAtLogin: () => undefined,
      importProjectFile: async () => null,
      quit: () => undefined,
      reportError: (_a: unknown, e: unknown) => seen.push(`error ${(e as Error).message}`),
      reportDone: (_a: unknown, m: string) => seen.push(`done ${m}`),
    };
    await performTrayAction(findMenuItem(menu, 'listening-3000-100-watch')!.action!, deps);
    await performTrayAction(findMenuItem(menu, 'listening-3000-100-open')!.action!, deps);
    await performTrayAction({ type: 'open-url', url: 'http://example.com:80/' }, deps);
    expect(control.calls).toEqual([{ method: 'watchPort', args: [3000, { pid: 100, command: 'node server.js' }] }]);
    expect(seen).toEqual(['done Watching 3000.', 'open http://127.0.0.1:3000/', 'error not a loopback address: http://example.com:80/']);
  });
});
