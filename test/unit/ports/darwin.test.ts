import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDarwinSnapshotReader, mergeDarwin, parseLsofListeners, parseNetstatAnv } from '../../../electron/core/ports/darwin.ts';
import type { CommandRunner } from '../../../electron/core/platform/run-command.ts';
import { createDarwinProcessTable, lsofCwdArgs, parseLsofCwd } from '../../../electron/core/processes/darwin.ts';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

describe('parseLsofListeners', () => {
  it('reads pid, command, login and every socket of a process, with the type line for the family', () => {
    const rows = parseLsofListeners(fixture('ports/darwin/lsof-pcLnt.txt'));
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({
      pid: 4242,
      command: 'node',
      login: 'dev',
      address: '127.0.0.1',
      port: 3000,
      family: 'IPv4',
      familyKnown: true,
    });
    expect(rows[1]).toMatchObject({ pid: 4243, address: '::1', port: 3000, family: 'IPv6' });
    expect(rows[2]).toMatchObject({ pid: 22341, address: '::', port: 8809, family: 'IPv6' });
    expect(rows.filter((r) => r.pid === 777).map((r) => [r.address, r.port, r.family])).toEqual([
      ['0.0.0.0', 8080, 'IPv4'],
      ['0.0.0.0', 8080, 'IPv4'],
      ['127.0.0.1', 9229, 'IPv4'],
    ]);
    expect(rows.find((r) => r.pid === 777)?.command).toBe('Code Helper');
  });

  it('ignores the f lines of older lsof and skips connections', () => {
    const rows = parseLsofListeners(fixture('ports/darwin/lsof-pcLn-old.txt'));
    expect(rows.map((r) => [r.pid, r.address, r.port, r.family, r.familyKnown])).toEqual([
      [4242, '127.0.0.1', 3000, 'IPv4', false],
      [4243, '::1', 3000, 'IPv6', false],
      [22341, '0.0.0.0', 8809, 'IPv4', false],
    ]);
  });

  it('ignores unknown field letters wherever they appear', () => {
    expect(parseLsofListeners('p10\ng10\nR1\ncsrv\nu501\nLdev\nf5\nax\nl \ntIPv4\nPTCP\nn*:5000\nTST=LISTEN\n')).toEqual([
      { pid: 10, command: 'srv', login: 'dev', address: '0.0.0.0', port: 5000, family: 'IPv4', familyKnown: true },
    ]);
  });
});

describe('parseNetstatAnv', () => {
  const expected = [
    { address: '::', port: 8809, family: 'IPv6', pid: 22341 },
    { address: '127.0.0.1', port: 3000, family: 'IPv4', pid: 4242 },
    { address: '::1', port: 3000, family: 'IPv6', pid: 4243 },
  ];

  it('finds the pid column by header on Sonoma', () => {
    const rows = parseNetstatAnv(fixture('ports/darwin/netstat-anv-sonoma.txt'));
    expect(rows.slice(0, 3)).toEqual(expected.map((r) => ({ ...r, name: null })));
    expect(rows.slice(3)).toEqual([
      { address: '0.0.0.0', port: 80, family: 'IPv4', pid: 501, name: null },
      { address: '0.0.0.0', port: 8080, family: 'IPv4', pid: 777, name: null },
      { address: 'fe80::1', port: 5000, family: 'IPv6', pid: 888, name: null },
    ]);
  });

  it('finds the pid column by header on Sequoia (rxbytes/txbytes before it)', () => {
    expect(parseNetstatAnv(fixture('ports/darwin/netstat-anv-sequoia.txt'))).toEqual(expected.map((r) => ({ ...r, name: null })));
  });

  it('reads Tahoe process:pid, names with spaces and colons, taking the last :<digits>', () => {
    expect(parseNetstatAnv(fixture('ports/darwin/netstat-anv-tahoe.txt'))).toEqual([
      { address: '127.0.0.1', port: 49472, family: 'IPv4', pid: 22712, name: 'Autodesk Fusion' },
      { address: '::', port: 8809, family: 'IPv6', pid: 22341, name: 'python3.11' },
      { address: '127.0.0.1', port: 3000, family: 'IPv4', pid: 4242, name: 'node' },
      { address: '::1', port: 3000, family: 'IPv6', pid: 4243, name: 'node' },
      { address: '0.0.0.0', port: 7000, family: 'IPv4', pid: 611, name: 'Control 2:30 Centre' },
    ]);
  });

  it('reads a Tahoe row with fewer trailing columns by the first name:digits token', () => {
    const text =
      'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)          rxbytes      txbytes  rhiwat  shiwat          process:pid    state  options\n' +
      'tcp4       0      0  *.7001                 *.*                    LISTEN                 0            0  131072  131072  My App:700\n';
    expect(parseNetstatAnv(text)).toEqual([{ address: '0.0.0.0', port: 7001, family: 'IPv4', pid: 700, name: 'My App' }]);
  });
});

