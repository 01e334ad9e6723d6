/**
 * GET /api/events: server-sent events. The first message is a `state` event; then every
 * ControlEvent as `data: <json>`; a comment line every 15 s keeps proxies and the browser's
 * stream reader from timing out. The subscription and the timer end when the client goes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlApi } from '../control/contract.ts';

export const HEARTBEAT_MS = 15_000;
/** A client that stops reading is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export class EventStreams {
  private readonly open = new Set<ServerResponse>();

  get count(): number {
    return this.open.size;
  }

  async attach(control: ControlApi, req: IncomingMessage, res: ServerResponse, heartbeatMs = HEARTBEAT_MS): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    this.open.add(res);
    const send = (payload: unknown): void => {
      if (res.writableEnded || res.destroyed) return;
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        res.destroy();
        return;
      }
      res.write(`data: ${JSON.stringify(payload)}\n\n`);
    };
    // Subscribe before reading the state so no event between the two is lost.
    const queued: unknown[] = [];
    let ready = false;
    const unsubscribe = control.subscribe((event) => {
      if (ready) send(event);
      else queued.push(event);
    });
    const heartbeat = setInterval(() => {
      if (!res.writableEnded) res.write(': ping\n\n');
    }, heartbeatMs);
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
      send({ type: 'state', at: state.updatedAt, state });
    } catch {
      // keep the stream; the next event brings state
    }
    ready = true;
    for (const event of queued) send(event);
    res.write(': connected\n\n');
  }

  /** End every open stream (server shutdown). */
  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
