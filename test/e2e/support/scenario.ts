/**
 * The temporary project the dashboard e2e and the screenshots run against: a managed
 * service that Portwarden starts (api), a managed port left free for a rogue to take
 * (web), a service whose required env var is missing (worker → critical diagnostics), and
 * the real product service on a free port.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unusedPort } from '../../support/unused-port.ts';

export const MISSING_ENV = 'PORTWARDEN_E2E_MISSING_TOKEN';
/** Products loaded from the products file at start: in the filter and the database, not yet cached. */
export const CATALOGUE_SIZE = 500;

export interface Scenario {
  dir: string;
  configPath: string;
  apiPort: number;
  webPort: number;
  productPort: number;
}

export async function writeScenario(): Promise<Scenario> {
  const dir = mkdtempSync(join(tmpdir(), 'portwarden-dashboard-e2e-'));
  const [apiPort, webPort, productPort] = [await unusedPort(), await unusedPort(), await unusedPort()];
  const config = {
    pollIntervalMs: 500,
    ports: [
      {
        port: apiPort,
        name: 'API',
        service: 'api',
        health: { url: `http://127.0.0.1:${apiPort}/`, routes: ['/', '/portwarden.json'], intervalMs: 1000, timeoutMs: 1000 },
      },
      { port: webPort, name: 'Web', service: 'web' },
    ],
    services: [
      {
        id: 'api',
        command: `python3 -u -m http.server ${apiPort} --bind 127.0.0.1`,
        cwd: dir,
        port: apiPort,
        autoStart: true,
        autoRestart: false,
        graceMs: 2000,
      },
      {
        id: 'web',
        command: `python3 -u -m http.server ${webPort} --bind 127.0.0.1`,
        cwd: dir,
        port: webPort,
        autoStart: false,
        autoRestart: false,
        graceMs: 2000,
      },
      { id: 'worker', command: 'python3 -c "import time; time.sleep(3600)"', cwd: dir, requiredEnv: [MISSING_ENV], autoStart: false },
    ],
    productService: {
      enabled: true,
      port: productPort,
      host: '127.0.0.1',
      productsFile: join(dir, 'products.txt'),
      dbFile: null,
      redisUrl: null,
    },
  };
  const configPath = join(dir, 'portwarden.json');
  const lines = ['id,name,price'];
  for (let i = 0; i < CATALOGUE_SIZE; i++) lines.push(`SKU-${i},Product ${i},${(1 + (i % 50)).toFixed(2)}`);
  writeFileSync(join(dir, 'products.txt'), `${lines.join('\n')}\n`);
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dir, configPath, apiPort, webPort, productPort };
}

/** The environment for `portwarden serve`: ours, minus the variable the worker requires. */
export function serveEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env[MISSING_ENV];
  delete env.REDIS_URL;
  return env;
}
