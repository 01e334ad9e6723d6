import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ProcessIdentity, ProcessTable } from '../processes/types.ts';
import { createLinuxProcessTable } from '../processes/linux.ts';
import { parseProcStat } from '../processes/linux-proc-parse.ts';
import { createUserNames, type UserNames } from '../processes/linux-users.ts';
import { scanSocketOwners } from './linux-fd-scan.ts';
import { parseProcNetTcp } from './linux-proc-net.ts';
import type { LinuxSocketRow } from './linux-socket-row.ts';
import { parseSsListeners } from './linux-ss.ts';
import { execFileRunner, DEFAULT_COMMAND_TIMEOUT_MS, type CommandRunner } from './run-command.ts';
import { NO_OWNER, ownerFields, sortListeners, toPortSet } from './records.ts';
import type { ListenerRecord, PortSnapshot, SnapshotOptions, SnapshotReader } from './types.ts';

export interface LinuxSnapshotReaderOptions {
  /** Details of owner pids (default: /proc). */
  processTable?: ProcessTable;
  /** Runs ss (default: execFile with a timeout). */
  run?: CommandRunner;
  /** The ss binary; null = do not use ss, read /proc/net/tcp{,6} and scan /proc/*\/fd. Default 'ss'. */
  ssPath?: string | null;
  /** Default /proc. */
  procRoot?: string;
  /** Timeout for one ss call. Default 5 s. */
  timeoutMs?: number;
  /**
   * How long the owners of an unchanged socket are trusted before they are looked up again.
   * Owners are also looked up again as soon as one of them exits. A process that starts
   * sharing an existing socket (fork after listen) shows up within this time. 0 = never trust
   * the cache (every read resolves owners). Default 5 s.
   */
  ownerCacheMs?: number;
  now?: () => number;
  /** Uid → name for sockets without a visible owner. */
  users?: UserNames;
}

/** Counters of the OS work done so far, for tests and the benchmark. */
export interface LinuxReaderStats {
  /** `ss` calls without -p (cheap: no fd scan). */
  ssCheapCalls: number;
  /** `ss -p` calls (each scans every process's fds inside ss). */
  ssOwnerCalls: number;
  /** Reads of /proc/net/tcp{,6} (the fallback when ss is unavailable). */
  procNetReads: number;
  /** /proc/*\/fd scans (fallback owner resolution). */
  fdScans: number;
  /** Whether ss is known to be missing (ENOENT on a previous call). */
  ssMissing: boolean;
}

export interface LinuxSnapshotReader extends SnapshotReader {
  stats(): LinuxReaderStats;
}

/** Owners of one socket inode, as last resolved. */
interface OwnerEntry {
  port: number;
  owners: ProcessIdentity[];
  resolvedAt: number;
}

/** ss filters longer than this are skipped; the exact port filter in JS still applies. */
const MAX_SS_FILTER_PORTS = 200;

/**
 * The Linux snapshot reader (DESIGN.md, "Finding who holds a port").
 *
 * Steady state, one cheap `ss -ltnHe` (no fd scan; it prints each socket's inode and uid),
 * filtered in the kernel to the requested ports. Owners are cached per socket inode; only
 * sockets not seen before (or whose cached owner exited, or older than `ownerCacheMs`) cost
 * one `ss -ltnpHe` for their ports, and owner details come from the process table. The first
 * read with owners skips the cheap call and runs `ss -ltnpHe` directly, so a cold read is one
 * ss call. Without ss, /proc/net/tcp{,6} plus a /proc/*\/fd scan give the same rows.
 */
