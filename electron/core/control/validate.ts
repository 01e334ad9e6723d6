/**
 * The argument parsers of the control methods (the table in methods.ts names one per
 * method). Every transport runs them before a method does, so bad input from a renderer or
 * an HTTP client is refused with a clear message and changes nothing. Numeric strings are
 * accepted where a number is expected: URL segments and CLI arguments are text.
 */
import { ControlError } from '../model/errors.ts';
import type { SeenOwner } from '../model/state.ts';
import { SERVICE_ID_PATTERN } from '../model/config.ts';

/** Upper bound for any grace period, so a typo can't park a kill transaction for hours. */
export const MAX_GRACE_MS = 120_000;
export const MAX_LOG_LINES = 5_000;

function invalid(message: string): never {
  throw new ControlError('invalid-argument', message);
}

/** A TCP port: integer 1–65535. Accepts numeric strings (URL segments, CLI args). */
export function parsePort(value: unknown, what = 'port'): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
    invalid(`${what} must be an integer from 1 to 65535, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function parsePid(value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > 2 ** 31 - 1) {
    invalid(`pid must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function parseServiceId(value: unknown): string {
  if (typeof value !== 'string' || !SERVICE_ID_PATTERN.test(value)) {
    invalid(`service id must be 1–64 characters of letters, digits, '.', '_' or '-', got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value;
}

export function parseGraceMs(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_GRACE_MS) {
    invalid(`graceMs must be an integer from 0 to ${MAX_GRACE_MS}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function parseOptions(value: unknown): { graceMs?: number } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) invalid('options must be an object');
  const graceMs = parseGraceMs((value as { graceMs?: unknown }).graceMs);
  return graceMs === undefined ? {} : { graceMs };
}

/** Longest command line accepted as an expected identity (Linux's own limit is far lower per arg). */
const MAX_COMMAND_LENGTH = 32_768;

function parseCommand(command: unknown, what = 'command'): string | undefined {
  if (command === undefined || command === null) return undefined;
  if (typeof command !== 'string' || command.length === 0 || command.length > MAX_COMMAND_LENGTH) {
    invalid(`${what} must be a non-empty string of at most ${MAX_COMMAND_LENGTH} characters`);
  }
  return command;
}

/** An OS start-time token: digits (Linux clock ticks) or a printed date; short. */
function parseStartTime(value: unknown, what = 'startTime'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 64)
    invalid(`${what} must be a non-empty string of at most 64 characters`);
  return value;
}

export function parseKillOptions(value: unknown): { graceMs?: number; command?: string; startTime?: string } | undefined {
  const base = parseOptions(value);
  if (base === undefined) return undefined;
  const v = value as { command?: unknown; startTime?: unknown };
  const command = parseCommand(v.command);
  const startTime = parseStartTime(v.startTime);
  return { ...base, ...(command !== undefined ? { command } : {}), ...(startTime !== undefined ? { startTime } : {}) };
}

/** The owners a caller showed before "Free port": at most 1000, each a pid with what identifies it. */
export function parseFreeOptions(value: unknown): { graceMs?: number; owners?: SeenOwner[]; stopContainers?: boolean } | undefined {
  const parsed = parseOptions(value);
  if (parsed === undefined) return undefined;
  const stop = (value as { stopContainers?: unknown }).stopContainers;
  if (stop !== undefined && stop !== null && typeof stop !== 'boolean') invalid('stopContainers must be true or false');
  const base = stop === true ? { ...parsed, stopContainers: true } : parsed;
  const owners = (value as { owners?: unknown }).owners;
  if (owners === undefined || owners === null) return base;
  if (!Array.isArray(owners) || owners.length > 1000) invalid('owners must be an array of at most 1000 {pid, startTime?, command?}');
  return {
    ...base,
    owners: owners.map((o, i) => {
      if (typeof o !== 'object' || o === null || Array.isArray(o)) invalid(`owners[${i}] must be an object {pid, startTime?, command?}`);
      const r = o as Record<string, unknown>;
      const extra = Object.keys(r).filter((k) => !['pid', 'startTime', 'command'].includes(k));
      if (extra.length > 0) invalid(`owners[${i}].${extra[0]} is not a known field`);
      const command = parseCommand(r.command, `owners[${i}].command`);
      const startTime = parseStartTime(r.startTime, `owners[${i}].startTime`);
      return { pid: parsePid(r.pid), ...(startTime !== undefined ? { startTime } : {}), ...(command !== undefined ? { command } : {}) };
    }),
  };
}

/** Free & start takes only `owners` (the grace is the service's own graceMs). */
export function parseFreeAndStartOptions(value: unknown): { owners?: SeenOwner[] } | undefined {
  if (value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value) && 'graceMs' in value) {
    invalid("free-and-start takes no graceMs: the service's own graceMs is used");
  }
  const parsed = parseFreeOptions(value);
  return parsed?.owners !== undefined ? { owners: parsed.owners } : undefined;
}

export function parseLimit(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_LOG_LINES) {
    invalid(`limit must be an integer from 1 to ${MAX_LOG_LINES}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** A method without arguments: any argument given is refused, not ignored. */
export function noArgs(method: string): (args: readonly unknown[]) => [] {
  return (args) => {
    if (args.some((a) => a !== undefined)) invalid(`${method} takes no arguments`);
    return [];
  };
}

/** listListeners' optional port list: at most 1000 ports. */
export function parsePortList(value: unknown): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > 1000) invalid('ports must be an array of at most 1000 ports');
  return value.map((p) => parsePort(p));
}

/** saveConfig's argument is only checked to be an object here; the config module enforces its schema. */
export function parseConfigObject<T>(value: unknown): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('config must be an object');
  return value as T;
}

export function parsePaused(value: unknown): boolean {
  if (typeof value !== 'boolean') invalid('paused must be true or false');
  return value;
}

/** watchPort's options: the pid of the row, the command it showed, and an optional name. */
export function parseWatchOptions(value: unknown): { pid: number; command?: string; name?: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('options must be an object {pid, command?, name?}');
  const r = value as Record<string, unknown>;
  const extra = Object.keys(r).filter((k) => !['pid', 'command', 'name'].includes(k));
  if (extra.length > 0) invalid(`${extra[0]} is not a known field of watchPort's options`);
  const command = parseCommand(r.command);
  if (r.name !== undefined && r.name !== null && (typeof r.name !== 'string' || r.name.trim() === '' || r.name.length > 100)) {
    invalid('name must be a non-empty string of at most 100 characters');
  }
  const name = typeof r.name === 'string' ? r.name : undefined;
  return { pid: parsePid(r.pid), ...(command !== undefined ? { command } : {}), ...(name !== undefined ? { name } : {}) };
}

/** detectProject's folder: an absolute path, at most 4096 characters, no NUL. */
export function parseProjectDir(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096 || value.includes('\0'))
    invalid('dir must be a folder path of at most 4096 characters');
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value)) invalid(`dir must be an absolute path, got ${JSON.stringify(value.slice(0, 200))}`);
  return value;
}
