/**
 * Forwarding owners on recorded outputs in the formats their documentation gives: the Docker
 * Engine API's GET /containers/json, `wsl.exe --list --verbose` (UTF-16LE as wsl.exe writes
 * it), docker-proxy's command line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBehindResolver } from '../../../electron/core/owners/behind.ts';
import type { DockerClient } from '../../../electron/core/owners/docker-api.ts';
import { dockerSocket } from '../../../electron/core/owners/docker-api.ts';
import { containerForPort, parseContainers } from '../../../electron/core/owners/docker-containers.ts';
import { forwarderKind, parseDockerProxyArgs } from '../../../electron/core/owners/forwarders.ts';
import { describeBehind, forwarderRefusal, orphanedSocketWords } from '../../../electron/core/vocabulary/forwarders.ts';
import { parseWslList, relayedDistro } from '../../../electron/core/owners/wsl-distros.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/owners/${name}`, import.meta.url), 'utf8');
const containers = parseContainers(fixture('containers-json.json'));

describe('forwarders', () => {
  it('knows Docker and WSL forwarders by name on every platform, and nothing else', () => {
    expect(forwarderKind('docker-proxy', '/usr/bin/docker-proxy -proto tcp')).toBe('docker');
    expect(forwarderKind('com.docker.backend', null)).toBe('docker');
    expect(forwarderKind('vpnkit', null)).toBe('docker');
    expect(forwarderKind('com.docker.backend.exe', null)).toBe('docker');
    expect(forwarderKind('wslrelay.exe', null)).toBe('wsl');
    expect(forwarderKind('WSLRELAY.EXE', null)).toBe('wsl');
    expect(forwarderKind(null, '/usr/bin/docker-proxy -proto tcp -host-port 8080')).toBe('docker');
    expect(forwarderKind('dockerd', '/usr/bin/dockerd')).toBeNull();
    expect(forwarderKind('node', 'node docker-proxy.js')).toBeNull();
  });
  it("reads docker-proxy's own arguments", () => {
    expect(
      parseDockerProxyArgs(
        '/usr/bin/docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8080 -container-ip 172.18.0.2 -container-port 80 -use-listen-fd',
      ),
    ).toEqual({ hostPort: 8080, containerIp: '172.18.0.2', containerPort: 80 });
    expect(parseDockerProxyArgs(null)).toEqual({ hostPort: null, containerIp: null, containerPort: null });
  });
});

describe('Docker Engine API: GET /containers/json', () => {
  it('parses containers with names, images and published ports', () => {
    expect(containers.map((c) => [c.id.slice(0, 12), c.name, c.image, c.ports.length])).toEqual([
      ['8dfafdbc3a40', 'shop-web-1', 'nginx:1.27', 3],
      ['3f4e5d6c7b8a', 'shop-db-1', 'postgres:16', 2],
    ]);
    expect(() => parseContainers('{"message":"client version 1.99 is too new"}')).toThrow('not a list of containers');
  });
  it('matches a listener by published TCP port and address', () => {
    expect(containerForPort(containers, 8080, '0.0.0.0')).toMatchObject({
      kind: 'docker-container',
      name: 'shop-web-1',
      image: 'nginx:1.27',
      containerPort: 80,
    });
    expect(containerForPort(containers, 8080, '::')).toMatchObject({ name: 'shop-web-1' });
    expect(containerForPort(containers, 5433, '127.0.0.1')).toMatchObject({ name: 'shop-db-1', containerPort: 5432 });
    expect(containerForPort(containers, 5433, '192.168.1.5')).toBeNull();
    expect(containerForPort(containers, 5353, '0.0.0.0')).toBeNull(); // UDP
    expect(containerForPort(containers, 443, '0.0.0.0')).toBeNull(); // not published
  });
  it('finds the socket from DOCKER_HOST, or the platform default, and never a tcp:// host', () => {
    expect(dockerSocket({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, 'linux')).toBe('/run/user/1000/docker.sock');
    expect(dockerSocket({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }, 'win32')).toBe('\\\\.\\pipe\\docker_engine');
    expect(dockerSocket({ DOCKER_HOST: 'tcp://10.0.0.5:2376' }, 'linux')).toBeNull();
    expect(dockerSocket({}, 'linux')).toBe('/var/run/docker.sock');
    expect(dockerSocket({}, 'win32')).toBe('\\\\.\\pipe\\docker_engine');
    expect(dockerSocket({}, 'darwin')).toMatch(/\.docker\/run\/docker\.sock$/);
  });
});

describe('wsl.exe --list --verbose', () => {
  it('reads the UTF-16 table wsl.exe prints, and names the one running WSL 2 distribution of the user', () => {
    const distros = parseWslList(fixture('wsl-list-verbose-utf16.txt'));
    expect(distros).toEqual([
      { name: 'Ubuntu-22.04', running: true, isDefault: true, version: 2 },
      { name: 'docker-desktop', running: true, isDefault: false, version: 2 },
      { name: 'Debian', running: false, isDefault: false, version: 2 },
      { name: 'Legacy', running: true, isDefault: false, version: 1 },
    ]);
    expect(relayedDistro(distros)).toBe('Ubuntu-22.04');
    expect(relayedDistro([...distros, { name: 'Alpine', running: true, isDefault: false, version: 2 }])).toBeNull();
  });
});

/** A Docker client answering from the recorded JSON (the real one talks to a socket: see the integration test). */
function recordedDocker(): DockerClient & { calls: number } {
  const client = {
    endpoint: 'recorded',
    calls: 0,
    async listContainers() {
      client.calls++;
      return containers;
    },
    async stopContainer() {
      return 'stopped' as const;
    },
  };
  return client;
}

