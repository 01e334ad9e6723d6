import { startedAtFromToken } from '../processes/started-at.ts';
import type { ProcessIdentity } from '../model/processes.ts';
import type { ListenerRecord } from '../model/ports.ts';

/** The owner half of a record whose owner is not visible (pid null: in use, never "free"). */
export const NO_OWNER = Object.freeze({
  pid: null,
  name: null,
  command: null,
  user: null,
  ppid: null,
  startedAt: null,
  cwd: null,
  project: null,
  behind: null,
  orphanedSocket: null,
});

type OwnerFields = Omit<ListenerRecord, 'port' | 'address' | 'family'>;

/**
 * The owner half of a record from a process identity. Project and `behind` are filled later,
 * for the whole snapshot at once (ports/enrich.ts).
 */
export function ownerFields(identity: ProcessIdentity, platform: NodeJS.Platform): OwnerFields {
  return {
    pid: identity.pid,
    name: identity.name,
    command: identity.command,
    user: identity.user,
    ppid: identity.ppid,
    startedAt: startedAtFromToken(identity.startTime, platform),
    cwd: identity.cwd ?? null,
    project: null,
    behind: null,
    orphanedSocket: null,
  };
}

/**
 * Validates a requested port list into a set (null = every port). Ports outside 1–65535 or
 * not integers are rejected loudly: a silent drop would make a typo look like "free".
 */
export function toPortSet(ports: readonly number[] | undefined): ReadonlySet<number> | null {
  if (ports === undefined) return null;
  for (const port of ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new RangeError(`invalid port: ${port}`);
  }
  return new Set(ports);
}

const familyOrder = { IPv4: 0, IPv6: 1 } as const;

/** Stable order for every platform: port, IPv4 before IPv6, address, pid (unknown last). */
export function sortListeners(listeners: ListenerRecord[]): ListenerRecord[] {
  return listeners.sort(
    (a, b) =>
      a.port - b.port ||
      familyOrder[a.family] - familyOrder[b.family] ||
      a.address.localeCompare(b.address) ||
      (a.pid ?? Number.MAX_SAFE_INTEGER) - (b.pid ?? Number.MAX_SAFE_INTEGER),
  );
}
