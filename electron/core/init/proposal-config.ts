/**
 * Turning a proposal into a portwarden.json and writing it: validated with the same
 * validator as every config (config/validate-config.ts), never over an existing file unless
 * forced, and a new file is created with mode 0600 (a config may later hold service env
 * secrets).
 */
import { constants } from 'node:fs';
import { chmod, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAME, saveConfigFile } from '../config/load-config.ts';
import { minimalConfig } from '../config/minimal-config.ts';
import type { PortwardenConfig, ServiceConfig, WatchedPortConfig } from '../model/config.ts';
import { validateConfig } from '../config/validate-config.ts';
import type { InitProposal } from './types.ts';

export interface ConfigOptions {
  /** Also write the suggested commands as managed services, each owning its port. */
  services?: boolean;
}

/**
 * The config for a proposal: one watched port per proposal, named; with `services`, each
 * proposal that has a command also becomes a managed service that owns its port. Validated:
 * throws ConfigError if something slipped through (it names the field).
 */
export function proposalConfig(proposal: InitProposal, options: ConfigOptions = {}): PortwardenConfig {
  const ports: WatchedPortConfig[] = [];
  const services: ServiceConfig[] = [];
  const ids = new Set<string>();
  for (const p of proposal.proposals) {
    const entry: WatchedPortConfig = { port: p.port, name: p.name.slice(0, 100) };
    if (options.services && p.service !== null) {
      let id = p.service.id;
      for (let n = 2; ids.has(id); n++) id = `${p.service.id.slice(0, 60)}-${n}`;
      ids.add(id);
      services.push({ id, command: p.service.command, cwd: p.service.cwd, port: p.port });
      entry.service = id;
    }
    ports.push(entry);
  }
  return validateConfig({ ports, services });
}

export type WriteOutcome = { written: true; path: string; replaced: boolean } | { written: false; path: string; reason: string };

/**
 * Writes `config` as `<dir>/portwarden.json`. Without `force` an existing file is left alone
 * (the exclusive create fails instead of overwriting, even if the file appears meanwhile).
 * With `force` the file is replaced atomically and keeps its mode.
 */
export async function writeProposalConfig(dir: string, config: PortwardenConfig, force: boolean): Promise<WriteOutcome> {
  const file = path.join(dir, CONFIG_FILE_NAME);
  const body = `${JSON.stringify(minimalConfig(config), null, 2)}\n`;
  try {
    const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await handle.writeFile(body, 'utf8');
    } finally {
      await handle.close();
    }
    // The umask may have taken bits away, never added them; make it exactly 0600.
    await chmod(file, 0o600);
    return { written: true, path: file, replaced: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!force) return { written: false, path: file, reason: `${file} already exists; run with --force to replace it` };
  const mode = (await stat(file)).mode & 0o777;
  await saveConfigFile(file, config);
  await chmod(file, mode);
  return { written: true, path: file, replaced: true };
}
