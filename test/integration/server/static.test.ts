import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import { startServer } from '../../../electron/core/server/create-server.ts';
import type { RunningServer } from '../../../electron/core/server/create-server.ts';
import { tokenFromHash } from '../../../renderer/src/lib/token.ts';

let dir = '';
let control: ControlRuntime;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-static-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>dash</title><script type="module" src="./assets/app.js"></script>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log("dashboard")');
  control = createControl({ config: { pollIntervalMs: 1000 } as never, persistConfig: () => undefined });
  server = await startServer({ control, token: 'static-test-token-0123456789', port: 0, rendererDir: dir });
});

afterAll(async () => {
  await server.close();
  await control.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('static dashboard', () => {
  it('serves index.html at / and assets, with the CSP, without a token', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>dash</title>');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const js = await fetch(`${server.url}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(server.dashboardUrl).toBe(`${server.url}/#token=static-test-token-0123456789`);
  });

  it('does not serve files outside the dashboard directory', async () => {
    const res = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('root:');
  });

  it('still protects /api', async () => {
    expect((await fetch(`${server.url}/api/state`)).status).toBe(401);
  });

  it('prints a dashboard address whose fragment gives back any token exactly (+, &, #, % included)', async () => {
    const token = 'a+b&c#d%25e=f-0123456789';
    const odd = await startServer({ control, token, port: 0, rendererDir: dir });
    try {
      expect(tokenFromHash(new URL(odd.dashboardUrl).hash)).toBe(token);
      const res = await fetch(`${odd.url}/api/state`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    } finally {
      await odd.close();
    }
  });
});
