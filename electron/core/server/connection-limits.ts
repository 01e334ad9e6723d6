/**
 * How long the headless server waits for a client, and how many it holds at once. Without
 * bounds a client that sends its body one byte a second, or connects and says nothing,
 * keeps a socket (and a file descriptor) forever: ~1,100 of them made /api/state fail.
 * Every request here is small and comes over loopback, so the bounds can be tight; the
 * event stream (/api/events) is the one long-lived connection and is exempt from the idle
 * bound (it writes a heartbeat, and sse.ts drops a client that stops reading).
 */
import { MAX_QUEUED_BYTES } from './sse.ts';

export interface ConnectionLimits {
  /** The request line and headers must arrive within this (from the connection's first byte wait). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** A kept-alive connection with no new request is closed after this. */
  keepAliveTimeoutMs: number;
  /** Any connection with no traffic either way for this long is closed (not /api/events). */
  idleTimeoutMs: number;
  /** Connections beyond this are closed at once: file descriptors stay for the monitor and services. */
  maxConnections: number;
  /** An /api/events client this many bytes behind is dropped (sse.ts); it reconnects and resyncs. */
  maxQueuedEventBytes: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  maxConnections: 256,
  maxQueuedEventBytes: MAX_QUEUED_BYTES,
};

/**
 * Fastify options for these limits. Node checks header and request deadlines on a timer
 * (`connectionsCheckingInterval`, 30 s by default, which would let a deadline slip by up to
 * that much); it runs here at a quarter of the shortest deadline.
 */
export function fastifyConnectionOptions(limits: ConnectionLimits) {
  const checkEvery = Math.max(50, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4));
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: checkEvery },
  };
}
