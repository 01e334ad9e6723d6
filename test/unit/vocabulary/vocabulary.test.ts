/**
 * The core vocabulary (electron/core/vocabulary): every kind of sentence Portwarden says
 * about an owner, a conflict, a kill or free result, a service action, a diagnostic, the
 * overall level and who answered a probe. The CLI, the tray, notifications and the
 * dashboard all print these, so each is pinned here once.
 */
import { describe, expect, it } from 'vitest';
import { describeConflict, conflictTitle } from '../../../electron/core/vocabulary/conflicts.ts';
import type { PortWords } from '../../../electron/core/vocabulary/conflicts.ts';
import { diagnosticWords as W } from '../../../electron/core/vocabulary/diagnostics.ts';
import { describeAnswer, wrongAnswerer } from '../../../electron/core/vocabulary/health.ts';
import {
  describeFreeResult,
  describeKillAction,
  describeKillResult,
  KILL_RESULT_WORDS,
  oneLine,
} from '../../../electron/core/vocabulary/kill.ts';
import { overallSummary, overallText } from '../../../electron/core/vocabulary/overall.ts';
import {
  expectedOwner,
  familyLabel,
  families,
  holdsSentence,
  invisibleOwner,
  invisibleOwnerHint,
  mismatchWords,
  processLabel,
} from '../../../electron/core/vocabulary/owners.ts';
import { describeServiceAction, serviceActionMessage } from '../../../electron/core/vocabulary/services.ts';
import { formatDuration, formatElapsed, formatStartedAgo } from '../../../electron/core/vocabulary/time.ts';

const NOW = 1_700_000_000_000;
const l = (pid: number | null, name: string | null, address = '0.0.0.0', extra: { partyPid?: number | null; startedAt?: number } = {}) => ({
  pid,
  name,
  address,
  partyPid: extra.partyPid ?? pid,
  startedAt: extra.startedAt ?? NOW - 3 * 3_600_000,
});

describe('owners', () => {
  it('names a process, with its age when asked', () => {
    expect(processLabel({ pid: 4121, name: 'python3' })).toBe('python3 (pid 4121)');
    expect(processLabel({ pid: 4121, name: 'python3', startedAt: NOW - 3 * 3_600_000 }, { now: NOW })).toBe(
      'python3 (pid 4121, started 3 h ago)',
    );
    expect(processLabel({ pid: 9, name: null })).toBe('unknown (pid 9)');
  });

  it('an invisible owner: another user\'s without root, another pid namespace as root (never "run as root" to root)', () => {
    expect(invisibleOwner(false)).toBe('a process not visible to this user (another user’s; run as root to see it)');
    expect(invisibleOwner(true)).toBe('a process in another pid namespace (not visible even to root: a container?)');
    expect(invisibleOwnerHint(true)).not.toMatch(/run as root/);
    expect(invisibleOwnerHint(false)).toMatch(/run as root/);
  });

  it('groups a parent and its children sharing a socket as one family, named once', () => {
    const rows = [l(10, 'uvicorn'), l(11, 'uvicorn', '0.0.0.0', { partyPid: 10 }), l(12, 'node', '127.0.0.1')];
    expect(families(rows).map((f) => f.map((r) => r.pid))).toEqual([[10, 11], [12]]);
    expect(familyLabel(families(rows)[0]!)).toBe('uvicorn (pid 10) with its child (pid 11)');
    expect(familyLabel([l(5, 'node'), l(6, 'node', '::', { partyPid: 5 }), l(7, 'node', '::', { partyPid: 5 })])).toBe(
      'node (pid 5) with 2 children (pids 6, 7)',
    );
    expect(familyLabel([l(5, 'npm'), l(6, 'node', '::', { partyPid: 5 })])).toBe('npm (pid 5) with its child node (pid 6)');
    expect(holdsSentence(rows, 8000)).toBe('uvicorn (pid 10) with its child (pid 11) and node (pid 12) hold 8000');
    expect(holdsSentence([l(null, null)], 8000)).toBe(
      'a process not visible to this user (another user’s; run as root to see it) holds 8000',
    );
  });

  it('says what an owner matcher expects and how a process differs', () => {
    expect(expectedOwner({ command: 'uvicorn main:app', user: 'www', cwd: '/srv/api', unit: 'api.service' })).toBe(
      'uvicorn main:app as www in /srv/api (unit api.service)',
    );
    expect(mismatchWords({ field: 'command', expected: 'x', actual: 'python3 app.py' })).toBe('its command is “python3 app.py”');
    expect(mismatchWords({ field: 'user', expected: 'www', actual: 'root' })).toBe('it runs as root');
    expect(mismatchWords({ field: 'cwd', expected: '/srv', actual: '/tmp' })).toBe('it runs in /tmp');
    expect(mismatchWords({ field: 'unit', expected: 'api.service', actual: '' })).toBe('it is in no systemd unit');
    expect(mismatchWords({ field: 'unit', expected: 'api.service', actual: 'other.service' })).toBe('it is in unit other.service');
    expect(mismatchWords({ field: 'cwd', expected: '/srv', actual: null })).toBe('its cwd is not visible to this user');
  });
});

