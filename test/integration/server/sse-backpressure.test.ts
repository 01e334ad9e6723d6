/**
 * /api/events clients that never read (issue 10, item 9): during a log flood each one used
 * to cost megabytes that were not given back. Now each client's queue is bounded and a
 * client that falls too far behind is dropped, while a client that reads keeps receiving;
 * and a dropped (or otherwise cut) dashboard stream reconnects and resynchronises from the
 * full state the server sends first. Real server, real control, a real flooding service and
 * real sockets (a python3 process holding 20 connections it never reads).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlEvent } from '../../../electron/core/control/contract.ts';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlRuntime } from '../../../electron/core/control/create-control.ts';
import { startServer } from '../../../electron/core/server/create-server.ts';
import type { RunningServer } from '../../../electron/core/server/create-server.ts';
import { openEventStream } from '../../../renderer/src/lib/event-stream.ts';
import type { ConnectionStatus, EventStreamHandle } from '../../../renderer/src/lib/event-stream.ts';
import { waitFor } from '../../support/processes.ts';

const NEVER_READ = fileURLToPath(new URL('../../fixtures/server/never-read-events.py', import.meta.url));
const TOKEN = 'sse-backpressure-token-0123456789';
const FLOOD = `python3 -c "import sys
while True: sys.stdout.write('flood ' + 'x' * 300 + '\\\\n'); sys.stdout.flush()"`;

let control: ControlRuntime | null = null;
let server: RunningServer | null = null;
let hog: ChildProcess | null = null;
let stream: EventStreamHandle | null = null;

afterEach(async () => {
  stream?.close();
  stream = null;
  hog?.kill('SIGKILL');
  hog = null;
  await server?.close();
  server = null;
  await control?.stop();
  control = null;
});

async function start(maxQueuedEventBytes?: number): Promise<RunningServer> {
  control = createControl({
    config: { services: [{ id: 'flood', command: FLOOD, graceMs: 500 }] } as never,
    persistConfig: () => undefined,
  });
  await control.start();
  server = await startServer({
    control,
    token: TOKEN,
    port: 0,
    rendererDir: null,
    heartbeatMs: 1000,
    ...(maxQueuedEventBytes ? { limits: { maxQueuedEventBytes } } : {}),
  });
  return server;
}

/** The dashboard's own event-stream client (renderer/src/lib/event-stream.ts) on Node's fetch. */
function dashboardStream(s: RunningServer, events: ControlEvent[], statuses: ConnectionStatus['kind'][]): EventStreamHandle {
  return openEventStream({
    url: `${s.url}/api/events`,
    headers: { Authorization: `Bearer ${TOKEN}` },
    fetch,
    onEvent: (e) => events.push(e),
    onStatus: (st) => statuses.push(st.kind),
    minRetryMs: 100,
    maxRetryMs: 500,
  });
}

describe('event-stream clients that never read', () => {
  it('are dropped once they fall behind by the bound, while a reading client keeps receiving', async () => {
    const s = await start();
    const events: ControlEvent[] = [];
    stream = dashboardStream(s, events, []);
    await waitFor(() => events.some((e) => e.type === 'state'), 10_000, 'the reader got state');

    hog = spawn('python3', [NEVER_READ, String(s.port), TOKEN, '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    hog.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('ready 20') && s.openStreams() === 21, 10_000, '20 never-reading streams open');

    await control!.startService('flood');
    // Each log line is an event to every client; a client that reads nothing falls 256 KB
    // behind within seconds and is dropped.
    await waitFor(() => s.droppedStreams() === 20, 30_000, 'all 20 never-reading clients dropped');
    expect(s.openStreams()).toBe(1);
    const before = events.filter((e) => e.type === 'log').length;
    await waitFor(() => events.filter((e) => e.type === 'log').length > before + 100, 10_000, 'the reader still receiving');
    await control!.stopService('flood');
  });

  it('a stream that is cut reconnects and resynchronises from a full state', async () => {
    const s = await start();
    const events: ControlEvent[] = [];
    const statuses: ConnectionStatus['kind'][] = [];
    stream = dashboardStream(s, events, statuses);
    await waitFor(() => events.some((e) => e.type === 'state'), 10_000, 'first state');
    const firstStates = events.filter((e) => e.type === 'state').length;
    s.closeStreams();
    await waitFor(() => statuses.includes('reconnecting'), 5000, 'reconnecting');
    await waitFor(
      () => events.filter((e) => e.type === 'state').length > firstStates && s.openStreams() === 1,
      10_000,
      'a new full state after reconnecting',
    );
    expect(statuses.at(-1)).toBe('open');
  });
});
