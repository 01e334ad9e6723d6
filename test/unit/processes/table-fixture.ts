import type { ProcessIdentity } from '../../../electron/core/model/processes.ts';

/** A process row for table fixtures: pid, ppid, name, optional pgid. */
export function proc(
  pid: number,
  ppid: number | null,
  name: string,
  pgid: number | null = null,
  extra: Partial<ProcessIdentity> = {},
): ProcessIdentity {
  return { pid, ppid, name, command: name, user: 'dev', startTime: `t${pid}`, pgid, ...extra };
}