describe('conflicts', () => {
  const port = (over: Partial<PortWords> = {}): PortWords => ({
    port: 8000,
    name: 'api',
    service: 'api',
    listeners: [l(4121, 'python3')],
    ...over,
  });

  it('foreign-owner against a service, with the health answer, and against an owner matcher', () => {
    expect(describeConflict({ kind: 'foreign-owner', pids: [4121] }, port())).toBe(
      'python3 (pid 4121) holds 8000, which belongs to service api',
    );
    expect(
      describeConflict({ kind: 'foreign-owner', pids: [4121] }, port({ health: { answeredBy: { pid: 4121, expected: false } } })),
    ).toBe('python3 (pid 4121) holds 8000, which belongs to service api; it answers the health check');
    expect(describeConflict({ kind: 'foreign-owner', pids: [4121] }, port(), { now: NOW })).toBe(
      'python3 (pid 4121, started 3 h ago) holds 8000, which belongs to service api',
    );
    const owned = port({ service: null, owner: { command: 'uvicorn main:app', user: 'www' } });
    expect(
      describeConflict(
        {
          kind: 'foreign-owner',
          pids: [4121],
          mismatch: [
            { field: 'command', expected: 'uvicorn main:app', actual: 'python3 -m uvicorn app:app' },
            { field: 'user', expected: 'www', actual: 'root' },
          ],
        },
        owned,
      ),
    ).toBe(
      'python3 (pid 4121) holds 8000; expected uvicorn main:app as www: its command is “python3 -m uvicorn app:app” and it runs as root',
    );
  });

  it('multiple-listeners counts parties and names each child with its parent (the card and the detail agree)', () => {
    const p = port({
      service: null,
      listeners: [l(10, 'uvicorn'), l(11, 'uvicorn', '0.0.0.0', { partyPid: 10 }), l(12, 'python3', '127.0.0.1')],
    });
    expect(describeConflict({ kind: 'multiple-listeners', pids: [10, 11, 12] }, p)).toBe(
      '2 separate processes listen on 8000: uvicorn (pid 10) with its child (pid 11) on 0.0.0.0, python3 (pid 12) on 127.0.0.1; a request may reach any of them',
    );
  });

  it('localhost-shadowed lists who is on which address', () => {
    const p = port({ service: null, listeners: [l(10, 'node', '127.0.0.1'), l(11, 'python3', '::1')] });
    expect(describeConflict({ kind: 'localhost-shadowed', pids: [10, 11] }, p)).toBe(
      '“localhost:8000” may reach a different process depending on IPv4 or IPv6: 127.0.0.1 → node (pid 10); [::1] → python3 (pid 11)',
    );
  });

  it('bind-loop: a service that stopped, one that still runs, a log file', () => {
    expect(describeConflict({ kind: 'bind-loop', pids: [4121], source: 'service-exited' }, port())).toBe(
      'service api stopped: "address already in use" — python3 (pid 4121) holds 8000',
    );
    expect(describeConflict({ kind: 'bind-loop', pids: [4121], source: 'service-running' }, port())).toBe(
      'service api cannot bind: "address already in use" — python3 (pid 4121) holds 8000',
    );
    const logged = port({ service: null, owner: { unit: 'api.service' }, logFile: '/var/log/api.log' });
    expect(describeConflict({ kind: 'bind-loop', pids: [4121], source: 'log' }, logged)).toBe(
      '/var/log/api.log says “address already in use”: python3 (pid 4121) holds 8000; a process (unit api.service) cannot bind it',
    );
  });

  it('notification titles per kind', () => {
    expect(conflictTitle('foreign-owner', 8000, 'api')).toBe('Port 8000 (api) taken by another process');
    expect(conflictTitle('bind-loop', 8000, null)).toBe('Port 8000 cannot be bound by its owner');
  });
});

