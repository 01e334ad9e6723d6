/**
 * Owners that only forward a port for something else. Killing them frees nothing the user
 * cares about (Docker restarts its proxy with the container, WSL its relay) or breaks a whole
 * product (com.docker.backend is Docker Desktop), so they are named by what is behind them.
 *
 *   Linux:   docker-proxy        one process per published port of a container
 *   macOS:   com.docker.backend  (Docker Desktop 4.x), vpnkit (older Docker Desktop)
 *   Windows: com.docker.backend.exe, vpnkit.exe; wslrelay.exe (a WSL 2 distribution's
 *            localhost port, forwarded to Windows)
 */

export type ForwarderKind = 'docker' | 'wsl';

const DOCKER = new Set(['docker-proxy', 'com.docker.backend', 'com.docker.vpnkit', 'vpnkit', 'vpnkit-bridge']);
const WSL = new Set(['wslrelay']);

/** The process's name without a path or `.exe`, lower-cased (Windows image names vary in case). */
function bare(name: string): string {
  return (name.split(/[\\/]/).pop() ?? name).replace(/\.exe$/i, '').toLowerCase();
}

/** Which kind of forwarder a process is, by its name (or its command's program), or null. */
export function forwarderKind(name: string | null, command: string | null): ForwarderKind | null {
  const candidates = [name, command?.trim().split(/\s+/)[0] ?? null].filter((n): n is string => n !== null && n !== '');
  for (const candidate of candidates) {
    const n = bare(candidate);
    if (DOCKER.has(n)) return 'docker';
    if (WSL.has(n)) return 'wsl';
  }
  return null;
}

/** What docker-proxy's own command line says: `-host-port 8080 -container-ip 172.17.0.2 -container-port 80`. */
export interface DockerProxyArgs {
  hostPort: number | null;
  containerIp: string | null;
  containerPort: number | null;
}

export function parseDockerProxyArgs(command: string | null): DockerProxyArgs {
  const value = (flag: string): string | null => {
    const m = new RegExp(`(?:^|\\s)--?${flag}[=\\s]+(\\S+)`).exec(command ?? '');
    return m ? m[1] : null;
  };
  const port = (text: string | null) => (text !== null && /^\d{1,5}$/.test(text) ? Number(text) : null);
  return { hostPort: port(value('host-port')), containerIp: value('container-ip'), containerPort: port(value('container-port')) };
}
