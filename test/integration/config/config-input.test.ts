/**
 * Config input that could never work is refused with a message, through the API and in the
 * file (issue 10, items 6 and 7): JSON nested 10,000 levels deep (it overflowed the stack:
 * 500, and a stack trace with exit 1 from serve) and NUL bytes in a service's command, env
 * or cwd (accepted, then every start failed with 503). Real `portwarden serve` processes.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, stopAllServes } from '../../support/serve-process.ts';

let dir = '';
afterEach(async () => {
  await stopAllServes();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

/** `{"x":{"x":…1…}}` nested `depth` levels, as text (JSON.stringify would recurse). */
const deepObject = (depth: number, leaf = '1') => `${'{"x":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
const deepEnv = (depth: number) => `{"services":[{"id":"a","command":"true","env":${deepObject(depth, '"v"')}}]}`;

async function serveIn(config: string | null) {
  dir = await mkdtemp(join(tmpdir(), 'pw-input-'));
  if (config !== null) await writeFile(join(dir, 'portwarden.json'), config);
  return startServe([], { cwd: dir });
}

const putConfig = (serve: Awaited<ReturnType<typeof serveIn>>, body: string) =>
  serve.api('/api/config', { method: 'PUT', headers: { 'content-type': 'application/json' }, body });

describe('deeply nested JSON (10,000 levels)', () => {
  it('PUT /api/config answers 400 with a message and leaves the file alone', async () => {
    const serve = await serveIn('{"pollIntervalMs": 1000}\n');
    for (const body of [deepObject(10_000), deepEnv(10_000)]) {
      const res = await putConfig(serve, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
        'request body nests objects or arrays more than 64 levels deep',
      );
    }
    // Another route with a body, too: refused before any handler walks it.
    const pause = await serve.api('/api/pause', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deepObject(10_000),
    });
    expect(pause.status).toBe(400);
    expect(readFileSync(join(dir, 'portwarden.json'), 'utf8')).toBe('{"pollIntervalMs": 1000}\n');
    expect((await serve.api('/api/state')).status).toBe(200);
  });

  it('the same config file: serve exits 2 with a message, no stack trace, nothing started', async () => {
    for (const config of [deepObject(10_000), deepEnv(10_000)]) {
      const serve = await serveIn(config);
      expect(await serve.exit).toBe(2);
      expect(serve.err()).toContain('config nests objects or arrays more than 64 levels deep');
      expect(serve.err()).toContain('nothing was started');
      expect(serve.err()).not.toMatch(/RangeError|\n\s+at /);
      expect(serve.out()).toBe('');
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('NUL bytes in what reaches spawn()', () => {
  const cases: [string, unknown, string][] = [
    ['command', { id: 'n', command: 'echo a\u0000b' }, 'services[0].command contains a NUL byte'],
    ['an env value', { id: 'n', command: 'true', env: { A: 'x\u0000y' } }, 'services[0].env.A contains a NUL byte'],
    ['an env name', { id: 'n', command: 'true', env: { 'A\u0000B': 'x' } }, 'services[0].env has a key that contains a NUL byte'],
    ['cwd', { id: 'n', command: 'true', cwd: '/tmp\u0000/x' }, 'services[0].cwd contains a NUL byte'],
  ];

  it.each(cases)('PUT /api/config with a NUL in %s: 400 naming the field, nothing saved', async (_what, service, message) => {
    const serve = await serveIn('{}\n');
    const res = await putConfig(serve, JSON.stringify({ services: [service] }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(message);
    expect(readFileSync(join(dir, 'portwarden.json'), 'utf8')).toBe('{}\n');
    expect(((await (await serve.api('/api/state')).json()) as { services: unknown[] }).services).toEqual([]);
  });

  it('the same in the config file: serve exits 2 naming the field', async () => {
    const serve = await serveIn(JSON.stringify({ services: [{ id: 'n', command: 'echo a\u0000b', autoStart: true }] }));
    expect(await serve.exit).toBe(2);
    expect(serve.err()).toContain('services[0].command contains a NUL byte (\\u0000)');
    expect(serve.out()).toBe('');
  });
});
