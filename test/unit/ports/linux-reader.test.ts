/**
 * The Linux reader's own logic (exact port filter, fallback, user names) on recorded ss and
 * /proc/net output. The pids in the recordings do not exist under the empty procRoot used
 * here, so owners keep the names ss printed.
 */
import { mkdtempSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLinuxSnapshotReader } from '../../../electron/core/ports/linux.ts';
import type { CommandRunner } from '../../../electron/core/ports/run-command.ts';
import { createUserNames } from '../../../electron/core/processes/linux-users.ts';
import { UNKNOWN_OWNER_DETAILS } from '../../support/records.ts';

const fixturePath = (name: string) => new URL(`../../fixtures/ports/linux/${name}`, import.meta.url).pathname;
const edge = readFileSync(fixturePath('ss-ltnpHe-edge.txt'), 'utf8');

const procRoot = mkdtempSync(join(tmpdir(), 'pw-proc-'));
mkdirSync(join(procRoot, 'net'));
copyFileSync(fixturePath('proc-net-tcp.txt'), join(procRoot, 'net', 'tcp'));
copyFileSync(fixturePath('proc-net-tcp6.txt'), join(procRoot, 'net', 'tcp6'));
afterAll(() => rmSync(procRoot, { recursive: true, force: true }));

/** Replays one recorded ss output for every call (ignoring the filter, as a worst case). */
function recorded(text: string) {
  const calls: string[][] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push([file, ...args]);
    return { stdout: text, stderr: '' };
  };
  return { run, calls };
}

const users = createUserNames({ passwdPath: fixturePath('passwd.txt') });

describe('Linux reader on recorded output', () => {
  it('matches ports exactly: 80 is not 8080', async () => {
    const { run, calls } = recorded(edge);
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    const { listeners } = await reader.read({ ports: [80] });
    expect(listeners).toEqual([{ port: 80, address: '127.0.0.1', family: 'IPv4', pid: null, name: null, command: null, user: 'www-data', ppid: null, ...UNKNOWN_OWNER_DETAILS }]);
    expect(calls).toEqual([['ss', '-ltnpHe', 'sport = :80']]);
  });

  it('keeps every row of a port, sorted IPv4 first, with owner names from ss and users from the socket uid', async () => {
    const { run } = recorded(edge);
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    const { listeners } = await reader.read({ ports: [8080, 41010] });
    expect(listeners).toEqual([
      { port: 8080, address: '127.0.0.1', family: 'IPv4', pid: 2001, name: 'my (odd) app', command: null, user: 'dev', ppid: null, ...UNKNOWN_OWNER_DETAILS },
      { port: 8080, address: '::', family: 'IPv6', pid: null, name: null, command: null, user: 'dev', ppid: null, ...UNKNOWN_OWNER_DETAILS },
      { port: 41010, address: '0.0.0.0', family: 'IPv4', pid: 14783, name: 'python3', command: null, user: 'root', ppid: null, ...UNKNOWN_OWNER_DETAILS },
      { port: 41010, address: '0.0.0.0', family: 'IPv4', pid: 14830, name: 'python3', command: null, user: 'root', ppid: null, ...UNKNOWN_OWNER_DETAILS },
    ]);
  });

  it('answers an empty port list without running anything, and rejects invalid ports', async () => {
    const { run, calls } = recorded(edge);
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    expect((await reader.read({ ports: [] })).listeners).toEqual([]);
    expect(calls).toEqual([]);
    await expect(reader.read({ ports: [0] })).rejects.toThrow(RangeError);
    await expect(reader.read({ ports: [70_000] })).rejects.toThrow('invalid port: 70000');
  });

  it('falls back to /proc/net/tcp{,6} when ss is missing, and stops trying ss', async () => {
    let calls = 0;
    const run: CommandRunner = async () => {
      calls++;
      throw Object.assign(new Error('spawn ss ENOENT'), { code: 'ENOENT' });
    };
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    const first = await reader.read({ ports: [40525, 2024] });
    expect(first.listeners).toEqual([
      // No /proc/PID/fd under this procRoot: sockets in use, owners not visible.
      { port: 2024, address: '0.0.0.0', family: 'IPv4', pid: null, name: null, command: null, user: 'root', ppid: null, ...UNKNOWN_OWNER_DETAILS },
      { port: 40525, address: '127.0.0.1', family: 'IPv4', pid: null, name: null, command: null, user: 'root', ppid: null, ...UNKNOWN_OWNER_DETAILS },
      { port: 40525, address: '::1', family: 'IPv6', pid: null, name: null, command: null, user: 'root', ppid: null, ...UNKNOWN_OWNER_DETAILS },
    ]);
    await reader.read({ ports: [40525] });
    expect(calls).toBe(1);
    expect(reader.stats()).toMatchObject({ ssMissing: true, procNetReads: 2 });
  });

  it('uses /proc for one read when ss fails for another reason, and tries ss again next time', async () => {
    let calls = 0;
    const run: CommandRunner = async () => {
      calls++;
      throw Object.assign(new Error('Command failed: ss'), { code: 1 });
    };
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    expect((await reader.read({ ports: [2024] })).listeners).toHaveLength(1);
    await reader.read({ ports: [2024] });
    expect(calls).toBe(2);
    expect(reader.stats().ssMissing).toBe(false);
  });
});

describe('Linux reader owner cache settings', () => {
  it('with ownerCacheMs 0 resolves owners with one ss -p call on every read and no cheap call', async () => {
    const { run, calls } = recorded(edge);
    const reader = createLinuxSnapshotReader({ run, procRoot, users, ownerCacheMs: 0 });
    await reader.read({ ports: [8080] });
    await reader.read({ ports: [8080] });
    expect(calls.map((c) => c[1])).toEqual(['-ltnpHe', '-ltnpHe']);
  });

  it('without owners runs only the cheap listing', async () => {
    const { run, calls } = recorded(edge);
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    const { listeners } = await reader.read({ ports: [41010], owners: false });
    expect(calls.map((c) => c[1])).toEqual(['-ltnHe']);
    expect(listeners).toEqual([{ port: 41010, address: '0.0.0.0', family: 'IPv4', pid: null, name: null, command: null, user: 'root', ppid: null, ...UNKNOWN_OWNER_DETAILS }]);
  });
});

describe('Linux reader with nothing to read', () => {
  it('rejects when neither ss nor /proc/net/tcp answers, instead of reporting every port free', async () => {
    const emptyRoot = mkdtempSync(join(tmpdir(), 'pw-noproc-'));
    try {
      const reader = createLinuxSnapshotReader({ ssPath: null, procRoot: emptyRoot, users });
      await expect(reader.read({ ports: [80] })).rejects.toThrow(/ENOENT/);
    } finally {
      rmSync(emptyRoot, { recursive: true, force: true });
    }
  });
});