describe('kill and free results', () => {
  it('one line per pid for every result', () => {
    for (const result of Object.keys(KILL_RESULT_WORDS) as (keyof typeof KILL_RESULT_WORDS)[]) {
      expect(describeKillAction({ pid: 7, name: 'x', signals: [], result })).toBe(`x (pid 7): nothing sent → ${KILL_RESULT_WORDS[result]}`);
    }
    expect(describeKillAction({ pid: 7, name: 'x', signals: ['SIGTERM', 'SIGKILL'], result: 'exited' })).toBe(
      'x (pid 7): sent SIGTERM, SIGKILL → exited',
    );
    expect(describeKillAction({ pid: null, name: null, signals: [], result: 'owner-unknown', reason: 'listener on 0.0.0.0: x' })).toBe(
      'unknown owner: nothing sent → owner not visible to this user (listener on 0.0.0.0: x)',
    );
    expect(describeKillResult({ pid: 7, name: 'x', signals: ['SIGTERM'], result: 'exited' }).headline).toBe('Stopped x (pid 7).');
    const reused = describeKillResult({
      pid: 7,
      name: 'x',
      signals: [],
      result: 'identity-changed',
      reason: 'pid 7 was reused: … (now: vim)',
    });
    expect(reused).toMatchObject({
      ok: false,
      headline: 'x (pid 7) was not stopped: not signalled: the pid now belongs to a different process (pid 7 was reused: … (now: vim)).',
    });
  });

  it('free: free, still in use, nothing there, refused', () => {
    const done = { pid: 1, name: 'a', signals: ['SIGTERM'], result: 'exited' as const };
    expect(describeFreeResult({ port: 8000, free: true, elapsedMs: 412, refused: false, actions: [done] }).headline).toBe(
      'Port 8000 is free (took 412 ms).',
    );
    expect(describeFreeResult({ port: 8000, free: true, elapsedMs: 5, refused: false, actions: [] }).lines).toEqual([
      'Nothing was listening; no signal sent.',
    ]);
    expect(describeFreeResult({ port: 8000, free: false, elapsedMs: 5, refused: true, actions: [] }).headline).toBe(
      'Port 8000 is still in use: some holders were not stopped.',
    );
  });

  it('free: taken again by a surviving parent, named with its command — or by someone unrelated', () => {
    const back = {
      afterMs: 412,
      listeners: [l(4130, 'python3')],
      parent: { pid: 4100, name: 'sh', command: 'sh -c while true; do python3 app.py; done' },
    };
    const r = describeFreeResult({ port: 8000, free: false, elapsedMs: 600, refused: false, actions: [], respawned: back });
    expect(r).toMatchObject({
      ok: false,
      headline:
        'Port 8000 was freed, then taken again 412 ms later: python3 (pid 4130) holds 8000, started again by sh (pid 4100: sh -c while true; do python3 app.py; done). Stop that parent to free the port.',
    });
    expect(
      describeFreeResult({ port: 8000, free: false, elapsedMs: 600, refused: false, actions: [], respawned: { ...back, parent: null } })
        .headline,
    ).toBe('Port 8000 was freed, then taken again 412 ms later: python3 (pid 4130) holds 8000.');
  });

  it('free: the owner changed before the click — nothing stopped, the new owner named', () => {
    const r = describeFreeResult({ port: 8000, free: false, elapsedMs: 3, refused: false, actions: [], ownerChanged: [l(4200, 'node')] });
    expect(r).toEqual({
      ok: false,
      headline: 'Nothing was stopped: the owner of port 8000 changed since it was shown.',
      lines: ['Now node (pid 4200) holds 8000.'],
    });
    expect(oneLine(r)).toBe('Nothing was stopped: the owner of port 8000 changed since it was shown. Now node (pid 4200) holds 8000.');
  });
});

