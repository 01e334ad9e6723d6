import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../e2e/support/electron-binary.ts';

const dirs: string[] = [];
function packageDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-electron-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('finding the Electron binary without downloading it', () => {
  it('skips with a reason when path.txt is missing (never downloaded, as on this machine)', () => {
    const found = findElectronBinary({ packageDir: packageDir(), env: { DISPLAY: ':0' }, platform: 'linux' });
    expect(found.path).toBeUndefined();
    expect(found.skip).toMatch(/not installed.*path\.txt is missing.*install\.js/s);
  });

  it('skips when path.txt names a binary that is not there', () => {
    const dir = packageDir();
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    expect(findElectronBinary({ packageDir: dir, env: { DISPLAY: ':0' }, platform: 'linux' }).skip).toMatch(/does not exist/);
  });

  it('finds dist/<path.txt> when it exists, and honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dir = packageDir();
    writeFileSync(path.join(dir, 'path.txt'), 'Electron.app/Contents/MacOS/Electron');
    mkdirSync(path.join(dir, 'dist/Electron.app/Contents/MacOS'), { recursive: true });
    writeFileSync(path.join(dir, 'dist/Electron.app/Contents/MacOS/Electron'), '');
    expect(findElectronBinary({ packageDir: dir, env: {}, platform: 'darwin' })).toEqual({
      path: path.join(dir, 'dist/Electron.app/Contents/MacOS/Electron'),
    });
    const override = packageDir();
    writeFileSync(path.join(override, 'Electron.app'), '');
    const other = findElectronBinary({ packageDir: dir, env: { ELECTRON_OVERRIDE_DIST_PATH: override }, platform: 'darwin' });
    expect(other.skip).toMatch(/does not exist/); // override + path.txt, like index.js
  });

  it('on Linux without a display, says to use xvfb-run', () => {
    const dir = packageDir();
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist/electron'), '');
    expect(findElectronBinary({ packageDir: dir, env: {}, platform: 'linux' }).skip).toMatch(/xvfb-run/);
    expect(findElectronBinary({ packageDir: dir, env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux' }).path).toBe(
      path.join(dir, 'dist/electron'),
    );
  });
});
