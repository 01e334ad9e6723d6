/**
 * `portwarden init [DIR] [--json] [--write] [--force] [--services]`: read a project's own
 * files and propose the ports to watch (electron/core/init/), print the proposal, and with
 * --write save it as DIR/portwarden.json.
 */
import type { Command } from 'commander';
import { ConfigError } from '../core/config/index.ts';
import {
  checkProjectDir,
  folderFiles,
  ProjectDirError,
  proposalConfig,
  writeProposalConfig,
  proposeFromFiles,
} from '../core/init/index.ts';
import type { InitProposal } from '../core/init/index.ts';
import { EXIT_INVALID, EXIT_NO, fail, printJson, terminalWidth, usageErrorsExit2 } from './cli-errors.ts';
import { formatTable } from './format-table.ts';

interface InitOptions {
  json?: boolean;
  write?: boolean;
  force?: boolean;
  services?: boolean;
}

/** The proposal as a table: PORT, NAME, WHY, FROM (file:line, and how many more places). */
export function proposalTable(proposal: InitProposal, width?: number): string {
  return formatTable(
    [{ header: 'PORT', align: 'right' }, { header: 'NAME' }, { header: 'WHY' }, { header: 'FROM' }],
    proposal.proposals.map((p) => {
      const [first, ...more] = p.sources;
      const from = first ? `${first.file}:${first.line}${more.length > 0 ? ` (+${more.length})` : ''}` : '';
      return [String(p.port), p.name, p.why, from];
    }),
    width,
  );
}

/** Everything printed for a human, in order: the table, notes, skipped entries, and (given the DIR argument) how to write it. */
export function proposalText(proposal: InitProposal, dirArgument: string | null, width?: number): string {
  const lines: string[] = [];
  const count = proposal.proposals.length;
  if (count === 0) lines.push(`nothing in ${proposal.dir} names a port to watch`);
  else lines.push(`${count} port${count === 1 ? '' : 's'} to watch in ${proposal.dir}:`, proposalTable(proposal, width));
  for (const p of proposal.proposals) for (const note of p.notes) lines.push(`note: ${p.port}: ${note}`);
  for (const s of proposal.skipped) lines.push(`skipped ${s.file}: ${s.reason}`);
  if (count > 0 && dirArgument !== null)
    lines.push('', `write it with: portwarden init ${dirArgument === '.' ? '' : `${dirArgument} `}--write`);
  return lines.join('\n');
}

export function registerInitCommand(program: Command): void {
  usageErrorsExit2(
    program
      .command('init')
      .argument('[DIR]', 'the project folder', '.')
      .option('--json', 'print the proposal (and the config) as JSON')
      .option('--write', 'write the proposal to DIR/portwarden.json (mode 0600 when new)')
      .option('--force', 'with --write: replace an existing portwarden.json')
      .option('--services', 'with --write: also make each suggested command a managed service that owns its port')
      .addHelpText(
        'after',
        '\nExit codes: 0 proposed (and written), 1 nothing found to watch, 2 invalid input, DIR unreadable or portwarden.json exists.',
      ),
  ).action(async (dir: string, opts: InitOptions) => {
    if ((opts.force || opts.services) && !opts.write)
      return fail(`${opts.force ? '--force' : '--services'} only goes with --write`, EXIT_INVALID);
    let root: string;
    try {
      root = checkProjectDir(dir);
    } catch (error) {
      if (error instanceof ProjectDirError) return fail(error.message, EXIT_INVALID);
      throw error;
    }
    const proposal = proposeFromFiles(folderFiles(root), root);
    let config;
    try {
      config = proposalConfig(proposal, { services: opts.services });
    } catch (error) {
      if (error instanceof ConfigError) return fail(`the proposal is not a valid config: ${error.message}`, EXIT_NO);
      throw error;
    }
    let written: Awaited<ReturnType<typeof writeProposalConfig>> | null = null;
    if (opts.write && proposal.proposals.length > 0) written = await writeProposalConfig(root, config, opts.force === true);
    if (opts.json) printJson({ ...proposal, config, written });
    else process.stdout.write(`${proposalText(proposal, opts.write ? null : dir, terminalWidth())}\n`);
    if (proposal.proposals.length === 0) {
      process.exitCode = EXIT_NO;
      if (opts.write && !opts.json) process.stderr.write('portwarden: nothing to write\n');
      return;
    }
    if (written && !written.written) return fail(written.reason, EXIT_INVALID);
    if (written?.written && !opts.json) process.stdout.write(`${written.replaced ? 'replaced' : 'wrote'} ${written.path}\n`);
  });
}
