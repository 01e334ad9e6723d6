/**
 * One Bloom filter for every replica (`--shared-filter`): our own filter (bloom-filter.ts:
 * same m, k, seeds and double hashing), its bits stored as a Redis bitmap. The Redis side
 * is in shared-filter-scripts.ts; this file is the replica's side.
 *
 * The guarantees and why they hold:
 * - No false negative for an acknowledged create. A create sets its k bits (one atomic
 *   script, BEGIN_CREATE) before its row is written, and again after the commit
 *   (END_CREATE) before the 201, into every generation that exists at that moment. A
 *   rebuild's new generation receives every create made while it is built, and its scan
 *   sees every row committed before it began; a row whose commit lands after the scan went
 *   past it gets its bits from END_CREATE. So when a create is acknowledged, every filter
 *   that is or will become current has its bits.
 * - "Absent" only from the current generation, read atomically with the pointer (CHECK).
 *   The local copy is used only to say "maybe present" (its bits are a subset of the shared
 *   filter's: it only ever holds bits the shared filter had), so a replica that starts late,
 *   reconnects after an outage or missed a swap can never answer from an old filter.
 * - Redis unreachable or no filter: lookups fall through to the database (degraded, counted
 *   in shared_filter_unavailable_total), and creates are refused (503) because their bits
 *   cannot be set first.
 * - Rebuilds and resizes are coordinated by a lock (BEGIN_REBUILD): one replica scans the
 *   database into a new generation while creates write both, then FINISH_REBUILD swaps the
 *   pointer in the same script that merges the scan, so there is no window without a filter.
 * - A Redis that went back in time (restored from an older snapshot) is noticed by any
 *   replica that saw a higher create count for the same generation; it stops trusting that
 *   filter and rebuilds it.
 */
import { createClient, RESP_TYPES } from 'redis';
import { BloomFilter } from './bloom-filter.ts';
import { FilterUnavailableError } from './lookup.ts';
import { orRedisBitmap, toRedisBitmap } from './redis-bitmap.ts';
import { withTimeout } from './redis-script.ts';
import { BEGIN_CREATE, CHECK, END_CREATE, OR_BITMAPS } from './shared-filter-scripts.ts';
import { SharedRebuilder } from './shared-rebuild.ts';
import type { Generation, SharedFilterCounters, SharedFilterOptions, SharedFilterStats } from './shared-filter-types.ts';
import { messageOf } from '../core/model/errors.ts';

export type { Generation, SharedFilterCounters, SharedFilterOptions, SharedFilterStats };

const CREATE_TIMEOUT_MS = 1000;
/** How long END_CREATE is retried before the create is reported unconfirmed. */
const CONFIRM_WINDOW_MS = 5000;
/** Marker TTL: longer than any create may take (statement timeout 10 s, pg-store.ts). */
const CREATING_MARKER_MS = 60_000;
const POLL_MS = 1000;

type ScriptReply = (string | number)[];

export class SharedFilter {
  readonly prefix: string;
  readonly counters: SharedFilterCounters = {
    shared_filter_local_hits_total: 0,
    shared_filter_checks_total: 0,
    shared_filter_unavailable_total: 0,
  };
  private readonly o: SharedFilterOptions;
  private readonly client;
  private readonly log: (line: string) => void;
  private readonly timeoutMs: number;
  private readonly gens = new Map<string, Generation>();
  private readonly maxAcked = new Map<string, number>();
  private readonly rebuilder: SharedRebuilder;
  private current: Generation | null = null;
  private seen = { cur: '', bld: '' };
  private reachable = false;
  private poller: NodeJS.Timeout | null = null;
  private closed = false;
  /** Ids whose END_CREATE did not go through; retried while Redis answers. */
  private readonly repairs = new Set<string>();
  private lastStatsRead: SharedFilterStats | null = null;
  private polls = 0;

