/**
 * Holes an attack run found in the product service (issue 10, items 10 and 13–15), each
 * checked over a real socket: foreign Host / Origin headers (DNS rebinding, another
 * localhost page), invalid UTF-8 bodies, the one error shape for errors raised before a
 * route runs, 405 on known paths, `__proto__` keys, and crossing capacity through POST.
 */
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceptedHostNames } from '../../../electron/product-service/request-guard.ts';
import { post, productHarness } from './harness.ts';

const { dir, start } = productHarness('pw-product-harden-');

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends raw bytes on a fresh connection and parses the one response (the server closes). */
function raw(url: string, bytes: Buffer | string, connectHost = '127.0.0.1'): Promise<RawResponse> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), connectHost);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.end(bytes);
  });
}

/** A complete request with `Connection: close`. */
function request(method: string, path: string, headers: Record<string, string>, body: Buffer | string = ''): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const lines = [
    `${method} ${path} HTTP/1.1`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${b.length}`,
    'Connection: close',
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), b]);
}

/** The documented error shape: exactly {"error": "<non-empty reason>"}. */
function errorOf(r: RawResponse): string {
  const body = JSON.parse(r.body) as Record<string, unknown>;
  expect(Object.keys(body), r.body).toEqual(['error']);
  expect(typeof body.error).toBe('string');
  expect((body.error as string).length).toBeGreaterThan(5);
  return body.error as string;
}

describe('product service: Host and Origin (DNS rebinding, other local pages)', () => {
  it('refuses a foreign Host or Origin with 403 before any route runs, on the fast path too', async () => {
    const products = join(dir, 'host.txt');
    writeFileSync(products, 'A001,Secret,1\n');
    const s = await start({ productsFile: products });
    const port = new URL(s.url).port;

    // A DNS-rebinding page: its own name in Host, our address underneath.
    const rebinding = await raw(s.url, request('GET', '/products/A001', { Host: `rebind.attacker.example:${port}` }));
    expect(rebinding.status).toBe(403);
    expect(errorOf(rebinding)).toMatch(/Host "rebind\.attacker\.example:\d+" is not this server/);
    expect(rebinding.body).not.toContain('Secret');
    // the filter-rejected fast path checks it too
    const fast = await raw(s.url, request('GET', '/products/NOPE', { Host: `evil.example:${port}` }));
    expect(fast.status).toBe(403);
    // the right name with the wrong port is another server
    expect((await raw(s.url, request('GET', '/health', { Host: `localhost:${Number(port) + 1}` }))).status).toBe(403);
    expect((await raw(s.url, request('GET', '/health', {}))).status).toBe(403); // no Host at all

    // A page on another localhost origin posting a rebuild (a CORS "simple request").
    const rebuildsBefore = s.metrics().bloom_rebuilds_total;
    const crossSite = await raw(s.url, request('POST', '/admin/rebuild', { Host: `localhost:${port}`, Origin: 'http://localhost:3000' }));
    expect(crossSite.status).toBe(403);
    expect(errorOf(crossSite)).toMatch(/Origin "http:\/\/localhost:3000" may not use this server/);
    const crossCreate = await raw(
      s.url,
      request(
        'POST',
        '/products',
        { Host: `127.0.0.1:${port}`, Origin: 'null', 'Content-Type': 'application/json' },
        '{"id":"X1","name":"x","price":1}',
      ),
    );
    expect(crossCreate.status).toBe(403);
    expect(s.metrics().bloom_rebuilds_total).toBe(rebuildsBefore);
    expect(s.metrics().requests_created_total).toBe(0);

    // Our own names, with and without our own Origin, pass.
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const ok = await raw(s.url, request('GET', '/products/A001', { Host: host }));
      expect(ok.status, host).toBe(200);
    }
    const sameOrigin = await raw(
      s.url,
      request('POST', '/admin/rebuild', { Host: `localhost:${port}`, Origin: `http://localhost:${port}` }),
    );
    expect(sameOrigin.status).toBe(200);
    expect(s.metrics().bloom_rebuilds_total).toBe(rebuildsBefore + 1);
  });

  it('accepts the bound address and names given on purpose, nothing else', async () => {
    // 127.0.0.2 is a loopback address but not one of the loopback names: it is accepted
    // only because the service is bound to it.
    const s = await start({ host: '127.0.0.2', allowedHosts: ['products.internal'] });
    const port = new URL(s.url).port;
    for (const host of [`127.0.0.2:${port}`, `products.internal:${port}`, `localhost:${port}`]) {
      expect((await raw(s.url, request('GET', '/health', { Host: host }), '127.0.0.2')).status, host).toBe(200);
    }
    expect((await raw(s.url, request('GET', '/health', { Host: `127.0.0.3:${port}` }), '127.0.0.2')).status).toBe(403);
    expect((await raw(s.url, request('GET', '/health', { Host: `other.internal:${port}` }), '127.0.0.2')).status).toBe(403);
    const viaOrigin = await raw(
      s.url,
      request('GET', '/health', { Host: `products.internal:${port}`, Origin: `http://products.internal:${port}` }),
      '127.0.0.2',
    );
    expect(viaOrigin.status).toBe(200);
  });

  it("a wildcard bind accepts this machine's own addresses and name; a specific bind only itself", () => {
    const wildcard = acceptedHostNames('0.0.0.0');
    expect(wildcard.has('127.0.0.1')).toBe(true);
    expect(wildcard.has(hostname().toLowerCase())).toBe(true);
    expect(wildcard.has('evil.example')).toBe(false);
    expect([...acceptedHostNames('10.1.2.3')].sort()).toEqual(['10.1.2.3', '127.0.0.1', '[::1]', 'localhost']);
    expect(acceptedHostNames('::1').has('[::1]')).toBe(true);
  });
});

