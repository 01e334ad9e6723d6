/** Plain contract values for renderer tests (data, not mocks: the shapes the server sends). */
import type { ControlState, ListenerView, PortState, ServiceState } from '../../../electron/core/control/contract.ts';

export const NOW = 1_700_000_000_000;

export function listener(over: Partial<ListenerView> = {}): ListenerView {
  return {
    port: 8000,
    address: '0.0.0.0',
    family: 'IPv4',
    pid: 4121,
    name: 'python3',
    command: 'python3 -m http.server 8000',
    user: 'dev',
    ppid: 1,
    startedAt: NOW - 3 * 3_600_000,
    cwd: null,
    project: null,
    behind: null,
    orphanedSocket: null,
    startTime: null,
    managed: false,
    expected: null,
    partyPid: over.pid === undefined ? 4121 : over.pid,
    unit: null,
    container: null,
    ...over,
  };
}

export function portState(over: Partial<PortState> = {}): PortState {
  return {
    port: 8000,
    name: 'api',
    service: 'api',
    owner: null,
    logFile: null,
    status: 'ok',
    conflicts: [],
    listeners: [],
    health: null,
    ...over,
  };
}

export function serviceState(over: Partial<ServiceState> = {}): ServiceState {
  return {
    id: 'api',
    command: 'node server.js',
    cwd: '/srv/api',
    port: 8000,
    status: 'running',
    pid: 5000,
    startedAt: NOW - 60_000,
    restarts: 0,
    autoRestart: true,
    lastExit: null,
    nextRestartAt: null,
    blockedBy: null,
    ...over,
  };
}

export function controlState(over: Partial<ControlState> = {}): ControlState {
  return {
    overall: 'ok',
    overallText: 'All watched ports OK',
    critical: [],
    paused: false,
    pollIntervalMs: 1000,
    updatedAt: NOW,
    observedAt: NOW,
    ports: [portState()],
    services: [serviceState()],
    productService: null,
    ...over,
  };
}
