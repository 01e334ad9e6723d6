import type { HealthConfig, PortwardenConfig } from '../config/types.ts';

/** One watched port as the monitor sees it: a `ports` entry or a service's own port. */
export interface WatchEntry {
  port: number;
  name: string | null;
  /** Id of the managed service that should own the port. */
  service: string | null;
  health: HealthConfig | null;
}

/**
 * The ports to watch: every `ports` entry, plus each service's `port` that no entry lists
 * (a managed service's port is always watched).
 */
export function watchList(config: PortwardenConfig): WatchEntry[] {
  const out: WatchEntry[] = config.ports.map((p) => {
    const owner = p.service ?? config.services.find((s) => s.port === p.port)?.id ?? null;
    return { port: p.port, name: p.name ?? null, service: owner, health: p.health ?? null };
  });
  const listed = new Set(out.map((e) => e.port));
  for (const s of config.services) {
    if (s.port !== undefined && !listed.has(s.port)) out.push({ port: s.port, name: s.id, service: s.id, health: null });
  }
  return out;
}
