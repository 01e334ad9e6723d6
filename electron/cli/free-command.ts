/**
 * `portwarden free PORT... [--grace MS]`: the kill transaction for every port at once, so the
 * whole call takes about as long as the slowest port; each port's report is printed in the
 * order given, as soon as it and the ports before it are done. Exit 0 when every port is
 * free at the end, 1 when one is still held, 2 when a target was refused (protected, another
 * user's, owner not visible) or the input is invalid.
 */
import type { Command } from 'commander';
import { freePort } from '../core/processes/index.ts';
import type { FreePortResult } from '../core/control/contract.ts';
import {
  EXIT_INVALID,
  EXIT_NO,
  EXIT_OK,
  graceOption,
  portsArgument,
  printJson,
  terminalWidth,
  usageErrorsExit2,
  guarded,
} from './cli-errors.ts';
import { actionsTable } from './actions-table.ts';
import { describeFreeResult } from '../core/vocabulary/index.ts';
import { osDeps } from './os-deps.ts';

/** Exit code for a batch of results (see file comment). */
export function freeExitCode(results: readonly FreePortResult[]): number {
  if (results.some((r) => r.refused)) return EXIT_INVALID;
  if (results.some((r) => !r.free)) return EXIT_NO;
  return EXIT_OK;
}

/** Human report for one port. */
export function formatFreeResult(result: FreePortResult, width?: number): string {
  const head =
    result.actions.length === 0
      ? `port ${result.port}: ${result.free ? 'already free' : 'still in use'}`
      : `port ${result.port}: ${result.free ? 'free' : 'STILL IN USE'} after ${result.elapsedMs} ms`;
  if (result.actions.length === 0) return head;
  const table = actionsTable(result.actions, width);
  // Taken again right after by a respawning parent: the vocabulary's sentence naming the
  // parent, the same the dashboard and tray show.
  const after = result.respawned ? `\n${describeFreeResult(result).headline}` : '';
  return `${head}\n${table
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}${after}`;
}

export function registerFreeCommand(program: Command): void {
  usageErrorsExit2(
    program
      .command('free')
      .argument('<PORT...>', 'TCP ports to free', portsArgument)
      .option('--grace <MS>', 'milliseconds between SIGTERM and SIGKILL (default 3000)', graceOption)
      .option('--json', 'print a JSON array, one object per port')
      .option('--stop-containers', 'a port held by docker-proxy: stop the Docker container behind it (docker stop) instead of refusing')
      .addHelpText(
        'after',
        "\nExit codes: 0 every port free at the end, 1 a port still held, 2 a target refused\n(protected, another user's, owner not visible, a Docker or WSL port forwarder) or invalid input.",
      ),
  ).action(
    guarded(async (ports: number[], opts: { grace?: number; json?: boolean; stopContainers?: boolean }) => {
      const killDeps = osDeps();
      const options = { ...(opts.grace === undefined ? {} : { graceMs: opts.grace }), stopContainers: opts.stopContainers === true };
      // Every transaction starts now; each outcome is captured so none is left unhandled.
      const running = [...new Set(ports)].map((port) =>
        freePort(port, options, killDeps).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        ),
      );
      const results: FreePortResult[] = [];
      for (const outcome of running) {
        const done = await outcome;
        if ('error' in done) throw done.error;
        results.push(done.result);
        if (!opts.json) process.stdout.write(`${formatFreeResult(done.result, terminalWidth())}\n`);
      }
      if (opts.json) printJson(results);
      process.exitCode = freeExitCode(results);
      if (!opts.json && process.exitCode === EXIT_INVALID) {
        process.stderr.write('portwarden: some targets were refused (see RESULT/DETAIL above)\n');
      }
    }),
  );
}
