/**
 * One health check of one watched port: the main probe (HTTP url, else TCP connect), every
 * configured route (seed 001: each must answer expectStatus), and who answered. A good status
 * from a process that is not the port's expected owner (outside the managed service's tree,
 * or not matching the owner matcher) is "unhealthy", never "healthy".
 */
import type { AnsweredBy, PortHealth, RouteCheck } from '../model/health.ts';
import type { WatchedPortConfig } from '../model/config.ts';
import { HEALTH_DEFAULTS } from '../config/defaults.ts';
import { wrongAnswerer } from '../vocabulary/health.ts';
import { appendSample } from './history.ts';
import { probeHttp, probeTcp } from './http-probe.ts';

export interface HealthDeps {
  /** Epoch ms, for checkedAt and the history. */
  now: () => number;
  /** Who owns the listener a connection to remoteAddress:port reached (null = can't tell). */
  lookupOwner: (remoteAddress: string, port: number) => Promise<AnsweredBy | null>;
  /** Running as root (the words for an invisible owner differ). */
  elevated?: boolean;
}

export function emptyHealth(entry: WatchedPortConfig): PortHealth {
  const url = entry.health?.url;
  return {
    state: 'unknown',
    kind: url ? 'http' : 'tcp',
    target: url ?? `127.0.0.1:${entry.port}`,
    status: null,
    latencyMs: null,
    checkedAt: null,
    answeredBy: null,
    routes: [],
    history: [],
  };
}

export async function runPortHealth(entry: WatchedPortConfig, previous: PortHealth | null, deps: HealthDeps): Promise<PortHealth> {
  const health = entry.health ?? {};
  const timeoutMs = health.timeoutMs ?? HEALTH_DEFAULTS.timeoutMs;
  const expectStatus = health.expectStatus ?? HEALTH_DEFAULTS.expectStatus;
  const base = previous ?? emptyHealth(entry);
  const url = health.url;

  const main = url ? await probeHttp(url, expectStatus, { timeoutMs }) : await probeTcp('127.0.0.1', entry.port, { timeoutMs });

  // Who owns the socket an answer came from, looked up once per remote address: a route
  // answered by a process that is not the port's expected owner is not "OK" (seed 001: every
  // route returned 200, served by the rogue). Trial D1.
  const probePort = url ? Number(new URL(url).port || (url.startsWith('https') ? 443 : 80)) : entry.port;
  const owners = new Map<string, Promise<AnsweredBy | null>>();
  const ownerOf = (remoteAddress: string | null): Promise<AnsweredBy | null> => {
    if (remoteAddress === null) return Promise.resolve(null);
    if (!owners.has(remoteAddress))
      owners.set(
        remoteAddress,
        deps.lookupOwner(remoteAddress, probePort).catch(() => null),
      );
    return owners.get(remoteAddress)!;
  };
  const expectedOwner = { service: entry.service ?? null, owner: entry.owner ?? null };

  let routes: RouteCheck[] = [];
  if (url && health.routes && health.routes.length > 0) {
    const origin = new URL(url).origin;
    routes = await Promise.all(
      health.routes.map(async (path): Promise<RouteCheck> => {
        const r = await probeHttp(origin + path, expectStatus, { timeoutMs });
        const by = await ownerOf(r.remoteAddress);
        const foreign = by !== null && by.expected === false;
        const error = r.error ?? (foreign ? wrongAnswerer(by, expectedOwner, deps.elevated) : undefined);
        return {
          path,
          status: r.status,
          ok: r.ok && !foreign,
          latencyMs: r.latencyMs,
          ...(error ? { error } : {}),
          ...(foreign ? { foreign: true } : {}),
        };
      }),
    );
  }

  const answeredBy = await ownerOf(main.remoteAddress);

  const failedRoutes = routes.filter((r) => !r.ok && !(r.foreign && r.status === expectStatus));
  let error = main.error;
  if (!error && failedRoutes.length > 0) {
    error = `route${failedRoutes.length > 1 ? 's' : ''} ${failedRoutes.map((r) => `${r.path} (${r.status ?? r.error})`).join(', ')} did not answer ${expectStatus}`;
  }
  const wrong = answeredBy !== null && answeredBy.expected === false;
  if (!error && wrong && answeredBy) error = wrongAnswerer(answeredBy, expectedOwner, deps.elevated);
  const foreignRoute = routes.find((r) => r.foreign);
  if (!error && foreignRoute) error = `route ${foreignRoute.path} ${foreignRoute.error}`;
  const healthy = main.ok && routes.every((r) => r.ok) && !wrong;
  const at = deps.now();
  return {
    state: healthy ? 'healthy' : 'unhealthy',
    kind: url ? 'http' : 'tcp',
    target: url ?? `127.0.0.1:${entry.port}`,
    status: main.status,
    latencyMs: main.latencyMs,
    ...(error ? { error } : {}),
    checkedAt: at,
    answeredBy,
    routes,
    history: appendSample(base.history, { at, ok: healthy, latencyMs: main.latencyMs }),
  };
}
