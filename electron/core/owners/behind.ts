/**
 * What is behind each forwarding owner of a snapshot (forwarders.ts): the Docker container
 * that publishes the port (Docker Engine API, `GET /containers/json`, matched by published
 * port) or the WSL distribution (`wsl.exe --list --verbose`). Asked only when a forwarder is
 * in the snapshot, so a machine without Docker pays nothing; answers are cached for a few
 * seconds, and a slow or missing Docker delays a snapshot by at most `boundMs` — the row then
 * says "a Docker container" until the answer comes.
 */
import { createDockerClient, type DockerClient } from './docker-api.ts';
import { containerForPort, type ContainerSummary } from './docker-containers.ts';
import { forwarderKind, parseDockerProxyArgs } from './forwarders.ts';
import type { Behind } from '../model/owners.ts';
import { parseWslList, relayedDistro } from './wsl-distros.ts';

/** The fields of a listener record this needs. */
export interface ForwardedListener {
  port: number;
  address: string;
  pid: number | null;
  name: string | null;
  command: string | null;
}

export interface BehindOptions {
  /** Default: the local Docker socket (null: none to ask). */
  docker?: DockerClient | null;
  /** Runs `wsl.exe --list --verbose` and returns its output (Windows only). */
  wslList?: () => Promise<string>;
  /** How long one snapshot may wait. Default 300 ms. */
  boundMs?: number;
  /** How long an answer is reused. Default 3 s. */
  ttlMs?: number;
  now?: () => number;
}

export interface BehindResolver {
  behindOf<L extends ForwardedListener>(listeners: readonly L[]): Promise<Map<L, Behind>>;
}

/** A value fetched at most once per `ttlMs`, shared by concurrent askers. */
function cached<T>(fetch: () => Promise<T>, ttlMs: number, now: () => number) {
  let value: { at: number; result: T | null } | null = null;
  let running: Promise<T | null> | null = null;
  return (): Promise<T | null> => {
    if (value !== null && now() - value.at < ttlMs) return Promise.resolve(value.result);
    running ??= fetch()
      .catch(() => null)
      .then((result) => {
        value = { at: now(), result };
        running = null;
        return result;
      });
    return running;
  };
}

/** `promise`'s value, or undefined when it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createBehindResolver(options: BehindOptions = {}): BehindResolver {
  const now = options.now ?? Date.now;
  const boundMs = options.boundMs ?? 300;
  const ttlMs = options.ttlMs ?? 3_000;
  let docker: DockerClient | null | undefined = options.docker;
  const containers = cached<ContainerSummary[]>(
    async () => {
      docker ??= createDockerClient();
      if (docker === null) throw new Error('no local Docker socket');
      return docker.listContainers();
    },
    ttlMs,
    now,
  );
  const wsl = cached<string>(() => (options.wslList ? options.wslList() : Promise.reject(new Error('no wsl.exe'))), ttlMs, now);

  return {
    async behindOf(listeners) {
      const result = new Map<(typeof listeners)[number], Behind>();
      const kinds = listeners.map((l) => (l.pid === null ? null : forwarderKind(l.name, l.command)));
      if (kinds.every((k) => k === null)) return result;
      const [list, wslText] = await Promise.all([
        kinds.includes('docker') ? within(containers(), boundMs) : undefined,
        kinds.includes('wsl') ? within(wsl(), boundMs) : undefined,
      ]);
      const distro = wslText ? relayedDistro(parseWslList(wslText)) : null;
      listeners.forEach((listener, i) => {
        if (kinds[i] === 'wsl') result.set(listener, { kind: 'wsl', distro });
        if (kinds[i] !== 'docker') return;
        const found = list ? containerForPort(list, listener.port, listener.address) : null;
        const containerPort = parseDockerProxyArgs(listener.command).containerPort;
        result.set(listener, found ?? { kind: 'docker-container', id: null, name: null, image: null, containerPort });
      });
      return result;
    },
  };
}

let shared: BehindResolver | undefined;
/** One resolver (and cache) for the whole process. */
export function sharedBehindResolver(): BehindResolver {
  return (shared ??= createBehindResolver());
}
