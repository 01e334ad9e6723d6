import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { createNetlinkFingerprint } from '../../../electron/core/platform/netlink-fingerprint.ts';
import type { FingerprintSource } from '../../../electron/core/platform/netlink-fingerprint.ts';
import { waitUntilZombieSync } from '../../support/processes.ts';

let source: FingerprintSource | null = null;
const servers: Server[] = [];
afterEach(async () => {
  source?.close();
  source = null;
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ port, host, ipv6Only: host.includes(':') }, () => {
      servers.push(s);
      resolve(s);
    });
  });
}

describe.runIf(process.platform === 'linux')('netlink fingerprint', () => {
  it('changes when a listener on a watched port appears, is replaced, or goes; ignores other ports', async () => {
    source = createNetlinkFingerprint();
    const a = await listen(0, '127.0.0.1');
    const port = (a.address() as { port: number }).port;
    const fp1 = await source.read([port]);
    expect(fp1).toMatch(new RegExp(`^${port} 7f000001 \\d+ \\d+\\n$`));
    const other = await listen(0, '127.0.0.1');
    expect(await source.read([port])).toBe(fp1);
    await listen(port, '::1');
    const fp2 = await source.read([port]);
    expect(fp2).not.toBe(fp1);
    expect(fp2).toContain(`${port} 00000000000000000000000000000001 `);
    await new Promise((r) => a.close(r));
    servers.splice(servers.indexOf(a), 1);
    const fp3 = await source.read([port]);
    expect(fp3).not.toContain('7f000001');
    // Same address again: a new socket, a new inode, so a different fingerprint than fp2.
    await listen(port, '127.0.0.1');
    const fp4 = await source.read([port]);
    expect(fp4).not.toBe(fp2);
    expect(fp4!.split('\n').length).toBe(fp2!.split('\n').length);
    void other;
  });

  it('a read sent to a helper that just died is "can\'t tell" (EPIPE handled), then it is respawned', async () => {
    source = createNetlinkFingerprint();
    const a = await listen(0, '127.0.0.1');
    const port = (a.address() as { port: number }).port;
    const before = await source.read([port]);
    const first = source.pid()!;
    process.kill(first, 'SIGKILL');
    waitUntilZombieSync(first);
    expect(await source.read([port])).toBeNull();
    expect(await source.read([port])).toBe(before);
  });

  it('a killed helper is respawned on the next read', async () => {
    source = createNetlinkFingerprint();
    const a = await listen(0, '127.0.0.1');
    const port = (a.address() as { port: number }).port;
    const before = await source.read([port]);
    const first = source.pid()!;
    process.kill(first, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    // The read that meets the dead helper may say "can't tell" (null), never a stale value.
    const during = await source.read([port]);
    expect(during === null || during === before).toBe(true);
    const after = await source.read([port]);
    expect(after).toBe(before);
    expect(source.pid()).not.toBe(first);
  });

  it('is null (not a false "unchanged") when perl is missing', async () => {
    source = createNetlinkFingerprint({ perl: '/nonexistent/perl' });
    expect(await source.read([80])).toBeNull();
    expect(await source.read([80])).toBeNull();
  });
});
