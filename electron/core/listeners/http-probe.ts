/**
 * "Open in browser" is offered only for a port that answers HTTP on loopback. Each process's
 * port is probed once (one connection, `HEAD /`, the first bytes must be an HTTP status
 * line) and the answer cached for as long as that process holds it. Only loopback is ever
 * contacted: a listener on a specific non-loopback address is not probed.
 */
import { createConnection } from 'node:net';
import type { ListenerRecord } from '../model/ports.ts';

const PROBE_TIMEOUT_MS = 600;
/** Probes running at once, so a view of 200 listeners never opens 200 sockets together. */
const PROBE_CONCURRENCY = 4;
const MAX_CACHED = 2048;

/** The loopback address that reaches `row`'s socket, or null when none does. */
export function loopbackFor(row: Pick<ListenerRecord, 'address' | 'family'>): string | null {
  if (row.family === 'IPv4') return row.address === '0.0.0.0' || row.address.startsWith('127.') ? '127.0.0.1' : null;
  return row.address === '::' || row.address === '::1' ? '::1' : null;
}

/** One HTTP request to host:port: true when the answer starts with an HTTP status line. */
export function answersHttp(host: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    let got = '';
    let done = false;
    const socket = createConnection({ host, port });
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding('latin1');
    socket.once('connect', () =>
      socket.write(`HEAD / HTTP/1.1\r\nHost: ${host.includes(':') ? `[${host}]` : host}:${port}\r\nConnection: close\r\n\r\n`),
    );
    socket.on('data', (chunk: string) => {
      got += chunk;
      if (got.length >= 12 || got.includes('\n')) finish(/^HTTP\/\d(?:\.\d)? \d{3}/.test(got));
    });
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(/^HTTP\/\d(?:\.\d)? \d{3}/.test(got)));
  });
}

type Key = string;

/** Answers by process and port; probes started in the background, `http` null until known. */
export class HttpProbeCache {
  private readonly answers = new Map<Key, boolean>();
  private readonly queue: { key: Key; host: string; port: number }[] = [];
  private readonly queued = new Set<Key>();
  private running = 0;
  private readonly probe: (host: string, port: number) => Promise<boolean>;
  private readonly onAnswer: () => void;

  constructor(onAnswer: () => void = () => undefined, probe: (host: string, port: number) => Promise<boolean> = answersHttp) {
    this.onAnswer = onAnswer;
    this.probe = probe;
  }

  /** Same pid and start time = same process; a restarted server is probed again. */
  private keyOf(row: ListenerRecord, host: string): Key {
    return `${row.pid}:${row.startedAt}:${host}:${row.port}`;
  }

  /** The cached answer for `row` (null: not known yet, or not probed); queues a probe when needed. */
  answer(row: ListenerRecord, probeIt: boolean): boolean | null {
    const host = loopbackFor(row);
    if (host === null || row.pid === null) return null;
    const key = this.keyOf(row, host);
    const known = this.answers.get(key);
    if (known !== undefined) return known;
    if (probeIt && !this.queued.has(key)) {
      this.queued.add(key);
      this.queue.push({ key, host, port: row.port });
      this.pump();
    }
    return null;
  }

  /** Probes still to answer (tests wait on it). */
  pending(): number {
    return this.queued.size;
  }

  private pump(): void {
    while (this.running < PROBE_CONCURRENCY && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running += 1;
      void this.probe(job.host, job.port)
        .catch(() => false)
        .then((ok) => {
          this.running -= 1;
          this.queued.delete(job.key);
          if (this.answers.size >= MAX_CACHED) this.answers.delete(this.answers.keys().next().value!);
          this.answers.set(job.key, ok);
          this.onAnswer();
          this.pump();
        });
    }
  }
}
