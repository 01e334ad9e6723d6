/**
 * The loopback HTTP probe behind "Open in browser", against real sockets: an HTTP server
 * answers true, a socket that closes or says something else answers false, a silent one
 * times out as false; each process is probed once, and only loopback is ever contacted.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { answersHttp, HttpProbeCache, loopbackFor } from '../../../electron/core/listeners/http-probe.ts';
import type { ListenerRecord } from '../../../electron/core/model/ports.ts';

const closers: (() => void)[] = [];
afterAll(() => closers.forEach((c) => c()));

async function listen(server: ReturnType<typeof createServer> | ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

describe('answersHttp', () => {
  it('is true for an HTTP server and false for sockets that do not speak HTTP', async () => {
    let requests = 0;
    const http = await listen(createHttpServer((_q, s) => (requests++, s.end('ok'))));
    const closes = await listen(createServer((c) => c.end()));
    const redisLike = await listen(createServer((c) => c.end('-ERR unknown command\r\n')));
    const silent = await listen(createServer(() => undefined));
    expect(await answersHttp('127.0.0.1', http)).toBe(true);
    expect(requests).toBe(1);
    expect(await answersHttp('127.0.0.1', closes)).toBe(false);
    expect(await answersHttp('127.0.0.1', redisLike)).toBe(false);
    expect(await answersHttp('127.0.0.1', silent, 300)).toBe(false);
  });
});

describe('HttpProbeCache', () => {
  const rec = (over: Partial<ListenerRecord>): ListenerRecord => ({
    port: 1,
    address: '127.0.0.1',
    family: 'IPv4',
    pid: 7,
    name: 'node',
    command: null,
    user: null,
    ppid: null,
    startedAt: 5,
    cwd: null,
    project: null,
    behind: null,
    orphanedSocket: null,
    ...over,
  });

  it('probes a process once, again only when another process holds the port', async () => {
    const asked: string[] = [];
    let answered = 0;
    const cache = new HttpProbeCache(
      () => answered++,
      async (host, port) => (asked.push(`${host}:${port}`), true),
    );
    expect(cache.answer(rec({ port: 3000 }), true)).toBeNull();
    expect(cache.answer(rec({ port: 3000 }), true)).toBeNull();
    await new Promise((r) => setTimeout(r, 10));
    expect(cache.answer(rec({ port: 3000 }), true)).toBe(true);
    expect(cache.answer(rec({ port: 3000, pid: 8 }), true)).toBeNull();
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toEqual(['127.0.0.1:3000', '127.0.0.1:3000']);
    expect(answered).toBe(2);
    // Not a dev server: not probed at all.
    expect(cache.answer(rec({ port: 22 }), false)).toBeNull();
    expect(cache.pending()).toBe(0);
  });

  it('contacts loopback only', () => {
    expect(loopbackFor({ address: '0.0.0.0', family: 'IPv4' })).toBe('127.0.0.1');
    expect(loopbackFor({ address: '::', family: 'IPv6' })).toBe('::1');
    expect(loopbackFor({ address: '::1', family: 'IPv6' })).toBe('::1');
    expect(loopbackFor({ address: '192.168.1.5', family: 'IPv4' })).toBeNull();
    expect(loopbackFor({ address: 'fe80::1', family: 'IPv6' })).toBeNull();
  });
});
