/**
 * The product service as the control runtime embeds it (createControl's
 * `startProductService`, passed by `portwarden serve` and the desktop app). Loaded on first
 * use: the service pulls in SQLite and the Redis client, which a monitor-only run should not
 * pay for at startup.
 */
import type { StartProductService } from '../core/model/product.ts';

export const startEmbeddedProductService: StartProductService = async (options) =>
  (await import('./index.ts')).startProductService(options);
