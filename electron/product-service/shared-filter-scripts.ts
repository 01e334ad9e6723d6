/**
 * The shared filter's Redis side (shared-filter.ts explains the protocol). Every step that
 * reads the generation pointers and touches bits is ONE Lua script, so it is atomic: no
 * replica ever sees a pointer and bits from two different moments.
 *
 * Keys, under a prefix P (default `pw:bloom`):
 *   P:meta              hash: current = generation id, building = generation id (while a
 *                       rebuild runs), next_gen, rebuilds
 *   P:lock              the rebuild lock (owner token, with a TTL the owner renews)
 *   P:g:<gen>:bits      the bitmap (our own filter: m bits, k indices by double hashing)
 *   P:g:<gen>:info      hash: m, k, seed1, seed2, expected, fpr, count, acked
 * A generation id is "<n>-<random>": a Redis that lost its data and counts from 1 again
 * can never make a replica reuse hash seeds of a different filter with the same number.
 * Cache keys (cache.ts) are touched by begin_create: `cache:product:<id>` is deleted and
 * `cache:creating:<id>` set, so no replica keeps or writes a "not found" for it meanwhile.
 *
 * Bits are passed as indices computed by the replica (bloom-filter.ts, same m, k, seeds);
 * ARGV always starts with P. The scripts name keys they build from the pointers, so they
 * need one Redis server (not Redis Cluster).
 */
import { LuaScript } from './redis-script.ts';

const POINTERS = `
local P = ARGV[1]
local cur = redis.call('HGET', P..':meta', 'current') or ''
local bld = redis.call('HGET', P..':meta', 'building') or ''
`;

/** Sets bit indices ARGV[first..first+n-1] in generation `gen` (no-op for ''). */
const SET_BITS = `
local function setbits(gen, first, n)
  if gen == '' then return end
  local key = P..':g:'..gen..':bits'
  for i = first, first + n - 1 do redis.call('SETBIT', key, ARGV[i], 1) end
end
`;

/**
 * Is the id in the current filter? ARGV: P, gen the indices are for, indices…
 * Returns {current gen, acked of current, verdict}: 1 all bits set, 0 absent, -1 the
 * current generation is another one (refresh and retry), -2 no filter at all.
 */
export const CHECK = new LuaScript(`${POINTERS}
if cur == '' then return {'', 0, -2} end
local acked = tonumber(redis.call('HGET', P..':g:'..cur..':info', 'acked') or '0')
if cur ~= ARGV[2] then return {cur, acked, -1} end
local key = P..':g:'..cur..':bits'
for i = 3, #ARGV do
  if redis.call('GETBIT', key, ARGV[i]) == 0 then return {cur, acked, 0} end
end
return {cur, acked, 1}
`);

/**
 * Before a create's row is written. ARGV: P, id, cur, bld (as the caller saw them), marker
 * TTL ms, number of indices for cur, cur indices…, bld indices…
 * Returns {1, cur, bld}, or {-1, cur, bld} when the pointers moved (recompute, retry).
 */
export const BEGIN_CREATE = new LuaScript(`${POINTERS}${SET_BITS}
if cur ~= ARGV[3] or bld ~= ARGV[4] then return {-1, cur, bld} end
local n = tonumber(ARGV[6])
setbits(cur, 7, n)
setbits(bld, 7 + n, #ARGV - 6 - n)
redis.call('DEL', 'cache:product:'..ARGV[2])
redis.call('SET', 'cache:creating:'..ARGV[2], '1', 'PX', ARGV[5])
return {1, cur, bld}
`);

/**
 * After the row is committed, before the 201: the same bits again (into whichever filters
 * exist now: a rebuild may have started, or swapped, since BEGIN_CREATE), and the counts.
 * ARGV as BEGIN_CREATE without the marker TTL: P, id, cur, bld, n, cur indices…, bld indices…
 * Returns {1, cur, bld, acked, count, expected} or {-1, cur, bld}.
 */
export const END_CREATE = new LuaScript(`${POINTERS}${SET_BITS}
if cur ~= ARGV[3] or bld ~= ARGV[4] then return {-1, cur, bld} end
local n = tonumber(ARGV[5])
setbits(cur, 6, n)
setbits(bld, 6 + n, #ARGV - 5 - n)
local acked, count, expected = 0, 0, 0
if cur ~= '' then
  local info = P..':g:'..cur..':info'
  acked = redis.call('HINCRBY', info, 'acked', 1)
  count = redis.call('HINCRBY', info, 'count', 1)
  expected = tonumber(redis.call('HGET', info, 'expected'))
end
if bld ~= '' then redis.call('HINCRBY', P..':g:'..bld..':info', 'count', 1) end
return {1, cur, bld, acked, count, expected}
`);

