/**
 * Diagnostics against the real machine: test binds, PATH lookups, required env, tools.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runDiagnostics } from '../../../electron/core/health/diagnostics.ts';
import type { DiagnosticsDeps } from '../../../electron/core/health/diagnostics.ts';
import { validateConfig } from '../../../electron/core/config/validate-config.ts';
import { createSnapshotReader } from '../../../electron/core/ports/index.ts';
import { probeHttp, probeTcp } from '../../../electron/core/health/http-probe.ts';
import { killAllStarted, startDetached, startListener } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_OWNER } from '../../../electron/core/ports/records.ts';

afterEach(killAllStarted);

const reader = createSnapshotReader();

function deps(config: unknown, extra: Partial<DiagnosticsDeps> = {}): DiagnosticsDeps {
  return {
    config: validateConfig(config),
    baseDir: process.cwd(),
    env: { PATH: process.env.PATH ?? '', PRESENT: 'yes' },
    readListeners: async (ports) => (await reader.read({ ports })).listeners,
    isManaged: async () => false,
    ...extra,
  };
}

describe('runDiagnostics', () => {
  it('issue 9 point 6: a config file that does not exist is never "valid"; a relative command path is looked up where it is, not on PATH; as root an invisible owner is in another pid namespace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-diag-words-'));
    try {
      const file = join(dir, 'portwarden.json');
      const d = await runDiagnostics(deps({ services: [{ id: 's', command: './not-here.sh --x' }] }, { configPath: file, baseDir: dir }));
      expect(d.checks.find((c) => c.name === 'config')).toMatchObject({
        status: 'ok',
        message: `no config file (${file} does not exist); using defaults`,
      });
      expect(d.checks.find((c) => c.name === 'service:s:command')).toMatchObject({
        status: 'critical',
        message: `service s: ./not-here.sh does not exist (${join(dir, 'not-here.sh')})`,
      });
      // A file that is there is valid; one that is not executable is named as such.
      const { writeFileSync } = await import('node:fs');
      writeFileSync(file, '{}');
      writeFileSync(join(dir, 'not-here.sh'), 'echo hi\n', { mode: 0o644 });
      const again = await runDiagnostics(deps({ services: [{ id: 's', command: './not-here.sh' }] }, { configPath: file, baseDir: dir }));
      expect(again.checks.find((c) => c.name === 'config')!.message).toBe(`config ${file} is valid`);
      expect(again.checks.find((c) => c.name === 'service:s:command')!.message).toBe(
        `service s: ./not-here.sh is not an executable file (${join(dir, 'not-here.sh')})`,
      );
      // An owner no one here can see: as root that is another pid namespace, not "run as root".
      const hidden = await runDiagnostics(
        deps(
          { ports: [{ port: 2 }] },
          {
            elevated: true,
            tryBind: async () => ({ ok: false, code: 'EADDRINUSE', message: 'in use' }),
            readListeners: async () => [{ port: 2, address: '0.0.0.0', family: 'IPv4', ...NO_OWNER }],
          },
        ),
      );
      expect(hidden.checks.find((c) => c.name === 'port:2')!.message).toBe(
        'port 2 is in use by a process in another pid namespace (not visible even to root: a container?)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks commands on PATH and required env, and summarises', async () => {
    const d = await runDiagnostics(
      deps({
        services: [
          { id: 'good', command: 'python3 -m http.server', requiredEnv: ['PRESENT'] },
          { id: 'bad', command: 'FOO=1 definitely-not-a-command-xyz --flag', requiredEnv: ['ABSENT_VAR'] },
          { id: 'builtin', command: 'cd /tmp && ls' },
        ],
      }),
    );
    const byName = new Map(d.checks.map((c) => [c.name, c]));
    expect(byName.get('runtime')!.status).toBe('ok');
    expect(byName.get('config')!.status).toBe('ok');
    expect(byName.get('service:good:command')!.status).toBe('ok');
    expect(byName.get('service:good:env:PRESENT')!.status).toBe('ok');
    expect(byName.get('service:bad:command')).toMatchObject({
      status: 'critical',
      message: 'service bad: definitely-not-a-command-xyz not found on PATH',
    });
    expect(byName.get('service:bad:env:ABSENT_VAR')).toMatchObject({
      status: 'critical',
      message: 'service bad needs ABSENT_VAR, which is not set',
    });
    expect(byName.get('service:builtin:command')!.status).toBe('ok');
    expect(byName.get('tool:ss')!.status).toBe('ok');
    expect(byName.get('tool:perl')!.status).toBe('ok');
    expect(d.summary.critical).toEqual([
      'service:bad:command: service bad: definitely-not-a-command-xyz not found on PATH',
      'service:bad:env:ABSENT_VAR: service bad needs ABSENT_VAR, which is not set',
    ]);
    expect(d.summary.warnings).toEqual([]);
  });

  it('a free port passes a real test bind; a held one names the holder', async () => {
    const free = await unusedPort();
    const held = await unusedPort();
    const rogue = await startListener(held, '127.0.0.1');
    const d = await runDiagnostics(
      deps({ ports: [{ port: free }, { port: held, service: 'api' }], services: [{ id: 'api', command: 'true', port: held }] }),
    );
    const byName = new Map(d.checks.map((c) => [c.name, c]));
    expect(byName.get(`port:${free}`)).toMatchObject({ status: 'ok', message: expect.stringContaining('is free') });
    expect(byName.get(`port:${held}`)).toMatchObject({
      status: 'critical',
      message: `port ${held} is held by node (pid ${rogue.pid}), so service api cannot bind it`,
      details: expect.objectContaining({ code: 'EADDRINUSE' }),
    });
  });

  it('the port of the running managed service is expected', async () => {
    const held = await unusedPort();
    const own = await startListener(held, '127.0.0.1');
    const d = await runDiagnostics(
      deps({ services: [{ id: 'api', command: 'true', port: held }] }, { isManaged: async (_id, pid) => pid === own.pid }),
    );
    expect(d.checks.find((c) => c.name === `port:${held}`)).toMatchObject({
      status: 'ok',
      message: `port ${held} is in use by service api (expected)`,
    });
  });

  it('never test-binds the port of a service that is starting or running (it may be binding it right now)', async () => {
    const port = await unusedPort();
    const bound: number[] = [];
    const { tryBind } = await import('../../../electron/core/health/bind-test.ts');
    const countingBind: DiagnosticsDeps['tryBind'] = (p, host) => {
      bound.push(p);
      return tryBind(p, host);
    };
    const config = { services: [{ id: 'api', command: 'true', port }] };
    for (const [status, pid] of [
      ['starting', null],
      ['running', 4242],
      ['bind-loop', 4242],
      ['backoff', null],
    ] as const) {
      const d = await runDiagnostics(deps(config, { serviceStatus: () => ({ status, pid }), tryBind: countingBind }));
      expect(d.checks.find((c) => c.name === `port:${port}`)).toMatchObject({
        status: 'ok',
        message: expect.stringContaining(`kept for service api (${status})`),
      });
    }
    expect(bound).toEqual([]);
    // A foreign holder is still named from the snapshot, without a bind.
    const rogue = await startListener(port, '127.0.0.1');
    const held = await runDiagnostics(deps(config, { serviceStatus: () => ({ status: 'running', pid: 4242 }), tryBind: countingBind }));
    expect(held.checks.find((c) => c.name === `port:${port}`)).toMatchObject({
      status: 'critical',
      message: `port ${port} is held by node (pid ${rogue.pid}), so service api cannot bind it`,
    });
    expect(bound).toEqual([]);
    // A stopped service's port, or one whose bind-loop ended with its exit, is test-bound as before.
    await runDiagnostics(deps(config, { serviceStatus: () => ({ status: 'stopped', pid: null }), tryBind: countingBind }));
    await runDiagnostics(deps(config, { serviceStatus: () => ({ status: 'bind-loop', pid: null }), tryBind: countingBind }));
    // (Each run binds at least once; with the rogue on 127.0.0.1 the other addresses are tried too.)
    expect(bound.length).toBeGreaterThanOrEqual(2);
    expect(new Set(bound)).toEqual(new Set([port]));
  });

  it("the product service's port: ours is expected, another process is critical", async () => {
    const port = await unusedPort();
    const holder = await startListener(port, '127.0.0.1');
    const config = { productService: { enabled: true, port } };
    const ours = await runDiagnostics(deps(config, { isProductService: (pid) => pid === holder.pid }));
    expect(ours.checks.find((c) => c.name === `port:${port}`)).toMatchObject({
      status: 'ok',
      message: `port ${port} is in use by the embedded product service (expected)`,
    });
    const theirs = await runDiagnostics(deps(config, { isProductService: () => false }));
    expect(theirs.checks.find((c) => c.name === `port:${port}`)).toMatchObject({
      status: 'critical',
      message: `port ${port} is held by node (pid ${holder.pid}), so the product service cannot bind it`,
    });
  });

  it('an address that is not local: EADDRNOTAVAIL', async () => {
    const port = await unusedPort();
    const d = await runDiagnostics(deps({ productService: { enabled: true, port, host: '10.255.255.254' } }));
    expect(d.checks.find((c) => c.name === `port:${port}`)).toMatchObject({
      status: 'critical',
      message: `address 10.255.255.254 is not an address of this machine, so port ${port} cannot be bound on it`,
    });
  });

  it('explains a privileged port (EACCES as a non-root user sees it)', async () => {
    // We run as root here, where binding port 80 succeeds; the OS answer is recorded instead.
    const d = await runDiagnostics(
      deps(
        { ports: [{ port: 80 }] },
        { tryBind: async () => ({ ok: false, code: 'EACCES', message: 'listen EACCES: permission denied 0.0.0.0:80' }) },
      ),
    );
    expect(d.checks.find((c) => c.name === 'port:80')).toMatchObject({
      status: 'critical',
      message: expect.stringContaining('privileged (< 1024)'),
    });
  });

  it('Windows: a port inside an excluded range is explained (recorded netsh ranges)', async () => {
    const d = await runDiagnostics(
      deps(
        { ports: [{ port: 50010 }] },
        { platform: 'win32', readExcludedRanges: async () => [{ start: 50000, end: 50059, administered: true }], env: { PATH: '' } },
      ),
    );
    expect(d.checks.find((c) => c.name === 'port:50010')).toMatchObject({
      status: 'critical',
      message: expect.stringContaining('excluded port range 50000-50059 (administered)'),
    });
    expect(d.checks.find((c) => c.name === 'tool:netstat')!.status).toBe('critical');
  });

  it('Linux: a missing perl is a warning that says what it costs', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'pw-diag-path-'));
    try {
      const ss = ['/usr/bin/ss', '/bin/ss', '/usr/sbin/ss', '/sbin/ss'].find((p) => existsSync(p))!;
      symlinkSync(ss, join(bin, 'ss'));
      const d = await runDiagnostics(deps({}, { env: { PATH: bin } }));
      expect(d.checks.find((c) => c.name === 'tool:ss')!.status).toBe('ok');
      expect(d.checks.find((c) => c.name === 'tool:perl')).toMatchObject({
        status: 'warning',
        message: expect.stringContaining('every poll reads the listener table fully'),
      });
      expect(d.summary.warnings).toEqual([expect.stringMatching(/^tool:perl: perl not found on PATH/)]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('reports an invalid config as critical', async () => {
    const d = await runDiagnostics(deps({}, { configError: 'ports[0].port must be <= 65535', configPath: '/x/portwarden.json' }));
    expect(d.checks.find((c) => c.name === 'config')).toMatchObject({ status: 'critical', message: 'ports[0].port must be <= 65535' });
  });
});

describe('probes', () => {
  it('HTTP: status, latency, who it connected to; refused and timeout', async () => {
    const port = await unusedPort();
    await startListener(port, '127.0.0.1', ['--status', '503']);
    const r = await probeHttp(`http://127.0.0.1:${port}/`, 200, { timeoutMs: 2000 });
    expect(r).toMatchObject({ status: 503, ok: false, remoteAddress: '127.0.0.1', error: 'expected 200, got 503' });
    expect(r.latencyMs).toBeGreaterThan(0);
    const refused = await probeHttp(`http://127.0.0.1:${await unusedPort()}/`, 200, { timeoutMs: 2000 });
    expect(refused).toMatchObject({ ok: false, status: null, error: 'connection refused (nothing listens)' });
    // A listener that accepts but never answers: python's socket with listen() only.
    const silent = await unusedPort();
    await startDetached(
      'python3',
      [
        '-c',
        `import socket,time,sys; s=socket.socket(); s.bind(('127.0.0.1', ${silent})); s.listen(); print('ready', flush=True); time.sleep(30)`,
      ],
      /ready/,
    );
    const slow = await probeHttp(`http://127.0.0.1:${silent}/`, 200, { timeoutMs: 300 });
    expect(slow).toMatchObject({ ok: false, error: 'timed out after 300 ms' });
    const tcp = await probeTcp('127.0.0.1', silent, { timeoutMs: 1000 });
    expect(tcp).toMatchObject({ ok: true, remoteAddress: '127.0.0.1' });
  });
});
