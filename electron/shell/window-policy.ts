/**
 * Security decisions for the dashboard window as pure functions (window.ts applies them).
 * Electron security checklist: https://www.electronjs.org/docs/latest/tutorial/security
 */

/**
 * Content-Security-Policy for the dashboard. Everything comes from the built files next to
 * index.html; no eval, no remote scripts, no plugins, no framing. Inline styles are allowed
 * because React and uPlot set `style` attributes. 'self' is app://portwarden (app-url.ts).
 * Sent as a header by app-protocol.ts with every dashboard file, added by window.ts to any
 * http(s) response, and repeated as a <meta> tag in the renderer's index.html.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Only web pages may leave the app, and only to the user's browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
      parsed.hostname !== '' &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

/**
 * URL fragment that tells the dashboard which port to focus: `view=ports&port=8000` (the
 * dashboard keeps its view in `#view=…`, read with URLSearchParams), '' for none.
 */
export function dashboardHash(port?: number | 'listeners'): string {
  if (port === 'listeners') return 'view=listeners';
  return port !== undefined && Number.isInteger(port) && port >= 1 && port <= 65535 ? `view=ports&port=${port}` : '';
}

/** Add our CSP to a response's headers, replacing any the response carried. */
export function withCsp(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** Web permissions the dashboard may use: writing to the clipboard, nothing else. */
export function isAllowedPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}