/**
 * Bulk loads: ORs whole bitmaps in. ARGV: P, cur, bld, cur bitmap, bld bitmap, rows to add
 * to the counts (0 before the commit, the new rows after). Returns {1|-1, cur, bld}.
 */
export const OR_BITMAPS = new LuaScript(`${POINTERS}
if cur ~= ARGV[2] or bld ~= ARGV[3] then return {-1, cur, bld} end
local function orin(gen, bytes)
  if gen == '' or bytes == '' then return end
  local key = P..':g:'..gen..':bits'
  redis.call('SET', key..':upload', bytes)
  redis.call('BITOP', 'OR', key, key, key..':upload')
  redis.call('DEL', key..':upload')
  redis.call('HINCRBY', P..':g:'..gen..':info', 'count', ARGV[6])
end
orin(cur, ARGV[4])
orin(bld, ARGV[5])
return {1, cur, bld}
`);

/**
 * Starts a rebuild if nobody else is rebuilding and the current generation is still the one
 * the caller decided about ('' = "there is no filter", '*' = any). ARGV: P, lock token,
 * lock TTL ms, expected current, random part of the new id, m, k, seed1, seed2, expected
 * items, fpr. Returns {1, new gen} or {0, reason}.
 */
export const BEGIN_REBUILD = new LuaScript(`${POINTERS}
if redis.call('EXISTS', P..':lock') == 1 then return {0, 'locked'} end
if ARGV[4] ~= '*' and cur ~= ARGV[4] then return {0, 'changed'} end
if bld ~= '' then redis.call('DEL', P..':g:'..bld..':bits', P..':g:'..bld..':info') end
local gen = redis.call('HINCRBY', P..':meta', 'next_gen', 1)..'-'..ARGV[5]
redis.call('HSET', P..':g:'..gen..':info', 'm', ARGV[6], 'k', ARGV[7], 'seed1', ARGV[8], 'seed2', ARGV[9],
  'expected', ARGV[10], 'fpr', ARGV[11], 'count', 0, 'acked', 0)
redis.call('SETBIT', P..':g:'..gen..':bits', tonumber(ARGV[6]) - 1, 0)
redis.call('HSET', P..':meta', 'building', gen)
redis.call('SET', P..':lock', ARGV[2], 'PX', ARGV[3])
return {1, gen}
`);

/** Keeps the lock while the owner works. ARGV: P, token, TTL ms. Returns 1, or 0 when lost. */
export const RENEW_LOCK = new LuaScript(`
if redis.call('GET', ARGV[1]..':lock') ~= ARGV[2] then return 0 end
redis.call('PEXPIRE', ARGV[1]..':lock', ARGV[3])
return 1
`);

/**
 * Ends a rebuild: ORs the scanned bitmap into the building generation (which already holds
 * every create made during the scan) and makes it current in the same step, so there is no
 * moment without a complete filter. The old generation is kept for `keep` ms (replicas
 * reading it see the pointer moved first). ARGV: P, token, gen, bitmap, scanned rows, keep.
 * Returns 1, or 0 when the lock or the building generation is no longer ours.
 */
export const FINISH_REBUILD = new LuaScript(`${POINTERS}
if redis.call('GET', P..':lock') ~= ARGV[2] or bld ~= ARGV[3] then return 0 end
local key = P..':g:'..bld..':bits'
redis.call('SET', key..':upload', ARGV[4])
redis.call('BITOP', 'OR', key, key, key..':upload')
redis.call('DEL', key..':upload')
redis.call('HINCRBY', P..':g:'..bld..':info', 'count', ARGV[5])
redis.call('HSET', P..':meta', 'current', bld)
redis.call('HDEL', P..':meta', 'building')
redis.call('HINCRBY', P..':meta', 'rebuilds', 1)
if cur ~= '' then
  redis.call('PEXPIRE', P..':g:'..cur..':bits', ARGV[6])
  redis.call('PEXPIRE', P..':g:'..cur..':info', ARGV[6])
end
redis.call('DEL', P..':lock')
return 1
`);
