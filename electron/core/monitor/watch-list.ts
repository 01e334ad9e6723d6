import { isAbsolute, resolve } from 'node:path';
import type { HealthConfig, OwnerMatcher, PortwardenConfig } from '../model/config.ts';

/** One watched port as the monitor sees it: a `ports` entry or a service's own port. */
export interface WatchEntry {
  port: number;
  name: string | null;
  /** Id of the managed service that should own the port. */
  service: string | null;
  /** Who should own it when Portwarden does not run it. */
  owner: OwnerMatcher | null;
  /** Absolute path of the log file watched for "address already in use". */
  logFile: string | null;
  health: HealthConfig | null;
}

/**
 * The ports to watch: every `ports` entry, plus each service's `port` that no entry lists
 * (a managed service's port is always watched). A relative `logFile` is resolved against
 * `baseDir` (the config file's directory).
 */
export function watchList(config: PortwardenConfig, baseDir: string = process.cwd()): WatchEntry[] {
  const out: WatchEntry[] = config.ports.map((p) => {
    const service = p.service ?? config.services.find((s) => s.port === p.port)?.id ?? null;
    const logFile = p.logFile === undefined ? null : isAbsolute(p.logFile) ? p.logFile : resolve(baseDir, p.logFile);
    return {
      port: p.port,
      name: p.name ?? null,
      service,
      owner: service === null ? (p.owner ?? null) : null,
      logFile,
      health: p.health ?? null,
    };
  });
  const listed = new Set(out.map((e) => e.port));
  for (const s of config.services) {
    if (s.port !== undefined && !listed.has(s.port))
      out.push({ port: s.port, name: s.id, service: s.id, owner: null, logFile: null, health: null });
  }
  return out;
}
