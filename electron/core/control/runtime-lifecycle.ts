/**
 * Starting, stopping and re-configuring the runtime built by control-runtime.ts, and the
 * poll-loop figures createControl exposes beside the API (runtime-types.ts).
 */
import { saveConfigFile } from '../config/load-config.ts';
import type { CheckedConfig } from '../model/config.ts';
import type { RuntimeParts } from './control-runtime.ts';
import type { ControlRuntime } from './runtime-types.ts';
import { messageOf } from '../model/errors.ts';

export function createLifecycle(parts: RuntimeParts): Pick<ControlRuntime, 'start' | 'stop'> {
  const { monitor, services, product, diagnostics, onError } = parts;
  let started = false;
  return {
    async start() {
      if (started) return;
      started = true;
      await monitor.start();
      // Before any autoStart service: the first diagnostics make test binds.
      await diagnostics.start();
      for (const service of parts.config.current.services) {
        if (!service.autoStart) continue;
        await services
          .get(service.id)
          .start()
          .catch((error: unknown) => onError(`service ${service.id}: ${messageOf(error)}`));
      }
      if (parts.config.current.productService.enabled) {
        await product.start().catch((error: unknown) => onError(messageOf(error)));
      }
      parts.events.schedule();
    },
    async stop(stopOptions) {
      started = false;
      diagnostics.stop();
      await monitor.stop();
      if (stopOptions?.stopServices !== false) {
        await services.stopAll();
        await product.stop().catch(() => undefined);
      }
      for (const helper of parts.helpers) helper.close();
    },
  };
}

/** Persist a validated config (the options' persistConfig, else the config file), if anywhere. */
export async function persistConfig(parts: RuntimeParts, next: CheckedConfig): Promise<void> {
  const { options } = parts;
  if (options.persistConfig) await options.persistConfig(next);
  else if (options.configPath) await saveConfigFile(options.configPath, next);
}

/** Put a validated config in force: services, watch list, diagnostics, product service. */
export async function applyConfig(parts: RuntimeParts, next: CheckedConfig): Promise<void> {
  parts.config.current = next;
  await parts.services.apply(next.services);
  await parts.monitor.applyConfig(next);
  parts.diagnostics.invalidate();
  await parts.product.apply(next.productService).catch((error: unknown) => parts.onError(messageOf(error)));
  parts.events.schedule();
}

export function monitorStats(parts: RuntimeParts): ReturnType<ControlRuntime['monitorStats']> {
  const { monitor } = parts;
  return {
    polls: monitor.polls,
    skippedReads: monitor.skippedReads,
    lastPollMs: monitor.lastPollMs,
    maxPollMs: monitor.maxPollMs,
    lastError: monitor.lastError,
    helperPids: parts.helpers.map((h) => h.pid()).filter((p): p is number => p !== null),
  };
}
