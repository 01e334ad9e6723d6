/**
 * Request checks of the headless server (README, "Security: what is defended and how"): bound to loopback
 * only, a Bearer token on every /api route (compared in constant time), and DNS-rebinding
 * protection: the Host header must name the loopback address and our port, and an Origin
 * header, when present, must be our own origin.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison (hashing first so different lengths don't leak through timing). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** The token from `Authorization: Bearer <token>`, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);
}

export type GuardResult = { ok: true } | { ok: false; status: 401 | 403; code: 'unauthorized' | 'forbidden'; message: string };

/**
 * Decide whether a request may proceed. `needsToken` for /api routes.
 */
export function checkRequest(
  headers: { host?: string | undefined; origin?: string | undefined; authorization?: string | undefined },
  port: number,
  token: string,
  needsToken: boolean,
): GuardResult {
  const host = (headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).has(host)) {
    return {
      ok: false,
      status: 403,
      code: 'forbidden',
      message: `Host ${JSON.stringify(headers.host ?? '')} is not this server (expected 127.0.0.1:${port}, localhost:${port} or [::1]:${port})`,
    };
  }
  if (headers.origin !== undefined && !allowedOrigins(port).has(headers.origin.toLowerCase())) {
    return { ok: false, status: 403, code: 'forbidden', message: `Origin ${JSON.stringify(headers.origin)} may not use this server` };
  }
  if (needsToken) {
    const given = bearerToken(headers.authorization);
    if (given === null || !tokensEqual(given, token)) {
      return {
        ok: false,
        status: 401,
        code: 'unauthorized',
        message: given === null ? 'missing Authorization: Bearer token' : 'wrong token',
      };
    }
  }
  return { ok: true };
}
