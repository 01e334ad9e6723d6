/**
 * Serves the built dashboard (dist/renderer/) to the window over app://portwarden
 * (app-url.ts says why not file://). Thin: the path decision is resolveAppRequest, tested
 * without Electron; this only reads the file (Electron's fs reads inside the asar) and
 * answers with its type, the dashboard's CSP and nosniff.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, resolveAppRequest } from './app-url.ts';
import { CONTENT_SECURITY_POLICY } from './window-policy.ts';

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Answer app:// requests from `rendererDir` (after the app is ready). */
export function serveAppProtocol(rendererDir: string, log: (line: string) => void): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved =
      request.method === 'GET'
        ? resolveAppRequest(request.url, rendererDir)
        : ({ ok: false, status: 403, reason: `method ${request.method}` } as const);
    if (!resolved.ok) {
      log(`app:// refused ${request.url.slice(0, 200)}: ${resolved.reason}`);
      return new Response(null, { status: resolved.status });
    }
    try {
      const body = await readFile(resolved.file);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': resolved.contentType,
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
