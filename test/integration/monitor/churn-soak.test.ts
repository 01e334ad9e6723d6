/**
 * Churn soak (bounded, ~30 s): 200 short-lived rogue processes bind watched service ports
 * and exit, with a fast poll. Every bind must produce exactly one conflict-detected and one
 * conflict-resolved event, and nothing may leak: no child processes, timers or subscribers
 * left behind, memory roughly flat.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createControl } from '../../../electron/core/control/create-control.ts';
import type { ControlEvent } from '../../../electron/core/control/contract.ts';
import type { PortwardenConfig } from '../../../electron/core/model/config.ts';
import { alive, childrenOf, waitFor } from '../../support/processes.ts';
import { unusedPort } from '../../support/unused-port.ts';

const PORTS = 10;
const ROUNDS = 20; // 10 ports × 20 = 200 rogue binds
const LIFETIME_S = 1.2;
const GAP_MS = 300;

function timers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

/**
 * One rogue: binds the port, holds it until `release` resolves (at least LIFETIME_S), exits.
 * Resolves with its pid after exit. perl (always on Debian, ~10 ms to start) rather than
 * python3 so 200 of them fit the soak. It holds the port until the monitor has reported it
 * (bounded): on a machine under load a poll can take longer than a fixed lifetime, and a bind
 * nobody could see is not what this test is about (trial R1: a poll of 1.37 s at load 20
 * missed a 1.2 s rogue). Exactly one event each, and no leak, is.
 */
function rogue(port: number, seen: (pid: number) => Promise<void>): Promise<number> {
  // SO_REUSEADDR as every server sets it: without it a client socket of another test in
  // TIME_WAIT on this (ephemeral-range) port makes the bind fail; a listener still refuses it.
  const script = `socket(S,PF_INET,SOCK_STREAM,0) or die; setsockopt(S,SOL_SOCKET,SO_REUSEADDR,1) or die; bind(S, pack_sockaddr_in(${port}, inet_aton("127.0.0.1"))) or die "bind: $!"; listen(S,5) or die; select(undef,undef,undef,${LIFETIME_S}); <STDIN>`;
  const child = spawn('perl', ['-MSocket', '-e', script], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  void seen(child.pid!).finally(() => child.stdin!.end());
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(child.pid!) : reject(new Error(`rogue on ${port} exited ${code}`))));
  });
}

describe('churn soak', () => {
  it('200 rogue binds → exactly one detected and one resolved event each; nothing leaks', { timeout: 240_000 }, async () => {
    const ports: number[] = [];
    for (let i = 0; i < PORTS; i++) ports.push(await unusedPort());
    const config = {
      pollIntervalMs: 100,
      ports: ports.map((port, i) => ({ port, service: `svc${i}` })),
      services: ports.map((port, i) => ({ id: `svc${i}`, command: 'true', port })),
    } as unknown as PortwardenConfig;
    const timersBefore = timers();
    const control = createControl({ config, persistConfig: () => undefined });
    const events: ControlEvent[] = [];
    const unsubscribe = control.subscribe((e) => events.push(e));
    await control.start();

    const pidsByPort = new Map<number, number[]>(ports.map((p) => [p, []]));
    let heapMid = 0;
    await Promise.all(
      ports.map(async (port, i) => {
        await new Promise((r) => setTimeout(r, i * 97)); // stagger the ports
        for (let round = 0; round < ROUNDS; round++) {
          // Released once its conflict was reported (or after 15 s: then the check below fails).
          const reported = (pid: number) =>
            waitFor(
              () => events.some((e) => e.type === 'conflict-detected' && e.port === port && e.conflict.pids.includes(pid)) || undefined,
              15_000,
              `the conflict of ${pid}`,
            ).then(
              () => undefined,
              () => undefined,
            );
          pidsByPort.get(port)!.push(await rogue(port, reported));
          if (i === 0 && round === ROUNDS / 2) heapMid = process.memoryUsage().heapUsed;
          await new Promise((r) => setTimeout(r, GAP_MS));
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 500)); // last polls
    const heapEnd = process.memoryUsage().heapUsed;
    console.log(JSON.stringify(control.monitorStats()));

    for (const port of ports) {
      const pids = pidsByPort.get(port)!;
      const detected = events.filter((e) => e.type === 'conflict-detected' && e.port === port);
      const resolved = events.filter((e) => e.type === 'conflict-resolved' && e.port === port);
      expect(
        detected.map((e) => (e.type === 'conflict-detected' ? e.conflict.pids : [])),
        `port ${port} detected`,
      ).toEqual(pids.map((p) => [p]));
      expect(
        resolved.map((e) => (e.type === 'conflict-resolved' ? e.conflict.pids : [])),
        `port ${port} resolved`,
      ).toEqual(pids.map((p) => [p]));
    }
    const total = events.filter((e) => e.type === 'conflict-detected').length;
    expect(total).toBe(PORTS * ROUNDS);
    const state = await control.getState();
    expect(state.ports.every((p) => p.status === 'down' && p.conflicts.length === 0)).toBe(true);

    unsubscribe();
    await control.stop();
    // Nothing left running: no children of ours, every rogue gone. stop() ends the helper
    // shell and the netlink helper by signal; on a loaded machine they take a moment to be
    // reaped, so wait for it (bounded) instead of assuming 200 ms is enough. A child that is
    // still there after 10 s is a leak, and the assertion below names it.
    await waitFor(() => childrenOf(process.pid).length === 0 || undefined, 10_000, 'our children to exit').catch(() => undefined);
    expect(childrenOf(process.pid)).toEqual([]);
    expect([...pidsByPort.values()].flat().filter(alive)).toEqual([]);
    // No poll or health timer left behind.
    expect(timers()).toBeLessThanOrEqual(timersBefore);
    // Memory roughly flat over the second half (generous: GC timing varies).
    expect(heapEnd - heapMid).toBeLessThan(40 * 1024 * 1024);
    console.log(
      JSON.stringify({ binds: total, heapMidMB: Math.round(heapMid / 1e6), heapEndMB: Math.round(heapEnd / 1e6), events: events.length }),
    );
  });
});
