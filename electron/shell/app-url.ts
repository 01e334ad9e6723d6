/**
 * The dashboard window's own origin, `app://portwarden`, and how its requests map to the
 * built renderer files. Pure (no 'electron' import) so every decision is unit-tested in
 * plain Node; app-protocol.ts registers it with Electron.
 *
 * Why not file://: a file:// page may read any other file:// URL, and Electron's
 * GrantFileProtocolExtraPrivileges fuse (turned off in electron-builder.yml) gives file://
 * pages more privileges still. A custom standard, secure scheme gives the dashboard an
 * origin of its own that can reach exactly the files under dist/renderer/ and nothing else.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'portwarden';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads and what the IPC sender check trusts (hash and query ignored). */
export const RENDERER_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges for protocol.registerSchemesAsPrivileged: `standard` (an origin, relative
 * URLs, so 'self' in the CSP means app://portwarden), `secure` (a secure context, like
 * https), `supportFetchAPI` and `corsEnabled` (Vite's `<script type="module" crossorigin>`
 * loads in CORS mode, which Chromium allows only for CORS-enabled schemes). Not bypassCSP.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppRequest = { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * The file under `rootDir` that `url` names, or why it is refused. Only GET-able paths of
 * our own host; each path segment is percent-decoded once and must not be `.`/`..`, hold a
 * slash, a backslash, a colon (Windows drive and stream names) or NUL after decoding (an encoded `..%2f` or `%5c` cannot climb out);
 * the result must stay inside `rootDir`; `/` is index.html; unknown file types are refused.
 */
export function resolveAppRequest(url: string, rootDir: string): AppRequest {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 404, reason: `not ${APP_ORIGIN}` };
  const raw = parsed.pathname === '/' ? '/index.html' : parsed.pathname;
  const segments: string[] = [];
  for (const piece of raw.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(piece);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) {
      return { ok: false, status: 403, reason: `path segment ${JSON.stringify(piece)} is not allowed` };
    }
    segments.push(segment);
  }
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside))
    return { ok: false, status: 403, reason: 'outside the renderer folder' };
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!contentType) return { ok: false, status: 404, reason: `no such dashboard file type: ${path.extname(file) || '(none)'}` };
  return { ok: true, file, contentType };
}

/** The window's URL for a dashboard hash (`view=ports&port=8000`), or the plain page. */
export function rendererUrlWithHash(hash: string): string {
  return hash ? `${RENDERER_URL}#${hash}` : RENDERER_URL;
}
