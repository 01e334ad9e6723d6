/**
 * The sentences about forwarding owners (a Docker container or a WSL distribution behind a
 * port) and orphaned sockets, with the rest of the vocabulary so the CLI, the kill
 * transaction, the dashboard and the tray say the same thing.
 */
import type { Behind } from '../model/owners.ts';

/** "Docker container web (nginx:1.27)", "a Docker container", "WSL distribution Ubuntu". */
export function describeBehind(behind: Behind): string {
  if (behind.kind === 'wsl') return behind.distro === null ? 'a WSL distribution' : `WSL distribution ${behind.distro}`;
  if (behind.name === null && behind.id === null) return 'a Docker container';
  return `Docker container ${behind.name ?? behind.id?.slice(0, 12)}${behind.image ? ` (${behind.image})` : ''}`;
}

/** Short form for a table cell: "docker:web", "docker:?", "wsl:Ubuntu". */
export function behindLabel(behind: Behind): string {
  if (behind.kind === 'wsl') return `wsl:${behind.distro ?? '?'}`;
  return `docker:${behind.name ?? behind.id?.slice(0, 12) ?? '?'}`;
}

/**
 * Why a forwarder is not killed, and what to do instead. Killing docker-proxy leaves the
 * container running (and Docker restarts the proxy with it); killing com.docker.backend
 * stops Docker Desktop; killing wslrelay.exe leaves the server running inside WSL.
 */
export function forwarderRefusal(name: string | null, pid: number, port: number, behind: Behind): string {
  const who = `${name ?? 'the forwarder'} (pid ${pid})`;
  if (behind.kind === 'wsl') {
    const distro = behind.distro === null ? '' : ` -d ${behind.distro}`;
    return `${who} forwards port ${port} from ${describeBehind(behind)}; killing it leaves the server running there — stop the server inside WSL (wsl${distro}, then: portwarden free ${port})`;
  }
  const target = behind.name ?? behind.id?.slice(0, 12) ?? null;
  const how = target === null ? `find it with: docker ps --filter publish=${port}, then: docker stop <container>` : `docker stop ${target}`;
  return `${who} forwards port ${port} to ${describeBehind(behind)}; killing it does not stop the container — stop the container instead: ${how}`;
}

/** "owner exited; pid 11, 12 (its children) keep the socket" and the no-children case. */
export function orphanedSocketWords(ownerPid: number, heldBy: readonly number[]): string {
  if (heldBy.length === 0)
    return `owner pid ${ownerPid} exited and none of its children runs; Windows names no other process that keeps the socket`;
  return `owner exited; pid ${heldBy.join(', ')} (its ${heldBy.length === 1 ? 'child' : 'children'}) keep${heldBy.length === 1 ? 's' : ''} the socket`;
}
