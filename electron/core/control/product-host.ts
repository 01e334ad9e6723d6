/**
 * Embeds the product service (electron/product-service) when `productService.enabled`:
 * start, stop, and its state for the control API. The service itself is started through
 * the function the surface passed in (model/product.ts, StartProductService): core does not
 * import the product service.
 */
import { isAbsolute, resolve } from 'node:path';
import type { ProductServiceConfig } from '../model/config.ts';
import { ControlError, messageOf } from '../model/errors.ts';
import type { EmbeddedProductService, ProductServiceState, StartProductService } from '../model/product.ts';

/** Bad products-file lines carried in the state (the log has every one). */
const MAX_PROBLEMS_SHOWN = 20;

export class ProductHost {
  private config: ProductServiceConfig;
  private readonly baseDir: string;
  private readonly startFn: StartProductService | null;
  private readonly log: (line: string) => void;
  private running: EmbeddedProductService | null = null;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(config: ProductServiceConfig, baseDir: string, startFn: StartProductService | null, log: (line: string) => void) {
    this.config = config;
    this.baseDir = baseDir;
    this.startFn = startFn;
    this.log = log;
  }

  state(): ProductServiceState {
    const r = this.running;
    return {
      enabled: this.config.enabled,
      running: r !== null,
      url: r?.url ?? null,
      bloom: r ? r.bloomStats() : null,
      metrics: r ? r.metrics() : null,
      productsLoad:
        r && r.productsLoad && r.productsFile
          ? {
              file: r.productsFile,
              accepted: r.productsLoad.accepted,
              inserted: r.productsLoad.inserted,
              problemCount: r.productsLoad.problemCount,
              problems: r.productsLoad.problems.slice(0, MAX_PROBLEMS_SHOWN),
            }
          : null,
    };
  }

  private path(file: string | null | undefined): string | null {
    if (file === null || file === undefined) return null;
    // ':memory:', absolute paths and URLs (a postgres:// database) are taken as they are.
    if (file === ':memory:' || isAbsolute(file) || /^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return file;
    return resolve(this.baseDir, file);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.pending.then(fn, fn);
    this.pending = run.catch(() => undefined);
    return run;
  }

  start(): Promise<ProductServiceState> {
    return this.serial(async () => {
      if (this.running) return this.state();
      const c = this.config;
      if (!this.startFn)
        throw new ControlError(
          'unavailable',
          'the product service is not part of this runtime (createControl was given no startProductService)',
        );
      try {
        this.running = await this.startFn({
          host: c.host ?? '127.0.0.1',
          port: c.port,
          productsFile: this.path(c.productsFile ?? null),
          dbFile: this.path(c.dbFile ?? null) ?? ':memory:',
          redisUrl: c.redisUrl ?? null,
          sharedFilter: c.sharedFilter ?? false,
          log: this.log,
        });
      } catch (error) {
        throw new ControlError('unavailable', `product service could not start: ${messageOf(error)}`, { cause: error });
      }
      return this.state();
    });
  }

  stop(): Promise<ProductServiceState> {
    return this.serial(async () => {
      const r = this.running;
      this.running = null;
      if (r) await r.close();
      return this.state();
    });
  }

  /** Apply new settings; a running service restarts when its settings changed. */
  async apply(config: ProductServiceConfig): Promise<void> {
    const previous = this.config;
    this.config = config;
    if (JSON.stringify(config) === JSON.stringify(previous)) return;
    const wasRunning = this.running !== null;
    if (wasRunning) await this.stop();
    // Restart what ran; start what was just enabled.
    if (config.enabled && (wasRunning || !previous.enabled)) await this.start();
  }
}
