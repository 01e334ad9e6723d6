/**
 * The Redis cache (node-redis v5). Keys `cache:product:{id}`, values JSON (cache.ts).
 *
 * An outage must never fail or stall a lookup, so:
 * - `disableOfflineQueue`: while disconnected, commands fail at once instead of queueing
 *   until Redis returns (which would hang every request);
 * - a per-command timeout (default 250 ms) bounds a connected-but-stuck server. node-redis'
 *   own `timeout` command option only covers the wait until the command is WRITTEN to the
 *   socket, not the wait for the reply, so the reply wait is bounded here as well, and
 *   the client's queue is capped so a stuck server cannot make it grow without limit;
 * - the client reconnects by itself with a capped backoff, and `onRecover` listeners run
 *   on every reconnection (the lookup layer uses it to flush pending invalidations);
 * - a server that stalls (timeouts) without dropping the connection never reconnects, so
 *   after a failure on a live connection a PING probe runs every 500 ms until a command
 *   succeeds again; that success counts as a recovery too (health back to ok, listeners).
 * The caller counts errors (cache_errors_total) and falls through to the database.
 */
import { createClient } from 'redis';
import { cacheKey, creatingKey, decodeEntry, encodeEntry, type CacheEntry, type ProductCache } from './cache.ts';
import { LuaScript, withTimeout } from './redis-script.ts';

export interface RedisProductCacheOptions {
  url: string;
  /** Per-command timeout in ms. Default 250. */
  commandTimeoutMs?: number;
  /** Longest wait between reconnection attempts in ms. Default 500. */
  maxReconnectDelayMs?: number;
  log?: (line: string) => void;
}

/**
 * The negative-entry write. Skipped when the id is being created (a replica's marker, see
 * creatingKey) or when an entry exists (SET NX: a positive entry written after the commit
 * must win), and skipped when Redis runs it more than 2 s after it was sent (a stalled
 * server replaying queued commands long after the database read they came from).
 * KEYS: entry key, marker key. ARGV: value, ttl ms, deadline (unix ms).
 */
const SET_NEGATIVE = new LuaScript(`
local t = redis.call('TIME')
if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[3]) then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
return 0
`);

/** How long after sending a negative write Redis may still run it (see SET_NEGATIVE). */
const NEGATIVE_WRITE_DEADLINE_MS = 2000;

/** Longest wait for pending commands when closing (see close()). */
const CLOSE_TIMEOUT_MS = 1000;

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
  private readonly timeoutMs: number;
  private probeTimer: NodeJS.Timeout | null = null;

  constructor(options: RedisProductCacheOptions) {
    this.log = options.log ?? (() => {});
    const maxDelay = options.maxReconnectDelayMs ?? 500;
    this.timeoutMs = options.commandTimeoutMs ?? 250;
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      commandsQueueMaxLength: 10_000,
      commandOptions: { timeout: this.timeoutMs },
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
      SET_NEGATIVE.load(this.client).catch(() => {}); // a failure falls back to EVAL
      this.lastOkAt = Date.now();
      const recovered = this.wasDown || this.everReady;
      this.everReady = true;
      if (this.wasDown) this.log('redis: connection restored');
      this.wasDown = false;
      if (recovered) this.notifyRecovered();
    });
  }

  /** Starts connecting in the background; never throws (an unreachable Redis is an outage, not a startup failure). */
  start(): void {
    this.client.connect().catch((err: Error) => {
      this.lastErrorAt = Date.now();
      this.log(`redis: cannot connect: ${err.message}`);
    });
  }

  private notifyRecovered(): void {
    for (const l of this.listeners) l();
  }

  private ok(): void {
    const wasFailing = this.lastErrorAt > this.lastOkAt;
    this.lastOkAt = Date.now();
    // Failing on a live connection, then a success: a stall ended (a reconnect is handled by 'ready').
    if (wasFailing && this.client.isReady) {
      if (this.wasDown) this.log('redis: answering again');
      this.wasDown = false;
      this.notifyRecovered();
    }
  }

  private fail(err: unknown): never {
    this.lastErrorAt = Date.now();
    this.scheduleProbe();
    throw err;
  }

  /** While commands fail on a live connection, PING every 500 ms until one succeeds. */
  private scheduleProbe(): void {
    if (this.probeTimer || this.closed) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      // Disconnected: the client reconnects and 'ready' reports the recovery.
      if (this.closed || !this.client.isReady || this.lastOkAt >= this.lastErrorAt) return;
      withTimeout(this.client.ping(), this.timeoutMs).then(
        () => this.ok(),
        () => {
          this.lastErrorAt = Date.now();
          this.scheduleProbe();
        },
      );
    }, 500);
    this.probeTimer.unref();
  }

  async get(id: string): Promise<CacheEntry | undefined> {
    let text: string | null;
    try {
      text = await withTimeout(this.client.get(cacheKey(id)), this.timeoutMs);
    } catch (err) {
      this.fail(err);
    }
    this.ok();
    return text === null ? undefined : decodeEntry(text);
  }

  async set(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    try {
      await withTimeout(this.client.pSetEx(cacheKey(id), ttlMs, encodeEntry(entry)), this.timeoutMs);
    } catch (err) {
      this.fail(err);
    }
    this.ok();
  }

  async setNegative(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    try {
      const args = [encodeEntry(entry), String(ttlMs), String(Date.now() + NEGATIVE_WRITE_DEADLINE_MS)];
      await SET_NEGATIVE.run(this.client, [cacheKey(id), creatingKey(id)], args, this.timeoutMs);
    } catch (err) {
      this.fail(err);
    }
    this.ok();
  }

  async delete(id: string): Promise<void> {
    try {
      await withTimeout(this.client.del(cacheKey(id)), this.timeoutMs);
    } catch (err) {
      this.fail(err);
    }
    this.ok();
  }

  async deleteMany(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 1000) {
      const keys = ids.slice(i, i + 1000).map(cacheKey);
      try {
        await withTimeout(this.client.unlink(keys), this.timeoutMs * 4);
      } catch (err) {
        this.fail(err);
      }
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
    if (this.probeTimer) clearTimeout(this.probeTimer);
    if (this.client.isReady) {
      try {
        // close() waits for every command already sent. A stalled server (SIGSTOP, a full
        // disk, CLIENT PAUSE) never answers them, so a bounded wait, then destroy(), which
        // fails them: a shutdown must not wait for Redis to come back.
        await withTimeout(this.client.close(), CLOSE_TIMEOUT_MS);
        return;
      } catch {
        // fall through to destroy
      }
    }
    if (this.client.isOpen) this.client.destroy();
  }
}
