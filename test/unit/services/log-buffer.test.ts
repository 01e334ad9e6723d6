import { describe, expect, it } from 'vitest';
import { LogBuffer, MAX_LINE_CHARS } from '../../../electron/core/services/log-buffer.ts';
import { isBindError } from '../../../electron/core/platform/bind-error.ts';
import { CrashTracker } from '../../../electron/core/services/backoff.ts';

describe('LogBuffer', () => {
  it('splits chunks into lines, keeping partial lines until completed', () => {
    const buf = new LogBuffer(10);
    expect(buf.write('stdout', 'hel', 1)).toEqual([]);
    expect(buf.write('stdout', 'lo\r\nwor', 2).map((l) => l.text)).toEqual(['hello']);
    expect(buf.end('stdout', 3)).toEqual([{ at: 3, stream: 'stdout', text: 'wor' }]);
    expect(buf.tail().map((l) => l.text)).toEqual(['hello', 'wor']);
  });

  it('keeps only the last N lines, oldest first', () => {
    const buf = new LogBuffer(3);
    for (let i = 0; i < 10; i++) buf.push('stderr', `line ${i}`, i);
    expect(buf.tail().map((l) => l.text)).toEqual(['line 7', 'line 8', 'line 9']);
    expect(buf.tail(2).map((l) => l.text)).toEqual(['line 8', 'line 9']);
    expect(buf.size).toBe(3);
  });

  it('bounds a line without newline', () => {
    const buf = new LogBuffer(3);
    const lines = buf.write('stdout', 'x'.repeat(MAX_LINE_CHARS * 2 + 5), 1);
    expect(lines.length).toBe(1);
    expect(lines[0]!.text.length).toBe(MAX_LINE_CHARS + 1);
  });

  it('keeps stdout and stderr partials apart', () => {
    const buf = new LogBuffer(10);
    buf.write('stdout', 'a', 1);
    buf.write('stderr', 'b\n', 2);
    buf.write('stdout', 'c\n', 3);
    expect(buf.tail().map((l) => `${l.stream}:${l.text}`)).toEqual(['stderr:b', 'stdout:ac']);
  });
});

describe('isBindError', () => {
  it.each([
    "ERROR: [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use",
    'OSError: [Errno 98] Address already in use',
    'OSError: [Errno 48] Address already in use',
    'Error: listen EADDRINUSE: address already in use :::3000',
    'Only one usage of each socket address (protocol/network address/port) is normally permitted.',
    'java.net.BindException: Address already in use',
  ])('recognises %s', (line) => expect(isBindError(line)).toBe(true));

  it.each(['Serving HTTP on 0.0.0.0 port 8000', 'GET / 200', 'Errno 980'])('ignores %s', (line) => expect(isBindError(line)).toBe(false));
});

describe('CrashTracker', () => {
  it('doubles from 500 ms to 30 s and stops after 5 crashes in a minute', () => {
    const t = new CrashTracker();
    expect([t.record(0), t.record(1000), t.record(2000), t.record(3000)]).toEqual([500, 1000, 2000, 4000]);
    expect(t.record(4000)).toBeNull();
  });

  it('forgets crashes older than the window', () => {
    const t = new CrashTracker({ baseMs: 100, maxMs: 250, maxCrashes: 3, windowMs: 1000 });
    expect(t.record(0)).toBe(100);
    expect(t.record(10)).toBe(200);
    expect(t.record(2000)).toBe(100);
    expect(t.record(2001)).toBe(200);
    expect(t.record(2002)).toBeNull();
  });

  it('caps the delay', () => {
    const t = new CrashTracker({ baseMs: 100, maxMs: 250, maxCrashes: 10, windowMs: 1000 });
    const delays = [0, 1, 2, 3, 4].map((i) => t.record(i));
    expect(delays).toEqual([100, 200, 250, 250, 250]);
  });
});
