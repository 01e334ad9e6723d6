/**
 * Windows reserves ("excludes") TCP port ranges for Hyper-V, WSL, Docker…: a bind in such a
 * range fails with nothing listening. `netsh int ipv4 show excludedportrange protocol=tcp`
 * lists them; the parser is pure and tested on recorded output.
 */
import { execFile } from 'node:child_process';

export interface PortRange {
  start: number;
  end: number;
  /** Marked `*`: an administered exclusion (set by an administrator, not by a service). */
  administered: boolean;
}

/** Parse the netsh table. Header words are translated, so only the number rows count. */
export function parseExcludedPortRanges(text: string): PortRange[] {
  const ranges: PortRange[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d{1,5})\s+(\d{1,5})(\s+\*)?\s*$/.exec(line);
    if (!m) continue;
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (start < 1 || end > 65535 || end < start) continue;
    ranges.push({ start, end, administered: m[3] !== undefined });
  }
  return ranges;
}

export function rangeContaining(port: number, ranges: readonly PortRange[]): PortRange | null {
  return ranges.find((r) => port >= r.start && port <= r.end) ?? null;
}

/** Run netsh (Windows only); null when it can't be run. */
export function readExcludedPortRanges(): Promise<PortRange[] | null> {
  return new Promise((resolve) => {
    execFile(
      'netsh',
      ['int', 'ipv4', 'show', 'excludedportrange', 'protocol=tcp'],
      { windowsHide: true, timeout: 5000 },
      (error, stdout) => {
        resolve(error ? null : parseExcludedPortRanges(String(stdout)));
      },
    );
  });
}
