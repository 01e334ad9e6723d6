import { describe, expect, it } from 'vitest';
import { listener, NOW, portState } from '../test-support/fixtures.ts';
import { describeConflict, describeFreeResult, describeKillResult, describeServiceAction, freeTargets, uniqueOwners } from './wording.ts';

describe('wording', () => {
  it('explains a foreign owner with the process age', () => {
    const port = portState({ listeners: [listener()] });
    const text = describeConflict({ kind: 'foreign-owner', detail: 'server words', pids: [4121] }, port, NOW);
    expect(text).toBe('python3 (pid 4121, started 3 h ago) holds 8000, which belongs to service api');
  });

  it('names every listener of a multiple-listener conflict, and falls back to the server words', () => {
    const port = portState({
      listeners: [listener(), listener({ pid: 4122, name: 'node', startedAt: NOW - 120_000, family: 'IPv6', address: '::' })],
    });
    expect(describeConflict({ kind: 'multiple-listeners', detail: 'x', pids: [4121, 4122] }, port, NOW)).toBe(
      '2 separate processes listen on 8000: python3 (pid 4121, started 3 h ago) on 0.0.0.0, node (pid 4122, started 2 min ago) on ::; a request may reach any of them',
    );
    expect(describeConflict({ kind: 'foreign-owner', detail: 'server words', pids: [999] }, port, NOW)).toBe('server words');
  });

  it('says which process is on which address when localhost is shadowed', () => {
    const port = portState({
      listeners: [
        listener({ address: '127.0.0.1' }),
        listener({ pid: 4122, name: 'node', startedAt: NOW - 120_000, family: 'IPv6', address: '::1' }),
      ],
    });
    expect(describeConflict({ kind: 'localhost-shadowed', detail: 'x', pids: [4121, 4122] }, port, NOW)).toBe(
      '“localhost:8000” may reach a different process depending on IPv4 or IPv6: 127.0.0.1 → python3 (pid 4121, started 3 h ago); [::1] → node (pid 4122, started 2 min ago)',
    );
    const hidden = portState({
      listeners: [listener({ address: '127.0.0.1' }), listener({ pid: null, name: null, family: 'IPv6', address: '::1' })],
    });
    expect(describeConflict({ kind: 'localhost-shadowed', detail: 'x', pids: [4121] }, hidden, NOW)).toBe(
      '“localhost:8000” may reach a different process depending on IPv4 or IPv6: 127.0.0.1 → python3 (pid 4121, started 3 h ago); [::1] → a process not visible to this user (another user’s; run as root to see it)',
    );
  });

  it('lists each process a Free would stop once, even with IPv4 and IPv6 sockets', () => {
    const port = portState({ listeners: [listener(), listener({ family: 'IPv6', address: '::' }), listener({ pid: null, name: null })] });
    expect(uniqueOwners(port.listeners)).toHaveLength(1);
    expect(freeTargets(port, NOW)).toEqual([
      {
        text: 'python3 (pid 4121, started 3 h ago), user dev',
        name: 'python3',
        command: 'python3 -m http.server 8000',
        pid: 4121,
        startTime: null,
      },
    ]);
  });

  it('says in the Free confirmation that a managed service will be stopped and stay stopped (trial S1)', () => {
    const port = portState({ listeners: [listener({ managed: true, expected: true })] });
    expect(freeTargets(port, NOW)[0].text).toBe(
      'python3 (pid 4121, started 3 h ago), user dev — service api: the service is stopped (whole process group) and stays stopped',
    );
  });

  it('a free that stopped a managed service says so, never "Nothing was listening" (trial S1)', () => {
    const r = describeFreeResult({
      port: 8000,
      free: true,
      elapsedMs: 30,
      refused: false,
      actions: [{ pid: 4122, name: 'uvicorn', signal: 'SIGTERM', signals: ['SIGTERM'], result: 'exited', service: 'api' }],
    });
    expect(r.lines).toEqual([
      'uvicorn (pid 4122, service api): sent SIGTERM → exited',
      'Service api was stopped with its whole process group and stays stopped (it is not restarted automatically); start it again from Services.',
    ]);
  });

  it('summarises a free-port result: what was sent and whether the port is free', () => {
    const ok = describeFreeResult({
      port: 8000,
      free: true,
      elapsedMs: 412,
      refused: false,
      actions: [{ pid: 4121, name: 'python3', signal: 'SIGTERM', signals: ['SIGTERM'], result: 'exited' }],
    });
    expect(ok).toEqual({ ok: true, headline: 'Port 8000 is free (took 412 ms).', lines: ['python3 (pid 4121): sent SIGTERM → exited'] });
    const bad = describeFreeResult({
      port: 8000,
      free: false,
      elapsedMs: 10,
      refused: true,
      actions: [{ pid: 1, name: 'init', signal: null, signals: [], result: 'refused-protected', reason: 'pid 1 is the init process' }],
    });
    expect(bad.ok).toBe(false);
    expect(bad.headline).toContain('still in use');
    expect(bad.lines[0]).toBe('init (pid 1): nothing sent → not signalled: protected process (pid 1 is the init process)');
  });

  it('summarises a kill', () => {
    expect(describeKillResult({ pid: 7, name: 'x', signal: 'SIGKILL', signals: ['SIGTERM', 'SIGKILL'], result: 'exited' })).toEqual({
      ok: true,
      headline: 'Stopped x (pid 7) (it ignored SIGTERM; SIGKILL sent).',
      lines: ['x (pid 7): sent SIGTERM, SIGKILL → exited'],
    });
  });

  it('summarises a service action by what it left: listening, or why it did not start', () => {
    const service = { id: 'api', pid: 5123, port: 8000 };
    const base = { service, waitedMs: 340, exit: null, logTail: [], holders: [] };
    expect(describeServiceAction({ ...base, action: 'restart', outcome: 'listening' })).toEqual({
      ok: true,
      headline: 'Restarted api: listening on 8000 (pid 5123, after 340 ms).',
      lines: [],
    });
    expect(describeServiceAction({ ...base, action: 'stop', outcome: 'stopped' }).ok).toBe(true);
    const exited = describeServiceAction({
      ...base,
      action: 'start',
      outcome: 'exited',
      service: { ...service, pid: null },
      waitedMs: 20,
      exit: { code: 127, signal: null },
      logTail: [{ text: 'sh: 1: nope: not found' }],
    });
    expect(exited).toEqual({
      ok: false,
      headline: 'api did not start: it exited with code 127 after 20 ms.',
      lines: ['› sh: 1: nope: not found'],
    });
    const holder = listener({ pid: 7, name: 'python3' });
    expect(
      describeServiceAction({ ...base, action: 'start', outcome: 'blocked', service: { ...service, pid: null }, holders: [holder] })
        .headline,
    ).toBe('api did not start: port 8000 is in use — python3 (pid 7) holds 8000.');
    expect(describeServiceAction({ ...base, action: 'start', outcome: 'timeout', waitedMs: 15_000 }).headline).toBe(
      'api is running (pid 5123) but not listening on 8000 after 15 s.',
    );
  });
});
