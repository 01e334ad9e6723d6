/**
 * What a listener's owner means beyond its pid: the project it belongs to and, for the
 * processes that only forward a port for something else (Docker's port proxies, WSL's
 * relay), what is really behind the port. Plain JSON values: they travel in snapshots,
 * over the control API and into `portwarden ports --json`.
 */

/** A port forwarded by Docker (docker-proxy, com.docker.backend, vpnkit) to a container. */
export interface BehindDockerContainer {
  kind: 'docker-container';
  /** Container id, null when the Docker Engine API could not be asked (then: "a Docker container"). */
  id: string | null;
  /** Container name without Docker's leading slash, null when unknown. */
  name: string | null;
  image: string | null;
  /** The port inside the container, when known (docker-proxy's -container-port, the API). */
  containerPort: number | null;
}

/** A port that WSL's wslrelay.exe forwards from a Linux distribution to Windows. */
export interface BehindWsl {
  kind: 'wsl';
  /** The distribution, null when it cannot be told (none or several are running). */
  distro: string | null;
}

export type Behind = BehindDockerContainer | BehindWsl;

/**
 * Windows: the pid netstat names as the socket's owner has exited, and the socket lives on in
 * the processes that inherited it (its children). `heldBy` lists the children still running;
 * Free is aimed at them. Empty when no child of it runs any more.
 */
export interface OrphanedSocket {
  heldBy: number[];
}
