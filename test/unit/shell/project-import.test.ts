import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { resolveProjectPaths } from '../../../electron/shell/project-import.ts';

describe('project file import', () => {
  const base = path.resolve('/home/dev/shop');
  const config: PortwardenConfig = {
    pollIntervalMs: 1000,
    ports: [{ port: 8000 }],
    services: [
      { id: 'api', command: 'npm run dev', cwd: 'api' },
      { id: 'web', command: 'npm start' },
      { id: 'abs', command: 'x', cwd: path.resolve('/srv/abs') },
    ],
    productService: { enabled: true, port: 8010, productsFile: 'data/products.txt', dbFile: ':memory:' },
  };

  it('makes relative service cwd and product-service files absolute against the project directory', () => {
    const out = resolveProjectPaths(config, base);
    expect(out.services.map((s) => s.cwd)).toEqual([path.join(base, 'api'), base, path.resolve('/srv/abs')]);
    expect(out.productService.productsFile).toBe(path.join(base, 'data/products.txt'));
    expect(out.productService.dbFile).toBe(':memory:');
    expect(config.services[0]!.cwd).toBe('api'); // input untouched
  });
});
