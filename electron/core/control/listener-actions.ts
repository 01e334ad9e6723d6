/**
 * The All listeners view's own actions: Watch (a listener's port joins the watch list with
 * its owner's command line as the expected owner, monitor/owner-match.ts) and "Detect from a
 * project folder…" (the `portwarden init` detectors, core/init/).
 */
import type { PortwardenConfig, WatchedPortConfig } from '../model/config.ts';
import { ControlError } from '../model/errors.ts';
import type { SnapshotReader } from '../model/ports.ts';
import type { InitProposal } from '../init/types.ts';
import { processLabel, visibleText } from '../vocabulary/index.ts';

export interface WatchContext {
  reader: SnapshotReader;
  config(): PortwardenConfig;
  /** saveConfig's path: validate, write safely, apply. */
  save(next: PortwardenConfig): Promise<PortwardenConfig>;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Watch `port` with pid's command line as its expected owner. Nothing is written unless the
 * port is unwatched and `pid` still listens on it running what the caller saw.
 */
export async function watchListener(
  port: number,
  options: { pid: number; command?: string; name?: string },
  ctx: WatchContext,
): Promise<WatchedPortConfig> {
  const config = ctx.config();
  if (config.ports.some((p) => p.port === port)) throw new ControlError('conflict', `port ${port} is already on the watch list`);
  const snapshot = await ctx.reader.read({ ports: [port], owners: true });
  const rows = snapshot.listeners.filter((l) => l.port === port);
  const row = rows.find((l) => l.pid === options.pid);
  if (!row) {
    const now =
      rows.length === 0 ? 'nothing listens on it now' : `it is held by ${[...new Set(rows.map((l) => processLabel(l)))].join(', ')}`;
    throw new ControlError('conflict', `pid ${options.pid} no longer listens on ${port}: ${now}; nothing was added`);
  }
  if (row.command === null) {
    throw new ControlError(
      'refused',
      `the command line of ${processLabel(row)} is not visible to this user, so it cannot be named as the expected owner; nothing was added`,
    );
  }
  if (options.command !== undefined && collapse(options.command) !== collapse(row.command)) {
    throw new ControlError(
      'conflict',
      `pid ${options.pid} now runs "${visibleText(row.command)}", not "${visibleText(options.command)}" as shown; nothing was added`,
    );
  }
  const name = options.name ?? row.project ?? undefined;
  const entry: WatchedPortConfig = { port, ...(name ? { name: name.slice(0, 100) } : {}), owner: { command: row.command } };
  const saved = await ctx.save({ ...config, ports: [...config.ports, entry] });
  return saved.ports.find((p) => p.port === port) ?? entry;
}

/**
 * The `portwarden init` proposal for `dir` (absolute); a folder that cannot be read is a clear
 * error. The detectors (and the yaml package) load on first use: a running monitor never needs them.
 */
export async function detectProject(dir: string): Promise<InitProposal> {
  const [{ checkProjectDir, folderFiles, ProjectDirError }, { proposeFromFiles }] = await Promise.all([
    import('../init/project-reader.ts'),
    import('../init/propose.ts'),
  ]);
  let root: string;
  try {
    root = checkProjectDir(dir);
  } catch (error) {
    if (error instanceof ProjectDirError) throw new ControlError('invalid-argument', error.message, { cause: error });
    throw error;
  }
  return proposeFromFiles(folderFiles(root), root);
}
