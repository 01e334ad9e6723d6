/**
 * GET /api/events: server-sent events. The first message is a `state` event; then every
 * ControlEvent as `data: <json>`; a comment line every 15 s keeps proxies and the browser's
 * stream reader from timing out. The subscription and the timer end when the client goes.
 *
 * A client that stops reading (a stalled tab, a socket someone opened and never reads) must
 * not make us hold everything sent to it: what the kernel cannot take waits in the
 * response's buffer, and once that queue passes `maxQueuedBytes` the client is dropped (its
 * socket destroyed, its buffer freed). The dashboard reconnects by itself and the first
 * message of the new stream is the full state (renderer/src/lib/event-stream.ts), so a
 * dropped client resynchronises. Each event is serialized once, however many clients
 * there are.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlApi, ControlEvent } from '../control/contract.ts';

export const HEARTBEAT_MS = 15_000;
/** Bytes a client may fall behind by before it is dropped (a state event is a few KB; a log line at most ~4 KB). */
export const MAX_QUEUED_BYTES = 256 * 1024;

/** `data: <json>\n\n` per event object, made once and shared by every client. */
const frames = new WeakMap<object, string>();

function frame(event: ControlEvent): string {
  let text = frames.get(event);
  if (text === undefined) {
    text = `data: ${JSON.stringify(event)}\n\n`;
    frames.set(event, text);
  }
  return text;
}

export interface EventStreamOptions {
  heartbeatMs?: number;
  maxQueuedBytes?: number;
}

export class EventStreams {
  private readonly open = new Set<ServerResponse>();
  /** Clients dropped for falling behind, since start (tests, diagnostics). */
  dropped = 0;

  get count(): number {
    return this.open.size;
  }

  async attach(control: ControlApi, req: IncomingMessage, res: ServerResponse, options: EventStreamOptions = {}): Promise<void> {
    const maxQueued = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    this.open.add(res);
    /** Write unless the client is too far behind; then drop it. */
    const write = (text: string): void => {
      if (res.writableEnded || res.destroyed) return;
      if (res.writableLength >= maxQueued) {
        this.dropped += 1;
        res.destroy();
        return;
      }
      res.write(text);
    };
    // Subscribe before reading the state so no event between the two is lost.
    const queued: ControlEvent[] = [];
    let ready = false;
    const unsubscribe = control.subscribe((event) => {
      if (ready) write(frame(event));
      else if (queued.length < 1000) queued.push(event);
    });
    const heartbeat = setInterval(() => write(': ping\n\n'), options.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    const cleanup = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(res);
    };
    req.once('close', cleanup);
    res.once('close', cleanup);
    try {
      const state = await control.getState();
      write(frame({ type: 'state', at: state.updatedAt, state }));
    } catch {
      // keep the stream; the next event brings state
    }
    ready = true;
    for (const event of queued.splice(0)) write(frame(event));
    write(': connected\n\n');
  }

  /** End every open stream (server shutdown). */
  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