describe('product service: bodies and errors', () => {
  it('refuses a body that is not valid UTF-8 (400) and stores nothing', async () => {
    const s = await start();
    const port = new URL(s.url).port;
    const body = Buffer.concat([Buffer.from('{"id":"U1","name":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b","price":1}')]);
    const r = await raw(s.url, request('POST', '/products', { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json' }, body));
    expect(r.status).toBe(400);
    expect(errorOf(r)).toBe('body is not valid UTF-8');
    expect((await fetch(`${s.url}/products/U1`)).status).toBe(404);
    // a truncated multi-byte sequence at the very end as well
    const cut = Buffer.concat([Buffer.from('{"id":"U2","name":"é","price":1}'), Buffer.from([0xc3])]);
    expect(
      (await raw(s.url, request('POST', '/products', { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json' }, cut))).status,
    ).toBe(400);
    // valid multi-byte UTF-8 is stored as sent
    expect((await post(s, '/products', JSON.stringify({ id: 'U3', name: 'Crème brûlée ☕', price: 1 }))).status).toBe(201);
    expect(((await (await fetch(`${s.url}/products/U3`)).json()) as { data: { name: string } }).data.name).toBe('Crème brûlée ☕');
  });

  it('answers every error raised before a route runs as {"error": "<reason>"}', async () => {
    const s = await start();
    const port = new URL(s.url).port;
    const host = { Host: `127.0.0.1:${port}` };

    const percent = await raw(s.url, request('GET', '/products/%E0%A4%A', host));
    expect(percent.status).toBe(400);
    expect(errorOf(percent)).toMatch(/percent-encoding/);

    const requestLine = await raw(s.url, 'GARBAGE\r\n\r\n');
    expect(requestLine.status).toBe(400);
    expect(errorOf(requestLine)).toMatch(/malformed HTTP request/);
    const version = await raw(s.url, `GET /health HTTP/9.Z\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(version.status).toBe(400);
    errorOf(version);

    const big = await raw(s.url, request('GET', '/products/X', { ...host, 'X-Big': 'a'.repeat(20_000) }));
    expect(big.status).toBe(431);
    expect(errorOf(big)).toMatch(/headers are larger/);
  });

  it('PUT, DELETE and PATCH on /products/{id} answer 405 with Allow; other known paths too', async () => {
    const s = await start();
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${s.url}/products/P1`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'DELETE' ? undefined : '{}',
      });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect(await res.json()).toEqual({ error: `${method} is not allowed on /products/P1; allowed: GET, HEAD` });
    }
    const list = await fetch(`${s.url}/products`, { method: 'GET' });
    expect(list.status).toBe(405);
    expect(list.headers.get('allow')).toBe('POST');
    expect((await fetch(`${s.url}/admin/rebuild`)).headers.get('allow')).toBe('POST');
    expect((await fetch(`${s.url}/nowhere`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a __proto__ key (and constructor.prototype) saying why', async () => {
    const s = await start();
    for (const body of [
      '{"id":"PR1","name":"n","price":1,"__proto__":{"admin":true}}',
      '{"__proto__":{"x":1},"id":"PR1","name":"n","price":1}',
      '{"id":"PR1","name":"n","price":1,"constructor":{"prototype":{"x":1}}}',
    ]) {
      const r = await post(s, '/products', body);
      expect(r.status, body).toBe(400);
      expect(r.body.error, body).toMatch(
        /^the key "(__proto__|constructor\.prototype)" is not accepted: it could change object prototypes \(prototype pollution\)$/,
      );
    }
    expect((await fetch(`${s.url}/products/PR1`)).status).toBe(404);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('product service: capacity crossed through POST', () => {
  it('grows once, to twice the items (one rebuild, not one per create)', async () => {
    const s = await start({ expectedItems: 20, falsePositiveRate: 0.01 });
    for (let i = 0; i < 30; i++)
      expect((await post(s, '/products', JSON.stringify({ id: `C${i}`, name: 'c', price: 1 }))).status).toBe(201);
    for (let i = 0; i < 200 && (s.metrics().bloom_rebuilds_total === 0 || s.health().bloom_rebuilding); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(s.health().bloom_rebuilding).toBe(false);
    expect(s.metrics().bloom_rebuilds_total).toBe(1);
    // 21 items when the 21st create crossed 20: sized for 42, so 30 creates fit.
    expect(s.bloomStats()).toMatchObject({ expected_items: 42, current_items: 30 });
    for (let i = 0; i < 30; i++) expect((await fetch(`${s.url}/products/C${i}`)).status).toBe(200);
  });
});
