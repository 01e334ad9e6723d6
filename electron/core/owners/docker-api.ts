/**
 * The Docker Engine API over its local socket (unix socket on Linux and macOS, named pipe on
 * Windows): list containers, stop one. Only local sockets: a `tcp://` DOCKER_HOST is not
 * used (it may be remote and needs TLS), and Portwarden then says "a Docker container".
 * Every request is bounded by a timeout; a missing socket answers at once (ENOENT).
 */
import { request } from 'node:http';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseContainers, type ContainerSummary } from './docker-containers.ts';

export interface DockerClient {
  /** The socket or pipe asked, for messages. */
  readonly endpoint: string;
  listContainers(): Promise<ContainerSummary[]>;
  /** Stops a container (Docker sends SIGTERM, then SIGKILL after `graceSeconds`). */
  stopContainer(id: string, graceSeconds: number): Promise<'stopped' | 'already-stopped' | 'not-found'>;
}

/**
 * The Docker socket to use: DOCKER_HOST when it names a local socket (`unix://…`,
 * `npipe://…`), else the platform's default (macOS: the per-user socket of Docker Desktop
 * when no system one is set up). Null when DOCKER_HOST points elsewhere.
 */
export function dockerSocket(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const host = env.DOCKER_HOST;
  if (host !== undefined && host !== '') {
    if (host.startsWith('unix://')) return host.slice('unix://'.length);
    // npipe:////./pipe/docker_engine → \\.\pipe\docker_engine
    if (host.startsWith('npipe://')) return host.slice('npipe://'.length).replace(/\//g, '\\');
    return null;
  }
  if (platform === 'win32') return '\\\\.\\pipe\\docker_engine';
  if (platform === 'darwin') return path.join(homedir(), '.docker', 'run', 'docker.sock');
  return '/var/run/docker.sock';
}

export class DockerApiError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.name = 'DockerApiError';
    this.status = status;
  }
}

function call(socketPath: string, method: string, apiPath: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path: apiPath, headers: { host: 'docker' }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 16 * 1024 * 1024) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new DockerApiError(`Docker did not answer ${method} ${apiPath} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export interface DockerClientOptions {
  socketPath?: string;
  /** Per request; default 1000 ms (stop waits longer: Docker's grace plus this). */
  timeoutMs?: number;
}

/** A client for the local Docker socket, or null when there is none to use. */
export function createDockerClient(options: DockerClientOptions = {}): DockerClient | null {
  const socketPath = options.socketPath ?? dockerSocket();
  if (socketPath === null) return null;
  const timeoutMs = options.timeoutMs ?? 1_000;
  return {
    endpoint: socketPath,
    async listContainers() {
      const { status, body } = await call(socketPath, 'GET', '/containers/json', timeoutMs);
      if (status !== 200) throw new DockerApiError(`Docker answered ${status} to GET /containers/json`, status);
      return parseContainers(body);
    },
    async stopContainer(id, graceSeconds) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) throw new DockerApiError(`not a container id or name: ${JSON.stringify(id)}`);
      const grace = Math.max(0, Math.round(graceSeconds));
      const { status, body } = await call(
        socketPath,
        'POST',
        `/containers/${encodeURIComponent(id)}/stop?t=${grace}`,
        timeoutMs + grace * 1000,
      );
      if (status === 204) return 'stopped';
      if (status === 304) return 'already-stopped';
      if (status === 404) return 'not-found';
      throw new DockerApiError(`Docker answered ${status} to stopping ${id}: ${body.slice(0, 200)}`, status);
    },
  };
}
