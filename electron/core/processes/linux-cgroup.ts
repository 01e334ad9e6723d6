/**
 * The systemd unit and container id of a process, from the text of /proc/PID/cgroup. Pure,
 * so it is unit-tested on recorded files (test/unit/processes/linux-cgroup.test.ts).
 *
 * cgroup v2 has one line `0::/path`; v1 has one line per controller, and systemd's own
 * hierarchy is `N:name=systemd:/path`. The unit is the last path component that names one
 * (`api.service`, `session-3.scope`, `docker-<id>.scope`); a container id is a 64- (or 12-)
 * hex-digit component after docker, cri-containerd, crio or libpod, or under /docker/.
 */
export interface CgroupFacts {
  /** The systemd unit, '' when the process is in none. */
  unit: string;
  /** The container id when the cgroup names one, else null. */
  container: string | null;
}

const UNIT = /^[^/]+\.(?:service|scope)$/;
const CONTAINER = /(?:^|[/-])(?:docker|cri-containerd|crio|libpod)[-/]([0-9a-f]{64}|[0-9a-f]{12})(?:\.scope)?(?:$|\/)/;

function systemdPath(text: string): string | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const v2 = lines.find((l) => l.startsWith('0::'));
  const v1 = lines.find((l) => /^\d+:name=systemd:/.test(l));
  const line = v1 ?? v2;
  return line === undefined ? null : line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
}

export function parseCgroup(text: string): CgroupFacts {
  const path = systemdPath(text) ?? '';
  const parts = path.split('/').filter(Boolean);
  const unit = [...parts].reverse().find((p) => UNIT.test(p)) ?? '';
  // Any hierarchy may carry the container's id (cgroupfs drivers put it under /docker/ID).
  let container: string | null = null;
  for (const line of text.split('\n')) {
    const m = CONTAINER.exec(line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1));
    if (m) {
      container = m[1]!;
      break;
    }
  }
  return { unit, container };
}
