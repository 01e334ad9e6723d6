/**
 * Find the Electron executable WITHOUT triggering a download. `require('electron')` in
 * Electron 45 (node_modules/electron/index.js) returns the executable's path, but when the
 * binary is missing it first spawns install.js to download it — which hangs or fails on a
 * machine without network. So this repeats index.js's lookup (path.txt, dist/,
 * ELECTRON_OVERRIDE_DIST_PATH) read-only and reports why the binary is unusable.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { path: string; skip?: undefined } | { path?: undefined; skip: string };

export interface BinaryLookup {
  /** Directory of the electron package (node_modules/electron). */
  packageDir: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists?: (file: string) => boolean;
  read?: (file: string) => string;
}

export function findElectronBinary(lookup: BinaryLookup): ElectronBinary {
  const exists = lookup.exists ?? existsSync;
  const read = lookup.read ?? ((file: string) => readFileSync(file, 'utf8'));
  const pathFile = path.join(lookup.packageDir, 'path.txt');
  const executable = exists(pathFile) ? read(pathFile).trim() : null;
  let binary: string;
  if (lookup.env.ELECTRON_OVERRIDE_DIST_PATH) {
    binary = path.join(lookup.env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
  } else if (executable) {
    binary = path.join(lookup.packageDir, 'dist', executable);
  } else {
    return {
      skip:
        `the Electron binary is not installed (${pathFile} is missing). Electron >= 42 downloads it on first run, ` +
        'not at npm install; run `node node_modules/electron/install.js` on a machine with network access.',
    };
  }
  if (!exists(binary)) {
    return {
      skip: `the Electron binary ${binary} does not exist (download incomplete or removed); run \`node node_modules/electron/install.js\`.`,
    };
  }
  if (lookup.platform === 'linux' && !lookup.env.DISPLAY && !lookup.env.WAYLAND_DISPLAY) {
    return { skip: 'no display (DISPLAY / WAYLAND_DISPLAY unset); run the tests under `xvfb-run -a`.' };
  }
  return { path: binary };
}