describe('createBehindResolver', () => {
  const proxy = {
    port: 8080,
    address: '0.0.0.0',
    pid: 900,
    name: 'docker-proxy',
    command: 'docker-proxy -host-port 8080 -container-port 80',
  };
  const node = { port: 3000, address: '127.0.0.1', pid: 901, name: 'node', command: 'node server.js' };

  it('asks Docker only when a forwarder is in the snapshot, then answers from its cache', async () => {
    const docker = recordedDocker();
    let clock = 0;
    const resolver = createBehindResolver({ docker, now: () => clock });
    expect((await resolver.behindOf([node])).size).toBe(0);
    expect(docker.calls).toBe(0);
    const found = await resolver.behindOf([proxy, node]);
    expect(found.get(proxy)).toMatchObject({ kind: 'docker-container', name: 'shop-web-1' });
    expect(found.has(node)).toBe(false);
    await resolver.behindOf([proxy]);
    expect(docker.calls).toBe(1);
    clock += 5_000;
    await resolver.behindOf([proxy]);
    expect(docker.calls).toBe(2);
  });

  it('says "a Docker container" (with the container port docker-proxy names) when Docker cannot be asked or is too slow', async () => {
    const none = createBehindResolver({ docker: null });
    expect((await none.behindOf([proxy])).get(proxy)).toEqual({
      kind: 'docker-container',
      id: null,
      name: null,
      image: null,
      containerPort: 80,
    });
    const stuck: DockerClient = {
      endpoint: 'stuck',
      listContainers: () => new Promise(() => undefined),
      stopContainer: async () => 'stopped',
    };
    const started = Date.now();
    const slow = createBehindResolver({ docker: stuck, boundMs: 50 });
    expect((await slow.behindOf([proxy])).get(proxy)?.kind).toBe('docker-container');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('names the WSL distribution behind wslrelay.exe', async () => {
    const relay = { port: 3000, address: '127.0.0.1', pid: 5000, name: 'wslrelay.exe', command: null };
    const resolver = createBehindResolver({ wslList: async () => fixture('wsl-list-verbose-utf16.txt') });
    expect((await resolver.behindOf([relay])).get(relay)).toEqual({ kind: 'wsl', distro: 'Ubuntu-22.04' });
  });
});

describe('owner words', () => {
  const web = { kind: 'docker-container' as const, id: '8dfafdbc3a40c5c4', name: 'shop-web-1', image: 'nginx:1.27', containerPort: 80 };
  it('names what is behind a forwarder and says what to stop instead', () => {
    expect(describeBehind(web)).toBe('Docker container shop-web-1 (nginx:1.27)');
    expect(describeBehind({ kind: 'docker-container', id: null, name: null, image: null, containerPort: null })).toBe('a Docker container');
    expect(forwarderRefusal('docker-proxy', 900, 8080, web)).toBe(
      'docker-proxy (pid 900) forwards port 8080 to Docker container shop-web-1 (nginx:1.27); killing it does not stop the container — stop the container instead: docker stop shop-web-1',
    );
    expect(forwarderRefusal('docker-proxy', 900, 8080, { ...web, id: null, name: null, image: null })).toContain(
      'docker ps --filter publish=8080',
    );
    expect(forwarderRefusal('wslrelay.exe', 5000, 3000, { kind: 'wsl', distro: 'Ubuntu' })).toContain('from WSL distribution Ubuntu');
  });
  it('describes an orphaned socket', () => {
    expect(orphanedSocketWords(6100, [6120, 6121])).toBe('owner exited; pid 6120, 6121 (its children) keep the socket');
    expect(orphanedSocketWords(6100, [6120])).toBe('owner exited; pid 6120 (its child) keeps the socket');
    expect(orphanedSocketWords(6100, [])).toContain('none of its children runs');
  });
});
