/**
 * Linux docker-proxy on a real process: a listener script named `docker-proxy`, started with
 * docker-proxy's own arguments (so /proc/PID/comm is `docker-proxy`), and the Docker Engine
 * API staged as a real HTTP server on a unix socket answering GET /containers/json with the
 * documented JSON (no Docker daemon runs here) and POST /containers/{id}/stop by stopping the
 * staged proxy, as Docker does when it stops a container.
 */
import { execFileSync, execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBehindResolver } from '../../../electron/core/owners/behind.ts';
import { createDockerClient } from '../../../electron/core/owners/docker-api.ts';
import { createSnapshotReader } from '../../../electron/core/ports/index.ts';
import { createKillDeps } from '../../../electron/core/control/create-kill-deps.ts';
import { createControl } from '../../../electron/core/control/create-control.ts';
import { freePort } from '../../../electron/core/processes/free-port.ts';
import { killProcess } from '../../../electron/core/processes/kill-process.ts';
import type { ListenerRecord } from '../../../electron/core/model/ports.ts';
import type { FreePortResult } from '../../../electron/core/model/processes.ts';
import { alive, killAllStarted, startDetached, waitFor, type Spawned } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

const onLinux = process.platform === 'linux';
if (!onLinux) console.log('docker-proxy: skipped, it stages a process and reads /proc (Linux only)');

const dir = mkdtempSync(path.join(tmpdir(), 'pw-docker-'));
const socketPath = path.join(dir, 'docker.sock');
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const proxyScript = path.join(dir, 'docker-proxy');
// Runs from its shebang, so the kernel names the process after the file: docker-proxy.
writeFileSync(
  proxyScript,
  `#!${python}
import socket, sys, time
args = sys.argv[1:]
opt = lambda name: args[args.index(name) + 1]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((opt("-host-ip"), int(opt("-host-port"))))
s.listen(16)
print("ready", flush=True)
end = time.time() + 600
while time.time() < end:
    time.sleep(1)
`,
);
chmodSync(proxyScript, 0o755);

const WEB_ID = '8dfafdbc3a40c5c4ae7e7fe86e4ab63d8b8a5b4a6e8f5a2d6f1c0a9b8e7d6c5b';
let proxy: Spawned;
let port: number;
let api: Server;
const apiCalls: string[] = [];

async function startProxy(): Promise<void> {
  port = await unusedPort();
  proxy = await startDetached(
    proxyScript,
    ['-proto', 'tcp', '-host-ip', '127.0.0.1', '-host-port', String(port), '-container-ip', '172.18.0.2', '-container-port', '80'],
    /ready/,
  );
}

/** The recorded /containers/json answer (test/fixtures/owners), published on this run's port. */
function containersJson(): string {
  const recorded = JSON.parse(readFileSync(new URL('../../fixtures/owners/containers-json.json', import.meta.url), 'utf8')) as {
    Ports: { PublicPort?: number }[];
  }[];
  for (const p of recorded[0]!.Ports) if (p.PublicPort === 8080) p.PublicPort = port;
  return JSON.stringify(recorded);
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['electron/cli.ts', ...args],
      { timeout: 30_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? -1) : 0, stdout, stderr });
      },
    );
  });
}

const withApi = () => createBehindResolver({ docker: createDockerClient({ socketPath }) });
const depsWithApi = () => {
  const docker = createDockerClient({ socketPath });
  return createKillDeps({ docker, reader: createSnapshotReader({ ownerCacheMs: 0, behind: createBehindResolver({ docker }) }) });
};

