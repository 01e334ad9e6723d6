/**
 * Where the built dashboard lives and what to send when it isn't built.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** CSP for the dashboard: our own scripts and styles, fetches to our own origin only. */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * dist/renderer/ relative to this module, from source (electron/core/server → repo root)
 * or from the build (dist/electron/core/server → dist). Null when not built.
 */
export function findRendererDir(): string | null {
  const up3 = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
  const candidates = [join(up3, 'dist', 'renderer')];
  if (basename(up3) === 'dist') candidates.unshift(join(up3, 'renderer'));
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portwarden</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem; max-width: 40rem">
<h1>Portwarden is running</h1>
<p>The dashboard isn't built. Run <code>npm run build:renderer</code> (or <code>npm run build</code>) and reload.</p>
<p>The HTTP API works already: <code>GET /api/state</code> with <code>Authorization: Bearer &lt;token&gt;</code>.</p>
</body></html>
`;
