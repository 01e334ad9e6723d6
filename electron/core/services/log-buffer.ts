import type { LogLine } from '../model/services.ts';

/** Longest line kept; a service printing megabytes without a newline must not grow memory. */
export const MAX_LINE_CHARS = 4096;

/**
 * The last `capacity` log lines of one service (a ring buffer), fed with raw output chunks
 * that are split into lines and stamped with the time they arrived.
 */
export class LogBuffer {
  private readonly capacity: number;
  private readonly lines: (LogLine | undefined)[];
  private next = 0;
  private count = 0;
  private readonly partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  constructor(capacity = 500) {
    this.capacity = Math.max(1, capacity);
    this.lines = new Array<LogLine | undefined>(this.capacity);
  }

  /** Add one complete line. Returns it (as stored). */
  push(stream: LogLine['stream'], text: string, at: number): LogLine {
    const line: LogLine = { at, stream, text: text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text };
    this.lines[this.next] = line;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    return line;
  }

  /** Feed a raw chunk of a stream; returns the complete lines it finished. */
  write(stream: 'stdout' | 'stderr', chunk: string, at: number): LogLine[] {
    const text = this.partial[stream] + chunk;
    const parts = text.split('\n');
    let rest = parts.pop() ?? '';
    if (rest.length > MAX_LINE_CHARS) {
      // No newline for a long time: cut the line here rather than buffer without bound.
      parts.push(rest);
      rest = '';
    }
    this.partial[stream] = rest;
    return parts.map((part) => this.push(stream, part.replace(/\r$/, ''), at));
  }

  /** Flush what is left of a stream without a final newline (the process closed it). */
  end(stream: 'stdout' | 'stderr', at: number): LogLine[] {
    const rest = this.partial[stream];
    this.partial[stream] = '';
    return rest === '' ? [] : [this.push(stream, rest.replace(/\r$/, ''), at)];
  }

  /** The most recent lines, oldest first; at most `limit`. */
  tail(limit = this.capacity): LogLine[] {
    const n = Math.min(limit, this.count);
    const out: LogLine[] = [];
    for (let i = n; i > 0; i--) {
      out.push(this.lines[(this.next - i + this.capacity) % this.capacity]!);
    }
    return out;
  }

  get size(): number {
    return this.count;
  }
}
