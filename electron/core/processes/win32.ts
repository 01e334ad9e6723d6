/**
 * Windows process table from PowerShell CIM (wmic is gone from Windows 11 24H2):
 *
 *   Get-CimInstance Win32_Process [-Filter "ProcessId=1 OR ProcessId=2"]
 *     | Select-Object ProcessId,ParentProcessId,Name,CommandLine,CreationDate | ConvertTo-Json
 *
 * PowerShell takes a few hundred ms to start, so the snapshot reader asks for all owner pids
 * in one call (getMany) and caches. Windows has no process groups (pgid null), and the owner
 * needs a slow GetOwner call per process, so user is null.
 */
import { DEFAULT_COMMAND_TIMEOUT_MS, execFileRunner, type CommandRunner } from '../platform/run-command.ts';
import type { BatchProcessTable } from './batch.ts';
import type { ProcessIdentity } from '../model/processes.ts';

interface CimProcess {
  ProcessId?: unknown;
  ParentProcessId?: unknown;
  Name?: unknown;
  CommandLine?: unknown;
  CreationDate?: unknown;
}

/**
 * Parses the JSON of the CIM query. ConvertTo-Json prints a single object (not an array)
 * when one process matched, and nothing at all when none did. CommandLine is null for
 * processes we may not inspect and for System/Idle.
 */
export function parseCimProcesses(text: string): ProcessIdentity[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  const parsed = JSON.parse(trimmed) as CimProcess | CimProcess[] | null;
  if (parsed === null) return [];
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const result: ProcessIdentity[] = [];
  for (const item of items) {
    const pid = Number(item.ProcessId);
    if (!Number.isInteger(pid) || pid < 0) continue;
    const ppid = Number(item.ParentProcessId);
    result.push({
      pid,
      ppid: Number.isInteger(ppid) ? ppid : null,
      name: typeof item.Name === 'string' ? item.Name : null,
      command: typeof item.CommandLine === 'string' && item.CommandLine !== '' ? item.CommandLine : null,
      user: null,
      startTime: parseCreationDate(item.CreationDate),
      pgid: null,
    });
  }
  return result.sort((a, b) => a.pid - b.pid);
}

/**
 * Normalises CreationDate to epoch milliseconds as text, whatever PowerShell printed:
 * Windows PowerShell 5.1 writes `"\/Date(1763816882123)\/"`, PowerShell 7 an ISO string
 * (`2026-11-22T13:48:02.1234567+01:00`), raw WMI a DMTF string (`20261122134802.123456+060`),
 * and some versions an object with `value`/`DateTime`. Unknown forms pass through as text.
 */
export function parseCreationDate(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    const v = value as { value?: unknown; DateTime?: unknown };
    return parseCreationDate(v.value ?? v.DateTime ?? null);
  }
  const text = String(value);
  const msDate = /\/Date\((-?\d+)(?:[+-]\d{4})?\)\//.exec(text);
  if (msDate) return msDate[1];
  const dmtf = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.(\d{3})\d*([+-])(\d{3})$/.exec(text);
  if (dmtf) {
    const [, y, mo, d, h, mi, s, ms, sign, offset] = dmtf;
    const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms) - (sign === '+' ? 1 : -1) * Number(offset) * 60_000;
    return String(utc);
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return String(parsed);
  }
  return text;
}

/**
 * The PowerShell command text for the CIM query: all processes, or the given pids and the
 * children of `childrenOf` (ParentProcessId survives the parent's exit, so the children of
 * an owner that has exited are found in the same query).
 */
export function cimCommand(pids?: readonly number[], childrenOf: readonly number[] = []): string {
  const terms = [...(pids ?? []).map((p) => `ProcessId=${Math.trunc(p)}`), ...childrenOf.map((p) => `ParentProcessId=${Math.trunc(p)}`)];
  const filter = terms.length > 0 ? ` -Filter "${terms.join(' OR ')}"` : '';
  // UTF-8 output so command lines with non-ASCII characters survive the console code page.
  return (
    '[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; ' +
    `Get-CimInstance Win32_Process${filter} | Select-Object ProcessId,ParentProcessId,Name,CommandLine,CreationDate | ConvertTo-Json -Compress`
  );
}

export interface Win32ProcessTableOptions {
  run?: CommandRunner;
  /** PowerShell is slow to start; default 15 s. */
  timeoutMs?: number;
  /** Default 'powershell.exe' (Windows PowerShell 5.1, present on every Windows). */
  powershellPath?: string;
}

/** The Windows table can also find the children of exited owners in the same CIM call. */
export interface Win32ProcessTable extends BatchProcessTable {
  /** Identities of `pids`, and the running children of each of `parents`, from one query. */
  getManyWithChildren(
    pids: readonly number[],
    parents: readonly number[],
  ): Promise<{ found: Map<number, ProcessIdentity>; children: Map<number, ProcessIdentity[]> }>;
}

export function createWin32ProcessTable(options: Win32ProcessTableOptions = {}): Win32ProcessTable {
  const run = options.run ?? execFileRunner;
  const timeoutMs = options.timeoutMs ?? Math.max(DEFAULT_COMMAND_TIMEOUT_MS, 15_000);
  const powershell = options.powershellPath ?? 'powershell.exe';

  const query = async (pids?: readonly number[], childrenOf: readonly number[] = []): Promise<ProcessIdentity[]> => {
    const { stdout } = await run(powershell, ['-NoProfile', '-NonInteractive', '-Command', cimCommand(pids, childrenOf)], { timeoutMs });
    return parseCimProcesses(stdout);
  };
  const valid = (pids: readonly number[]) => [...new Set(pids)].filter((p) => Number.isInteger(p) && p >= 0).sort((a, b) => a - b);

  const getMany = async (pids: readonly number[]): Promise<Map<number, ProcessIdentity>> => {
    const wanted = valid(pids);
    if (wanted.length === 0) return new Map();
    const found = await query(wanted);
    return new Map(found.filter((p) => wanted.includes(p.pid)).map((p) => [p.pid, p]));
  };

  const getManyWithChildren = async (pids: readonly number[], parents: readonly number[]) => {
    const wanted = valid(pids);
    const ofParents = valid(parents).filter((p) => p > 0);
    const rows = wanted.length + ofParents.length === 0 ? [] : await query(wanted, ofParents);
    const found = new Map(rows.filter((p) => wanted.includes(p.pid)).map((p) => [p.pid, p]));
    const children = new Map<number, ProcessIdentity[]>(
      ofParents.map((parent) => [parent, rows.filter((p) => p.ppid === parent && p.pid !== parent)]),
    );
    return { found, children };
  };

  return {
    getMany,
    getManyWithChildren,
    async get(pid) {
      return (await getMany([pid])).get(pid) ?? null;
    },
    list: () => query(),
  };
}
