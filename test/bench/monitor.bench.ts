/**
 * `npm run bench:monitor`: what watching costs and how fast it notices.
 *
 * 1. CPU: the real control runtime (monitor + state events to one subscriber) polls 10
 *    watched ports at a 1 s interval while a helper process holds 5 of them, against the
 *    naive poll (one `ss -ltnpH` from Node every second, the monitor paused meanwhile), in
 *    interleaved rounds (support/interleaved.ts): MONITOR_BENCH_ROUNDS (default 6) windows of
 *    MONITOR_BENCH_WINDOW_SECONDS (default 10) each, CPU per poll compared window by window.
 *    CPU = process.cpuUsage() of this process PLUS the CPU of the children it reaped in that
 *    window (/proc/self/stat cutime+cstime) PLUS the monitor's long-lived helpers — the shell
 *    that runs `ss` (with every `ss` it ran) and the perl netlink reader
 *    (/proc/HELPER/stat utime+stime+cutime+cstime). The listener-holding process is reaped
 *    only after the run, so its CPU is not counted.
 * 2. Detection: MONITOR_BENCH_SAMPLES (default 25) times, a rogue process binds a watched
 *    managed port at a random moment; latency = the rogue's own timestamp right after
 *    listen() → the conflict-detected event arriving at our subscriber.
 *
 * Prints ONE JSON object: {"intervalMs","watchedPorts","cpuMsPerPoll","cpuSharePercent",
 * "detectP50Ms","detectP95Ms"} plus a few extra fields for context.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { unusedPort } from '../support/unused-port.ts';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createControl } from '../../electron/core/control/create-control.ts';
import type { ControlEvent } from '../../electron/core/control/contract.ts';
import type { PortwardenConfig } from '../../electron/core/model/config.ts';
import { startChurn } from './support/churn.ts';
import { compareAB } from './support/interleaved.ts';

const INTERVAL_MS = 1000;
const WATCHED = 10;
const ROUNDS = Number(process.env.MONITOR_BENCH_ROUNDS ?? 6);
const WINDOW_SECONDS = Number(process.env.MONITOR_BENCH_WINDOW_SECONDS ?? 10);
const CHURN_SECONDS = Number(process.env.MONITOR_BENCH_CHURN_SECONDS ?? 600);
const SAMPLES = Number(process.env.MONITOR_BENCH_SAMPLES ?? 25);
const TICK_MS = 10; // USER_HZ = 100

const log = (line: string): void => void process.stderr.write(`bench:monitor: ${line}\n`);

/** CPU ms of reaped children so far (cutime + cstime of /proc/self/stat). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

/** CPU ms of a live process and its reaped children (the helper shell and its ss calls). */
function processTreeCpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
  } catch {
    return 0;
  }
}

function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function perl(script: string): ChildProcess {
  return spawn('perl', ['-MSocket', '-MTime::HiRes=time', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
}

function bindScript(ports: number[], holdSeconds: number): string {
  const binds = ports
    .map(
      (p, i) =>
        `socket(S${i},PF_INET,SOCK_STREAM,0) or die; setsockopt(S${i},SOL_SOCKET,SO_REUSEADDR,1); bind(S${i}, pack_sockaddr_in(${p}, inet_aton("127.0.0.1"))) or die "bind ${p}: $!"; listen(S${i},5) or die;`,
    )
    .join(' ');
  return `${binds} $|=1; printf("%.3f\\n", time()*1000); select(undef,undef,undef,${holdSeconds});`;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`helper exited ${code} before binding`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      resolve();
    }
  });
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// A full collection before each reading, so RSS and heap say what is kept, not what waits for GC.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

/** VmRSS of a live process, MB (0 when gone). */
function rssOfMb(pid: number): number {
  try {
    return mb(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024);
  } catch {
    return 0;
  }
}

function memoryNow(helperPids: number[]): { rssMB: number; heapUsedMB: number; helpersRssMB: number } {
  gc();
  const m = process.memoryUsage();
  return {
    rssMB: mb(m.rss),
    heapUsedMB: mb(m.heapUsed),
    helpersRssMB: Math.round(helperPids.reduce((sum, pid) => sum + rssOfMb(pid), 0) * 10) / 10,
  };
}

