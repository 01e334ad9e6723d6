/**
 * The Linux reader's own logic (exact port filter, fallback, user names, owners confirmed
 * by /proc) on recorded ss and /proc/net output. procRoot is a temp folder: /proc/PID/fd/FD
 * links are staged there for the owners a test wants confirmed, so recorded pids that
 * exist nowhere else are owners only where a link says so. No /proc/PID/stat is staged, so
 * owner names are unknown (null): names never come from ss.
 */
import { mkdtempSync, mkdirSync, copyFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLinuxSnapshotReader } from '../../../electron/core/ports/linux.ts';
import type { CommandRunner } from '../../../electron/core/platform/run-command.ts';
import { createUserNames } from '../../../electron/core/processes/linux-users.ts';
import { UNKNOWN_OWNER_DETAILS } from '../../support/records.ts';

const fixturePath = (name: string) => new URL(`../../fixtures/ports/linux/${name}`, import.meta.url).pathname;
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');

const procRoot = mkdtempSync(join(tmpdir(), 'pw-proc-'));
mkdirSync(join(procRoot, 'net'));
copyFileSync(fixturePath('proc-net-tcp.txt'), join(procRoot, 'net', 'tcp'));
copyFileSync(fixturePath('proc-net-tcp6.txt'), join(procRoot, 'net', 'tcp6'));
afterAll(() => rmSync(procRoot, { recursive: true, force: true }));

/** Stage /proc/PID/fd/FD → socket:[INODE] under procRoot. */
function holds(pid: number, fd: number, inode: number): void {
  mkdirSync(join(procRoot, String(pid), 'fd'), { recursive: true });
  symlinkSync(`socket:[${inode}]`, join(procRoot, String(pid), 'fd', String(fd)));
}
// ss-ltnpHe-edge.txt: 41010 is held by 14830 and 14783 (listen then fork); 8080 by 2001 ("my (odd) app").
holds(14830, 3, 90001);
holds(14783, 3, 90001);
holds(2001, 7, 90006);
// ss-ltnpHe-hostile.txt: the four renamed listeners; pid 1's fd 3 is some other socket.
for (const [pid, inode] of [
  [9965, 663029],
  [9966, 662190],
  [9967, 663030],
  [9969, 662191],
] as const)
  holds(pid, 3, inode);
holds(1, 3, 12345);

/** Replays recorded ss output by flags (ignoring the filter, as a worst case). */
function recorded(byFlags: Record<string, string>) {
  const calls: string[][] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push([file, ...args]);
    const text = byFlags[args[0]!];
    if (text === undefined) throw new Error(`not recorded: ${args[0]}`);
    return { stdout: text, stderr: '' };
  };
  return { run, calls };
}
const edge = () => recorded({ '-ltnHe': fixture('ss-ltnHe-edge.txt'), '-ltnpHe': fixture('ss-ltnpHe-edge.txt') });
const hostile = () => recorded({ '-ltnHe': fixture('ss-ltnHe-hostile.txt'), '-ltnpHe': fixture('ss-ltnpHe-hostile.txt') });

const users = createUserNames({ passwdPath: fixturePath('passwd.txt') });

