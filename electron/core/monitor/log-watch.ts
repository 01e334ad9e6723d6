/**
 * Tails the log files of watched ports (`ports[].logFile`) for an external supervisor's
 * restart loop (systemd, a shell loop, docker): every new line that says "address already
 * in use" is handed to `onBindError`. Only lines written after Portwarden started watching
 * count (a file that appears later is read from its start). Polled with stat, so it works
 * the same on every platform and survives truncation and rotation (a new inode is read
 * from the start).
 */
import { open, stat } from 'node:fs/promises';
import { isBindError } from '../platform/bind-error.ts';
import type { Timers } from '../model/timers.ts';

interface Tail {
  port: number;
  file: string;
  /** Bytes already read; null until the file was first seen. */
  offset: number | null;
  inode: number | null;
  partial: string;
}

/** Read at most this much per look, so a runaway log cannot stall the monitor. */
const MAX_READ = 1024 * 1024;

export class LogWatcher {
  private tails: Tail[] = [];
  private timer: unknown = null;
  private busy = false;
  private readonly timers: Timers;
  private readonly everyMs: number;
  private readonly onBindError: (port: number, line: string) => void;

  constructor(timers: Timers, everyMs: number, onBindError: (port: number, line: string) => void) {
    this.timers = timers;
    this.everyMs = everyMs;
    this.onBindError = onBindError;
  }

  /** Watch these files (port → absolute path); files no longer listed are dropped. */
  async watch(files: readonly { port: number; file: string }[]): Promise<void> {
    const kept = new Map(this.tails.map((t) => [`${t.port}\0${t.file}`, t]));
    this.tails = files.map((f) => kept.get(`${f.port}\0${f.file}`) ?? { ...f, offset: null, inode: null, partial: '' });
    // A file seen for the first time starts at its end: only new lines count.
    await Promise.all(this.tails.filter((t) => t.offset === null).map((t) => this.prime(t)));
    this.schedule();
  }

  close(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.tails = [];
  }

  /** Look at every file now (tests, and the timer). */
  async look(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const tail of this.tails) await this.read(tail);
    } finally {
      this.busy = false;
    }
  }

  private schedule(): void {
    if (this.timer !== null || this.tails.length === 0) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.look().finally(() => this.schedule());
    }, this.everyMs);
  }

  private async prime(tail: Tail): Promise<void> {
    const s = await stat(tail.file).catch(() => null);
    // Missing now: when it appears, everything in it is new (offset 0).
    tail.offset = s ? s.size : 0;
    tail.inode = s ? s.ino : null;
  }

  private async read(tail: Tail): Promise<void> {
    const s = await stat(tail.file).catch(() => null);
    if (!s) return;
    const rotated = tail.inode !== null && s.ino !== tail.inode;
    if (tail.offset === null || tail.inode === null || rotated || s.size < tail.offset) {
      // Appeared after we started, rotated (new inode) or truncated: all of it is new.
      tail.offset = 0;
      tail.inode = s.ino;
      tail.partial = '';
    }
    if (s.size === tail.offset) return;
    const length = Math.min(s.size - tail.offset, MAX_READ);
    const handle = await open(tail.file, 'r').catch(() => null);
    if (!handle) return;
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, tail.offset);
      tail.offset += bytesRead;
      const text = tail.partial + buffer.subarray(0, bytesRead).toString('utf8');
      const lines = text.split(/\r?\n/);
      tail.partial = lines.pop() ?? '';
      for (const line of lines) if (isBindError(line)) this.onBindError(tail.port, line.trim());
    } finally {
      await handle.close();
    }
  }
}
