import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../electron/core/control/contract.ts';
import { controlState, NOW, portState } from '../test-support/fixtures.ts';
import { dashboardReducer, initialDashboardState, isTransition, MAX_LOG_LINES } from './dashboard-state.ts';

const conflict = { kind: 'foreign-owner' as const, detail: 'python3 (pid 4121) holds 8000, which belongs to service api', pids: [4121] };

describe('dashboardReducer', () => {
  it('replaces everything on a state event', () => {
    const s = dashboardReducer(initialDashboardState, { type: 'event', event: { type: 'state', at: NOW, state: controlState() } });
    expect(s.control?.ports[0].port).toBe(8000);
  });

  it('marks a port in conflict and lists the conflict once, then removes it when resolved', () => {
    let s = dashboardReducer(initialDashboardState, { type: 'state', state: controlState() });
    const detected = { type: 'event' as const, event: { type: 'conflict-detected' as const, at: NOW, port: 8000, conflict } };
    s = dashboardReducer(dashboardReducer(s, detected), detected);
    expect(s.control?.ports[0].status).toBe('conflict');
    expect(s.control?.ports[0].conflicts).toEqual([conflict]);
    expect(s.activity[0]).toMatchObject({ tone: 'bad' });
    s = dashboardReducer(s, { type: 'event', event: { type: 'conflict-resolved', at: NOW + 1, port: 8000, conflict } });
    expect(s.control?.ports[0].conflicts).toEqual([]);
    expect(s.activity[0].text).toContain('Resolved on 8000');
  });

  it('records service starts and exits', () => {
    let s = dashboardReducer(initialDashboardState, { type: 'state', state: controlState() });
    s = dashboardReducer(s, { type: 'event', event: { type: 'service-exited', at: NOW, serviceId: 'api', code: 1, signal: null } });
    expect(s.control?.services[0]).toMatchObject({ pid: null, lastExit: { code: 1, signal: null, at: NOW } });
    s = dashboardReducer(s, { type: 'event', event: { type: 'service-started', at: NOW + 5, serviceId: 'api', pid: 6000 } });
    expect(s.control?.services[0]).toMatchObject({ pid: 6000, status: 'running', startedAt: NOW + 5 });
  });

  it('updates a health state only where the port has health', () => {
    let s = dashboardReducer(initialDashboardState, {
      type: 'state',
      state: controlState({
        ports: [
          portState({
            health: {
              state: 'healthy',
              kind: 'http',
              target: 'http://127.0.0.1:8000/',
              status: 200,
              latencyMs: 3,
              checkedAt: NOW,
              answeredBy: null,
              routes: [],
              history: [],
            },
          }),
          portState({ port: 9000, health: null }),
        ],
      }),
    });
    s = dashboardReducer(s, {
      type: 'event',
      event: { type: 'health-changed', at: NOW, port: 8000, state: 'unhealthy', previous: 'healthy' },
    });
    s = dashboardReducer(s, {
      type: 'event',
      event: { type: 'health-changed', at: NOW, port: 9000, state: 'unhealthy', previous: 'healthy' },
    });
    expect(s.control?.ports[0].health?.state).toBe('unhealthy');
    expect(s.control?.ports[1].health).toBeNull();
  });

  it('keeps a bounded log tail per service and merges a fetched tail with newer streamed lines', () => {
    let s = initialDashboardState;
    for (let i = 0; i < MAX_LOG_LINES + 10; i++) {
      s = dashboardReducer(s, {
        type: 'event',
        event: { type: 'log', at: i, serviceId: 'api', line: { at: i, stream: 'stdout', text: `line ${i}` } },
      });
    }
    expect(s.logs.api).toHaveLength(MAX_LOG_LINES);
    expect(s.logs.api[0].text).toBe('line 10');
    const fetched: LogLine[] = [{ at: 1, stream: 'stdout', text: 'old' }];
    s = dashboardReducer(
      { ...s, logs: { api: [{ at: 2, stream: 'stderr', text: 'newer' }] } },
      { type: 'logs-loaded', serviceId: 'api', lines: fetched },
    );
    expect(s.logs.api.map((l) => l.text)).toEqual(['old', 'newer']);
  });

  it('ignores patches before the first state', () => {
    const s = dashboardReducer(initialDashboardState, {
      type: 'event',
      event: { type: 'conflict-detected', at: NOW, port: 8000, conflict },
    });
    expect(s.control).toBeNull();
  });

  it('tells transitions from logs and state', () => {
    expect(isTransition({ type: 'log', at: 0, serviceId: 'a', line: { at: 0, stream: 'stdout', text: '' } })).toBe(false);
    expect(isTransition({ type: 'service-started', at: 0, serviceId: 'a', pid: 1 })).toBe(true);
  });
});