export function createLinuxSnapshotReader(options: LinuxSnapshotReaderOptions = {}): LinuxSnapshotReader {
  const procRoot = options.procRoot ?? '/proc';
  const users = options.users ?? createUserNames();
  const processTable = options.processTable ?? createLinuxProcessTable({ procRoot, users });
  const run = options.run ?? execFileRunner;
  const ssPath = options.ssPath === undefined ? 'ss' : options.ssPath;
  const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const ownerCacheMs = options.ownerCacheMs ?? 5_000;
  const now = options.now ?? Date.now;

  const cache = new Map<number, OwnerEntry>();
  let ownersResolvedOnce = false;
  const stats: LinuxReaderStats = { ssCheapCalls: 0, ssOwnerCalls: 0, procNetReads: 0, fdScans: 0, ssMissing: false };

  const ssUsable = (): boolean => ssPath !== null && !stats.ssMissing;

  /** Runs ss with the given flags, filtered to `ports`; null when ss failed. */
  const runSs = async (flags: string, ports: ReadonlySet<number> | null): Promise<LinuxSocketRow[] | null> => {
    if (ssPath === null) return null;
    const args = [flags];
    if (ports !== null && ports.size <= MAX_SS_FILTER_PORTS) {
      args.push([...ports].map((p) => `sport = :${p}`).join(' or '));
    }
    if (flags.includes('p')) stats.ssOwnerCalls++;
    else stats.ssCheapCalls++;
    try {
      const { stdout } = await run(ssPath, args, { timeoutMs });
      return parseSsListeners(stdout);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') stats.ssMissing = true;
      return null;
    }
  };

  const readProcNet = async (): Promise<LinuxSocketRow[]> => {
    stats.procNetReads++;
    // tcp6 is absent when IPv6 is disabled; an empty text is then right. A missing tcp is an
    // error: answering "no listeners" would tell the caller every port is free.
    const [tcp, tcp6] = await Promise.all([
      readFile(`${procRoot}/net/tcp`, 'utf8'),
      readFile(`${procRoot}/net/tcp6`, 'utf8').catch(() => ''),
    ]);
    return [...parseProcNetTcp(tcp, 'IPv4'), ...parseProcNetTcp(tcp6, 'IPv6')];
  };

  /** Per-read memo so a pid shared by several sockets is read once. */
  const identityReader = () => {
    const memo = new Map<number, Promise<ProcessIdentity | null>>();
    return (pid: number) => {
      let found = memo.get(pid);
      if (!found) {
        found = processTable.get(pid).catch(() => null);
        memo.set(pid, found);
      }
      return found;
    };
  };

  /**
   * True when every cached owner still runs as the same process (same start time). An exec
   * in place keeps pid and start time; `ownerCacheMs` bounds how long that goes unnoticed.
   */
  const stillAlive = (entry: OwnerEntry): boolean => {
    // Synchronous: a /proc stat read takes microseconds; see processes/linux.ts.
    return entry.owners.every((owner) => {
      try {
        const stat = parseProcStat(readFileSync(`${procRoot}/${owner.pid}/stat`, 'utf8'));
        return stat !== null && stat.startTime === owner.startTime;
      } catch {
        return false;
      }
    });
  };

  /** Turns freshly resolved rows into cache entries (owners detailed from the process table). */
  const detail = async (rows: LinuxSocketRow[], identity: (pid: number) => Promise<ProcessIdentity | null>) => {
    const resolvedAt = now();
    const result = new Map<LinuxSocketRow, ProcessIdentity[]>();
    await Promise.all(
      rows.map(async (row) => {
        // An owner whose details cannot be read (it exited a moment ago, or /proc hides it)
        // is kept with what ss said: a pid that held the socket is better than none, and the
        // kill transaction re-checks identity before it signals anything.
        const owners = await Promise.all(
          (row.owners ?? []).map(
            async (o): Promise<ProcessIdentity> =>
              (await identity(o.pid)) ?? { pid: o.pid, ppid: null, name: o.name, command: null, user: null, startTime: null, pgid: null, cwd: null },
          ),
        );
        result.set(row, owners);
        if (row.inode !== null && row.inode > 0) cache.set(row.inode, { port: row.port, owners, resolvedAt });
      }),
    );
    return result;
  };

  /**
   * Resolves owners of rows the cache cannot answer, by ss -p or the fd scan. `supersedes`
   * tells which of the cheap rows the fresh rows stand in for: ss -p re-lists whole ports, so
   * every row of a pending port; the fd scan only details the pending rows themselves, so the
   * cached rows beside them on the same port must stay.
   */
  const resolveFresh = async (
    pending: LinuxSocketRow[],
    trySs: boolean,
  ): Promise<{ fresh: LinuxSocketRow[]; supersedes: (row: LinuxSocketRow) => boolean }> => {
    const pendingPorts = new Set(pending.map((r) => r.port));
    if (trySs && ssUsable()) {
      // Newer than the cheap poll: for these ports its rows replace the cheap rows.
      const rows = await runSs('-ltnpHe', pendingPorts);
      if (rows) {
        return {
          fresh: rows.filter((r) => pendingPorts.has(r.port)).map((r) => ({ ...r, owners: r.owners ?? [] })),
          supersedes: (row) => pendingPorts.has(row.port),
        };
      }
    }
    stats.fdScans++;
    const inodes = new Set(pending.map((r) => r.inode).filter((i): i is number => i !== null && i > 0));
    const owners = await scanSocketOwners(inodes, procRoot);
    const pendingRows = new Set(pending);
    return {
      fresh: pending.map((r) => ({
        ...r,
        owners: (r.inode !== null ? (owners.get(r.inode) ?? []) : []).map((pid) => ({ pid, name: null })),
      })),
      supersedes: (row) => pendingRows.has(row),
    };
  };

  const evict = (rows: LinuxSocketRow[], ports: ReadonlySet<number> | null) => {
    const live = new Set(rows.map((r) => r.inode));
    for (const [inode, entry] of cache) {
      if ((ports === null || ports.has(entry.port)) && !live.has(inode)) cache.delete(inode);
    }
  };

  const read = async (options: SnapshotOptions = {}): Promise<PortSnapshot> => {
    const ports = toPortSet(options.ports);
    const wantOwners = options.owners ?? true;
    const takenAt = now();
    if (ports !== null && ports.size === 0) return { takenAt, listeners: [] };

    let rows: LinuxSocketRow[] | null = null;
    let ownersIncluded = false;
    if (ssUsable()) {
      ownersIncluded = wantOwners && (!ownersResolvedOnce || ownerCacheMs <= 0);
      rows = await runSs(ownersIncluded ? '-ltnpHe' : '-ltnHe', ports);
    }
    // When ss failed in this read, do not call it again for owners: /proc answers both.
    const viaSs = rows !== null;
    if (rows === null) {
      ownersIncluded = false;
      rows = await readProcNet();
    }
    // Exact port filter (port 80 never matches 8080), also when ss was not filtered.
    if (ports !== null) rows = rows.filter((r) => ports.has(r.port));

    const ownersOf = new Map<LinuxSocketRow, ProcessIdentity[]>();
    if (wantOwners) {
      const identity = identityReader();
      if (ownersIncluded) {
        rows = rows.map((r) => ({ ...r, owners: r.owners ?? [] }));
        for (const [row, owners] of await detail(rows, identity)) ownersOf.set(row, owners);
      } else {
        const pending: LinuxSocketRow[] = [];
        const at = now();
        await Promise.all(
          rows.map(async (row) => {
            const entry = row.inode !== null && row.inode > 0 ? cache.get(row.inode) : undefined;
            if (entry && at - entry.resolvedAt < ownerCacheMs && stillAlive(entry)) ownersOf.set(row, entry.owners);
            else pending.push(row);
          }),
        );
        if (pending.length > 0) {
          const { fresh, supersedes } = await resolveFresh(pending, viaSs);
          rows = [...rows.filter((r) => !supersedes(r)), ...fresh];
          for (const [row, owners] of await detail(fresh, identity)) ownersOf.set(row, owners);
        }
      }
      ownersResolvedOnce = true;
      evict(rows, ports);
    }

    const listeners: ListenerRecord[] = [];
    for (const row of rows) {
      const userOfSocket = row.uid === null ? null : await users.nameOf(row.uid);
      const owners = ownersOf.get(row) ?? [];
      const base = { port: row.port, address: row.address, family: row.family };
      if (owners.length === 0) {
        listeners.push({ ...base, ...NO_OWNER, user: userOfSocket });
        continue;
      }
      for (const p of owners) {
        listeners.push({ ...base, ...ownerFields(p, 'linux'), user: p.user ?? userOfSocket });
      }
    }
    return { takenAt, listeners: sortListeners(listeners) };
  };

  return { read, stats: () => ({ ...stats }) };
}
