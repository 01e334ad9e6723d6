/**
 * The overall level (monitor/overall.ts) and the ControlState derived from the facts of one
 * moment (control/control-state.ts): pure functions, every level and the order between them.
 */
import { describe, expect, it } from 'vitest';
import { deriveOverall } from '../../../electron/core/monitor/overall.ts';
import { blockedBy, deriveControlState } from '../../../electron/core/control/control-state.ts';
import type { PortState, PortStatus, ServiceState } from '../../../electron/core/control/contract.ts';
import { listener, portState, service } from '../../fixtures/shell/states.ts';

const ports = (...statuses: PortStatus[]) => statuses.map((status) => ({ status }));

describe('deriveOverall', () => {
  it('is ok only when every watched port is ok or free and nothing is critical', () => {
    expect(deriveOverall(ports('ok', 'free'), 0, false)).toMatchObject({ level: 'ok', text: 'All watched ports OK' });
    expect(deriveOverall([], 0, false)).toMatchObject({ level: 'ok', text: 'No ports watched' });
  });

  it('a port down or unhealthy is degraded, never ok', () => {
    expect(deriveOverall(ports('ok', 'down'), 0, false)).toMatchObject({ level: 'degraded', text: '1 port down or unhealthy' });
    expect(deriveOverall(ports('unhealthy', 'down'), 0, false)).toMatchObject({ level: 'degraded', text: '2 ports down or unhealthy' });
  });

  it('a critical diagnostic is worse than a port down', () => {
    expect(deriveOverall(ports('down', 'unhealthy'), 5, false)).toMatchObject({ level: 'critical', text: '5 critical problems' });
    expect(deriveOverall(ports('ok'), 1, false)).toMatchObject({ level: 'critical', text: '1 critical problem' });
  });

  it('a conflict is the worst of all', () => {
    expect(deriveOverall(ports('conflict', 'down', 'conflict'), 3, false)).toMatchObject({
      level: 'conflict',
      text: '2 ports in conflict',
      conflictPorts: 2,
      degradedPorts: 1,
      critical: 3,
    });
  });

  it('paused says only that: nothing is judged while monitoring is off', () => {
    expect(deriveOverall(ports('conflict'), 3, true)).toMatchObject({ level: 'paused', text: 'Monitoring paused' });
  });
});

describe('deriveControlState', () => {
  const base = {
    critical: [] as string[],
    paused: false,
    pollIntervalMs: 1000,
    now: 1,
    observedAt: 1,
    productService: null,
    elevated: false,
  };

  it('a service is blocked by a process only while that process holds its port', () => {
    const looping: ServiceState = service('db', 44001, { status: 'bind-loop', pid: null });
    const held: PortState = portState(44001, {
      service: 'db',
      status: 'conflict',
      listeners: [listener(44001, 25667, 'python3')],
      conflicts: [{ kind: 'bind-loop', source: 'service-exited', detail: 'x', pids: [25667] }],
    });
    expect(blockedBy(looping, [held])).toBe('python3 (pid 25667) holds 44001');
    const freed = portState(44001, { service: 'db', status: 'down' });
    expect(blockedBy(looping, [freed])).toBeNull();
    const state = deriveControlState({ ...base, ports: [freed], services: [{ ...looping, blockedBy: 'python3 (pid 25667) holds 44001' }] });
    expect(state.services[0]!.blockedBy).toBeNull();
    expect(state.overall).toBe('degraded');
  });

  it('carries the level, its words and the critical checks the tray and header show', () => {
    const state = deriveControlState({
      ...base,
      ports: [portState(1, { status: 'ok' })],
      services: [],
      critical: ['service:x:env:KEY: service x needs KEY, which is not set'],
    });
    expect(state).toMatchObject({
      overall: 'critical',
      overallText: '1 critical problem',
      critical: ['service:x:env:KEY: service x needs KEY, which is not set'],
    });
  });
});
