/**
 * Errors answered outside the routes, all in the service's one error shape
 * `{"error": "<reason>"}` (README, "HTTP API"):
 * - requests Node's parser rejects before there is a request object (malformed request
 *   line, headers over the size limit → 431, header timeout → 408): fastify's default
 *   handler answers those with its own `{error, message, statusCode}` shape;
 * - URLs fastify cannot decode (bad percent-encoding), which it answers the same way;
 * - a known path with the wrong method: 405 with `Allow`, not "no route".
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** `{"error": reason}` as a string. */
export function errorBody(reason: string): string {
  return JSON.stringify({ error: reason });
}

/** A whole HTTP/1.1 response for a socket that has no request object. */
function rawResponse(status: number, reason: string): string {
  const body = errorBody(reason);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** fastify's `clientErrorHandler`: Node's parser failed on the request itself. */
export function clientErrorHandler(err: Error & { code?: string; reason?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let response: string;
  if (err.code === 'HPE_HEADER_OVERFLOW') response = rawResponse(431, 'request headers are larger than the server accepts');
  else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') response = rawResponse(408, 'the request was not received in time');
  else response = rawResponse(400, `malformed HTTP request: ${err.reason ?? err.message}`);
  if (socket.writable) socket.end(response);
  else socket.destroy();
}

/** The methods each known path answers; anything else on it is 405 with this `Allow`. */
const ALLOWED: { pattern: RegExp; allow: string }[] = [
  { pattern: /^\/products\/[^/]+$/, allow: 'GET, HEAD' },
  { pattern: /^\/products$/, allow: 'POST' },
  { pattern: /^\/(bloom\/stats|metrics|metrics\/prometheus|health)$/, allow: 'GET, HEAD' },
  { pattern: /^\/admin\/rebuild$/, allow: 'POST' },
];

/** The `Allow` value when `path` is a known route (so the method was wrong), else null. */
export function allowedMethods(path: string): string | null {
  for (const { pattern, allow } of ALLOWED) if (pattern.test(path)) return allow;
  return null;
}
