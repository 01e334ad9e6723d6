/**
 * `npm run bench:ports`: how fast and how complete one port snapshot is, against
 * find-process and a raw `ss -ltnpH`, on 10 ports held by 13 real listener processes
 * (node and python; 0.0.0.0, ::, 127.0.0.1, ::1; an SO_REUSEPORT pair; a socket shared by
 * parent and forked child; a 127.0.0.1 + ::1 pair). Prints ONE JSON object:
 *
 *   snapshotMs      median of one full snapshot with owners, fresh reader each time (cold)
 *   warmSnapshotMs  median of the steady-state poll of one reader (owner cache warm)
 *   findProcessMs   median of find-process find('port', p) for the 10 ports, one after another
 *   ssMs            median of one raw `ss -ltnpH`
 *   ratios          each of the three against `ss -ltnpH`, taken pair by pair in interleaved
 *                   rounds (support/interleaved.ts): min, median, max of the per-round ratio
 *   runs            measurement rounds (PORTS_BENCH_RUNS, default 25)
 *
 * Targets (reported, not asserted), on the median per-round ratios: the cold snapshot at
 * least 10x faster than find-process and at most 1.5x one `ss`.
 *
 *   allListeners    issue 12: every listener on the machine, with owners AND projects, while
 *                   200 sockets are held by 50 processes started in project folders; against
 *                   raw `ss -ltnpH` and `lsof -nP -iTCP -sTCP:LISTEN` in interleaved rounds
 *                   (support/all-listeners.ts; PORTS_BENCH_ALL_ROUNDS, default 15).
 *                   Targets: at most 2x ss, faster than lsof.
 */
import { execFile, spawnSync } from 'node:child_process';
import find from 'find-process';
import { createSnapshotReader } from '../../electron/core/ports/index.ts';
import { measureAllListeners, startFleet } from './support/all-listeners.ts';
import { compareInterleaved, type PairReport } from './support/interleaved.ts';
import { startListener, startOnSamePort, type RunningListener } from '../support/listeners.ts';

if (process.platform !== 'linux') {
  process.stderr.write('bench:ports measures ss and /proc: Linux only\n');
  process.exit(2);
}
if (spawnSync('lsof', ['-v']).error) {
  process.stderr.write('bench:ports compares with lsof, which is not installed: apt-get install lsof\n');
  process.exit(2);
}

const runs = Number(process.env.PORTS_BENCH_RUNS ?? 25);
const listeners: RunningListener[] = [];
const stopAll = () => Promise.all(listeners.map((l) => l.stop()));
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

const round1 = (n: number) => Math.round(n * 10) / 10;
const rawSs = () => new Promise<void>((resolve, reject) => execFile('ss', ['-ltnpH'], (error) => (error ? reject(error) : resolve())));

try {
  listeners.push(await startListener({ runtime: 'node', host: '0.0.0.0', tag: 'bench-node-any4' }));
  listeners.push(await startListener({ host: '0.0.0.0', tag: 'bench-py-any4' }));
  listeners.push(await startListener({ runtime: 'node', host: '::', tag: 'bench-node-any6' }));
  listeners.push(await startListener({ host: '::', tag: 'bench-py-any6' }));
  listeners.push(await startListener({ runtime: 'node', host: '127.0.0.1', tag: 'bench-node-lo4' }));
  listeners.push(await startListener({ host: '::1', tag: 'bench-py-lo6' }));
  listeners.push(
    ...(await startOnSamePort([
      { host: '127.0.0.1', reusePort: true, tag: 'bench-reuse-a' },
      { host: '127.0.0.1', reusePort: true, tag: 'bench-reuse-b' },
    ])),
  );
  listeners.push(await startListener({ host: '0.0.0.0', fork: true, tag: 'bench-fork' }));
  listeners.push(
    ...(await startOnSamePort([
      { host: '127.0.0.1', tag: 'bench-pair4' },
      { runtime: 'node', host: '::1', tag: 'bench-pair6' },
    ])),
  );
  listeners.push(await startListener({ runtime: 'node', host: '::1', tag: 'bench-node-lo6' }));

  const ports = [...new Set(listeners.map((l) => l.port))];
  const expectedPids = new Set(listeners.flatMap((l) => l.pids));

  const warm = createSnapshotReader();
  await warm.read({ ports });

  let snapshotPids = new Set<number>();
  let findPids = new Set<number>();
  const [cold, warmed, findProcess] = (await compareInterleaved(
    { name: 'ss -ltnpH', run: rawSs },
    [
      {
        name: 'snapshot (cold)',
        run: async () => {
          const snap = await createSnapshotReader().read({ ports });
          snapshotPids = new Set(snap.listeners.map((r) => r.pid).filter((p): p is number => p !== null));
        },
      },
      { name: 'snapshot (warm)', run: () => warm.read({ ports }) },
      {
        name: 'find-process',
        run: async () => {
          const found = new Set<number>();
          for (const port of ports) for (const p of await find('port', port)) found.add(p.pid);
          findPids = found;
        },
      },
    ],
    { rounds: runs, warmup: 2 },
  )) as [PairReport, PairReport, PairReport];

  const snapshotMs = cold.aValue.median;
  const findProcessMs = findProcess.aValue.median;
  const ssMs = cold.bValue.median;
  // How many times faster than find-process: the two medians of ratios to the same ss baseline.
  const snapshotVsFindProcess = round1(findProcess.ratio.median / cold.ratio.median);
  const result = {
    snapshotMs,
    warmSnapshotMs: warmed.aValue.median,
    findProcessMs,
    ssMs,
    ratios: { snapshotVsSs: cold.ratio, warmSnapshotVsSs: warmed.ratio, findProcessVsSs: findProcess.ratio },
    runs,
    ports: ports.length,
    listenerPids: expectedPids.size,
    snapshotPidsFound: [...expectedPids].filter((p) => snapshotPids.has(p)).length,
    findProcessPidsFound: [...expectedPids].filter((p) => findPids.has(p)).length,
    targets: {
      snapshotVsFindProcess,
      snapshotVsSs: cold.ratio.median,
      fasterThanFindProcessBy10: snapshotVsFindProcess >= 10,
      within1_5xSs: cold.ratio.median <= 1.5,
    },
    allListeners: await allListeners(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await stopAll();
}

/** The issue-12 scenario: 50 processes x 4 sockets in project folders, started and stopped here. */
async function allListeners() {
  const fleet = await startFleet(50, 4);
  try {
    return await measureAllListeners(fleet, Number(process.env.PORTS_BENCH_ALL_ROUNDS ?? 15));
  } finally {
    await fleet.stop();
  }
}
