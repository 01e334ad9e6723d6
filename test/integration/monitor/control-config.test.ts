/**
 * saveConfig applies what it saves: watch list, services added/removed (a removed running
 * service is stopped with its whole group), the embedded product service, pause/resume.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import { startEmbeddedProductService } from '../../../electron/product-service/embed.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { alive, childrenOf, killAllStarted, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let control: ControlRuntime | null = null;
afterEach(async () => {
  await control?.stop();
  control = null;
  await killAllStarted();
});

describe('saveConfig applies', () => {
  it('adds and removes services; a removed running service is stopped with its group', async () => {
    const saved: PortwardenConfig[] = [];
    control = createControl({
      config: { pollIntervalMs: 200, services: [{ id: 'a', command: 'sleep 60 & wait', graceMs: 500 }] } as never,
      persistConfig: (c) => void saved.push(c),
    });
    await control.start();
    const a = (await control.startService('a')).service;
    const kids = await waitFor(() => {
      const k = childrenOf(a.pid!);
      return k.length > 0 ? k : null;
    });
    const config = await control.getConfig();
    const port = await unusedPort();
    const next = { ...config, ports: [{ port, name: 'b-port' }], services: [{ id: 'b', command: 'true', port }] };
    const result = await control.saveConfig(next);
    expect(result.services.map((s) => s.id)).toEqual(['b']);
    expect(saved).toHaveLength(1);
    const state = await control.getState();
    expect(state.services.map((s) => s.id)).toEqual(['b']);
    expect(state.ports.map((p) => [p.port, p.name, p.service])).toEqual([[port, 'b-port', 'b']]);
    for (const pid of [a.pid!, ...kids]) expect(alive(pid)).toBe(false);
    await expect(control.startService('a')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('an invalid config is refused, names the field, and changes nothing', async () => {
    const saved: PortwardenConfig[] = [];
    control = createControl({ config: { pollIntervalMs: 200 } as never, persistConfig: (c) => void saved.push(c) });
    await control.start();
    await expect(control.saveConfig({ pollIntervalMs: 200, ports: [{ port: 1, service: 'ghost' }] } as never)).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringContaining('ports[0].service "ghost" is not the id of a configured service'),
    });
    expect(saved).toEqual([]);
    expect((await control.getState()).ports).toEqual([]);
  });

  it('without a product-service starter (core never imports the service) starting it is "unavailable"', async () => {
    control = createControl({ config: { pollIntervalMs: 500 } as never, persistConfig: () => undefined });
    await expect(control.startProductService()).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('not part of this runtime'),
    });
    expect(await control.getProductServiceState()).toMatchObject({ running: false, url: null });
  });

  it('enables, reports and stops the embedded product service', async () => {
    control = createControl({
      config: { pollIntervalMs: 500 } as never,
      persistConfig: () => undefined,
      startProductService: startEmbeddedProductService,
    });
    await control.start();
    expect(await control.getProductServiceState()).toMatchObject({ enabled: false, running: false, url: null });
    const config = await control.getConfig();
    const fixedPort = await unusedPort();
    await control.saveConfig({
      ...config,
      productService: { enabled: true, port: fixedPort, host: '127.0.0.1', productsFile: null, dbFile: null, redisUrl: null },
    });
    const running = await control.getProductServiceState();
    expect(running).toMatchObject({ enabled: true, running: true });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.bloom!.hash_function_count).toBe(7);
    const health = await fetch(`${running.url}/health`);
    expect(health.status).toBe(200);
    // Its port is held by this very process: diagnostics must call that expected, not critical.
    const productPort = Number(new URL(running.url!).port);
    expect(productPort).toBe(fixedPort);
    const diagnostics = await control.getDiagnostics();
    expect(diagnostics.checks.find((c) => c.name === `port:${productPort}`)).toMatchObject({
      status: 'ok',
      message: `port ${productPort} is in use by the embedded product service (expected)`,
    });
    expect(diagnostics.summary.critical).toEqual([]);
    expect(await control.stopProductService()).toMatchObject({ running: false, url: null });
    expect((await control.startProductService()).running).toBe(true);
  });

  it("reports the embedded service's bad products-file lines in its state and its log", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-embedded-products-'));
    try {
      await writeFile(join(dir, 'products.txt'), 'A1,Anvil,10\nbad id!,x,1\nA2,Axe,notaprice\nA3\n');
      const logged: string[] = [];
      control = createControl({
        config: { pollIntervalMs: 500, productService: { enabled: true, port: await unusedPort(), productsFile: 'products.txt' } } as never,
        baseDir: dir,
        persistConfig: () => undefined,
        log: (line) => logged.push(line),
        startProductService: startEmbeddedProductService,
      });
      await control.start();
      const state = await waitFor(
        async () => {
          const p = await control!.getProductServiceState();
          return p.running ? p : null;
        },
        20_000,
        'product service running',
      );
      expect(state.productsLoad).toMatchObject({ file: join(dir, 'products.txt'), accepted: 2, inserted: 2, problemCount: 2 });
      expect(state.productsLoad!.problems.map((p) => p.line)).toEqual([2, 3]);
      expect(logged.filter((l) => l.startsWith(`product service: ${join(dir, 'products.txt')}:`))).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('pause stops polling; resume polls at once', async () => {
    control = createControl({
      config: { pollIntervalMs: 100, ports: [{ port: await unusedPort() }] } as never,
      persistConfig: () => undefined,
    });
    await control.start();
    const paused = await control.setPaused(true);
    expect(paused).toMatchObject({ paused: true, overall: 'paused' });
    const before = control.monitorStats().polls;
    await new Promise((r) => setTimeout(r, 500));
    expect(control.monitorStats().polls).toBe(before);
    expect((await control.setPaused(false)).paused).toBe(false);
    expect(control.monitorStats().polls).toBeGreaterThan(before);
    await expect(control.setPaused('yes' as never)).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});
