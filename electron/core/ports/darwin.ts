/**
 * macOS snapshot: `netstat -anv -p tcp` lists every listening socket with a pid (also other
 * users' sockets), and `lsof -nP -iTCP -sTCP:LISTEN -F pcLnt` lists every process holding
 * each socket (a socket shared after fork, SO_REUSEPORT groups), but without root only the
 * user's own. The reader merges both: lsof's owners where it has them, netstat's pid where
 * it does not. Owner details come from ps (processes/darwin.ts), one batched call.
 */
import { lookupMany } from '../processes/batch.ts';
import { createDarwinProcessTable } from '../processes/darwin.ts';
import { parseHostPort } from './address.ts';
import { toRecords, type OwnedSocket } from './merge-owners.ts';
import { sortListeners, toPortSet } from './records.ts';
import { DEFAULT_COMMAND_TIMEOUT_MS, execFileRunner, type CommandReaderOptions } from '../platform/run-command.ts';
import type { AddressFamily, PortSnapshot, SnapshotOptions, SnapshotReader } from '../model/ports.ts';

/** One socket line of lsof -F output, with the process fields that preceded it. */
export interface LsofSocket {
  pid: number;
  command: string | null;
  login: string | null;
  address: string;
  port: number;
  family: AddressFamily;
  /** False when lsof printed no `t` (type) field, so a `*` wildcard's family is a guess (IPv4). */
  familyKnown: boolean;
}

/**
 * Parses `lsof -F` output: one field per line, the first character names it. `p` starts a
 * process, `c`/`L` describe it, `f` starts a file, `t` is its type (IPv4/IPv6), `n` its name
 * (`*:3000`, `127.0.0.1:3000`, `[::1]:3000`). Any other letter is ignored: lsof 4.88–4.93.2
 * (macOS ships 4.91) always adds `f` lines even when not asked [lsof-org/lsof#322], and
 * other versions add more. Rows with `->` are connections, not listeners, and are skipped.
 */
export function parseLsofListeners(text: string): LsofSocket[] {
  const sockets: LsofSocket[] = [];
  let pid: number | null = null;
  let command: string | null = null;
  let login: string | null = null;
  let type: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    const value = line.slice(1);
    switch (line[0]) {
      case 'p':
        pid = /^\d+$/.test(value) ? Number(value) : null;
        command = null;
        login = null;
        type = null;
        break;
      case 'c':
        command = value;
        break;
      case 'L':
        login = value;
        break;
      case 'f':
        type = null;
        break;
      case 't':
        type = value;
        break;
      case 'n': {
        if (pid === null || value.includes('->')) break;
        const familyKnown = type === 'IPv4' || type === 'IPv6';
        const local = parseHostPort(value, type === 'IPv6' ? 'IPv6' : 'IPv4');
        if (local) {
          const family: AddressFamily = familyKnown ? (type as AddressFamily) : local.family;
          const address = familyKnown && family === 'IPv6' && local.address === '0.0.0.0' ? '::' : local.address;
          sockets.push({ pid, command, login, address, port: local.port, family, familyKnown });
        }
        type = null;
        break;
      }
      default:
        break;
    }
  }
  return sockets;
}

/** One LISTEN row of `netstat -anv -p tcp`. */
export interface NetstatSocket {
  address: string;
  port: number;
  family: AddressFamily;
  pid: number | null;
  /** Tahoe prints `process:pid`; earlier versions only the pid. */
  name: string | null;
}

/**
 * Parses macOS `netstat -anv -p tcp`. The pid column moved three times, so it is found by
 * its header [sindresorhus/pid-port#12, #14, sebhildebrandt/systeminformation#951]:
 * Sonoma `… (state) rhiwat shiwat pid epid state options`, Sequoia `… (state) rxbytes
 * txbytes rhiwat shiwat pid epid …`, Tahoe `… rhiwat shiwat process:pid state …` where the
 * name may contain spaces (`Autodesk Fusion:22712`): the value runs to the first token that
 * ends in `:<digits>`. Addresses join host and port with a dot (`*.8809`, `::1.3000`); a
 * `tcp46` wildcard is a dual-stack socket, reported as IPv6 `::`.
 */