describe('service actions', () => {
  const base = {
    action: 'start' as const,
    service: { id: 'api', pid: 5123, port: 8000 },
    waitedMs: 340,
    exit: null,
    logTail: [],
    holders: [],
  };
  it('every outcome', () => {
    expect(describeServiceAction({ ...base, outcome: 'listening' }).headline).toBe(
      'Started api: listening on 8000 (pid 5123, after 340 ms).',
    );
    expect(describeServiceAction({ ...base, service: { ...base.service, port: null }, outcome: 'running', waitedMs: 1000 }).headline).toBe(
      'Started api: running (pid 5123, still up after 1 s).',
    );
    expect(describeServiceAction({ ...base, action: 'stop', outcome: 'stopped' }).headline).toBe('Stopped api.');
    expect(describeServiceAction({ ...base, outcome: 'exited', exit: { code: null, signal: 'SIGKILL' } }).headline).toBe(
      'api did not start: it was killed by SIGKILL after 340 ms.',
    );
    expect(describeServiceAction({ ...base, outcome: 'blocked' }).headline).toBe('api did not start: port 8000 is in use.');
    expect(describeServiceAction({ ...base, action: 'free-and-start', outcome: 'listening' }).headline).toBe(
      'Freed the port and started api: listening on 8000 (pid 5123, after 340 ms).',
    );
    expect(
      serviceActionMessage({
        ...base,
        outcome: 'exited',
        exit: { code: 1, signal: null },
        logTail: [{ text: 'boom' }],
        holders: [l(9, 'node')],
      }),
    ).toBe('api did not start: it exited with code 1 after 340 ms. node (pid 9) holds 8000.');
  });
});

describe('overall level', () => {
  it('a word per level', () => {
    const c = { conflictPorts: 2, degradedPorts: 1, watchedPorts: 4, critical: 3 };
    expect(overallText({ ...c, level: 'conflict' })).toBe('2 ports in conflict');
    expect(overallText({ ...c, level: 'critical' })).toBe('3 critical problems');
    expect(overallText({ ...c, level: 'degraded' })).toBe('1 port down or unhealthy');
    expect(overallText({ ...c, level: 'ok' })).toBe('All watched ports OK');
    expect(overallText({ ...c, level: 'ok', watchedPorts: 0 })).toBe('No ports watched');
    expect(overallSummary({ ...c, level: 'paused' })).toBe('Portwarden — Monitoring paused');
  });
});

describe('health answers', () => {
  it('"not the managed service" only where the port names an owner', () => {
    const a = { pid: 4121, name: 'python3', expected: null, sharedBy: 1 };
    expect(describeAnswer(a, { service: null })).toBe('python3 (pid 4121)');
    expect(describeAnswer({ ...a, expected: false }, { service: 'api' })).toBe('python3 (pid 4121) — not service api');
    expect(describeAnswer({ ...a, expected: false, sharedBy: 2 }, { service: null, owner: { command: 'uvicorn' } })).toBe(
      'one of 2 processes listening on that address, among them python3 (pid 4121) — not the expected owner (uvicorn)',
    );
    expect(wrongAnswerer({ ...a, expected: false }, { service: 'api' })).toBe('answered by python3 (pid 4121), which is not service api');
  });
});

describe('diagnostics', () => {
  it('config present, missing, command paths, invisible owners', () => {
    expect(W.configValid('/p/portwarden.json')).toBe('config /p/portwarden.json is valid');
    expect(W.configMissing('/p/portwarden.json')).toBe('no config file (/p/portwarden.json does not exist); using defaults');
    expect(W.notOnPath('service s', 'nope')).toBe('service s: nope not found on PATH');
    expect(W.pathMissing('service s', './not-here.sh', '/p/not-here.sh')).toBe('service s: ./not-here.sh does not exist (/p/not-here.sh)');
    expect(W.pathNotExecutable('service s', './run.sh', '/p/run.sh')).toBe('service s: ./run.sh is not an executable file (/p/run.sh)');
    expect(W.heldByInvisible(2024, true)).toBe(
      'port 2024 is in use by a process in another pid namespace (not visible even to root: a container?)',
    );
    expect(
      W.serviceBlocked(
        8000,
        'service api',
        [
          { pid: 1, name: 'a' },
          { pid: 1, name: 'a' },
          { pid: 2, name: 'b' },
        ],
        false,
      ),
    ).toBe('port 8000 is held by a (pid 1) and b (pid 2), so service api cannot bind it');
    expect(W.ownerForeign(8000, { command: 'uvicorn' }, [{ pid: 1, name: 'a' }], false)).toBe(
      'port 8000 is held by a (pid 1), not by its expected owner (uvicorn)',
    );
  });
});

describe('time', () => {
  it('durations and ages', () => {
    expect(formatDuration(59_000)).toBe('59 s');
    expect(formatElapsed(412)).toBe('412 ms');
    expect(formatElapsed(2500)).toBe('2 s');
    expect(formatStartedAgo(null, NOW)).toBe('start time unknown');
    expect(formatStartedAgo(NOW - 500, NOW)).toBe('started just now');
  });
});