describe('mergeDarwin', () => {
  it("uses every lsof owner of a socket and netstat's pid where lsof saw none", () => {
    const merged = mergeDarwin(
      parseNetstatAnv(fixture('ports/darwin/netstat-anv-sonoma.txt')),
      parseLsofListeners(fixture('ports/darwin/lsof-pcLnt.txt')),
    );
    const pidsOf = (port: number, address: string) => merged.find((s) => s.port === port && s.address === address)?.pids;
    expect(pidsOf(8809, '::')).toEqual([22341, 22342]); // shared after fork: netstat shows one
    expect(pidsOf(80, '0.0.0.0')).toEqual([501]); // another user's socket: only netstat sees it
    expect(pidsOf(8080, '0.0.0.0')).toEqual([777]);
    expect(pidsOf(3000, '::1')).toEqual([4243]);
    expect(pidsOf(9229, '127.0.0.1')).toEqual([777]); // only lsof saw it
  });
});

/** Replays recorded outputs by program name. */
function recorded(outputs: Record<string, string>) {
  const calls: string[] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push([file, ...args].join(' '));
    const key =
      file === 'ps' ? (args.includes('-ww') ? 'ps-args' : 'ps-stat') : file === 'lsof' && args.includes('cwd') ? 'lsof-cwd' : file;
    if (!(key in outputs)) throw Object.assign(new Error(`${file}: not recorded`), { code: 'ENOENT' });
    return { stdout: outputs[key], stderr: '' };
  };
  return { run, calls };
}

describe('darwin snapshot reader on recorded output', () => {
  const outputs = {
    netstat: fixture('ports/darwin/netstat-anv-sonoma.txt'),
    lsof: fixture('ports/darwin/lsof-pcLnt.txt'),
    'ps-stat': fixture('processes/darwin/ps-stat.txt'),
    'ps-args': fixture('processes/darwin/ps-args.txt'),
    'lsof-cwd': fixture('processes/darwin/lsof-cwd.txt'),
  };
  // ps prints lstart in local time; the reader reads it the same way.
  const at = (lstart: string) => Date.parse(lstart);
  const none = { project: null, behind: null, orphanedSocket: null };

  it('returns one record per owner with ps details, for exactly the requested ports', async () => {
    const { run, calls } = recorded(outputs);
    const reader = createDarwinSnapshotReader({ run, processTable: createDarwinProcessTable({ run }) });
    const { listeners } = await reader.read({ ports: [3000, 80] });
    expect(listeners).toEqual([
      {
        port: 80,
        address: '0.0.0.0',
        family: 'IPv4',
        pid: 501,
        name: 'httpd',
        command: '/usr/sbin/httpd -D FOREGROUND',
        user: '_www',
        ppid: 1,
        startedAt: at('Sun Nov 22 09:00:05 2026'),
        cwd: '/',
        ...none,
      },
      {
        port: 3000,
        address: '127.0.0.1',
        family: 'IPv4',
        pid: 4242,
        name: 'node',
        command: 'node /Users/dev/app/server.js --port 3000',
        user: 'dev',
        ppid: 900,
        startedAt: at('Sun Nov 22 13:48:02 2026'),
        cwd: '/Users/dev/app',
        ...none,
      },
      {
        port: 3000,
        address: '::1',
        family: 'IPv6',
        pid: 4243,
        name: 'node',
        command: 'node /Users/dev/app/worker.js',
        user: 'dev',
        ppid: 4242,
        startedAt: at('Mon Nov  2 08:05:09 2026'),
        cwd: '/Users/dev/app/worker dir',
        ...none,
      },
    ]);
    // The working directories come in the same batch as the owners' details: one lsof call.
    expect(calls.filter((c) => c.startsWith('lsof -w'))).toEqual(['lsof -w -a -d cwd -p 501,4242,4243 -Fn']);
    expect(calls).toContain('netstat -anv -p tcp');
    expect(calls).toContain('lsof -nP -iTCP -sTCP:LISTEN -F pcLnt');
    expect(calls.filter((c) => c.startsWith('ps'))).toEqual([
      'ps -p 501,4242,4243 -o pid=,ppid=,pgid=,user=,lstart=,comm=',
      'ps -p 501,4242,4243 -ww -o pid=,args=',
    ]);
  });

  it('keeps lsof names when ps no longer knows the pid, and port 80 never matches 8080', async () => {
    const { run } = recorded(outputs);
    const reader = createDarwinSnapshotReader({ run });
    const { listeners } = await reader.read({ ports: [8809] });
    expect(listeners.map((r) => [r.pid, r.name, r.user, r.command])).toEqual([
      [22341, 'Autodesk Fusion', 'dev', '/Applications/Autodesk Fusion.app/Contents/MacOS/Autodesk Fusion'],
      [22342, 'python3.11', 'dev', null],
    ]);
    expect((await reader.read({ ports: [80] })).listeners.map((r) => r.port)).toEqual([80]);
  });

  it('without owners runs only netstat and reports every socket with pid null', async () => {
    const { run, calls } = recorded(outputs);
    const { listeners } = await createDarwinSnapshotReader({ run }).read({ ports: [3000], owners: false });
    expect(listeners.map((r) => [r.address, r.pid])).toEqual([
      ['127.0.0.1', null],
      ['::1', null],
    ]);
    expect(calls).toEqual(['netstat -anv -p tcp']);
  });

  it('treats lsof exit status 1 (nothing found) as no owners, not a failure', async () => {
    const run: CommandRunner = async (file) => {
      if (file === 'lsof') throw Object.assign(new Error('exit 1'), { code: 1, stdout: '' });
      if (file === 'ps') throw Object.assign(new Error('exit 1'), { code: 1, stdout: '' });
      return { stdout: outputs.netstat, stderr: '' };
    };
    const { listeners } = await createDarwinSnapshotReader({ run }).read({ ports: [8080] });
    expect(listeners).toEqual([
      {
        port: 8080,
        address: '0.0.0.0',
        family: 'IPv4',
        pid: 777,
        name: null,
        command: null,
        user: null,
        ppid: null,
        startedAt: null,
        cwd: null,
        ...none,
      },
    ]);
  });
});