/** RSS before, during (every 30 s) and after a churn of listeners on `ports`. */
async function churnMemory(control: ReturnType<typeof createControl>, ports: number[], helperPids: number[]) {
  log(`memory: churning listeners on ${ports.length} watched ports for ${CHURN_SECONDS} s…`);
  const start = memoryNow(helperPids);
  const polls0 = control.monitorStats().polls;
  const churn = startChurn(ports, CHURN_SECONDS);
  const samples: { atSeconds: number; rssMB: number; heapUsedMB: number }[] = [];
  const t0 = performance.now();
  let ended = false;
  void churn.done.then(() => (ended = true));
  while (!ended) {
    await Promise.race([sleep(30_000), churn.done]);
    const now = memoryNow(helperPids);
    samples.push({ atSeconds: Math.round((performance.now() - t0) / 1000), rssMB: now.rssMB, heapUsedMB: now.heapUsedMB });
  }
  const changes = await churn.done;
  await sleep(3000); // the last changes seen and settled
  const end = memoryNow(helperPids);
  return {
    churnSeconds: CHURN_SECONDS,
    listenerChanges: changes,
    polls: control.monitorStats().polls - polls0,
    rssStartMB: start.rssMB,
    rssEndMB: end.rssMB,
    rssGrowthMB: Math.round((end.rssMB - start.rssMB) * 10) / 10,
    heapUsedStartMB: start.heapUsedMB,
    heapUsedEndMB: end.heapUsedMB,
    helpersRssStartMB: start.helpersRssMB,
    helpersRssEndMB: end.helpersRssMB,
    rssPeakMB: Math.max(start.rssMB, ...samples.map((x) => x.rssMB)),
    samples,
  };
}

