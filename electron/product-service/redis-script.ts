/**
 * Small helpers for talking to Redis with node-redis: a reply timeout (node-redis' own
 * `timeout` only covers the wait until a command is written, see redis-cache.ts) and Lua
 * scripts run by SHA (EVALSHA) with a fallback to EVAL when the server does not know the
 * script yet (NOSCRIPT: first use, or a restarted Redis).
 */
import { createHash } from 'node:crypto';
import type { RedisClientType } from 'redis';
import { messageOf } from '../core/model/errors.ts';

type CommandOptions = Parameters<RedisClientType['sendCommand']>[1];

/** Rejects when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis command timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err as Error);
      },
    );
  });
}

/** The subset of a node-redis client these helpers use. */
export type ScriptClient = Pick<RedisClientType, 'sendCommand'>;

export class LuaScript {
  readonly sha: string;
  readonly source: string;
  constructor(source: string) {
    this.source = source;
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /**
   * Loads the script on the server (call on every 'ready': a restarted Redis forgets it).
   * Sent as the connection's first command, so later EVALSHAs find it: the EVAL fallback
   * would otherwise send the script AFTER commands queued behind the failed EVALSHA, and
   * a write could land after a read that was sent later.
   */
  load(client: ScriptClient): Promise<unknown> {
    return client.sendCommand(['SCRIPT', 'LOAD', this.source]);
  }

  /** Runs the script with these KEYS and ARGV (strings or binary), bounded by `timeoutMs`. */
  async run<T>(
    client: ScriptClient,
    keys: readonly string[],
    args: readonly (string | Buffer)[],
    timeoutMs: number,
    options?: CommandOptions,
  ): Promise<T> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await withTimeout(client.sendCommand<T>(['EVALSHA', this.sha, ...tail], options), timeoutMs);
    } catch (err) {
      if (!/NOSCRIPT/.test(messageOf(err))) throw err;
      return withTimeout(client.sendCommand<T>(['EVAL', this.source, ...tail], options), timeoutMs);
    }
  }
}
