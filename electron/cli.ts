#!/usr/bin/env node
/**
 * The `portwarden` command. Each group of subcommands lives in its own file under
 * electron/cli/; this file only wires them into one commander program.
 */
import { Command } from 'commander';
import { registerPortCommands } from './cli/port-commands.ts';
import { registerProductServiceCommand } from './cli/product-service-command.ts';
import { registerServeCommand } from './cli/serve-command.ts';
import { usageErrorsExit2 } from './cli/cli-errors.ts';
import { VERSION } from './cli/version.ts';

export function buildProgram(): Command {
  // An unknown command or no command at all is a usage error like any other: exit 2.
  const program = usageErrorsExit2(
    new Command('portwarden')
      .description('Watch your dev ports, name every process that holds them, free them safely.')
      .version(VERSION)
      // One error line and a pointer, not the whole help text under every typo.
      .showHelpAfterError("(see 'portwarden --help')"),
  );
  registerPortCommands(program);
  registerProductServiceCommand(program);
  registerServeCommand(program);
  // Each command's errors point at its own help.
  for (const command of program.commands) command.showHelpAfterError(`(see 'portwarden ${command.name()} --help')`);
  return program;
}

await buildProgram().parseAsync(process.argv);
