/**
 * The pass every platform reader's snapshot goes through before anyone sees it: each owner
 * gets its project (from its working directory, or from its command line where the
 * directory cannot be read), named once per directory and cached (owners/project-names.ts),
 * and each forwarding owner (docker-proxy, wslrelay.exe, …) what it forwards for
 * (owners/behind.ts). Both bounded in time, so a slow filesystem or Docker delays a
 * snapshot by at most their bounds.
 */
import { sharedBehindResolver, type BehindResolver } from '../owners/behind.ts';
import { projectDirFromCommand } from '../owners/project-hint.ts';
import { sharedProjectNames, type ProjectNames } from '../owners/project-names.ts';
import type { ListenerRecord, PortSnapshot, SnapshotReader } from '../model/ports.ts';

export interface EnrichOptions {
  /** Default: one cache shared by every reader of this process. */
  projects?: ProjectNames;
  /** Default: one resolver shared by every reader of this process. */
  behind?: BehindResolver;
}

/** The folder a record's project is looked up from, or null. */
function projectDir(record: ListenerRecord): string | null {
  if (record.pid === null) return null;
  return record.cwd ?? projectDirFromCommand(record.command);
}

/** `listeners` with `project` filled in wherever it can be told. */
export async function addProjects(listeners: readonly ListenerRecord[], projects: ProjectNames): Promise<ListenerRecord[]> {
  const dirs = new Set<string>();
  for (const record of listeners) {
    const dir = projectDir(record);
    if (dir !== null) dirs.add(dir);
  }
  if (dirs.size === 0) return [...listeners];
  const names = await projects.namesOf(dirs);
  return listeners.map((record) => {
    const dir = projectDir(record);
    return dir === null ? record : { ...record, project: names.get(dir) ?? null };
  });
}

/** `listeners` with `behind` filled in for forwarding owners. */
export async function addBehind(listeners: readonly ListenerRecord[], behind: BehindResolver): Promise<ListenerRecord[]> {
  const found = await behind.behindOf(listeners);
  return found.size === 0 ? [...listeners] : listeners.map((record) => ({ ...record, behind: found.get(record) ?? record.behind }));
}

/** Wraps a platform reader so its snapshots carry projects and forwarders' targets (keeping the reader's own extras). */
export function withOwnerContext<R extends SnapshotReader>(reader: R, options: EnrichOptions = {}): R {
  // Made on the first snapshot that has listeners: `portwarden check` of a free port should
  // not pay for loading the caches (electron/cli start-up, test/bench/cli.bench.ts).
  let projects = options.projects;
  let behind = options.behind;
  return {
    ...reader,
    async read(request) {
      const snapshot: PortSnapshot = await reader.read(request);
      if (snapshot.listeners.length === 0) return snapshot;
      projects ??= sharedProjectNames();
      behind ??= sharedBehindResolver();
      const [withProjects, withBehind] = await Promise.all([
        addProjects(snapshot.listeners, projects),
        addBehind(snapshot.listeners, behind),
      ]);
      return { ...snapshot, listeners: withProjects.map((record, i) => ({ ...record, behind: withBehind[i]!.behind })) };
    },
  };
}
