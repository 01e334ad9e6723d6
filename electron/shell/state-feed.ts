/**
 * Keeps the tray and notifications fed with the latest ControlState. A `state` event
 * carries it directly; any other transition (conflict, service, health) triggers one
 * coalesced getState() so a monitor that only emits transitions still updates the tray.
 * Log lines are ignored: they change nothing the tray shows.
 */
import type { ControlApi, ControlState } from '../core/control/contract.ts';

export interface StateFeedOptions {
  control: Pick<ControlApi, 'getState' | 'subscribe'>;
  onState(state: ControlState): void;
  onError(error: unknown): void;
  /** Injected so tests control time; setTimeout in the app. */
  schedule(fn: () => void, ms: number): void;
  coalesceMs?: number;
}

/** Start feeding; returns the unsubscribe function. Also fetches the state once now. */
export function startStateFeed(options: StateFeedOptions): () => void {
  let pending = false;
  let latestAt = -Infinity;
  const deliver = (state: ControlState) => {
    // An older getState() answer must not overwrite a newer pushed state.
    if (state.updatedAt < latestAt) return;
    latestAt = state.updatedAt;
    options.onState(state);
  };
  const refresh = () => {
    if (pending) return;
    pending = true;
    options.schedule(() => {
      pending = false;
      options.control.getState().then(deliver, options.onError);
    }, options.coalesceMs ?? 50);
  };
  const unsubscribe = options.control.subscribe((event) => {
    if (event.type === 'state') deliver(event.state);
    else if (event.type !== 'log') refresh();
  });
  refresh();
  return unsubscribe;
}
