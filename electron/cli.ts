#!/usr/bin/env node
/**
 * The `portwarden` command. Each group of subcommands lives in its own file under
 * electron/cli/; this file only wires them into one commander program.
 */
import { Command } from 'commander';
import { registerPortCommands } from './cli/port-commands.ts';
import { registerProductServiceCommand } from './cli/product-service-command.ts';
import { registerServeCommand } from './cli/serve-command.ts';
import { VERSION } from './cli/version.ts';

export function buildProgram(): Command {
  const program = new Command('portwarden')
    .description('Watch your dev ports, name every process that holds them, free them safely.')
    .version(VERSION)
    .showHelpAfterError();
  registerPortCommands(program);
  registerProductServiceCommand(program);
  registerServeCommand(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
