import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ProcessIdentity, ProcessTable } from '../model/processes.ts';
import { createLinuxProcessTable } from '../processes/linux.ts';
import { parseProcStat } from '../platform/linux-proc-parse.ts';
import { createUserNames, type UserNames } from '../processes/linux-users.ts';
import { checkSocketOwners, scanSocketOwners } from './linux-fd-scan.ts';
import { parseProcNetTcp } from './linux-proc-net.ts';
import type { LinuxSocketRow } from './linux-socket-row.ts';
import { mentionedInodes, parseOwnerCandidates, parseSsListeners } from './linux-ss.ts';
import { execFileRunner, DEFAULT_COMMAND_TIMEOUT_MS, type CommandRunner } from '../platform/run-command.ts';
import { NO_OWNER, ownerFields, sortListeners, toPortSet } from './records.ts';
import type { ListenerRecord, PortSnapshot, SnapshotOptions, SnapshotReader } from '../model/ports.ts';

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
 * The Linux snapshot reader (docs/architecture.md, "How ports are read and freed").
 *
 * Rows always come from a source no process can write into: `ss -ltnHe` (no fd scan; each
 * socket's address, port, inode and uid), filtered in the kernel to the requested ports, or
 * /proc/net/tcp{,6} without ss. Owners are cached per socket inode; sockets not seen before
 * (or whose cached owner exited, or older than `ownerCacheMs`) cost one `ss -ltnpHe` for
 * their ports, read only for (pid, fd) claims that /proc must confirm (linux-ss.ts explains
 * why: process names are printed raw and can forge rows and pids). Owner details (name,
 * command, user) come from the process table. Without ss, a /proc/*\/fd scan finds owners.
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

  /** Runs ss with the given flags, filtered to `ports`; its output, or null when ss failed. */
  const runSs = async (flags: string, ports: ReadonlySet<number> | null): Promise<string | null> => {
    if (ssPath === null) return null;
    const args = [flags];
    if (ports !== null && ports.size <= MAX_SS_FILTER_PORTS) {
      args.push([...ports].map((p) => `sport = :${p}`).join(' or '));
    }
    if (flags.includes('p')) stats.ssOwnerCalls++;
    else stats.ssCheapCalls++;
    try {
      return (await run(ssPath, args, { timeoutMs })).stdout;
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

  /**
   * Owner pids of the pending rows' sockets, by inode: claims from `ss -p` confirmed against
   * /proc, or (ss unavailable) a /proc/*\/fd scan. `listed` drops a row whose socket closed
   * between the cheap listing and the ss -p call.
   */
  const findOwners = async (
    pending: LinuxSocketRow[],
    trySs: boolean,
    prefetched: Promise<string | null> | null,
  ): Promise<{ owners: Map<number, number[]>; listed: (row: LinuxSocketRow) => boolean }> => {
    const inodes = new Set(pending.map((r) => r.inode).filter((i): i is number => i !== null && i > 0));
    if (trySs && ssUsable()) {
      const text = prefetched ? await prefetched : await runSs('-ltnpHe', new Set(pending.map((r) => r.port)));
      if (text !== null) {
        const present = mentionedInodes(text);
        return {
          owners: checkSocketOwners(parseOwnerCandidates(text), inodes, procRoot),
          listed: (row) => row.inode === null || present.has(row.inode),
        };
      }
    }
    stats.fdScans++;
    return { owners: await scanSocketOwners(inodes, procRoot), listed: () => true };
  };

  /** Owner pids → identities (an owner whose details vanished keeps its pid). */
  const detail = async (pids: readonly number[], identity: (pid: number) => Promise<ProcessIdentity | null>): Promise<ProcessIdentity[]> =>
    Promise.all(
      pids.map(
        async (pid): Promise<ProcessIdentity> =>
          // Exited a moment ago, or /proc hides it: a pid the kernel showed holding the socket
          // is better than none, and the kill transaction re-checks identity before any signal.
          (await identity(pid)) ?? { pid, ppid: null, name: null, command: null, user: null, startTime: null, pgid: null, cwd: null },
      ),
    );

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

    // When every owner will be looked up (the first read, or no owner cache), ss -p runs
    // beside the name-free listing instead of after it: one ss call's time, not two.
    const allPending = wantOwners && (!ownersResolvedOnce || ownerCacheMs <= 0);
    const prefetched = allPending && ssUsable() ? runSs('-ltnpHe', ports) : null;
    const text = ssUsable() ? await runSs('-ltnHe', ports) : null;
    // When ss failed in this read, do not call it again for owners: /proc answers both.
    const viaSs = text !== null;
    let rows = text !== null ? parseSsListeners(text) : await readProcNet();
    // Exact port filter (port 80 never matches 8080), also when ss was not filtered.
    if (ports !== null) rows = rows.filter((r) => ports.has(r.port));

    const ownersOf = new Map<LinuxSocketRow, ProcessIdentity[]>();
    if (wantOwners) {
      const identity = identityReader();
      const pending: LinuxSocketRow[] = [];
      const at = now();
      for (const row of rows) {
        const entry = row.inode !== null && row.inode > 0 ? cache.get(row.inode) : undefined;
        if (entry && at - entry.resolvedAt < ownerCacheMs && stillAlive(entry)) ownersOf.set(row, entry.owners);
        else pending.push(row);
      }
      if (pending.length > 0) {
        const { owners, listed } = await findOwners(pending, viaSs, prefetched);
        rows = rows.filter((r) => ownersOf.has(r) || listed(r));
        const resolvedAt = now();
        await Promise.all(
          pending.filter(listed).map(async (row) => {
            const found = await detail(row.inode !== null ? (owners.get(row.inode) ?? []) : [], identity);
            ownersOf.set(row, found);
            if (row.inode !== null && row.inode > 0) cache.set(row.inode, { port: row.port, owners: found, resolvedAt });
          }),
        );
      }
      ownersResolvedOnce = true;
      evict(rows, ports);
    }
    // A prefetch this read did not use (ss failed for the listing) must not reject unseen.
    void prefetched?.catch(() => undefined);

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
