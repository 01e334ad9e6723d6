/**
 * `portwarden product-service`: runs the Bloom-filter product service alone.
 * Prints exactly one stdout line, `Product service ready: http://HOST:PORT`, once requests
 * get real answers; everything else (progress, bad product lines, Redis events) goes to
 * stderr. SIGTERM / SIGINT shut it down cleanly (exit 0) within SHUTDOWN_GRACE_MS.
 * Exit 2 for bad input (flags, $REDIS_URL), 1 when it cannot start.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import {
  checkDatabaseUrl,
  checkRedisUrl,
  checkSharedFilter,
  startProductService,
  type RunningProductService,
} from '../product-service/index.ts';
import type { LoadProgress } from '../product-service/index.ts';
import { EXIT_INVALID, EXIT_NO, EXIT_OK, invalidArgument, listenFailure, listenPortOption } from './cli-errors.ts';
import { messageOf } from '../core/control/contract.ts';

/**
 * Longest a SIGTERM/SIGINT shutdown may take. Every step is bounded on its own (requests by
 * the Redis command timeout, closing Redis by redis-cache.ts' close timeout); this is the
 * backstop so that nothing outside our control can keep a stopped service alive. Every
 * acknowledged write is committed before its 201, so exiting here loses none.
 */
export const SHUTDOWN_GRACE_MS = 10_000;

/** Host names for --allow-host (repeatable). */
function collectHost(value: string, previous: string[] | undefined): string[] {
  if (!/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/.test(value))
    throw new InvalidArgumentError(`expected a host name or address, got ${JSON.stringify(value)}`);
  return [...(previous ?? []), value];
}

function parseRedisUrl(value: string): string {
  try {
    checkRedisUrl(value);
  } catch (error) {
    throw invalidArgument(messageOf(error), error);
  }
  return value;
}

/** Progress on a terminal only (undefined otherwise): one line rewritten in place, at most ~10 times a second. */
export function progressPrinter(stream: NodeJS.WriteStream, clock: () => number = Date.now): ((p: LoadProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = clock();
    const done = p.bytesDone >= p.bytesTotal;
    if (!done && now - last < 100) return;
    last = now;
    const pct = p.bytesTotal > 0 ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 100;
    stream.write(`\rLoading products: ${pct}% (${p.lines.toLocaleString('en-US')} lines)${done ? '\n' : ''}`);
  };
}

interface ProductServiceFlags {
  port: number;
  host: string;
  products?: string;
  db?: string;
  redis?: string;
  allowHost?: string[];
  sharedFilter?: boolean;
  capacity?: number;
}

function parseCapacity(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 100_000_000) throw new InvalidArgumentError('expected a number of items from 1 to 100000000');
  return n;
}

/**
 * What is wrong with the input beyond each flag's own syntax, or null: the environment
 * variables standing in for flags, and flags that need each other. Exit 2 before anything
 * is opened, like a bad flag.
 */
function inputProblem(flags: ProductServiceFlags, env: NodeJS.ProcessEnv): string | null {
  try {
    const redis = flags.redis ?? (env.REDIS_URL || undefined);
    if (flags.redis === undefined && env.REDIS_URL) {
      try {
        checkRedisUrl(env.REDIS_URL);
      } catch (err) {
        return `REDIS_URL: ${messageOf(err)}`;
      }
    }
    if (flags.db === undefined && env.DATABASE_URL) checkDatabaseUrl(env.DATABASE_URL);
    if (flags.db !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(flags.db)) checkDatabaseUrl(flags.db, '--db');
    if (flags.sharedFilter) checkSharedFilter(redis);
  } catch (err) {
    return messageOf(err);
  }
  return null;
}

export function registerProductServiceCommand(program: Command): void {
  program
    .command('product-service')
    .description('run the Bloom-filter product service (filter → cache → SQLite or PostgreSQL) over HTTP')
    .option('--port <port>', 'port to listen on (0 = any free port)', listenPortOption('--port'), 8000)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--products <file>', 'products file to load (default: data/products.txt when present)')
    .option('--db <file-or-url>', 'SQLite database file, or postgres://USER@HOST:PORT/DB (default: $DATABASE_URL, else SQLite in memory)')
    .option(
      '--redis <url>',
      'Redis URL for the cache, redis://HOST:PORT; fakeredis:// = in-process (default: $REDIS_URL, else an in-process LRU)',
      parseRedisUrl,
    )
    .option('--shared-filter', 'one Bloom filter for every replica, kept in Redis (needs --redis/REDIS_URL; use with PostgreSQL)')
    .option('--capacity <n>', 'Bloom filter capacity n for filters this process builds (default 1000000)', parseCapacity)
    .option('--allow-host <name>', "also accept this name in Host/Origin (e.g. a load balancer's DNS name); repeatable", collectHost)
    .action(async (flags: ProductServiceFlags) => {
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      const problem = inputProblem(flags, process.env);
      if (problem) {
        log(`product-service: ${problem}`);
        process.exit(EXIT_INVALID);
      }
      let service: RunningProductService | null = null;
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        log(`${signal}: shutting down`);
        setTimeout(() => {
          log(`shutdown did not finish within ${SHUTDOWN_GRACE_MS} ms; exiting (acknowledged writes are committed)`);
          process.exit(EXIT_NO);
        }, SHUTDOWN_GRACE_MS).unref();
        const done = service ? service.close() : Promise.resolve();
        done.then(
          () => process.exit(EXIT_OK),
          (err: Error) => {
            log(`shutdown failed: ${err.message}`);
            process.exit(EXIT_NO);
          },
        );
      };
      // Installed before starting so a signal during a long load is still clean.
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      try {
        service = await startProductService({
          host: flags.host,
          port: flags.port,
          productsFile: flags.products,
          dbFile: flags.db,
          redisUrl: flags.redis,
          allowedHosts: flags.allowHost,
          sharedFilter: flags.sharedFilter === true,
          expectedItems: flags.capacity,
          log,
          onProgress: progressPrinter(process.stderr),
        });
      } catch (err) {
        log(`product-service: ${await listenFailure(err, flags.host, flags.port)}`);
        process.exit(EXIT_NO);
      }
      if (stopping) {
        await service.close();
        return;
      }
      const load = service.productsLoad;
      if (load)
        log(`loaded ${load.accepted} products (${load.inserted} new, ${load.problemCount} bad lines); filter from ${service.bloomSource}`);
      process.stdout.write(`Product service ready: ${service.url}\n`);
    });
}
