/**
 * `portwarden wait PORT [--free|--listening] [--timeout MS]`: block until the port reaches
 * the state (default: listening). Exit 0 when reached, 1 on timeout.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import { EXIT_NO, millisOption, portArgument, printJson, usageErrorsExit2, guarded } from './cli-errors.ts';
import { waitForPort } from '../core/control/one-shot.ts';
import { oneShotReader } from './os-deps.ts';

export const DEFAULT_WAIT_TIMEOUT_MS = 30_000;
export const DEFAULT_WAIT_INTERVAL_MS = 100;

export function registerWaitCommand(program: Command): void {
  usageErrorsExit2(
    program
      .command('wait')
      .argument('<PORT>', 'TCP port', portArgument)
      // Commander reports the clash as a usage error, with the same pointer to --help as every other one.
      .addOption(new Option('--listening', 'wait until something listens on PORT (default)').conflicts('free'))
      .option('--free', 'wait until nothing listens on PORT')
      .option(
        '--timeout <MS>',
        `give up after MS milliseconds (default ${DEFAULT_WAIT_TIMEOUT_MS}; 0 = look once)`,
        millisOption('--timeout'),
      )
      .option('--interval <MS>', `look every MS milliseconds (default ${DEFAULT_WAIT_INTERVAL_MS})`, millisOption('--interval', 10))
      .option('--json', 'print {"port","want","reached","elapsedMs"}')
      .addHelpText('after', '\nExit codes: 0 reached, 1 timed out, 2 invalid input.'),
  ).action(
    guarded(async (port: number, opts: { listening?: boolean; free?: boolean; timeout?: number; interval?: number; json?: boolean }) => {
      const want = opts.free ? 'free' : 'listening';
      const timeout = opts.timeout ?? DEFAULT_WAIT_TIMEOUT_MS;
      const interval = opts.interval ?? DEFAULT_WAIT_INTERVAL_MS;
      const { reached, elapsedMs } = await waitForPort(oneShotReader(), port, want, { timeoutMs: timeout, intervalMs: interval });
      if (opts.json) printJson({ port, want, reached, elapsedMs });
      else if (reached) process.stdout.write(`port ${port} is ${want} (after ${elapsedMs} ms)\n`);
      if (!reached) {
        if (!opts.json)
          process.stderr.write(`portwarden: timed out after ${timeout} ms: port ${port} is still ${want === 'free' ? 'in use' : 'free'}\n`);
        process.exitCode = EXIT_NO;
      }
    }),
  );
}
