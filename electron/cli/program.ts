/**
 * The `portwarden` program: commander with the commands of electron/cli/commands.ts. Only
 * the command being run is loaded; without one, every command is listed (name, arguments,
 * summary) but not loaded, so `--help` and unknown-command errors stay cheap too.
 */
import { Command } from 'commander';
import type { Help } from 'commander';
import { usageErrorsExit2 } from './cli-errors.ts';
import { exitQuietlyOnClosedPipe } from './closed-pipe.ts';
import { COMMANDS } from './commands.ts';
import type { CommandEntry } from './commands.ts';
import { VERSION } from './version.ts';

/**
 * The command `argv` runs: the first word that is not an option (the program itself only
 * has --help and --version, which take no value), or the word after `help`.
 */
export function selectedCommand(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/** Builds the program with `selected` (if any) fully registered and the others listed. */
export async function buildProgram(selected: CommandEntry | undefined): Promise<Command> {
  // An unknown command or no command at all is a usage error like any other: exit 2.
  const program = usageErrorsExit2(
    new Command('portwarden')
      .description('Watch your dev ports, name every process that holds them, free them safely.')
      .version(VERSION)
      // One error line and a pointer, not the whole help text under every typo.
      .showHelpAfterError("(see 'portwarden --help')"),
  );
  // The command being run is the only one commander needs; the others are listed (for
  // --help and "unknown command" suggestions) only when no known command was given.
  if (selected) (await selected.load())(program);
  else for (const entry of COMMANDS) program.command(entry.name).description(entry.summary);
  for (const command of program.commands) {
    const entry = COMMANDS.find((c) => c.name === command.name());
    if (entry) command.description(entry.summary);
    // Each command's errors point at its own help.
    command.showHelpAfterError(`(see 'portwarden ${command.name()} --help')`);
  }
  // The listing shows each command's arguments from the table, loaded or not; the options
  // would make the lines ~250 characters wide (trial C8): `portwarden COMMAND --help` has them.
  program.configureHelp({
    subcommandTerm: (command: Command) => {
      const entry = COMMANDS.find((c) => c.name === command.name());
      return entry ? `${entry.name} ${entry.args}`.trimEnd() : command.name();
    },
  } as Partial<Help>);
  if (!selected) program.addHelpText('after', "\nEach command's options: portwarden COMMAND --help");
  return program;
}

/** Runs `portwarden` with process.argv-style arguments. */
export async function main(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe();
  const program = await buildProgram(selectedCommand(argv.slice(2)));
  await program.parseAsync(argv);
}
