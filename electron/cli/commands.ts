/**
 * Every `portwarden` command, one line each: its name, the arguments `--help` lists, a
 * one-line summary, and how to load the module that registers it. Only the module of the
 * command being run is loaded (electron/cli/program.ts), so `ports` never loads the server,
 * the dashboard or the product service. Adding a command = adding one line here.
 */
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  /**
   * What `portwarden --help` lists after the name: the arguments only, so the listing fits
   * an 80-column terminal; each command's own --help gives its options.
   */
  args: string;
  summary: string;
  /** Loads the module and returns its register function (it adds the command to `program`). */
  load: () => Promise<(program: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'ports',
    args: '[PORT...]',
    summary: 'list TCP listeners (all, or on the given ports) with every owning process',
    load: async () => (await import('./ports-command.ts')).registerPortsCommand,
  },
  {
    name: 'check',
    args: 'PORT',
    summary: 'exit 0 when PORT is free, 1 when something listens on it (and name it)',
    load: async () => (await import('./check-command.ts')).registerCheckCommand,
  },
  {
    name: 'free',
    args: 'PORT...',
    summary: 'free each PORT: SIGTERM every owner (group or tree), SIGKILL at the grace deadline',
    load: async () => (await import('./free-command.ts')).registerFreeCommand,
  },
  {
    name: 'kill',
    args: 'PID...',
    summary: 'stop each PID with its process group or descendants: SIGTERM, SIGKILL at the grace deadline',
    load: async () => (await import('./kill-command.ts')).registerKillCommand,
  },
  {
    name: 'wait',
    args: 'PORT',
    summary: 'wait until PORT is listening (default) or free; exit 1 on timeout',
    load: async () => (await import('./wait-command.ts')).registerWaitCommand,
  },
  {
    name: 'find',
    args: 'TEXT',
    summary: 'list processes whose name or command line contains TEXT, with their listening ports',
    load: async () => (await import('./find-command.ts')).registerFindCommand,
  },
  {
    name: 'init',
    args: '[DIR]',
    summary: "propose the ports to watch from a project's own files (package.json scripts, .env, Procfile, compose, Python apps)",
    load: async () => (await import('./init-command.ts')).registerInitCommand,
  },
  {
    name: 'run',
    args: '[--port P] -- COMMAND...',
    summary: 'check, free the port, then run a dev server: output passed through, ready block, nothing left behind',
    load: async () => (await import('./run-command.ts')).registerRunCommand,
  },
  {
    name: 'serve',
    args: '',
    summary: 'run the monitor, managed services and the dashboard headless on 127.0.0.1',
    load: async () => (await import('./serve-command.ts')).registerServeCommand,
  },
  {
    name: 'product-service',
    args: '',
    summary: 'run the Bloom-filter product service (filter → cache → SQLite or PostgreSQL) over HTTP',
    load: async () => (await import('./product-service-command.ts')).registerProductServiceCommand,
  },
];
