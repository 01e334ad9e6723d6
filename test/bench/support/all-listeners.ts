/**
 * The all-listeners scenario of `npm run bench:ports` (issue 12): 200 listening sockets held
 * by 50 real processes, each started in its own project folder (a package.json, a git
 * repository, or a plain folder), so the snapshot names owners AND projects. Compared in
 * interleaved rounds (support/interleaved.ts) with one raw `ss -ltnpH` and one raw
 * `lsof -nP -iTCP -sTCP:LISTEN`, the two tools a developer would run instead.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProjectNames } from '../../../electron/core/owners/project-names.ts';
import { createSnapshotReader } from '../../../electron/core/ports/index.ts';
import { compareInterleaved, type PairReport } from './interleaved.ts';

/** Binds `count` sockets on 127.0.0.1, prints their ports, then sleeps (bounded). */
const MULTI_LISTENER = `
import json, socket, sys, time
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    socks.append(s)
print("ready " + json.dumps([s.getsockname()[1] for s in socks]), flush=True)
end = time.time() + 900
while time.time() < end:
    time.sleep(1)
`;

export interface Fleet {
  ports: number[];
  pids: number[];
  stop(): Promise<void>;
}

/** Starts `processes` listeners of `perProcess` sockets each, in project folders under a temp dir. */
export async function startFleet(processes: number, perProcess: number): Promise<Fleet> {
  const root = mkdtempSync(path.join(tmpdir(), 'pw-bench-projects-'));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const stop = async () => {
    for (const c of children) {
      try {
        process.kill(-(c.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < processes; i++) {
      const dir = path.join(root, `app-${i}`, 'src');
      mkdirSync(dir, { recursive: true });
      // A third each: a package.json, a git repository, a plain folder.
      if (i % 3 === 0) writeFileSync(path.join(root, `app-${i}`, 'package.json'), JSON.stringify({ name: `@bench/app-${i}` }));
      if (i % 3 === 1) execFileSync('git', ['init', '-q', path.join(root, `app-${i}`)]);
      const child = spawn('python3', ['-c', MULTI_LISTENER, String(perProcess)], {
        cwd: dir,
        detached: true,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      ports.push(
        ...(await new Promise<number[]>((resolve, reject) => {
          let out = '';
          const timer = setTimeout(() => reject(new Error('bench listener not ready after 20 s')), 20_000);
          child.stdout?.on('data', (d: Buffer) => {
            out += d.toString();
            const line = out.split('\n').find((l) => l.startsWith('ready '));
            if (line) {
              clearTimeout(timer);
              resolve(JSON.parse(line.slice(6)) as number[]);
            }
          });
          child.once('exit', (code) => reject(new Error(`bench listener exited ${code}`)));
        })),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { ports, pids: children.map((c) => c.pid as number), stop };
}

const tool = (file: string, args: string[]) => () =>
  new Promise<void>((resolve, reject) =>
    execFile(file, args, { maxBuffer: 64 * 1024 * 1024 }, (error) =>
      error && (error as { code?: unknown }).code !== 1 ? reject(error) : resolve(),
    ),
  );

export interface AllListenersResult {
  listeners: number;
  processes: number;
  rounds: number;
  /** Everything found of the fleet in the last snapshot. */
  fleetPortsFound: number;
  fleetProjectsNamed: number;
  /** Median ms of each, from the interleaved rounds. */
  snapshotMs: number;
  warmSnapshotMs: number;
  ssMs: number;
  lsofMs: number;
  /** Pair-by-pair ratios (median, with min and max). */
  snapshotVsSs: PairReport['ratio'];
  warmSnapshotVsSs: PairReport['ratio'];
  snapshotVsLsof: PairReport['ratio'];
  targets: { within2xSs: boolean; fasterThanLsof: boolean };
}

/**
 * snapshot: a fresh reader per call (cold owner cache: one `ss -ltnpHe`, every owner's /proc
 * files and cwd), project names from the process-wide cache as in production;
 * warmSnapshot: the monitor's steady poll (one reader kept, owner cache warm).
 */
export async function measureAllListeners(fleet: Fleet, rounds: number): Promise<AllListenersResult> {
  const projects = createProjectNames();
  const warm = createSnapshotReader({ projects });
  const wanted = new Set(fleet.ports);
  let found = 0;
  let named = 0;
  const snapshot = async () => {
    const snap = await createSnapshotReader({ projects }).read();
    const mine = snap.listeners.filter((r) => wanted.has(r.port));
    found = mine.filter((r) => r.pid !== null).length;
    named = mine.filter((r) => r.project !== null).length;
  };
  await snapshot();
  await warm.read();
  const ss = { name: 'ss -ltnpH', run: tool('ss', ['-ltnpH']) };
  const lsof = { name: 'lsof -nP -iTCP -sTCP:LISTEN', run: tool('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN']) };
  const cases = [
    { name: 'snapshot', run: snapshot },
    { name: 'warmSnapshot', run: () => warm.read() },
  ];
  const vsSs = await compareInterleaved(ss, [...cases, lsof], { rounds, warmup: 1 });
  const [vsLsof] = await compareInterleaved(lsof, [cases[0]!], { rounds, warmup: 1 });
  const get = (name: string) => vsSs.find((r) => r.a === name) as PairReport;
  const snapshotVsSs = get('snapshot').ratio;
  const snapshotVsLsof = (vsLsof as PairReport).ratio;
  return {
    listeners: fleet.ports.length,
    processes: fleet.pids.length,
    rounds,
    fleetPortsFound: found,
    fleetProjectsNamed: named,
    snapshotMs: get('snapshot').aValue.median,
    warmSnapshotMs: get('warmSnapshot').aValue.median,
    ssMs: get('snapshot').bValue.median,
    lsofMs: get(lsof.name).aValue.median,
    snapshotVsSs,
    warmSnapshotVsSs: get('warmSnapshot').ratio,
    snapshotVsLsof,
    targets: { within2xSs: snapshotVsSs.median <= 2, fasterThanLsof: snapshotVsLsof.median < 1 },
  };
}
