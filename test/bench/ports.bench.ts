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
 *   runs            measurement rounds (PORTS_BENCH_RUNS, default 15)
 *
 * Targets (reported, not asserted): snapshotMs <= findProcessMs / 10 and <= 1.5 x ssMs.
 * Each round runs every measurement once, interleaved, so machine noise hits all alike.
 *
 *   allListeners    issue 12: every listener on the machine, with owners AND projects, while
 *                   200 sockets are held by 50 processes started in project folders; against
 *                   raw `ss -ltnpH` and `lsof -nP -iTCP -sTCP:LISTEN` in interleaved rounds
 *                   (support/all-listeners.ts; PORTS_BENCH_ALL_ROUNDS, default 15).
 *                   Targets: at most 2x ss, faster than lsof.
 */
import { execFile, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import find from 'find-process';
import { createSnapshotReader } from '../../electron/core/ports/index.ts';
import { measureAllListeners, startFleet } from './support/all-listeners.ts';
import { startListener, startOnSamePort, type RunningListener } from '../support/listeners.ts';

if (process.platform !== 'linux') {
  process.stderr.write('bench:ports measures ss and /proc: Linux only\n');
  process.exit(2);
}
if (spawnSync('lsof', ['-v']).error) {
  process.stderr.write('bench:ports compares with lsof, which is not installed: apt-get install lsof\n');
  process.exit(2);
}

const runs = Number(process.env.PORTS_BENCH_RUNS ?? 15);
const listeners: RunningListener[] = [];
const stopAll = () => Promise.all(listeners.map((l) => l.stop()));
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round1 = (n: number) => Math.round(n * 10) / 10;
const time = async (fn: () => Promise<unknown>) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};
const rawSs = () =>
  new Promise<void>((resolve, reject) => execFile('ss', ['-ltnpH'], (error) => (error ? reject(error) : resolve())));

try {
  listeners.push(await startListener({ runtime: 'node', host: '0.0.0.0', tag: 'bench-node-any4' }));
  listeners.push(await startListener({ host: '0.0.0.0', tag: 'bench-py-any4' }));
  listeners.push(await startListener({ runtime: 'node', host: '::', tag: 'bench-node-any6' }));
  listeners.push(await startListener({ host: '::', tag: 'bench-py-any6' }));
  listeners.push(await startListener({ runtime: 'node', host: '127.0.0.1', tag: 'bench-node-lo4' }));
  listeners.push(await startListener({ host: '::1', tag: 'bench-py-lo6' }));
  listeners.push(...(await startOnSamePort([{ host: '127.0.0.1', reusePort: true, tag: 'bench-reuse-a' }, { host: '127.0.0.1', reusePort: true, tag: 'bench-reuse-b' }])));
  listeners.push(await startListener({ host: '0.0.0.0', fork: true, tag: 'bench-fork' }));
  listeners.push(...(await startOnSamePort([{ host: '127.0.0.1', tag: 'bench-pair4' }, { runtime: 'node', host: '::1', tag: 'bench-pair6' }])));
  listeners.push(await startListener({ runtime: 'node', host: '::1', tag: 'bench-node-lo6' }));

  const ports = [...new Set(listeners.map((l) => l.port))];
  const expectedPids = new Set(listeners.flatMap((l) => l.pids));

  const warm = createSnapshotReader();
  await warm.read({ ports });

  const samples = { snapshot: [] as number[], warm: [] as number[], findProcess: [] as number[], ss: [] as number[] };
  let snapshotPids = new Set<number>();
  let findPids = new Set<number>();
  for (let i = 0; i < runs; i++) {
    samples.ss.push(await time(rawSs));
    samples.snapshot.push(
      await time(async () => {
        const snap = await createSnapshotReader().read({ ports });
        snapshotPids = new Set(snap.listeners.map((r) => r.pid).filter((p): p is number => p !== null));
      }),
    );
    samples.warm.push(await time(() => warm.read({ ports })));
    samples.findProcess.push(
      await time(async () => {
        const found = new Set<number>();
        for (const port of ports) for (const p of await find('port', port)) found.add(p.pid);
        findPids = found;
      }),
    );
  }

  const snapshotMs = round1(median(samples.snapshot));
  const findProcessMs = round1(median(samples.findProcess));
  const ssMs = round1(median(samples.ss));
  const result = {
    snapshotMs,
    warmSnapshotMs: round1(median(samples.warm)),
    findProcessMs,
    ssMs,
    runs,
    ports: ports.length,
    listenerPids: expectedPids.size,
    snapshotPidsFound: [...expectedPids].filter((p) => snapshotPids.has(p)).length,
    findProcessPidsFound: [...expectedPids].filter((p) => findPids.has(p)).length,
    targets: {
      snapshotVsFindProcess: round1(findProcessMs / snapshotMs),
      snapshotVsSs: round1(snapshotMs / ssMs),
      fasterThanFindProcessBy10: snapshotMs <= findProcessMs / 10,
      within1_5xSs: snapshotMs <= 1.5 * ssMs,
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