describe.runIf(onLinux)('docker-proxy: the container behind the port', () => {
  beforeAll(async () => {
    api = createServer((req, res) => {
      apiCalls.push(`${req.method} ${req.url}`);
      if (req.method === 'GET' && req.url === '/containers/json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(containersJson());
      } else if (req.method === 'POST' && req.url?.startsWith(`/containers/${WEB_ID}/stop`)) {
        // Docker stops the container; its docker-proxy goes with it.
        process.kill(proxy.pid, 'SIGTERM');
        res.writeHead(204).end();
      } else res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No such container"}');
    });
    await new Promise<void>((resolve) => api.listen(socketPath, resolve));
  });
  afterEach(killAllStarted);
  afterAll(async () => {
    await new Promise((resolve) => api.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the container from the Docker Engine API, matched by published port', async () => {
    await startProxy();
    const { listeners } = await createSnapshotReader({ behind: withApi() }).read({ ports: [port] });
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({
      pid: proxy.pid,
      name: 'docker-proxy',
      behind: { kind: 'docker-container', id: WEB_ID, name: 'shop-web-1', image: 'nginx:1.27', containerPort: 80 },
    });
    expect(apiCalls).toContain('GET /containers/json');
  });

  it('says "a Docker container" (with the container port from its arguments) when the API cannot be reached', async () => {
    await startProxy();
    const resolver = createBehindResolver({ docker: createDockerClient({ socketPath: path.join(dir, 'no-such.sock') }) });
    const { listeners } = await createSnapshotReader({ behind: resolver }).read({ ports: [port] });
    expect(listeners[0]?.behind).toEqual({ kind: 'docker-container', id: null, name: null, image: null, containerPort: 80 });
  });

  it('free refuses to kill docker-proxy and says which container to stop; kill refuses too', async () => {
    await startProxy();
    const result = await freePort(port, { graceMs: 200 }, depsWithApi());
    expect(result).toMatchObject({ free: false, refused: true });
    expect(result.actions).toEqual([
      expect.objectContaining({ pid: proxy.pid, name: 'docker-proxy', result: 'refused-protected', signals: [] }),
    ]);
    expect(result.actions[0]?.reason).toContain('forwards port');
    expect(result.actions[0]?.reason).toContain('stop the container instead: docker stop shop-web-1');
    const kill = await killProcess(proxy.pid, { graceMs: 200 }, depsWithApi());
    expect(kill.result).toBe('refused-protected');
    expect(alive(proxy.pid)).toBe(true);
  });

  it('free with stopContainers stops the container through the API, and the port is free', async () => {
    await startProxy();
    const result = await freePort(port, { graceMs: 1000, stopContainers: true }, depsWithApi());
    expect(apiCalls).toContain(`POST /containers/${WEB_ID}/stop?t=1`);
    expect(result).toMatchObject({ free: true, refused: false });
    expect(result.actions).toEqual([expect.objectContaining({ pid: proxy.pid, via: 'docker', result: 'exited', signals: [] })]);
    expect(result.actions[0]?.reason).toBe('stopped Docker container shop-web-1 (nginx:1.27) through the Docker API');
    await waitFor(() => !alive(proxy.pid), 5_000, 'the staged proxy to exit');
  });

  it('the control API: All listeners shows the container as a dev server; freePort with stopContainers stops it', async () => {
    await startProxy();
    const docker = createDockerClient({ socketPath });
    const control = createControl({
      config: { pollIntervalMs: 500, ports: [], services: [], productService: { enabled: false, port: 8010 } },
      reader: createSnapshotReader({ ownerCacheMs: 0, behind: createBehindResolver({ docker }) }),
      killDeps: { docker },
    });
    try {
      const row = (await control.getAllListeners()).rows.find((r) => r.port === port);
      expect(row).toMatchObject({ kind: 'dev', behind: { kind: 'docker-container', name: 'shop-web-1' } });
      await expect(control.freePort(port, { stopContainers: 'yes' as never })).rejects.toMatchObject({ code: 'invalid-argument' });
      expect(alive(proxy.pid)).toBe(true);
      const result = await control.freePort(port, { graceMs: 1000, stopContainers: true, owners: [{ pid: proxy.pid }] });
      expect(apiCalls).toContain(`POST /containers/${WEB_ID}/stop?t=1`);
      expect(result).toMatchObject({ free: true, refused: false });
      expect(result.actions).toEqual([expect.objectContaining({ pid: proxy.pid, via: 'docker', result: 'exited' })]);
    } finally {
      await control.stop();
    }
  });

  it('the CLI: ports names the container, free refuses (exit 2), free --stop-containers frees it', async () => {
    await startProxy();
    const env = { DOCKER_HOST: `unix://${socketPath}` };
    const table = await cli(['ports', String(port)], env);
    const [header, row] = table.stdout.trimEnd().split('\n');
    expect(row!.slice(header!.indexOf('PROJECT'))).toMatch(/^docker:shop-web-1\s/);
    const json = JSON.parse((await cli(['ports', String(port), '--json'], env)).stdout) as ListenerRecord[];
    expect(json[0]?.behind).toMatchObject({ name: 'shop-web-1', image: 'nginx:1.27' });
    const refused = await cli(['free', String(port), '--grace', '200'], env);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('docker stop shop-web-1');
    expect(alive(proxy.pid)).toBe(true);
    const stopped = await cli(['free', String(port), '--stop-containers', '--json'], env);
    expect(stopped.code).toBe(0);
    expect((JSON.parse(stopped.stdout) as FreePortResult[])[0]).toMatchObject({
      free: true,
      actions: [{ via: 'docker', result: 'exited' }],
    });
  });
});
