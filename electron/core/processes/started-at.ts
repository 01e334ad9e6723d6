/**
 * ProcessIdentity.startTime is an opaque token; on Linux it is the start time in clock ticks
 * since boot (/proc/PID/stat field 22). Converting it needs the boot time (btime in
 * /proc/stat) and the tick rate (USER_HZ, 100 on every Linux ABI Node runs on). On Windows
 * it is already epoch milliseconds (processes/win32.ts parseCreationDate), on macOS the text
 * ps prints for lstart.
 */
import { readFileSync } from 'node:fs';

const USER_HZ = 100;
let bootMs: number | null | undefined;

function linuxBootMs(): number | null {
  if (bootMs !== undefined) return bootMs;
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    bootMs = m ? Number(m[1]) * 1000 : null;
  } catch {
    bootMs = null;
  }
  return bootMs;
}

/** Epoch ms a process started, from its startTime token; null when unknown. */
export function startedAtFromToken(token: string | null, platform: NodeJS.Platform = process.platform): number | null {
  if (token === null || token === '') return null;
  if (platform === 'linux' && /^\d+$/.test(token)) {
    const boot = linuxBootMs();
    return boot === null ? null : Math.round(boot + (Number(token) * 1000) / USER_HZ);
  }
  // Date.parse reads an all-digit string as nothing (NaN), so Windows' epoch ms are numbers here.
  if (platform === 'win32' && /^\d+$/.test(token)) return Number(token);
  const parsed = Date.parse(token);
  return Number.isNaN(parsed) ? null : parsed;
}