describe('darwin snapshot reader when a source fails', () => {
  const outputs = { netstat: fixture('ports/darwin/netstat-anv-sonoma.txt'), lsof: fixture('ports/darwin/lsof-pcLnt.txt') };

  it('answers from lsof alone when netstat fails, and from netstat alone when lsof fails', async () => {
    const noNetstat = recorded({ lsof: outputs.lsof }).run;
    expect((await createDarwinSnapshotReader({ run: noNetstat }).read({ ports: [3000] })).listeners.map((r) => r.pid)).toEqual([
      4242, 4243,
    ]);
    const noLsof = recorded({ netstat: outputs.netstat }).run;
    expect((await createDarwinSnapshotReader({ run: noLsof }).read({ ports: [8809] })).listeners.map((r) => r.pid)).toEqual([22341]);
  });

  it('rejects when neither source answers, instead of reporting every port free', async () => {
    await expect(createDarwinSnapshotReader({ run: recorded({}).run }).read({ ports: [3000] })).rejects.toThrow('not recorded');
  });
});

describe('lsof working directories (lsof -a -d cwd -p … -Fn)', () => {
  it('builds one call for every pid, AND-ed to the cwd descriptor', () => {
    expect(lsofCwdArgs([501, 4242])).toEqual(['-w', '-a', '-d', 'cwd', '-p', '501,4242', '-Fn']);
  });
  it('reads p/n pairs, ignores the f lines older lsof adds, keeps spaces in paths', () => {
    const cwd = parseLsofCwd(fixture('processes/darwin/lsof-cwd.txt'));
    expect([...cwd]).toEqual([
      [501, '/'],
      [4242, '/Users/dev/app'],
      [4243, '/Users/dev/app/worker dir'],
    ]);
  });
  it('reads output without f lines (-F as lsof 4.94+ prints it) and CRLF line ends', () => {
    expect([...parseLsofCwd('p12\r\nn/Users/a b\r\np13\r\nn/tmp\r\n')]).toEqual([
      [12, '/Users/a b'],
      [13, '/tmp'],
    ]);
  });
  it('ignores a name with no process before it and an empty name', () => {
    expect([...parseLsofCwd('n/nowhere\npx\nn/bad\np7\nn\n')]).toEqual([]);
  });
  it('leaves cwd unknown (null) when lsof cannot run, keeping the ps details', async () => {
    const run: CommandRunner = async (file, args) => {
      if (file === 'lsof') throw Object.assign(new Error('spawn lsof ENOENT'), { code: 'ENOENT' });
      return {
        stdout: args.includes('-ww') ? fixture('processes/darwin/ps-args.txt') : fixture('processes/darwin/ps-stat.txt'),
        stderr: '',
      };
    };
    const found = await createDarwinProcessTable({ run }).get(4242);
    expect(found).toMatchObject({ pid: 4242, name: 'node', cwd: null });
  });
});
