/**
 * Connects the dashboard to the control API: the first state, live events, and a fresh
 * full state shortly after any transition event (events say what changed; the state says
 * everything that follows from it).
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Dispatch } from 'react';
import type { DashboardClient } from '../api.ts';
import { toApiError } from '../lib/api-error.ts';
import type { ApiError } from '../lib/api-error.ts';
import { dashboardReducer, initialDashboardState, isTransition } from '../lib/dashboard-state.ts';
import type { DashboardAction, DashboardState } from '../lib/dashboard-state.ts';
import type { ConnectionStatus } from '../lib/event-stream.ts';

/** Wait this long after a transition before re-reading the state, so a burst costs one read. */
const REFRESH_DEBOUNCE_MS = 150;

export interface ControlConnection {
  state: DashboardState;
  dispatch: Dispatch<DashboardAction>;
  connection: ConnectionStatus;
  /** Why the first state could not be loaded (null once loaded). */
  loadError: ApiError | null;
  /**
   * Increments on transitions only (conflict, service, health changes; not the coalesced
   * state snapshots a health probe sends): for data that is costly to fetch, diagnostics.
   */
  transitionCount: number;
  refresh(): void;
}

export function useControl(client: DashboardClient): ControlConnection {
  const [state, dispatch] = useReducer(dashboardReducer, initialDashboardState);
  const [connection, setConnection] = useState<ConnectionStatus>({ kind: 'connecting' });
  const [loadError, setLoadError] = useState<ApiError | null>(client.startupError);
  const [transitionCount, setTransitionCount] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = useCallback(() => {
    client.api.getState().then(
      (s) => {
        dispatch({ type: 'state', state: s });
        setLoadError(null);
      },
      (e: unknown) => setLoadError(toApiError(e)),
    );
  }, [client]);

  useEffect(() => {
    if (client.startupError) return;
    refresh();
    const offStatus = client.watchConnection(setConnection);
    const off = client.api.subscribe((event) => {
      dispatch({ type: 'event', event });
      if (event.type === 'state') setLoadError(null);
      if (isTransition(event)) {
        setTransitionCount((n) => n + 1);
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(refresh, REFRESH_DEBOUNCE_MS);
      }
    });
    return () => {
      off();
      offStatus();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [client, refresh]);

  return { state, dispatch, connection, loadError, transitionCount, refresh };
}
