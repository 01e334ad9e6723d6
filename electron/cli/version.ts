import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Read from our package.json so `--version` never drifts. Walks up because this file runs
 * both from source (electron/cli/) and compiled (dist/electron/cli/).
 */
function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'portwarden' && pkg.version) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}

/** Set by build/bundle-cli.ts in the bundle, so a command does not read package.json to start. */
declare const __PORTWARDEN_VERSION__: string | undefined;

export const VERSION = typeof __PORTWARDEN_VERSION__ === 'string' ? __PORTWARDEN_VERSION__ : readVersion();
