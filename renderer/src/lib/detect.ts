/**
 * "Detect from a project folder…" in Settings: turn what `portwarden init` proposes for a
 * folder (control method detectProject) into watched-port rows of the settings form. Pure.
 */
import type { InitProposal, PortProposal } from '../../../electron/core/control/contract.ts';
import type { PortDraft } from './settings.ts';
import { emptyPortDraft } from './settings.ts';

/** The folder a suggested command runs in: its processes' cwd starts with it. */
export function runFolder(dir: string, cwd: string): string {
  if (cwd === '.' || cwd === '') return dir;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return `${dir.replace(/[\\/]+$/, '')}${sep}${cwd.replace(/^\.[\\/]/, '')}`;
}

/** Proposals whose port is not in the form yet (a port is watched once). */
export function newProposals(proposal: InitProposal, drafts: readonly PortDraft[]): PortProposal[] {
  const taken = new Set(drafts.map((d) => d.port.trim()));
  return proposal.proposals.filter((p) => !taken.has(String(p.port)));
}

/**
 * A form row per chosen proposal: its port and name, and, when a script of the project runs
 * it, that folder as the expected owner's working directory (any other process on the port
 * is then a conflict). Published Compose ports get no owner: docker-proxy runs elsewhere.
 */
export function proposalDrafts(proposal: InitProposal, chosen: readonly PortProposal[]): PortDraft[] {
  return chosen.map((p) => ({
    ...emptyPortDraft(),
    port: String(p.port),
    name: p.name.slice(0, 100),
    ownerCwd: p.service ? runFolder(proposal.dir, p.service.cwd) : '',
  }));
}