export function parseNetstatAnv(text: string): NetstatSocket[] {
  const sockets: NetstatSocket[] = [];
  let header: string[] | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('Proto')) {
      header = line.replace('Local Address', 'Local_Address').replace('Foreign Address', 'Foreign_Address').split(/\s+/);
      continue;
    }
    if (header === null || !/^tcp/i.test(line)) continue;
    const tokens = line.split(/\s+/);
    const localIndex = header.indexOf('Local_Address');
    const foreignIndex = header.indexOf('Foreign_Address');
    const stateIndex = header.findIndex((h) => h.toLowerCase() === '(state)');
    if (localIndex < 0 || stateIndex < 0 || tokens[stateIndex] !== 'LISTEN') continue;
    if (foreignIndex >= 0 && tokens[foreignIndex] !== '*.*') continue;
    const local = parseDottedAddress(tokens[localIndex], tokens[0].toLowerCase());
    if (!local) continue;
    let pid: number | null = null;
    let name: string | null = null;
    const processIndex = header.indexOf('process:pid');
    const pidIndex = header.indexOf('pid');
    if (processIndex >= 0) {
      const owner = processColumn(tokens, processIndex, header.length - processIndex - 1);
      if (owner) ({ pid, name } = owner);
    } else if (pidIndex >= 0 && /^\d+$/.test(tokens[pidIndex] ?? '')) {
      pid = Number(tokens[pidIndex]);
    }
    // pid 0 is the kernel's placeholder for "no process" (e.g. sockets of exited processes).
    sockets.push({ ...local, pid: pid === 0 ? null : pid, name });
  }
  return sockets;
}

/**
 * Reads Tahoe's `process:pid` value, which may span several tokens. The columns after it
 * are single tokens, so the value normally ends `trailing` tokens before the end of the row;
 * if that token is not `name:digits` (a row with fewer trailing columns), the value runs to
 * the first token that ends in `:<digits>`. The pid is the last `:<digits>`.
 */
function processColumn(tokens: string[], start: number, trailing: number): { pid: number; name: string | null } | null {
  const ownerOf = (end: number) => {
    const m = /:(\d+)$/.exec(tokens[end] ?? '');
    if (!m || end < start) return null;
    const name = tokens
      .slice(start, end + 1)
      .join(' ')
      .slice(0, -m[0].length);
    return { pid: Number(m[1]), name: name === '' ? null : name };
  };
  const byCount = ownerOf(tokens.length - 1 - trailing);
  if (byCount) return byCount;
  for (let j = start; j < tokens.length; j++) {
    const found = ownerOf(j);
    if (found) return found;
  }
  return null;
}

function parseDottedAddress(text: string, proto: string): { address: string; port: number; family: AddressFamily } | null {
  const dot = text.lastIndexOf('.');
  if (dot <= 0) return null;
  const portText = text.slice(dot + 1);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) return null;
  let host = text.slice(0, dot);
  const scope = host.indexOf('%');
  if (scope >= 0) host = host.slice(0, scope);
  const port = Number(portText);
  if (host === '*') {
    return proto === 'tcp4' ? { address: '0.0.0.0', port, family: 'IPv4' } : { address: '::', port, family: 'IPv6' };
  }
  return host.includes(':') ? { address: host.toLowerCase(), port, family: 'IPv6' } : { address: host, port, family: 'IPv4' };
}

/**
 * Merges netstat's sockets with lsof's owners. Every netstat socket appears; its owners are
 * the lsof pids on the same address, or netstat's own pid when lsof saw none (another user's
 * socket without root). Sockets only lsof saw (opened between the two calls) are added.
 */
