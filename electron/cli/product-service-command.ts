import type { Command } from 'commander';

/** `product-service` (issue: Bloom-filter product service). */
export function registerProductServiceCommand(_program: Command): void {}