async function main(): Promise<void> {
  const ports: number[] = [];
  for (let i = 0; i < WATCHED; i++) ports.push(await unusedPort());
  // Ports 0-4: plain watched ports (5 held by a helper); ports 5-9: managed by services that
  // are not running, so any listener there is a foreign-owner conflict (the rogues bind there).
  const config = {
    pollIntervalMs: INTERVAL_MS,
    ports: ports.map((port, i) => (i < 5 ? { port, name: `web${i}` } : { port, service: `svc${i}` })),
    services: ports.slice(5).map((port, i) => ({ id: `svc${i + 5}`, command: 'true', port })),
  } as unknown as PortwardenConfig;

  const helper = perl(bindScript(ports.slice(0, 5), ROUNDS * WINDOW_SECONDS * 2 + CHURN_SECONDS + 900));
  await firstLine(helper);

  const control = createControl({ config, persistConfig: () => undefined });
  const waiters = new Set<(e: ControlEvent) => void>();
  let events = 0;
  control.subscribe((e) => {
    events++;
    for (const w of waiters) w(e);
  });
  await control.start();
  await sleep(2500); // warm-up: first owner lookups, JIT

  // ---- 1. CPU: the monitor against the naive poll, window by window ----
  log(
    `measuring CPU: ${ROUNDS} rounds of ${WINDOW_SECONDS} s monitor / ${WINDOW_SECONDS} s naive ss poll at ${INTERVAL_MS} ms, ${WATCHED} watched ports…`,
  );
  const helperPids = control.monitorStats().helperPids;
  const totals = { wallMs: 0, cpuMs: 0, ownMs: 0, kidsMs: 0, helperMs: 0, polls: 0, skipped: 0 };
  const monitorWindow = async (): Promise<number> => {
    await control.setPaused(false);
    const s0 = control.monitorStats();
    const own0 = ownCpuMs();
    const kids0 = childrenCpuMs();
    const helper0 = helperPids.reduce((sum, pid) => sum + processTreeCpuMs(pid), 0);
    const t0 = performance.now();
    await sleep(WINDOW_SECONDS * 1000);
    const s1 = control.monitorStats();
    await control.setPaused(true);
    const ownMs = ownCpuMs() - own0;
    const kidsMs = childrenCpuMs() - kids0;
    if (s1.helperPids.join() !== helperPids.join()) log('warning: a helper was restarted during a window; its CPU is undercounted');
    const helperMs = helperPids.reduce((sum, pid) => sum + processTreeCpuMs(pid), 0) - helper0;
    const polls = s1.polls - s0.polls;
    totals.wallMs += performance.now() - t0;
    totals.cpuMs += ownMs + kidsMs + helperMs;
    totals.ownMs += ownMs;
    totals.kidsMs += kidsMs;
    totals.helperMs += helperMs;
    totals.polls += polls;
    totals.skipped += s1.skippedReads - s0.skippedReads;
    return (ownMs + kidsMs + helperMs) / Math.max(1, polls);
  };
  const naiveWindow = async (): Promise<number> => {
    const own0 = ownCpuMs();
    const kids0 = childrenCpuMs();
    let polls = 0;
    const end = performance.now() + WINDOW_SECONDS * 1000;
    while (performance.now() < end) {
      const next = performance.now() + INTERVAL_MS;
      await new Promise<void>((resolve) => execFile('ss', ['-ltnpH'], () => resolve()));
      polls++;
      await sleep(Math.max(0, next - performance.now()));
    }
    return (ownCpuMs() - own0 + childrenCpuMs() - kids0) / Math.max(1, polls);
  };
  await control.setPaused(true);
  const cpu = await compareAB(
    { name: 'monitor', run: monitorWindow },
    { name: 'naive ss -ltnpH poll', run: naiveWindow },
    { rounds: ROUNDS, warmup: 0 },
  );
  await control.setPaused(false);
  const { wallMs, cpuMs, ownMs, kidsMs, helperMs, polls, skipped } = totals;

  // ---- 2. Detection latency ----
  log(`measuring detection latency over ${SAMPLES} rogue binds…`);
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const port = ports[5 + (i % 5)]!;
    await sleep(200 + Math.random() * INTERVAL_MS); // random phase against the poll
    const detected = new Promise<number>((resolve) => {
      const w = (e: ControlEvent): void => {
        if (e.type === 'conflict-detected' && e.port === port) {
          waiters.delete(w);
          resolve(Date.now());
        }
      };
      waiters.add(w);
    });
    const rogue = perl(bindScript([port], 30));
    const boundAt = Number(await firstLine(rogue));
    const at = await Promise.race([detected, sleep(10_000).then(() => NaN)]);
    const resolved = new Promise<void>((resolve) => {
      const w = (e: ControlEvent): void => {
        if (e.type === 'conflict-resolved' && e.port === port) {
          waiters.delete(w);
          resolve();
        }
      };
      waiters.add(w);
    });
    await stop(rogue);
    await Promise.race([resolved, sleep(5000)]);
    if (Number.isNaN(at)) log(`sample ${i}: not detected within 10 s`);
    else latencies.push(at - boundAt);
  }

  // ---- 3. Memory over a churn of listeners ----
  const memory = await churnMemory(control, ports.slice(5), helperPids);

  await control.stop();
  await stop(helper);
  latencies.sort((a, b) => a - b);
  const result = {
    intervalMs: INTERVAL_MS,
    watchedPorts: WATCHED,
    cpuMsPerPoll: Math.round((cpuMs / Math.max(1, polls)) * 100) / 100,
    cpuSharePercent: Math.round((cpuMs / wallMs) * 100 * 1000) / 1000,
    cpuVsNaivePoll: {
      ratio: cpu.ratio,
      monitorMsPerPoll: cpu.aValue,
      naiveMsPerPoll: cpu.bValue,
      rounds: ROUNDS,
      windowSeconds: WINDOW_SECONDS,
    },
    detectP50Ms: Math.round(percentile(latencies, 50)),
    detectP95Ms: Math.round(percentile(latencies, 95)),
    memory,
    // context
    measuredSeconds: Math.round(wallMs / 100) / 10,
    polls,
    ownCpuMs: Math.round(ownMs),
    childCpuMs: Math.round(kidsMs),
    helperCpuMs: Math.round(helperMs),
    fullReads: polls - skipped,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    samples: latencies.length,
    missed: SAMPLES - latencies.length,
    detectMaxMs: Math.round(latencies.at(-1) ?? NaN),
    events,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

await main();
