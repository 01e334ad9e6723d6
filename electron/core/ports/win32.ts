/**
 * Windows snapshot: plain `netstat -ano` (with `-p TCP` the IPv6 listeners disappear),
 * names from `tasklist /FO CSV /NH` on every read (fast), and command line, parent and
 * creation time from PowerShell CIM (processes/win32.ts) only for owner pids not seen
 * before, because PowerShell takes a few hundred ms to start. No wmic (gone in 24H2).
 *
 * A socket outlives its owner when children inherited its handle (a launcher that starts a
 * server and exits): netstat keeps naming the exited pid. Such a pid is missing from
 * tasklist; its children are found by ParentProcessId in the same CIM query, and the row
 * says so (`orphanedSocket: { heldBy }`), so Free is aimed at them.
 */
import { lookupMany } from '../processes/batch.ts';
import { createWin32ProcessTable, type Win32ProcessTable } from '../processes/win32.ts';
import type { ProcessIdentity } from '../model/processes.ts';
import { parseHostPort } from './address.ts';
import { toRecords, type OwnedSocket } from './merge-owners.ts';
import { sortListeners, toPortSet } from './records.ts';
import { DEFAULT_COMMAND_TIMEOUT_MS, execFileRunner, type CommandReaderOptions } from '../platform/run-command.ts';
import type { AddressFamily, PortSnapshot, SnapshotOptions, SnapshotReader } from '../model/ports.ts';

/** One listening TCP row of netstat -ano. */
export interface NetstatAnoSocket {
  address: string;
  port: number;
  family: AddressFamily;
  /** null for PID 0 (System Idle: no real owner). PID 4 (System, http.sys) is kept. */
  pid: number | null;
}

/** Foreign addresses that mark a listening socket, whatever the (translated) state word. */
const LISTEN_FOREIGN = new Set(['0.0.0.0:0', '[::]:0', '*:*']);

/**
 * Parses `netstat -ano`. The state column is translated (`LISTENING`, German `ABHÖREN`,
 * and it arrives in the console code page), so a TCP row is a listener when its foreign
 * address is `0.0.0.0:0` or `[::]:0` [raycast/extensions#30682]. Headers, UDP rows and
 * connections are skipped. Ports are parsed as numbers, so `:80` never matches `:8080`.
 */
