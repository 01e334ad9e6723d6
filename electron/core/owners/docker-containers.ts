/**
 * The Docker Engine API's `GET /containers/json` answer (a JSON array; per container `Id`,
 * `Names` like `["/web"]`, `Image`, and `Ports`: `[{ "IP": "0.0.0.0", "PrivatePort": 80,
 * "PublicPort": 8080, "Type": "tcp" }]`), and which container publishes a host port. Pure.
 */
import type { BehindDockerContainer } from '../model/owners.ts';

export interface ContainerSummary {
  id: string;
  name: string | null;
  image: string | null;
  ports: { ip: string | null; privatePort: number | null; publicPort: number | null; type: string }[];
}

/** Parses the JSON body; anything that is not a list of containers is an error. */
export function parseContainers(body: string): ContainerSummary[] {
  const value: unknown = JSON.parse(body);
  if (!Array.isArray(value)) throw new Error('Docker answered something that is not a list of containers');
  const containers: ContainerSummary[] = [];
  for (const item of value as Record<string, unknown>[]) {
    if (item === null || typeof item !== 'object' || typeof item.Id !== 'string') continue;
    const names = Array.isArray(item.Names) ? item.Names.filter((n): n is string => typeof n === 'string') : [];
    const ports = Array.isArray(item.Ports) ? (item.Ports as Record<string, unknown>[]) : [];
    containers.push({
      id: item.Id,
      name: names.length > 0 ? names[0].replace(/^\//, '') : null,
      image: typeof item.Image === 'string' ? item.Image : null,
      ports: ports
        .filter((p) => p !== null && typeof p === 'object')
        .map((p) => ({
          ip: typeof p.IP === 'string' ? p.IP : null,
          privatePort: typeof p.PrivatePort === 'number' ? p.PrivatePort : null,
          publicPort: typeof p.PublicPort === 'number' ? p.PublicPort : null,
          type: typeof p.Type === 'string' ? p.Type : 'tcp',
        })),
    });
  }
  return containers;
}

const WILDCARDS = new Set(['', '0.0.0.0', '::']);

/**
 * The container that publishes TCP `port` on `address`. An exact address match wins over a
 * wildcard one; a port published on one specific address does not match another address.
 */
export function containerForPort(containers: readonly ContainerSummary[], port: number, address: string): BehindDockerContainer | null {
  let wildcard: BehindDockerContainer | null = null;
  for (const c of containers) {
    for (const p of c.ports) {
      if (p.publicPort !== port || p.type !== 'tcp') continue;
      const found: BehindDockerContainer = {
        kind: 'docker-container',
        id: c.id,
        name: c.name,
        image: c.image,
        containerPort: p.privatePort,
      };
      if (p.ip !== null && p.ip === address) return found;
      if (p.ip === null || WILDCARDS.has(p.ip) || WILDCARDS.has(address)) wildcard ??= found;
    }
  }
  return wildcard;
}
