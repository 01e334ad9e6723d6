/**
 * The All listeners view through the control API, on real processes started in temp folders
 * (a package.json project, a git repository): every listener from the monitor's own
 * snapshot, with project, kind, argv and the loopback HTTP answer; the monitor reads every
 * listener only while someone asks (a lease), and Watch writes the port with its owner's
 * command as the expected owner, refusing (and writing nothing) when the row is stale.
 */
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import { createSnapshotReader } from '../../../electron/core/ports/index.ts';
import type { SnapshotOptions, SnapshotReader } from '../../../electron/core/model/ports.ts';
import type { ListenerRow } from '../../../electron/core/model/listeners.ts';
import { commandToCopy } from '../../../electron/core/listeners/view.ts';
import { startListener, type RunningListener } from '../../support/listeners.ts';
import { unusedPort } from '../../support/unused-port.ts';
import { waitFor } from '../../support/processes.ts';

const onLinux = process.platform === 'linux';
if (!onLinux) console.log('all-listeners: skipped, these tests read /proc (Linux only)');

describe.runIf(onLinux)('All listeners through the control API', () => {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'pw-all-listeners-')));
  const shop = path.join(root, 'shop');
  const billing = path.join(root, 'billing', 'server');
  const configPath = path.join(root, 'portwarden.json');
  let raw: RunningListener;
  let http: ChildProcess;
  let httpPort: number;
  let control: ControlRuntime;
  /** Every read the monitor and the view make, with its options: the real reader, counted. */
  const reads: (SnapshotOptions | undefined)[] = [];

  beforeAll(async () => {
    mkdirSync(shop, { recursive: true });
    mkdirSync(billing, { recursive: true });
    writeFileSync(path.join(shop, 'package.json'), JSON.stringify({ name: 'shop-web', scripts: { dev: 'vite --port 5180' } }));
    execFileSync('git', ['init', '-q', path.join(root, 'billing')]);
    raw = await startListener({ runtime: 'node', host: '127.0.0.1', cwd: billing, tag: 'all-listeners-raw' });
    httpPort = await unusedPort();
    http = spawn('python3', ['-m', 'http.server', String(httpPort), '--bind', '127.0.0.1'], { cwd: shop, detached: true, stdio: 'ignore' });
    const real = createSnapshotReader();
    const reader: SnapshotReader = { read: (o) => (reads.push(o), real.read(o)) };
    await waitFor(async () => (await real.read({ ports: [httpPort] })).listeners.length > 0, 15_000, 'http.server listening');
    control = createControl({
      config: { pollIntervalMs: 200, ports: [], services: [], productService: { enabled: false, port: 8010 } },
      configPath,
      reader,
    });
    await control.start();
  });

  afterAll(async () => {
    await control?.stop();
    await raw?.stop();
    if (http?.pid) {
      try {
        process.kill(-http.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    rmSync(root, { recursive: true, force: true });
  });

  const rowOn = (rows: ListenerRow[], port: number): ListenerRow | undefined => rows.find((r) => r.port === port);

  it('reads nothing for the view while nobody asks, then every listener from the poll while someone does', async () => {
    await new Promise((r) => setTimeout(r, 600));
    // Nothing is watched: with the view closed the monitor reads no table at all.
    expect(reads.filter((o) => o?.ports === undefined)).toEqual([]);
    const { rows } = await control.getAllListeners();
    expect(rowOn(rows, httpPort)).toMatchObject({ project: 'shop-web', cwd: shop, kind: 'dev', kindReason: null, watched: false });
    expect(rowOn(rows, raw.port)).toMatchObject({ project: 'billing', cwd: billing, kind: 'dev', pid: raw.pids[0] });
    const argv = rowOn(rows, httpPort)?.argv ?? [];
    expect(path.basename(argv[0] ?? '')).toBe('python3');
    expect(argv.slice(1)).toEqual(['-m', 'http.server', String(httpPort), '--bind', '127.0.0.1']);
    // Copy command: the shell reads the quoted line back into exactly the process's words
    // (the node listener's -e script has spaces, quotes and newlines).
    const nodeRow = rowOn(rows, raw.port)!;
    const echoed = execFileSync('sh', ['-c', `printf '%s\\0' ${commandToCopy(nodeRow)}`], { encoding: 'utf8' });
    expect(echoed.split('\0').slice(0, -1)).toEqual(nodeRow.argv);
    expect(nodeRow.argv!.length).toBeGreaterThan(2);
    // The lease: the monitor's own polls now read every listener (no ports option) ...
    const before = reads.length;
    await waitFor(() => reads.slice(before).filter((o) => o?.ports === undefined).length >= 2, 5000, 'polls reading every listener');
    // ... and a view that stops asking stops them: the lease is at least 5 s.
    await new Promise((r) => setTimeout(r, 5600));
    const after = reads.length;
    await new Promise((r) => setTimeout(r, 800));
    expect(reads.slice(after)).toEqual([]);
  }, 20_000);

  it('probes each dev server once on loopback: Open in browser only where HTTP answers', async () => {
    const answered = await waitFor(
      async () => {
        const { rows } = await control.getAllListeners();
        const a = rowOn(rows, httpPort)?.http;
        const b = rowOn(rows, raw.port)?.http;
        return a !== null && b !== null && a !== undefined && b !== undefined ? { a, b } : null;
      },
      10_000,
      'both probes answered',
    );
    expect(answered).toEqual({ a: true, b: false });
  });

  it('Watch adds the port with the owner command as expected owner; the monitor then judges it ok', async () => {
    const { rows } = await control.getAllListeners();
    const row = rowOn(rows, httpPort)!;
    const entry = await control.watchPort(httpPort, { pid: row.pid!, command: row.command! });
    expect(entry).toEqual({ port: httpPort, name: 'shop-web', owner: { command: row.command } });
    const written = JSON.parse(readFileSync(configPath, 'utf8')) as { ports: unknown[] };
    expect(written.ports).toEqual([{ port: httpPort, name: 'shop-web', owner: { command: row.command } }]);
    await waitFor(
      async () => (await control.getState()).ports.find((p) => p.port === httpPort)?.status === 'ok',
      10_000,
      'the watched port judged ok',
    );
    const state = (await control.getState()).ports.find((p) => p.port === httpPort)!;
    expect(state.owner).toEqual({ command: row.command });
    expect(state.listeners.every((l) => l.expected === true)).toBe(true);
    expect(rowOn((await control.getAllListeners()).rows, httpPort)?.watched).toBe(true);
  });

  it('refuses a stale row or a watched port and writes nothing', async () => {
    const before = readFileSync(configPath, 'utf8');
    await expect(control.watchPort(httpPort, { pid: http.pid! })).rejects.toMatchObject({
      code: 'conflict',
      message: `port ${httpPort} is already on the watch list`,
    });
    await expect(control.watchPort(raw.port, { pid: 999_999 })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        new RegExp(`^pid 999999 no longer listens on ${raw.port}: it is held by node \\(pid ${raw.pids[0]}\\); nothing was added$`),
      ),
    });
    await expect(control.watchPort(raw.port, { pid: raw.pids[0]!, command: 'vite --port 5180' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('not "vite --port 5180" as shown; nothing was added'),
    });
    await expect(control.watchPort(raw.port, { pid: raw.pids[0]!, name: 'x'.repeat(101) })).rejects.toMatchObject({
      code: 'invalid-argument',
    });
    await expect(control.watchPort(0, { pid: raw.pids[0]! })).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  it('detectProject proposes the ports a project folder names, and refuses a folder it cannot read', async () => {
    const proposal = await control.detectProject(shop);
    expect(proposal.dir).toBe(shop);
    expect(proposal.proposals.map((p) => [p.port, p.sources[0]?.file])).toEqual([[5180, 'package.json']]);
    await expect(control.detectProject(path.join(root, 'missing'))).rejects.toMatchObject({
      code: 'invalid-argument',
      message: `${path.join(root, 'missing')}: no such folder`,
    });
    await expect(control.detectProject('shop')).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(existsSync(path.join(shop, 'portwarden.json'))).toBe(false);
  });
});