export function parseNetstatAno(text: string): NetstatAnoSocket[] {
  const sockets: NetstatAnoSocket[] = [];
  const seen = new Set<string>();
  for (const raw of text.split('\n')) {
    const tokens = raw.trim().split(/\s+/);
    if (tokens.length < 4 || tokens[0].toUpperCase() !== 'TCP') continue;
    if (!LISTEN_FOREIGN.has(tokens[2])) continue;
    const pidText = tokens[tokens.length - 1];
    if (!/^\d+$/.test(pidText)) continue;
    const local = parseHostPort(tokens[1], 'IPv4');
    if (!local || local.port === 0) continue;
    const pid = Number(pidText);
    const socket = { ...local, pid: pid === 0 ? null : pid };
    const key = `${socket.family} ${socket.address} ${socket.port} ${socket.pid}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sockets.push(socket);
  }
  return sockets;
}

/** Splits one CSV line (fields quoted, `""` inside quotes is a quote). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * Parses `tasklist /FO CSV /NH`: `"node.exe","33584","Console","1","45,312 K"` → pid → image
 * name. Quoted CSV, because names contain spaces and the memory column contains the
 * thousands separator. Lines that are not process rows (INFO messages) are skipped.
 */
export function parseTasklistCsv(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (!line.startsWith('"')) continue;
    const fields = parseCsvLine(line);
    if (fields.length < 2 || !/^\d+$/.test(fields[1])) continue;
    names.set(Number(fields[1]), fields[0]);
  }
  return names;
}

export type Win32SnapshotReaderOptions = CommandReaderOptions;

export function createWin32SnapshotReader(options: Win32SnapshotReaderOptions = {}): SnapshotReader {
  const run = options.run ?? execFileRunner;
  const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const processTable = options.processTable ?? createWin32ProcessTable({ run });
  const now = options.now ?? Date.now;
  /** pid → identity; trusted while tasklist shows the same image name for the pid. */
  const cache = new Map<number, ProcessIdentity>();
  /** exited owner pid → its children; trusted while every one of them still runs under its name. */
  const orphans = new Map<number, ProcessIdentity[]>();
  const withChildren = (processTable as Partial<Win32ProcessTable>).getManyWithChildren?.bind(processTable);

  const tasklist = async (): Promise<Map<number, string> | null> => {
    try {
      return parseTasklistCsv((await run('tasklist', ['/FO', 'CSV', '/NH'], { timeoutMs })).stdout);
    } catch {
      return null;
    }
  };

  /**
   * One CIM call for stale owners and the children of exited ones. Without the Windows
   * table (another table was passed in) only owners are looked up: an exited owner's
   * children stay unknown, and its rows carry no orphanedSocket rather than a guess.
   */
  const lookup = async (stale: number[], exitedOwners: number[]) => {
    const none = { found: new Map<number, ProcessIdentity>(), children: new Map<number, ProcessIdentity[]>() };
    if (stale.length === 0 && exitedOwners.length === 0) return none;
    if (withChildren) return withChildren(stale, exitedOwners).catch(() => none);
    return { found: await lookupMany(processTable, stale).catch(() => new Map<number, ProcessIdentity>()), children: none.children };
  };

  return {
    async read(request: SnapshotOptions = {}): Promise<PortSnapshot> {
      const ports = toPortSet(request.ports);
      const wantOwners = request.owners ?? true;
      const takenAt = now();
      if (ports !== null && ports.size === 0) return { takenAt, listeners: [] };
      const { stdout } = await run('netstat', ['-ano'], { timeoutMs });
      const rows = parseNetstatAno(stdout).filter((r) => ports === null || ports.has(r.port));

      // One OwnedSocket per row: SO_REUSEPORT-like sharing shows as several rows already.
      const sockets: OwnedSocket[] = rows.map((r) => ({
        port: r.port,
        address: r.address,
        family: r.family,
        pids: wantOwners && r.pid !== null ? [r.pid] : [],
      }));
      const pids = [...new Set(sockets.flatMap((s) => s.pids))];
      const identities = new Map<number, ProcessIdentity>();
      let exited = new Set<number>();
      if (pids.length > 0) {
        const names = await tasklist();
        // Only a tasklist that answered can say a pid is gone (PID 4, System, is always listed).
        exited = new Set(names === null ? [] : pids.filter((pid) => !names.has(pid)));
        const stale = pids.filter((pid) => {
          if (exited.has(pid)) return false;
          const cached = cache.get(pid);
          return !cached || (names !== null && names.get(pid) !== cached.name);
        });
        const stillHeld = (children: ProcessIdentity[]) => names !== null && children.every((c) => names.get(c.pid) === c.name);
        const orphansToAsk = [...exited].filter((pid) => !(orphans.get(pid) && stillHeld(orphans.get(pid) ?? [])));
        const fresh = await lookup(stale, orphansToAsk);
        for (const [pid, identity] of fresh.found) cache.set(pid, identity);
        for (const [parent, children] of fresh.children) orphans.set(parent, children);
        if (names !== null) for (const pid of cache.keys()) if (!names.has(pid)) cache.delete(pid);
        for (const pid of orphans.keys()) if (!exited.has(pid)) orphans.delete(pid);
        for (const pid of pids) {
          const identity = cache.get(pid);
          if (identity) identities.set(pid, identity);
        }
        for (const s of sockets) s.names = names ?? undefined;
      }
      const records = toRecords(sockets, identities, 'win32').map((r) => {
        const children = r.pid !== null && exited.has(r.pid) ? orphans.get(r.pid) : undefined;
        return children === undefined ? r : { ...r, orphanedSocket: { heldBy: children.map((c) => c.pid).sort((a, b) => a - b) } };
      });
      return { takenAt, listeners: sortListeners(records) };
    },
  };
}
