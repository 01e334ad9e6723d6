/**
 * The dashboard's view of Portwarden, updated from control events. `state` events replace
 * everything (the server sends one first on each connection and after transitions); the
 * transition events patch what they name so the UI reacts at once, and logs accumulate.
 */
import type {
  ControlEvent,
  ControlState,
  LogLine,
  PortState,
  ProductServiceState,
  ServiceState,
} from '../../../electron/core/control/contract.ts';

/** Log lines kept per service (the tail shown on the Services view). */
export const MAX_LOG_LINES = 500;
/** Recent events listed on the Ports view. */
export const MAX_ACTIVITY = 30;

export interface ActivityItem {
  at: number;
  text: string;
  tone: 'good' | 'bad' | 'neutral';
}

export interface DashboardState {
  control: ControlState | null;
  logs: Record<string, LogLine[]>;
  activity: ActivityItem[];
}

export type DashboardAction =
  | { type: 'event'; event: ControlEvent }
  | { type: 'state'; state: ControlState }
  | { type: 'ports'; ports: PortState[] }
  | { type: 'service'; service: ServiceState }
  | { type: 'product'; product: ProductServiceState }
  | { type: 'logs-loaded'; serviceId: string; lines: LogLine[] };

export const initialDashboardState: DashboardState = { control: null, logs: {}, activity: [] };

function withPort(state: DashboardState, port: number, patch: (p: PortState) => PortState): DashboardState {
  if (!state.control) return state;
  const ports = state.control.ports.map((p) => (p.port === port ? patch(p) : p));
  return { ...state, control: { ...state.control, ports } };
}

function withService(state: DashboardState, id: string, patch: (s: ServiceState) => ServiceState): DashboardState {
  if (!state.control) return state;
  const services = state.control.services.map((s) => (s.id === id ? patch(s) : s));
  return { ...state, control: { ...state.control, services } };
}

function note(state: DashboardState, item: ActivityItem): DashboardState {
  return { ...state, activity: [item, ...state.activity].slice(0, MAX_ACTIVITY) };
}

function appendLogs(existing: LogLine[] | undefined, lines: LogLine[]): LogLine[] {
  const all = existing ? [...existing, ...lines] : [...lines];
  return all.length > MAX_LOG_LINES ? all.slice(all.length - MAX_LOG_LINES) : all;
}

function sameConflict(a: { kind: string; detail: string }, b: { kind: string; detail: string }): boolean {
  return a.kind === b.kind && a.detail === b.detail;
}

function applyEvent(state: DashboardState, event: ControlEvent): DashboardState {
  switch (event.type) {
    case 'state':
      return { ...state, control: event.state };
    case 'conflict-detected': {
      const next = withPort(state, event.port, (p) => ({
        ...p,
        status: 'conflict',
        conflicts: p.conflicts.some((c) => sameConflict(c, event.conflict)) ? p.conflicts : [...p.conflicts, event.conflict],
      }));
      return note(next, { at: event.at, text: `Conflict on ${event.port}: ${event.conflict.detail}`, tone: 'bad' });
    }
    case 'conflict-resolved': {
      const next = withPort(state, event.port, (p) => ({ ...p, conflicts: p.conflicts.filter((c) => !sameConflict(c, event.conflict)) }));
      return note(next, { at: event.at, text: `Resolved on ${event.port}: ${event.conflict.detail}`, tone: 'good' });
    }
    case 'service-started': {
      const next = withService(state, event.serviceId, (s) => ({ ...s, status: 'running', pid: event.pid, startedAt: event.at }));
      return note(next, { at: event.at, text: `Service ${event.serviceId} started (pid ${event.pid})`, tone: 'good' });
    }
    case 'service-exited': {
      const next = withService(state, event.serviceId, (s) => ({
        ...s,
        pid: null,
        lastExit: { code: event.code, signal: event.signal, at: event.at },
      }));
      const how = event.signal ? `signal ${event.signal}` : `code ${event.code ?? '?'}`;
      return note(next, {
        at: event.at,
        text: `Service ${event.serviceId} exited (${how})`,
        tone: event.code === 0 || event.signal === 'SIGTERM' ? 'neutral' : 'bad',
      });
    }
    case 'health-changed': {
      const next = withPort(state, event.port, (p) => (p.health ? { ...p, health: { ...p.health, state: event.state } } : p));
      return note(next, {
        at: event.at,
        text: `Port ${event.port} is now ${event.state} (was ${event.previous})`,
        tone: event.state === 'healthy' ? 'good' : 'bad',
      });
    }
    case 'log':
      return { ...state, logs: { ...state.logs, [event.serviceId]: appendLogs(state.logs[event.serviceId], [event.line]) } };
    default:
      return state;
  }
}

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'event':
      return applyEvent(state, action.event);
    case 'state':
      return { ...state, control: action.state };
    case 'ports': {
      if (!state.control) return state;
      const byPort = new Map(action.ports.map((p) => [p.port, p]));
      return { ...state, control: { ...state.control, ports: state.control.ports.map((p) => byPort.get(p.port) ?? p) } };
    }
    case 'service':
      return withService(state, action.service.id, () => action.service);
    case 'product':
      return state.control ? { ...state, control: { ...state.control, productService: action.product } } : state;
    case 'logs-loaded': {
      // The fetched tail replaces what we had; lines that arrived as events meanwhile are
      // newer than the fetch only when their timestamp is later than its last line.
      const lastAt = action.lines.length > 0 ? action.lines[action.lines.length - 1].at : -Infinity;
      const newer = (state.logs[action.serviceId] ?? []).filter((l) => l.at > lastAt);
      return { ...state, logs: { ...state.logs, [action.serviceId]: appendLogs(action.lines, newer) } };
    }
    default:
      return state;
  }
}

/** True for events after which the whole state should be fetched again (they change more than they say). */
export function isTransition(event: ControlEvent): boolean {
  return event.type !== 'log' && event.type !== 'state';
}
