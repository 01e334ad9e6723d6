/**
 * Adding a row to the control table is all it takes for a method to exist on every
 * transport: an HTTP route on the server, a method on the dashboard's HTTP client, an IPC
 * channel with a checked handler, and a named method on the preload bridge. The row below
 * (`echo`) is not in ControlApi; nothing else is written for it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ControlError } from '../../../electron/core/model/errors.ts';
import { CONTROL_TABLE, methodsOf } from '../../../electron/core/control/methods.ts';
import { returns } from '../../../electron/core/control/method-spec.ts';
import type { ControlTable } from '../../../electron/core/control/method-spec.ts';
import type { ControlApi } from '../../../electron/core/control/contract.ts';
import { startServer } from '../../../electron/core/server/create-server.ts';
import type { RunningServer } from '../../../electron/core/server/create-server.ts';
import { channelsFor } from '../../../electron/shell/ipc-channels.ts';
import { createControlHandlers } from '../../../electron/shell/ipc-handlers.ts';
import { buildPreloadApi } from '../../../electron/shell/preload-api.ts';
import { createHttpApi } from '../../../renderer/src/lib/http-api.ts';
import { createRecordingControl } from '../../fixtures/shell/recording-control.ts';

function parseText(value: unknown): string {
  if (typeof value !== 'string' || value.length > 100)
    throw new ControlError('invalid-argument', 'text must be a string of at most 100 characters');
  return value;
}

/** The one addition: a row. */
const EXTENDED = {
  ...CONTROL_TABLE,
  echo: {
    parse: (a: readonly unknown[]) => [parseText(a[0])],
    http: { verb: 'POST', path: '/api/echo', args: [{ in: 'body', name: 'text' }] },
    result: returns<string>(),
  },
} satisfies ControlTable;

type Echo = { echo(text: string): Promise<string> };
const seen: string[] = [];
const control = Object.assign(createRecordingControl(), {
  echo: async (text: string) => {
    seen.push(text);
    return `echo: ${text}`;
  },
});

let server: RunningServer | null = null;
afterAll(async () => {
  await server?.close();
});

describe('a new row in the control table', () => {
  it('is served over HTTP and offered by the HTTP client', async () => {
    const token = 'add-a-method-token-0123456789';
    server = await startServer({ control, token, port: 0, rendererDir: null, table: EXTENDED });
    const api = createHttpApi({ baseUrl: server.url, token, table: EXTENDED }) as unknown as Echo;
    await expect(api.echo('over http')).resolves.toBe('echo: over http');
    await expect(api.echo(5 as never)).rejects.toMatchObject({ code: 'invalid-argument', status: 400 });
    const typo = await fetch(`${server.url}/api/echo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"txt":"x"}',
    });
    expect(typo.status).toBe(400);
    expect(await typo.json()).toEqual({
      error: { code: 'invalid-argument', message: 'unknown field "txt" in the request body; this route takes "text"' },
    });
    expect((await fetch(`${server.url}/api/echo`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect(seen).toEqual(['over http']);
  });

  it('gets an IPC channel, a checked handler and a preload method', async () => {
    const methods = methodsOf(EXTENDED);
    const channels = channelsFor(methods);
    expect(channels.echo).toBe('portwarden:echo');
    const handlers = createControlHandlers(control as unknown as ControlApi, EXTENDED) as Record<
      string,
      (args: unknown[]) => Promise<unknown>
    >;
    const byChannel = new Map(Object.entries(handlers).map(([method, handler]) => [channels[method], handler]));
    const bridge = buildPreloadApi(
      async (channel, ...args) => byChannel.get(channel)!(structuredClone(args)),
      () => () => undefined,
      methods,
    ) as unknown as Echo;
    await expect(bridge.echo('over ipc')).resolves.toBe('echo: over ipc');
    await expect(bridge.echo(['no'] as never)).rejects.toMatchObject({ name: 'ControlError', code: 'invalid-argument' });
    expect(seen).toEqual(['over http', 'over ipc']);
  });
});
