import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../core/config/index.ts';
import { createControl } from '../core/control/index.ts';
import type { ControlRuntime } from '../core/control/index.ts';
import { startServer } from '../core/server/index.ts';
import { startEmbeddedProductService } from '../product-service/embed.ts';
import { signalGroup } from '../core/platform/index.ts';
import { EXIT_INTERRUPTED, EXIT_INVALID, EXIT_NO, EXIT_OK, fail, listenFailure, listenPortOption } from './cli-errors.ts';
import { TOKEN_ENV, TokenError, chooseToken } from './token-source.ts';

interface ServeOptions {
  config?: string;
  port: number;
  token?: string;
  tokenFile?: string;
}

/** How long a forced stop waits for the graceful one to notice the killed groups. */
const FORCE_WAIT_MS = 5000;

/**
 * SIGKILL the process group of every managed service that still has a pid (services run
 * detached, so pid = pgid), then wait (bounded) for the stop in progress to finish.
 */
async function forceStop(control: ControlRuntime, stopping: Promise<void>): Promise<void> {
  const state = await control.getState().catch(() => null);
  for (const service of state?.services ?? []) {
    if (service.pid !== null) await signalGroup(service.pid, 'SIGKILL');
  }
  await Promise.race([stopping, new Promise((done) => setTimeout(done, FORCE_WAIT_MS).unref())]);
}

/**
 * `portwarden serve [--config FILE] [--port 7300] [--token-file FILE]`: the monitor, the managed
 * services, the embedded product service (when enabled) and the HTTP API + dashboard on
 * 127.0.0.1. Prints exactly one line on stdout once listening:
 * `Dashboard: http://127.0.0.1:PORT/#token=TOKEN`.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the monitor, managed services and the dashboard headless on 127.0.0.1')
    .option('-c, --config <file>', 'project file (default: ./portwarden.json when present)')
    .option('-p, --port <port>', 'HTTP port on 127.0.0.1 (0 = any free port)', listenPortOption('--port'), 7300)
    .option('--token-file <file>', 'read the API token from FILE (only its owner may read it: chmod 600)')
    .option(
      '-t, --token <token>',
      'API token on the command line — every local user can read it there; prefer $PORTWARDEN_TOKEN or --token-file',
    )
    .addHelpText(
      'after',
      '\nThe API token comes from --token-file, else $PORTWARDEN_TOKEN, else a random one (printed in the Dashboard line).',
    )
    .action(async (opts: ServeOptions) => {
      const { port } = opts;
      let token: string;
      try {
        const choice = await chooseToken(opts, process.env);
        token = choice.token;
        for (const warning of choice.warnings) process.stderr.write(`portwarden serve: warning: ${warning}\n`);
      } catch (error) {
        if (error instanceof TokenError) return fail(error.message, EXIT_INVALID, 'serve');
        throw error;
      }
      // Nothing serve starts (services, the ss helper shell) inherits the token.
      delete process.env[TOKEN_ENV];

      let loaded;
      try {
        loaded = await loadConfig(opts.config ?? null);
      } catch (error) {
        if (error instanceof ConfigError) return fail(`${error.message}\nnothing was started`, EXIT_INVALID, 'serve');
        throw error;
      }

      const control = createControl({
        config: loaded.config,
        configPath: loaded.path,
        baseDir: loaded.baseDir,
        onError: (message) => process.stderr.write(`portwarden: ${message}\n`),
        startProductService: startEmbeddedProductService,
      });
      let server;
      try {
        server = await startServer({ control, token, port });
      } catch (error) {
        return fail(`cannot listen: ${await listenFailure(error, '127.0.0.1', port)}`, EXIT_NO, 'serve');
      }
      // Signals are handled from here on: a Ctrl-C while autoStart services are starting
      // must stop them too, not kill serve and leave them running.
      const starting = control.start();
      let stopping: Promise<void> | null = null;
      let forced = false;
      const shutdown = (signal: NodeJS.Signals): void => {
        if (stopping) {
          // Second Ctrl-C: the user wants out now, but never at the price of orphans. The
          // grace period is cut short: every service's process group gets SIGKILL, then the
          // stop already under way finishes (it sees the groups gone) and we exit 130.
          process.stderr.write(`portwarden serve: ${signal} again, killing services…\n`);
          forced = true;
          void forceStop(control, stopping).then(() => process.exit(EXIT_INTERRUPTED));
          return;
        }
        process.stderr.write(`portwarden serve: ${signal}, stopping services…\n`);
        stopping = (async () => {
          await starting.catch(() => undefined);
          await server.close().catch(() => undefined);
          await control.stop({ stopServices: true }).catch(() => undefined);
        })();
        void stopping.then(() => process.exit(forced ? EXIT_INTERRUPTED : EXIT_OK));
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
      await starting;
      if (!stopping) process.stdout.write(`Dashboard: ${server.dashboardUrl}\n`);
    });
}
