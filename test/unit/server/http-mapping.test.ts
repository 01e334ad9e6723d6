/**
 * Every control method over HTTP, as ipc-mapping.test.ts does for IPC: the dashboard's HTTP
 * client (renderer/src/lib/http-api.ts) against the real server (core/server) on a loopback
 * port, with a recording ControlApi behind it. Both ends are generated from the control
 * table, so this walks the table: each method reaches the control API with the same checked
 * arguments a direct call gets, answers with its value, and refuses bad input before the
 * control API is called.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_METHODS, CONTROL_TABLE } from '../../../electron/core/control/contract.ts';
import { startServer } from '../../../electron/core/server/create-server.ts';
import type { RunningServer } from '../../../electron/core/server/create-server.ts';
import { createHttpApi } from '../../../renderer/src/lib/http-api.ts';
import { createRecordingControl, SAMPLE_CONFIG } from '../../fixtures/shell/recording-control.ts';

const TOKEN = 'http-mapping-token-0123456789';
const control = createRecordingControl();
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ control, token: TOKEN, port: 0, rendererDir: null });
});

afterAll(async () => {
  await server?.close();
});

/** Arguments for one call of each method, as a dashboard would pass them. */
const SAMPLE_ARGS: Record<string, unknown[]> = {
  listListeners: [[8000, 8001]],
  watchPort: [8000, { pid: 4121, command: 'python3 -m http.server', name: 'shop' }],
  detectProject: ['/srv/shop'],
  freePort: [8000, { graceMs: 500, owners: [{ pid: 4121, startTime: '123', command: 'python3 -m http.server' }] }],
  killProcess: [4121, { graceMs: 100, command: 'python3 -m http.server', startTime: '123' }],
  startService: ['api'],
  stopService: ['api'],
  restartService: ['api'],
  freeAndStart: ['api'],
  getServiceLogs: ['api', 50],
  saveConfig: [SAMPLE_CONFIG],
  setPaused: [true],
};

/** The public routes (README, "HTTP API"): changing one is a decision, not an accident. */
const ROUTES: Record<string, string> = {
  getState: 'GET /api/state',
  listListeners: 'GET /api/listeners',
  getAllListeners: 'GET /api/listeners/all',
  watchPort: 'POST /api/ports/:port/watch',
  detectProject: 'POST /api/init/detect',
  freePort: 'POST /api/ports/:port/free',
  killProcess: 'POST /api/processes/:pid/kill',
  startService: 'POST /api/services/:id/start',
  stopService: 'POST /api/services/:id/stop',
  restartService: 'POST /api/services/:id/restart',
  freeAndStart: 'POST /api/services/:id/free-and-start',
  runHealthChecks: 'POST /api/health/run',
  getDiagnostics: 'GET /api/diagnostics',
  getServiceLogs: 'GET /api/services/:id/logs',
  getProductServiceState: 'GET /api/product-service',
  startProductService: 'POST /api/product-service/start',
  stopProductService: 'POST /api/product-service/stop',
  getConfig: 'GET /api/config',
  saveConfig: 'PUT /api/config',
  setPaused: 'POST /api/pause',
};

describe('control methods over HTTP', () => {
  it('the table gives every method the route the README documents', () => {
    const routes = Object.fromEntries(CONTROL_METHODS.map((m) => [m, `${CONTROL_TABLE[m].http.verb} ${CONTROL_TABLE[m].http.path}`]));
    expect(routes).toEqual(ROUTES);
  });

  it('every method reaches the control API with the arguments a direct call would get, and returns its answer', async () => {
    const api = createHttpApi({ baseUrl: server.url, token: TOKEN });
    for (const method of CONTROL_METHODS) {
      control.calls.length = 0;
      const args = SAMPLE_ARGS[method] ?? [];
      const answer = await (api[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      const expected = await (control[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      expect(control.calls, method).toEqual([
        { method, args },
        { method, args },
      ]);
      expect(answer, method).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });

  it('optional arguments left out stay left out', async () => {
    const api = createHttpApi({ baseUrl: server.url, token: TOKEN });
    control.calls.length = 0;
    await api.listListeners();
    await api.freePort(8000);
    await api.killProcess(4121);
    await api.getServiceLogs('api');
    expect(control.calls).toEqual([
      { method: 'listListeners', args: [] },
      { method: 'freePort', args: [8000] },
      { method: 'killProcess', args: [4121] },
      { method: 'getServiceLogs', args: ['api'] },
    ]);
  });

  it('bad arguments are refused with 400 invalid-argument before the control API is called', async () => {
    const api = createHttpApi({ baseUrl: server.url, token: TOKEN });
    control.calls.length = 0;
    const bad: [string, unknown[]][] = [
      ['freePort', [0]],
      ['freePort', [70000]],
      ['freePort', [8000, { graceMs: -1 }]],
      ['freePort', [8000, { grace: 100 }]],
      ['killProcess', [-5]],
      ['killProcess', [4121, { command: '' }]],
      ['getServiceLogs', ['api', 10_000_000]],
      ['setPaused', ['yes']],
      ['saveConfig', [[1, 2]]],
      ['listListeners', [[0]]],
      // Encoded into one path segment, the slashes reach the parser, which refuses the id.
      ['startService', ['../etc/passwd']],
    ];
    for (const [method, args] of bad) {
      const fn = (api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
      await expect(fn(...args), `${method}(${JSON.stringify(args)})`).rejects.toMatchObject({ code: 'invalid-argument', status: 400 });
    }
    expect(control.calls).toEqual([]);
  });

  it('control errors keep their code and message', async () => {
    const api = createHttpApi({ baseUrl: server.url, token: TOKEN });
    await expect(api.getServiceLogs('missing')).rejects.toMatchObject({ code: 'not-found', status: 404, message: 'no service "missing"' });
  });
});
