/**
 * `npm run bench:cli`: how fast `portwarden` answers, against Node's own start-up (`node -e 0`,
 * the floor for any Node program) and the OS tools (`ss -ltnp`, `lsof -iTCP -sTCP:LISTEN`),
 * all in the same run, in interleaved rounds (test/bench/support/interleaved.ts: the ratio to
 * `node -e 0` is taken round by round). Uses the built CLI (`npm run build` first), run the way
 * a global install or npx runs it: the file dist/electron/cli.js through its shebang, with the
 * project's Node first on PATH.
 *
 * Prints ONE JSON object: per command the ratio to `node -e 0` (min, median, max) and its
 * time in ms. Target: `ports 8000` and `check 8000` within 1.5 × `node -e 0` (median).
 * CLI_BENCH_ROUNDS (default 40) sets the rounds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { unusedPort } from '../support/unused-port.ts';
import { dirname, resolve } from 'node:path';
import { compareInterleaved, spread } from './support/interleaved.ts';
import type { BenchCase, PairReport } from './support/interleaved.ts';
import { startListener } from '../support/listeners.ts';

const BIN = resolve('dist/electron/cli.js');
if (!existsSync(BIN) || !existsSync('dist/electron/portwarden-cli.cjs')) {
  process.stderr.write('bench:cli needs the built CLI: run npm run build first\n');
  process.exit(2);
}
const rounds = Number(process.env.CLI_BENCH_ROUNDS ?? 40);
// The project's Node first on PATH, as npx arranges it (and as a global install needs).
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };

function command(name: string, file: string, args: string[], okCodes = [0, 1]): BenchCase {
  return {
    name,
    run: () => {
      const r = spawnSync(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.status === null || !okCodes.includes(r.status)) throw new Error(`${name}: exit ${r.status ?? r.signal}: ${String(r.stderr)}`);
    },
  };
}

/** `node -e 0` over every pair it was measured in (median of the per-pair medians is enough here). */
const spreadOfBaseline = (reports: PairReport[]) =>
  spread(
    reports.map((r) => r.bValue.median),
    1,
  );

const held = await startListener({ host: '127.0.0.1', tag: 'bench-cli-held' });
// A port nothing listens on, whatever this machine runs on 8000.
const freeNow = await unusedPort();
try {
  const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
  const cases: BenchCase[] = [
    command('portwarden ports 8000', BIN, ['ports', '8000']),
    command('portwarden check 8000', BIN, ['check', '8000']),
    command(`portwarden check ${freeNow} (free)`, BIN, ['check', String(freeNow)]),
    command(`portwarden check ${held.port} (held)`, BIN, ['check', String(held.port)]),
    command('portwarden --version', BIN, ['--version'], [0]),
  ];
  if (has('ss')) cases.push(command('ss -ltnp', 'ss', ['-ltnp'], [0]));
  if (has('lsof')) cases.push(command('lsof -iTCP -sTCP:LISTEN', 'lsof', ['-iTCP', '-sTCP:LISTEN'], [0, 1]));
  const baseline = command('node -e 0', process.execPath, ['-e', '0'], [0]);
  const reports = await compareInterleaved(baseline, cases, { rounds, warmup: 2 });
  const byName = Object.fromEntries(reports.map((r) => [r.a, { ratioToNode: r.ratio, ms: r.aValue }]));
  const ratioOf = (name: string): number => reports.find((r) => r.a === name)?.ratio.median ?? Number.NaN;
  const port8000 = spawnSync(process.execPath, [BIN, 'check', '8000'], { env }).status === 0 ? 'free' : 'in use';
  process.stdout.write(
    `${JSON.stringify(
      {
        node: process.version,
        rounds,
        nodeE0Ms: spreadOfBaseline(reports),
        port8000,
        commands: byName,
        targets: {
          portsWithin1_5xNode: ratioOf('portwarden ports 8000') <= 1.5,
          checkWithin1_5xNode: ratioOf('portwarden check 8000') <= 1.5,
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await held.stop();
}
