/**
 * The ControlState every surface shows, derived from the facts of this moment: the port
 * states the monitor derived from the current snapshot (monitor/derive-port.ts), the
 * supervisor's view of each service, and the last diagnostics. Pure: nothing is kept in
 * step by hand, so a service is "blocked by" a process only while that process holds its
 * port, and the overall level always matches the ports shown.
 */
import { deriveOverall } from '../monitor/overall.ts';
import { conflictListeners } from '../vocabulary/conflicts.ts';
import { holdsSentence } from '../vocabulary/owners.ts';
import type { ControlState, PortState, ProductServiceState, ServiceState } from './contract.ts';

export interface ControlFacts {
  ports: PortState[];
  services: ServiceState[];
  /** Critical checks of the last diagnostics run ("name: message"). */
  critical: string[];
  paused: boolean;
  pollIntervalMs: number;
  now: number;
  /** When the OS was last looked at for the ports (monitor.observedAt). */
  observedAt: number | null;
  productService: ProductServiceState | null;
  elevated: boolean;
}

/** A service's `blockedBy`: who holds its port now, while it is in bind-loop; else null. */
export function blockedBy(service: ServiceState, ports: readonly PortState[], elevated = false): string | null {
  if (service.status !== 'bind-loop' || service.port === null) return null;
  const port = ports.find((p) => p.port === service.port);
  const conflict = port?.conflicts.find((c) => c.kind === 'bind-loop' && c.source !== 'log');
  if (!port || !conflict) return null;
  return holdsSentence(conflictListeners(conflict, port), port.port, { elevated });
}

export function deriveControlState(f: ControlFacts): ControlState {
  const overall = deriveOverall(f.ports, f.critical.length, f.paused);
  return {
    overall: overall.level,
    overallText: overall.text,
    critical: f.critical,
    paused: f.paused,
    pollIntervalMs: f.pollIntervalMs,
    updatedAt: f.now,
    observedAt: f.observedAt,
    ports: f.ports,
    services: f.services.map((s) => ({ ...s, blockedBy: blockedBy(s, f.ports, f.elevated) })),
    productService: f.productService,
  };
}