describe('Linux reader on recorded output', () => {
  it('matches ports exactly: 80 is not 8080', async () => {
    const { run, calls } = edge();
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    const { listeners } = await reader.read({ ports: [80] });
    expect(listeners).toEqual([
      {
        port: 80,
        address: '127.0.0.1',
        family: 'IPv4',
        pid: null,
        name: null,
        command: null,
        user: 'www-data',
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      },
    ]);
    // A cold read runs ss -p (claims) beside the name-free listing (rows).
    expect(calls).toEqual([
      ['ss', '-ltnpHe', 'sport = :80'],
      ['ss', '-ltnHe', 'sport = :80'],
    ]);
  });

  it('keeps every row of a port, sorted IPv4 first, owners confirmed by /proc, users from the socket uid', async () => {
    const { run } = edge();
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    const { listeners } = await reader.read({ ports: [8080, 41010] });
    expect(listeners).toEqual([
      {
        port: 8080,
        address: '127.0.0.1',
        family: 'IPv4',
        pid: 2001,
        name: null,
        command: null,
        user: 'dev',
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      },
      {
        port: 8080,
        address: '::',
        family: 'IPv6',
        pid: null,
        name: null,
        command: null,
        user: 'dev',
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      },
      {
        port: 41010,
        address: '0.0.0.0',
        family: 'IPv4',
        pid: 14783,
        name: null,
        command: null,
        user: 'root',
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      },
      {
        port: 41010,
        address: '0.0.0.0',
        family: 'IPv4',
        pid: 14830,
        name: null,
        command: null,
        user: 'root',
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      },
    ]);
  });

  it('answers an empty port list without running anything, and rejects invalid ports', async () => {
    const { run, calls } = edge();
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
      {
        port: 2024,
        address: '0.0.0.0',
        family: 'IPv4',
        pid: null,
        name: null,
        command: null,
        user: 'root',
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      },
      {
        port: 40525,
        address: '127.0.0.1',
        family: 'IPv4',
        pid: null,
        name: null,
        command: null,
        user: 'root',
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      },
      {
        port: 40525,
        address: '::1',
        family: 'IPv6',
        pid: null,
        name: null,
        command: null,
        user: 'root',
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      },
    ]);
    await reader.read({ ports: [40525] });
    expect(calls).toBe(2); // the first read's two ss calls, run side by side; none after
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
    expect(calls).toBe(3); // cold read: listing + ss -p side by side; then the listing again
    expect(reader.stats().ssMissing).toBe(false);
  });
});

describe('Linux reader owner cache settings', () => {
  it('with ownerCacheMs 0 resolves owners on every read: ss -p for claims beside the name-free listing', async () => {
    const { run, calls } = edge();
    const reader = createLinuxSnapshotReader({ run, procRoot, users, ownerCacheMs: 0 });
    await reader.read({ ports: [8080] });
    await reader.read({ ports: [8080] });
    expect(calls.map((c) => c[1])).toEqual(['-ltnpHe', '-ltnHe', '-ltnpHe', '-ltnHe']);
  });

  it('without owners runs only the cheap listing', async () => {
    const { run, calls } = edge();
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    const { listeners } = await reader.read({ ports: [41010], owners: false });
    expect(calls.map((c) => c[1])).toEqual(['-ltnHe']);
    expect(listeners).toEqual([
      {
        port: 41010,
        address: '0.0.0.0',
        family: 'IPv4',
        pid: null,
        name: null,
        command: null,
        user: 'root',
        ppid: null,
        ...UNKNOWN_OWNER_DETAILS,
      },
    ]);
  });
});

describe('Linux reader on listeners with hostile names (recorded)', () => {
  it('names cannot hide an owner, forge a row, or point at another pid', async () => {
    const { run } = hostile();
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    const { listeners } = await reader.read();
    expect(listeners.map((l) => [l.port, l.pid])).toEqual([
      [34995, 9966], // bad\
      [37189, 9967], // "x\n0 0 *:1 *": its row, and no fake row on port 1
      [42573, 9969], // ",pid=1,fd=3))": its own pid, never pid 1
      [46859, 9965], // ev"il
    ]);
    expect(listeners.every((l) => l.name === null)).toBe(true); // names come from /proc/PID/comm only
  });

  it('a socket that closed between the listing and ss -p is dropped, not shown as "owner not visible"', async () => {
    const p = fixture('ss-ltnpHe-hostile.txt')
      .split('\n')
      .filter((l) => !l.includes('46859'))
      .join('\n');
    const { run } = recorded({ '-ltnHe': fixture('ss-ltnHe-hostile.txt'), '-ltnpHe': p });
    const reader = createLinuxSnapshotReader({ run, procRoot, users });
    expect((await reader.read()).listeners.map((l) => l.port)).not.toContain(46859);
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
