import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CONTENT_SECURITY_POLICY,
  dashboardHash,
  isAllowedPermission,
  isSafeExternalUrl,
  withCsp,
} from '../../../electron/shell/window-policy.ts';

describe('window security policy', () => {
  it('opens only http(s) URLs externally', () => {
    expect(isSafeExternalUrl('https://github.com/portwarden')).toBe(true);
    expect(isSafeExternalUrl('http://127.0.0.1:8000/health')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-settings:',
      'data:text/html,x',
      'https://user:pw@host/',
      '',
      'nonsense',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('CSP forbids remote and inline scripts, eval, plugins, framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('replaces any CSP the response carried and keeps the other headers', () => {
    const headers = withCsp({ 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html' });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('passes the port to focus as a URL fragment, nothing for a bad port', () => {
    expect(dashboardHash(8000)).toBe('view=ports&port=8000');
    expect(new URLSearchParams(dashboardHash(8000)).get('port')).toBe('8000');
    expect(dashboardHash()).toBe('');
    expect(dashboardHash(0)).toBe('');
    expect(dashboardHash(1.5)).toBe('');
  });

  it('allows only clipboard writes among web permissions', () => {
    expect(isAllowedPermission('clipboard-sanitized-write')).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen'])
      expect(isAllowedPermission(p), p).toBe(false);
  });
});

describe('CSP in the renderer page', () => {
  // With loadFile (file://) Chromium skips webRequest header hooks, so in the desktop app the
  // <meta> tag is the whole policy: it must be the shell's, not a weaker copy.
  const metaPolicy = (html: string): string | undefined =>
    /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
  const directives = (policy: string) =>
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .sort();
  const repo = path.resolve(import.meta.dirname, '../../..');
  const expected = directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors'));

  it('renderer/index.html carries CONTENT_SECURITY_POLICY (minus frame-ancestors, ignored in <meta>)', () => {
    const policy = metaPolicy(readFileSync(path.join(repo, 'renderer/index.html'), 'utf8'));
    expect(policy, 'no CSP meta tag in renderer/index.html').toBeDefined();
    expect(directives(policy!)).toEqual(expected);
  });

  const built = path.join(repo, 'dist/renderer/index.html');
  if (!existsSync(built)) console.log('[window-policy] SKIPPED the built-page check: dist/renderer is not built (npm run build)');
  it.skipIf(!existsSync(built))('the built dist/renderer/index.html keeps it', () => {
    const policy = metaPolicy(readFileSync(built, 'utf8'));
    expect(directives(policy ?? '')).toEqual(expected);
  });
});