export function mergeDarwin(netstat: readonly NetstatSocket[], lsof: readonly LsofSocket[]): OwnedSocket[] {
  const key = (s: { family: string; address: string; port: number }) => `${s.family} ${s.address} ${s.port}`;
  const groups = new Map<string, OwnedSocket & { netstatPids: number[] }>();
  const group = (s: { family: AddressFamily; address: string; port: number }) => {
    let g = groups.get(key(s));
    if (!g) {
      g = { port: s.port, address: s.address, family: s.family, pids: [], netstatPids: [], names: new Map(), users: new Map() };
      groups.set(key(s), g);
    }
    return g;
  };
  for (const s of netstat) {
    const g = group(s);
    if (s.pid !== null && !g.netstatPids.includes(s.pid)) g.netstatPids.push(s.pid);
    if (s.pid !== null && s.name) g.names?.set(s.pid, s.name);
  }
  for (const s of lsof) {
    let target: { family: AddressFamily; address: string; port: number } = s;
    if (!s.familyKnown && s.address === '0.0.0.0') {
      // `*:port` without a type line: attach to whichever wildcard socket netstat saw.
      target = netstat.find((n) => n.port === s.port && (n.address === '0.0.0.0' || n.address === '::')) ?? s;
    }
    const g = group(target);
    if (!g.pids.includes(s.pid)) g.pids.push(s.pid);
    if (s.command) g.names?.set(s.pid, s.command);
    if (s.login) g.users?.set(s.pid, s.login);
  }
  return [...groups.values()].map(({ netstatPids, ...g }) => ({ ...g, pids: g.pids.length > 0 ? g.pids : netstatPids }));
}

export type DarwinSnapshotReaderOptions = CommandReaderOptions;

export function createDarwinSnapshotReader(options: DarwinSnapshotReaderOptions = {}): SnapshotReader {
  const run = options.run ?? execFileRunner;
  const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const processTable = options.processTable ?? createDarwinProcessTable({ run, timeoutMs });
  const now = options.now ?? Date.now;

  /** lsof exits 1 when it found nothing; that is an empty answer. */
  const lsof = async (): Promise<string> => {
    try {
      return (await run('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-F', 'pcLnt'], { timeoutMs })).stdout;
    } catch (error) {
      const e = error as { code?: unknown; stdout?: unknown };
      if (e.code === 1) return typeof e.stdout === 'string' ? e.stdout : '';
      throw error;
    }
  };

  return {
    async read(request: SnapshotOptions = {}): Promise<PortSnapshot> {
      const ports = toPortSet(request.ports);
      const wantOwners = request.owners ?? true;
      const takenAt = now();
      if (ports !== null && ports.size === 0) return { takenAt, listeners: [] };
      const [netstatResult, lsofResult] = await Promise.allSettled([
        run('netstat', ['-anv', '-p', 'tcp'], { timeoutMs }).then((r) => r.stdout),
        wantOwners ? lsof() : Promise.resolve(''),
      ]);
      // Either source alone still lists listeners; only when both fail is there no answer
      // (never an empty list, which would read as "every port is free").
      if (netstatResult.status === 'rejected' && (lsofResult.status === 'rejected' || !wantOwners)) throw netstatResult.reason;
      const netstatText = netstatResult.status === 'fulfilled' ? netstatResult.value : '';
      const lsofText = lsofResult.status === 'fulfilled' ? lsofResult.value : '';
      const inPorts = <T extends { port: number }>(rows: T[]) => (ports === null ? rows : rows.filter((r) => ports.has(r.port)));
      let sockets = mergeDarwin(inPorts(parseNetstatAnv(netstatText)), inPorts(parseLsofListeners(lsofText)));
      if (!wantOwners) sockets = sockets.map((s) => ({ ...s, pids: [] }));
      const identities = await lookupMany(
        processTable,
        sockets.flatMap((s) => s.pids),
      ).catch(() => new Map());
      return { takenAt, listeners: sortListeners(toRecords(sockets, identities, 'darwin')) };
    },
  };
}
