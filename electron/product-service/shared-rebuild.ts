/**
 * The coordinated rebuild of the shared filter (shared-filter.ts): the replica that takes the
 * lock (BEGIN_REBUILD, which also checks that the filter is still the one it decided about,
 * so a resize that another replica already did is never done twice) scans the database into
 * a local filter with the new generation's parameters, renewing the lock meanwhile, and
 * FINISH_REBUILD merges it into the new generation (which has every create made during the
 * scan) and makes it current in one step. A replica that dies mid-rebuild loses the lock at
 * its TTL; the next request starts over.
 */
import { randomBytes } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { BloomFilter, optimalParameters, randomSeed } from './bloom-filter.ts';
import { rebuildCapacity } from './bloom-manager.ts';
import type { ProductDatabase } from './database.ts';
import { toRedisBitmap } from './redis-bitmap.ts';
import { withTimeout, type ScriptClient } from './redis-script.ts';
import { BEGIN_REBUILD, FINISH_REBUILD, RENEW_LOCK } from './shared-filter-scripts.ts';

const LOCK_TTL_MS = 15_000;
/** The previous generation is kept this long after a swap (a replica may still be reading it). */
const KEEP_OLD_MS = 60_000;
const SCAN_BATCH = 20_000;

export type RebuildOutcome = 'rebuilt' | 'locked' | 'changed' | 'lost';

/** Parameters and seed for a new generation sized for `items` (rebuildCapacity). */
export function newGenerationParams(configured: number, fpr: number, items: number) {
  const expected = rebuildCapacity(configured, items);
  const { m, k } = optimalParameters(expected, fpr);
  return { m, k, expected, fpr, ...randomSeed(), uid: randomBytes(4).toString('hex') };
}

export interface SharedRebuilderOptions {
  client: ScriptClient & { exists(key: string): Promise<number> };
  prefix: string;
  store: ProductDatabase;
  log: (line: string) => void;
  onRebuilt: () => void;
}

export class SharedRebuilder {
  private readonly o: SharedRebuilderOptions;
  private active: Promise<RebuildOutcome> | null = null;
  private aborted = false;

  constructor(options: SharedRebuilderOptions) {
    this.o = options;
  }

  get running(): boolean {
    return this.active !== null;
  }

  /**
   * Rebuilds when the current generation is still `expect` ('' = there is none) and nobody
   * else holds the lock. `items`: how many ids the new filter must hold at least.
   * With `wait`, a rebuild held by another replica is waited for.
   */
  async request(expect: string, configured: number, fpr: number, items: number, options: { wait?: boolean } = {}): Promise<RebuildOutcome> {
    this.active ??= this.run(expect, configured, fpr, items).finally(() => (this.active = null));
    const outcome = await this.active;
    if (outcome === 'locked' && options.wait) await this.waitForUnlock();
    return outcome;
  }

  private async waitForUnlock(): Promise<void> {
    const deadline = Date.now() + 120_000;
    while (!this.aborted && Date.now() < deadline && (await this.o.client.exists(`${this.o.prefix}:lock`)) === 1) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async run(expect: string, configured: number, fpr: number, items: number): Promise<RebuildOutcome> {
    const { client, prefix, store, log } = this.o;
    const rows = await store.count();
    const p = newGenerationParams(configured, fpr, Math.max(rows, items));
    const token = randomBytes(8).toString('hex');
    const begun = await BEGIN_REBUILD.run<(string | number)[]>(
      client,
      [],
      [
        prefix,
        token,
        String(LOCK_TTL_MS),
        expect,
        p.uid,
        String(p.m),
        String(p.k),
        String(p.seed1),
        String(p.seed2),
        String(p.expected),
        String(p.fpr),
      ],
      2000,
    );
    if (begun[0] !== 1) return begun[1] as RebuildOutcome;
    const gen = String(begun[1]);
    const started = Date.now();
    log(`shared filter: building generation ${gen} for ${p.expected} items (${rows} rows now${expect ? `, replacing ${expect}` : ''})`);
    let lost = false;
    const renew = setInterval(() => {
      RENEW_LOCK.run<number>(client, [], [prefix, token, String(LOCK_TTL_MS)], 2000).then(
        (ok) => (lost ||= ok !== 1),
        () => {}, // a failed renewal is retried; the TTL covers two of them
      );
    }, LOCK_TTL_MS / 3);
    try {
      const f = new BloomFilter({ m: p.m, k: p.k, expectedItems: p.expected, falsePositiveRate: fpr, seed: p });
      let scanned = 0;
      for (let after = ''; ;) {
        if (this.aborted || lost) return 'lost';
        const ids = await store.idsAfter(after, SCAN_BATCH);
        for (const id of ids) f.add(id, false);
        scanned += ids.length;
        if (ids.length < SCAN_BATCH) break;
        after = ids[ids.length - 1];
        await yieldToEventLoop();
      }
      const done = await withTimeout(
        FINISH_REBUILD.run<number>(client, [], [prefix, token, gen, toRedisBitmap(f.bits), String(scanned), String(KEEP_OLD_MS)], 30_000),
        30_000,
      );
      if (done !== 1) return 'lost';
      this.o.onRebuilt();
      log(`shared filter: generation ${gen} is current (${scanned} rows scanned in ${Date.now() - started} ms)`);
      return 'rebuilt';
    } finally {
      clearInterval(renew);
    }
  }

  /** Stops a running rebuild (shutdown); its lock expires and another replica may take over. */
  async stop(): Promise<void> {
    this.aborted = true;
    await this.active?.catch(() => {});
  }
}
