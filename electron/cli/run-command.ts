/**
 * `portwarden run [--port P] [--free] [--grace MS] [--health PATH] [--require-env NAME]...
 * [--check-only] [--service ID] [--config FILE] [--json] -- COMMAND [ARGS...]`: seed 002's
 * clean-start script for any dev server. Checks first (who holds the port, --free stops it,
 * required variables, the command on PATH: electron/cli/run/preflight.ts), then runs the
 * command in its own process group with its output passed through and signals passed on,
 * prints one ready block once the port listens from the command's own tree, and exits with
 * the command's exit code leaving nothing of it behind (electron/cli/run/child-session.ts).
 *
 * Exit codes: the command's own (128 + signal when a signal ended it); 1 when a check failed
 * or the port is held (nothing started, nothing touched without --free); 2 invalid input;
 * 127 when the command could not be started. With --check-only: 0 all clear (warnings
 * allowed), 1 a critical check.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { parseServiceId, ControlError } from '../core/control/contract.ts';
import { EXIT_INVALID, EXIT_NO, EXIT_OK, fail, graceOption, portArgument, usageErrorsExit2, invalidArgument } from './cli-errors.ts';
import { osDeps } from './os-deps.ts';
import { ChildSession } from './run/child-session.ts';
import { preflight } from './run/preflight.ts';
import { createHumanReporter, createJsonReporter } from './run/run-output.ts';
import { RunSpecError, specFromArgv, specFromService } from './run/run-spec.ts';
import type { RunFlags, RunSpec } from './run/run-spec.ts';

function once<T>(flag: string, parse: (value: string) => T): (value: string, previous: T | undefined) => T {
  return (value, previous) => {
    if (previous !== undefined) throw new InvalidArgumentError(`${flag} given more than once`);
    return parse(value);
  };
}

function serviceIdOption(value: string): string {
  try {
    return parseServiceId(value);
  } catch (error) {
    throw invalidArgument(error instanceof ControlError ? error.message.replace(/^service id/, '--service') : String(error), error);
  }
}

/** The spec from flags, reading portwarden.json only for --service. */
async function resolveSpec(argv: string[], flags: RunFlags): Promise<RunSpec> {
  if (flags.service === undefined) return specFromArgv(argv, flags);
  if (argv.length > 0) throw new RunSpecError('give either --service ID or a command after --, not both');
  // Loaded only here: `run -- COMMAND` never reads a config file or loads the schema validator.
  const { loadConfig, ConfigError } = await import('../core/config/index.ts');
  try {
    const loaded = await loadConfig(flags.config ?? null);
    return specFromService(loaded.config, loaded.baseDir, loaded.path, flags);
  } catch (error) {
    if (error instanceof ConfigError) throw new RunSpecError(error.message, { cause: error });
    throw error;
  }
}

export function registerRunCommand(program: Command): void {
  // Options after the command's first word belong to the command (`run -- npm run dev --host`).
  program.enablePositionalOptions();
  usageErrorsExit2(
    program
      .command('run')
      .argument('[COMMAND...]', 'the command and its arguments (after --)')
      .passThroughOptions()
      .option('--port <P>', 'the port the command listens on: checked before, watched for ready', once('--port', portArgument))
      .option('--free', 'when the port is held, stop the holder first (the kill transaction)')
      .option('--grace <MS>', 'milliseconds between SIGTERM and SIGKILL when freeing or stopping (default 3000)', graceOption)
      .option('--health <PATH>', 'path to probe once the port listens, e.g. /health')
      .option('--require-env <NAME>', 'an environment variable that must be set (repeatable)', (v: string, prev: string[] = []) => [
        ...prev,
        v,
      ])
      .option('--check-only', 'run the checks, start nothing (exit 0 all clear, 1 critical)')
      .option(
        '--service <ID>',
        'take port, command, cwd, env and required env from this service in portwarden.json',
        once('--service', serviceIdOption),
      )
      .option('-c, --config <FILE>', 'project file for --service (default: ./portwarden.json)')
      .option('--json', "print events as JSON lines on stdout (the command's output too)")
      .addHelpText(
        'after',
        [
          '',
          'Example (package.json): "dev": "portwarden run --port 5173 --free -- vite"',
          '',
          "Exit codes: the command's own (128 + signal when a signal ended it); 1 a check failed or",
          'the port is held (nothing started); 2 invalid input; 127 the command could not start.',
          'With --check-only: 0 all clear (warnings allowed), 1 a critical check.',
        ].join('\n'),
      ),
  ).action(async (argv: string[], flags: RunFlags) => {
    let spec: RunSpec;
    try {
      spec = await resolveSpec(argv, flags);
    } catch (error) {
      if (error instanceof RunSpecError) return fail(`${error.message}\nnothing was started`, EXIT_INVALID);
      throw error;
    }
    const report = spec.json ? createJsonReporter() : createHumanReporter();
    const deps = osDeps();
    const clear = await preflight(spec, deps, report);
    if (spec.checkOnly || !clear) {
      process.exitCode = clear ? EXIT_OK : EXIT_NO;
      return;
    }
    process.exitCode = await new ChildSession(spec, deps, report).run();
  });
}
