/**
 * /api/events read with fetch() and a stream reader (EventSource cannot send the
 * Authorization header), parsed with sse.ts, reconnecting with capped backoff. The server
 * sends a full `state` event first on every connection, so a reconnect resynchronises.
 */
import type { ControlEvent } from '../../../electron/core/control/contract.ts';
import { createSseParser } from './sse.ts';
import { messageOf } from '../../../electron/core/control/contract.ts';

export type ConnectionStatus =
  | { kind: 'connecting' }
  | { kind: 'open' }
  /** Lost; trying again at `retryAt` (epoch ms). */
  | { kind: 'reconnecting'; retryAt: number; reason: string }
  /** 401: retrying cannot help until the user opens the right URL. */
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'forbidden'; reason: string };

export interface EventStreamOptions {
  url: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
  onEvent(event: ControlEvent): void;
  onStatus(status: ConnectionStatus): void;
  /** First retry delay; doubles per failed attempt up to maxRetryMs. */
  minRetryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
}

export interface EventStreamHandle {
  close(): void;
}

export function openEventStream(options: EventStreamOptions): EventStreamHandle {
  const minRetry = options.minRetryMs ?? 500;
  const maxRetry = options.maxRetryMs ?? 10_000;
  const now = options.now ?? Date.now;
  let closed = false;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let delay = minRetry;

  function retry(reason: string, serverRetry: number | null): void {
    if (closed) return;
    const wait = serverRetry ?? delay;
    delay = Math.min(delay * 2, maxRetry);
    options.onStatus({ kind: 'reconnecting', retryAt: now() + wait, reason });
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, wait);
  }

  async function connect(): Promise<void> {
    if (closed) return;
    controller = new AbortController();
    options.onStatus({ kind: 'connecting' });
    const parser = createSseParser();
    let res: Response;
    try {
      res = await options.fetch(options.url, {
        headers: { ...options.headers, Accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
    } catch (error) {
      return retry(`cannot reach the server (${messageOf(error)})`, null);
    }
    if (res.status === 401) {
      options.onStatus({ kind: 'unauthorized', reason: 'the server rejected the access token' });
      return;
    }
    if (res.status === 403) {
      options.onStatus({ kind: 'forbidden', reason: 'the server refused this origin' });
      return;
    }
    if (!res.ok || !res.body) return retry(`the server answered ${res.status}`, null);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let opened = false;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const message of parser.push(value)) {
          let event: ControlEvent;
          try {
            event = JSON.parse(message.data) as ControlEvent;
          } catch {
            continue; // a malformed message must not end the stream
          }
          if (!opened) {
            opened = true;
            delay = minRetry;
            options.onStatus({ kind: 'open' });
          }
          options.onEvent(event);
        }
      }
    } catch (error) {
      if (closed) return;
      return retry(`the event stream broke (${messageOf(error)})`, parser.retryMs());
    }
    retry('the server closed the event stream', parser.retryMs());
  }

  void connect();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
    },
  };
}
