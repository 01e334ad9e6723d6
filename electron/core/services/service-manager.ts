/**
 * All managed services of one config: creates a ServiceRunner per entry, applies config
 * changes (added services appear stopped, removed ones are stopped and dropped), and stops
 * everything on shutdown.
 */
import { ControlError } from '../model/errors.ts';
import type { ServiceState } from '../model/services.ts';
import type { CheckedServiceConfig } from '../model/config.ts';
import { ServiceRunner } from './service-runner.ts';
import type { ServiceRunnerDeps } from './service-runner.ts';

export class ServiceManager {
  private readonly runners = new Map<string, ServiceRunner>();
  private readonly deps: ServiceRunnerDeps;

  constructor(services: readonly CheckedServiceConfig[], deps: ServiceRunnerDeps) {
    this.deps = deps;
    for (const service of services) this.runners.set(service.id, new ServiceRunner(service, deps));
  }

  get(id: string): ServiceRunner {
    const runner = this.runners.get(id);
    if (!runner) throw new ControlError('not-found', `no service with id ${JSON.stringify(id)}`);
    return runner;
  }

  has(id: string): boolean {
    return this.runners.has(id);
  }

  all(): ServiceRunner[] {
    return [...this.runners.values()];
  }

  states(): ServiceState[] {
    return this.all().map((runner) => runner.currentState());
  }

  /** Apply a new service list. Removed services are stopped (whole group) before they go. */
  async apply(services: readonly CheckedServiceConfig[]): Promise<void> {
    const wanted = new Map(services.map((s) => [s.id, s]));
    const removed = this.all().filter((runner) => !wanted.has(runner.id));
    await Promise.all(removed.map((runner) => runner.stop().catch(() => undefined)));
    for (const runner of removed) this.runners.delete(runner.id);
    for (const service of services) {
      const existing = this.runners.get(service.id);
      if (existing) existing.update(service);
      else this.runners.set(service.id, new ServiceRunner(service, this.deps));
    }
    this.deps.changed();
  }

  /** Stop every running service (in parallel). */
  async stopAll(): Promise<void> {
    await Promise.all(this.all().map((runner) => runner.stop().catch(() => undefined)));
  }
}
