/**
 * `portwarden kill PID... [--grace MS] [--json]`: the dashboard's Kill from a terminal (keep
 * one listener, stop the others). Each pid goes through the kill transaction
 * (core/processes/kill-process.ts): its identity re-read so a reused pid is never signalled,
 * protected targets (pid 1, our own ancestors, system services) and thread ids refused,
 * SIGTERM to its process group when it leads one, else to it and its descendants, SIGKILL at
 * the grace deadline. Several pids are stopped at once.
 *
 * Exit 0 when every target is gone (or let go of its port), 1 when one still runs, 2 when a
 * target was refused or is not a process (gone already, a thread id), or the input is invalid.
 */
import type { Command } from 'commander';
import { killProcess } from '../core/processes/index.ts';
import type { KillAction } from '../core/control/contract.ts';
import { actionsTable } from './actions-table.ts';
import {
  EXIT_INVALID,
  EXIT_NO,
  EXIT_OK,
  graceOption,
  guarded,
  pidsArgument,
  printJson,
  terminalWidth,
  usageErrorsExit2,
} from './cli-errors.ts';
import { osDeps } from './os-deps.ts';

/** Exit code for the actions (see file comment). */
export function killExitCode(actions: readonly KillAction[]): number {
  if (actions.some((a) => a.result !== 'exited' && a.result !== 'released' && a.result !== 'still-running')) return EXIT_INVALID;
  if (actions.some((a) => a.result === 'still-running')) return EXIT_NO;
  return EXIT_OK;
}

export function registerKillCommand(program: Command): void {
  usageErrorsExit2(
    program
      .command('kill')
      .argument('<PID...>', 'processes to stop (each with its process group or descendants)', pidsArgument)
      .option('--grace <MS>', 'milliseconds between SIGTERM and SIGKILL (default 3000)', graceOption)
      .option('--json', 'print a JSON array, one object per PID')
      .addHelpText(
        'after',
        '\nExit codes: 0 every target gone, 1 one still running, 2 a target refused or not a\nprocess (already gone, a thread id), or invalid input.',
      ),
  ).action(
    guarded(async (pids: number[], opts: { grace?: number; json?: boolean }) => {
      const deps = osDeps();
      const options = opts.grace === undefined ? {} : { graceMs: opts.grace };
      const actions = await Promise.all([...new Set(pids)].map((pid) => killProcess(pid, options, deps)));
      process.exitCode = killExitCode(actions);
      if (opts.json) return printJson(actions);
      process.stdout.write(`${actionsTable(actions, terminalWidth())}\n`);
      if (process.exitCode === EXIT_INVALID)
        process.stderr.write('portwarden: some targets were refused or are not processes (see RESULT/DETAIL above)\n');
    }),
  );
}
