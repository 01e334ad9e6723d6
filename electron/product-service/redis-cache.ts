/**
 * The Redis cache (node-redis v5). Keys `cache:product:{id}`, values JSON (cache.ts).
 *
 * An outage must never fail or stall a lookup, so:
 * - `disableOfflineQueue`: while disconnected, commands fail at once instead of queueing
 *   until Redis returns (which would hang every request);
 * - a per-command timeout (default 250 ms) bounds a connected-but-stuck server;
 * - the client reconnects by itself with a capped backoff, and `onRecover` listeners run
 *   on every reconnection (the lookup layer uses it to flush pending invalidations).
 * The caller counts errors (cache_errors_total) and falls through to the database.
 */
import { createClient } from 'redis';
import { cacheKey, decodeEntry, encodeEntry, type CacheEntry, type ProductCache } from './cache.ts';

export interface RedisProductCacheOptions {
  url: string;
  /** Per-command timeout in ms. Default 250. */
  commandTimeoutMs?: number;
  /** Longest wait between reconnection attempts in ms. Default 500. */
  maxReconnectDelayMs?: number;
  log?: (line: string) => void;
}

export class RedisProductCache implements ProductCache {
  readonly kind = 'redis' as const;
  private readonly client;
  private readonly listeners: (() => void)[] = [];
  private lastOkAt = 0;
  private lastErrorAt = 0;
  private everReady = false;
  private wasDown = false;
  private closed = false;
  private readonly log: (line: string) => void;

  constructor(options: RedisProductCacheOptions) {
    this.log = options.log ?? (() => {});
    const maxDelay = options.maxReconnectDelayMs ?? 500;
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      commandOptions: { timeout: options.commandTimeoutMs ?? 250 },
      socket: {
        connectTimeout: 1000,
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 10), maxDelay),
      },
    });
    // Without an 'error' listener node-redis would throw; errors here are outages we
    // report through isHealthy() and the error counter, so log them once per outage.
    this.client.on('error', (err: Error) => {
      this.lastErrorAt = Date.now();
      if (!this.wasDown) this.log(`redis: ${err.message || err.name} (falling back to the database)`);
      this.wasDown = true;
    });
    this.client.on('ready', () => {
      this.lastOkAt = Date.now();
      const recovered = this.wasDown || this.everReady;
      this.everReady = true;
      if (this.wasDown) this.log('redis: connection restored');
      this.wasDown = false;
      if (recovered) for (const l of this.listeners) l();
    });
  }

  /** Starts connecting in the background; never throws (an unreachable Redis is an outage, not a startup failure). */
  start(): void {
    this.client.connect().catch((err: Error) => {
      this.lastErrorAt = Date.now();
      this.log(`redis: cannot connect: ${err.message}`);
    });
  }

  private ok(): void {
    this.lastOkAt = Date.now();
  }

  private fail(err: unknown): never {
    this.lastErrorAt = Date.now();
    throw err;
  }

  async get(id: string): Promise<CacheEntry | undefined> {
    let text: string | null;
    try {
      text = await this.client.get(cacheKey(id));
    } catch (err) {
      this.fail(err);
    }
    this.ok();
    return text === null ? undefined : decodeEntry(text);
  }

  async set(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    try {
      await this.client.pSetEx(cacheKey(id), ttlMs, encodeEntry(entry));
    } catch (err) {
      this.fail(err);
    }
    this.ok();
  }

  async delete(id: string): Promise<void> {
    try {
      await this.client.del(cacheKey(id));
    } catch (err) {
      this.fail(err);
    }
    this.ok();
  }

  isHealthy(): boolean {
    return this.client.isReady && this.lastOkAt >= this.lastErrorAt;
  }

  onRecover(listener: () => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.isReady) {
      try {
        await this.client.close();
        return;
      } catch {
        // fall through to destroy
      }
    }
    if (this.client.isOpen) this.client.destroy();
  }
}
