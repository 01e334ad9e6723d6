/**
 * How app://portwarden requests map to the built dashboard files (electron/shell/app-url.ts):
 * the one decision between the window and the file system, unit-tested without Electron.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, RENDERER_URL, rendererUrlWithHash, resolveAppRequest } from '../../../electron/shell/app-url.ts';

const root = path.resolve('/opt/Portwarden/resources/app.asar/dist/renderer');
const ok = (url: string) => {
  const r = resolveAppRequest(url, root);
  return r.ok ? path.relative(root, r.file) : `refused ${r.status}`;
};

describe('resolveAppRequest', () => {
  it('serves index.html for / and the built assets with their types', () => {
    expect(ok('app://portwarden/')).toBe('index.html');
    expect(ok('app://portwarden/index.html#view=ports&port=8000')).toBe('index.html');
    expect(ok('app://portwarden/assets/index-Bx1.js?v=1')).toBe(path.join('assets', 'index-Bx1.js'));
    expect(ok('app://portwarden/favicon.svg')).toBe('favicon.svg');
    expect(ok('app://portwarden/assets/a%20b.css')).toBe(path.join('assets', 'a b.css'));
    const js = resolveAppRequest('app://portwarden/assets/x.js', root);
    expect(js.ok && js.contentType).toBe('text/javascript; charset=utf-8');
  });

  it('never leaves the renderer folder, however the path is spelled', () => {
    for (const url of [
      'app://portwarden/..%2f..%2fpackage.json',
      'app://portwarden/assets/..%2F..%2F..%2Fetc%2Fpasswd.txt',
      'app://portwarden/..%5c..%5cmain.js',
      'app://portwarden/%2Fetc%2Fpasswd.txt',
      'app://portwarden/C:%5cWindows%5cwin.ini.txt',
      'app://portwarden/index.html%00.js',
      'app://portwarden/index.html::$DATA.html',
      'app://portwarden//etc/passwd.txt',
    ]) {
      expect(ok(url), url).toMatch(/^refused 40[03]$/);
    }
    // The URL parser already folds ../ and %2e%2e/ before we see the path: still inside.
    expect(ok('app://portwarden/assets/../index.html')).toBe('index.html');
    expect(ok('app://portwarden/%2e%2e/%2e%2e/package.json')).toBe('package.json');
    expect(ok('app://portwarden/../../../etc/passwd.txt')).toBe(path.join('etc', 'passwd.txt'));
  });

  it('answers only for its own host and scheme, and only known file types', () => {
    expect(ok('app://evil/index.html')).toBe('refused 404');
    expect(ok('file:///etc/passwd')).toBe('refused 404');
    expect(ok('https://portwarden/index.html')).toBe('refused 404');
    expect(ok('app://portwarden/dist.tar')).toBe('refused 404');
    expect(ok('app://portwarden/%zz.js')).toBe('refused 400');
    expect(ok('not a url')).toBe('refused 400');
  });

  it('the window URL and the privileges the scheme is registered with', () => {
    expect(RENDERER_URL).toBe('app://portwarden/index.html');
    expect(rendererUrlWithHash('view=ports&port=8000')).toBe('app://portwarden/index.html#view=ports&port=8000');
    expect(rendererUrlWithHash('')).toBe(RENDERER_URL);
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
  });
});