  constructor(options: SharedFilterOptions) {
    this.o = options;
    this.prefix = options.prefix ?? 'pw:bloom';
    this.log = options.log ?? (() => {});
    this.timeoutMs = options.commandTimeoutMs ?? 250;
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 1000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 10), 500) },
    });
    this.client.on('ready', () => {
      for (const script of [CHECK, BEGIN_CREATE, END_CREATE]) script.load(this.client).catch(() => {});
    });
    this.client.on('error', (err: Error) => {
      if (this.reachable) this.log(`shared filter: redis: ${err.message || err.name} (lookups fall through to the database)`);
      this.reachable = false;
    });
    this.rebuilder = new SharedRebuilder({
      client: this.client,
      prefix: this.prefix,
      store: options.store,
      log: this.log,
      onRebuilt: () => options.onRebuilt?.(),
    });
  }

  /** The generation lookups use now (null: none known, lookups go to the database). */
  get generation(): Generation | null {
    return this.current;
  }

  get available(): boolean {
    return this.reachable && this.current !== null;
  }

  get isRebuilding(): boolean {
    return this.rebuilder.running;
  }

  /** The shared filter's state as last read (every 5th poll, and on each stats()); null before the first read. */
  get lastStats(): SharedFilterStats | null {
    return this.lastStatsRead;
  }

  /**
   * Connects and adopts the current filter, building it when there is none (one replica
   * builds, the others wait for it, up to `waitMs`). An unreachable Redis is not fatal:
   * the replica serves degraded and picks the filter up when Redis answers.
   */
  async start(waitMs = 60_000): Promise<void> {
    try {
      await withTimeout(this.client.connect(), 5000);
    } catch (err) {
      this.log(`shared filter: cannot reach Redis (${messageOf(err)}); serving degraded until it answers`);
      this.client.connect().catch(() => {}); // keep trying in the background
    }
    const deadline = Date.now() + waitMs;
    while (!this.closed && this.client.isReady && Date.now() < deadline) {
      await this.poll().catch(() => {});
      if (this.current) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    this.poller = setInterval(() => void this.poll().catch(() => {}), POLL_MS);
    this.poller.unref();
  }

  /** Reads the pointers, adopts a new current generation, starts a build when none exists, retries repairs. */
  private async poll(): Promise<void> {
    const [cur, bld] = (await withTimeout(this.client.hmGet(`${this.prefix}:meta`, ['current', 'building']), this.timeoutMs)) as (
      string | null
    )[];
    this.reachable = true;
    this.seen = { cur: cur ?? '', bld: bld ?? '' };
    if (cur && cur !== this.current?.id) await this.adopt(cur);
    if (!cur) {
      this.current = null;
      void this.rebuilder.request('', this.o.expectedItems, this.o.falsePositiveRate, 0).catch(() => {});
    }
    // Counts and fill for /metrics without a request to /bloom/stats (a BITCOUNT: cheap, not per lookup).
    if (this.polls++ % 5 === 0 && this.current) await this.stats();
    for (const id of [...this.repairs]) {
      await this.afterInsert(id);
      this.repairs.delete(id);
    }
  }

  /** Parameters (and an empty local copy) of a generation, cached. */
  private async gen(id: string): Promise<Generation> {
    const known = this.gens.get(id);
    if (known) return known;
    const info = await withTimeout(this.client.hGetAll(`${this.prefix}:g:${id}:info`), this.timeoutMs);
    if (!info.m) throw new Error(`shared filter generation ${id} has no parameters (removed meanwhile)`);
    const g: Generation = {
      id,
      expected: Number(info.expected),
      fpr: Number(info.fpr),
      local: new BloomFilter({
        m: Number(info.m),
        k: Number(info.k),
        expectedItems: Number(info.expected),
        falsePositiveRate: Number(info.fpr),
        seed: { seed1: Number(info.seed1), seed2: Number(info.seed2) },
      }),
    };
    this.gens.set(id, g);
    if (this.gens.size > 4) this.gens.delete(this.gens.keys().next().value!);
    return g;
  }

  /** Makes `id` the generation lookups use, and fills its local copy in the background. */
  private async adopt(id: string): Promise<void> {
    const g = await this.gen(id);
    if (this.current === g) return;
    this.current = g;
    const bits = this.client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    void withTimeout(bits.get(`${this.prefix}:g:${id}:bits`), 10_000).then(
      (buf) => {
        if (buf) orRedisBitmap(g.local.bits, buf as Buffer);
      },
      (err: Error) => this.log(`shared filter: local copy of ${id} not loaded (${err.message}); lookups ask Redis`),
    );
  }

  /** False = definitely absent (from the current shared generation); true = maybe present. */
  mightContain(id: string): boolean | Promise<boolean> {
    const g = this.current;
    if (g && g.local.has(id)) {
      this.counters.shared_filter_local_hits_total++;
      return true;
    }
    return this.check(id);
  }

  private async check(id: string): Promise<boolean> {
    this.counters.shared_filter_checks_total++;
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const g = this.current;
        if (!g) break;
        const [gen, acked, verdict] = await CHECK.run<ScriptReply>(this.client, [], [this.prefix, g.id, ...indices(g, id)], this.timeoutMs);
        this.reachable = true;
        if (verdict === -2) {
          this.current = null;
          break;
        }
        if (verdict === -1) {
          await this.adopt(String(gen));
          continue;
        }
        if (this.behind(String(gen), Number(acked))) break;
        if (verdict === 0) return false;
        g.local.add(id, false);
        return true;
      }
    } catch {
      this.reachable = false;
    }
    this.counters.shared_filter_unavailable_total++;
    return true;
  }

  /** True when Redis reports fewer creates for `gen` than this replica already saw: a filter from the past. */
  private behind(gen: string, acked: number): boolean {
    const max = this.maxAcked.get(gen) ?? 0;
    if (acked >= max) {
      this.maxAcked.set(gen, acked);
      return false;
    }
    this.log(`shared filter ${gen} reports ${acked} creates, ${max} were seen before: Redis lost writes; rebuilding it`);
    this.current = null;
    this.maxAcked.delete(gen);
    void this.rebuilder.request(gen, this.o.expectedItems, this.o.falsePositiveRate, 0).catch(() => {});
    return true;
  }

  /** Indices of `id` for the generations currently seen (current, building). */
  private async targets(id: string): Promise<{ cur: string; bld: string; ci: string[]; bi: string[] }> {
    const { cur, bld } = this.seen;
    const ci = cur ? indices(await this.gen(cur), id) : [];
    const bi = bld ? indices(await this.gen(bld), id) : [];
    return { cur, bld, ci, bi };
  }

  /** Before a create's row is written: its bits go into the shared filter. Throws FilterUnavailableError (nothing stored). */
  async beforeInsert(id: string): Promise<void> {
    try {
      for (let attempt = 0; attempt < 4; attempt++) {
        const t = await this.targets(id);
        const r = await BEGIN_CREATE.run<ScriptReply>(
          this.client,
          [],
          [this.prefix, id, t.cur, t.bld, String(CREATING_MARKER_MS), String(t.ci.length), ...t.ci, ...t.bi],
          CREATE_TIMEOUT_MS,
        );
        this.seen = { cur: String(r[1]), bld: String(r[2]) };
        if (r[0] === 1) {
          if (t.cur && this.current?.id === t.cur) this.current.local.add(id, false);
          return;
        }
      }
      throw new Error('the filter generations kept changing');
    } catch (err) {
      this.reachable = false;
      throw new FilterUnavailableError(`the shared Bloom filter is unreachable (${messageOf(err)}): the product was not created; retry`, {
        cause: err,
      });
    }
  }

  /**
   * After the commit, before the 201: the bits again into whatever generations exist now,
   * and the counts. Retried for a few seconds (a stalled Redis); then the id is kept for
   * repair and the error says the product is stored but not yet confirmed.
   */
  async afterInsert(id: string): Promise<void> {
    const until = Date.now() + CONFIRM_WINDOW_MS;
    let last: Error | null = null;
    while (!this.closed && Date.now() < until) {
      try {
        const t = await this.targets(id);
        const r = await END_CREATE.run<ScriptReply>(
          this.client,
          [],
          [this.prefix, id, t.cur, t.bld, String(t.ci.length), ...t.ci, ...t.bi],
          CREATE_TIMEOUT_MS,
        );
        this.seen = { cur: String(r[1]), bld: String(r[2]) };
        if (r[0] !== 1) continue;
        const [, cur, , acked, count, expected] = r;
        if (cur) {
          this.maxAcked.set(String(cur), Math.max(this.maxAcked.get(String(cur)) ?? 0, Number(acked)));
          if (Number(count) > Number(expected)) {
            void this.rebuilder.request(String(cur), this.o.expectedItems, this.o.falsePositiveRate, Number(count)).catch(() => {});
          }
        }
        return;
      } catch (err) {
        last = err as Error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    this.repairs.add(id);
    throw new FilterUnavailableError(
      `the product was stored, but the shared Bloom filter did not confirm it (${last?.message ?? 'closing'}); it is confirmed when Redis answers again`,
    );
  }

  /** Bulk loads: ORs the ids' bits into every generation (before the commit, and after it with the new rows' count). */
  async addMany(ids: readonly string[], newRows: number): Promise<void> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const { cur, bld } = this.seen;
      const bitmap = async (gen: string): Promise<Buffer | string> => {
        if (!gen) return '';
        const f = (await this.gen(gen)).local;
        const tmp = new BloomFilter({
          m: f.m,
          k: f.k,
          expectedItems: f.expectedItems,
          falsePositiveRate: f.falsePositiveRate,
          seed: { seed1: f.seed1, seed2: f.seed2 },
        });
        for (const id of ids) tmp.add(id, false);
        return toRedisBitmap(tmp.bits);
      };
      const r = await OR_BITMAPS.run<ScriptReply>(
        this.client,
        [],
        [this.prefix, cur, bld, await bitmap(cur), await bitmap(bld), String(newRows)],
        30_000,
      );
      this.seen = { cur: String(r[1]), bld: String(r[2]) };
      if (r[0] === 1) return;
    }
    throw new FilterUnavailableError('the shared Bloom filter generations kept changing during a bulk load');
  }

  /** A coordinated rebuild (POST /admin/rebuild): runs here, or waits for the replica already rebuilding. */
  async rebuild(): Promise<void> {
    await this.poll();
    await this.rebuilder.request(this.seen.cur || '', this.o.expectedItems, this.o.falsePositiveRate, 0, { wait: true });
    await this.poll();
  }

  /** The shared filter's state for /bloom/stats (one round trip for the counts, one BITCOUNT). */
  async stats(): Promise<SharedFilterStats> {
    const meta = await withTimeout(this.client.hGetAll(`${this.prefix}:meta`), this.timeoutMs);
    const cur = meta.current ?? '';
    const info = cur ? await withTimeout(this.client.hGetAll(`${this.prefix}:g:${cur}:info`), this.timeoutMs) : {};
    const setBits = cur ? Number(await withTimeout(this.client.bitCount(`${this.prefix}:g:${cur}:bits`), 2000)) : 0;
    this.lastStatsRead = { meta, info, setBits };
    return this.lastStatsRead;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    await this.rebuilder.stop();
    try {
      if (this.client.isReady) await withTimeout(this.client.close(), 1000);
    } catch {
      // destroyed below
    }
    if (this.client.isOpen) this.client.destroy();
  }
}

/** The k indices of `id` in generation `g`, as script arguments. */
function indices(g: Generation, id: string): string[] {
  return g.local.indices(id).map(String);
}
