/**
 * Importing a project file (portwarden.json) into the app's settings. The settings live in
 * userData, far from the project, so relative paths in the file (service `cwd`, the product
 * service's `productsFile` / `dbFile`) are made absolute against the file's directory
 * first; otherwise `cwd: "."` would run the service in the wrong place. Pure.
 */
import path from 'node:path';
import type { PortwardenConfig } from '../core/control/contract.ts';

function absolute(value: string, baseDir: string): string {
  return path.isAbsolute(value) ? value : path.resolve(baseDir, value);
}

/** A copy of `config` with every relative path resolved against `baseDir`. */
export function resolveProjectPaths(config: PortwardenConfig, baseDir: string): PortwardenConfig {
  const copy = structuredClone(config);
  for (const service of copy.services) service.cwd = absolute(service.cwd ?? '.', baseDir);
  const product = copy.productService;
  if (typeof product.productsFile === 'string' && product.productsFile !== '')
    product.productsFile = absolute(product.productsFile, baseDir);
  // ':memory:' is SQLite's in-memory database, not a path.
  if (typeof product.dbFile === 'string' && product.dbFile !== '' && product.dbFile !== ':memory:')
    product.dbFile = absolute(product.dbFile, baseDir);
  return copy;
}
