/**
 * The control's event stream: subscribers, a broken-subscriber-proof emit, and the coalesced
 * `state` event (one per turn of the event loop, and only when anything but updatedAt and observedAt
 * changed). The state itself comes from `source`, set once the runtime's parts exist
 * (control-runtime.ts).
 */
import type { ControlEvent, ControlState } from './contract.ts';

export type ControlListener = (event: ControlEvent) => void;

export class StateEvents {
  private readonly listeners = new Set<ControlListener>();
  private source: (() => ControlState) | null = null;
  private lastStateJson = '';
  private scheduled = false;

  /** Where the `state` event's state comes from (the runtime binds it once). */
  bind(source: () => ControlState): void {
    this.source = source;
  }

  emit(event: ControlEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A broken subscriber must not break the monitor or the other subscribers.
      }
    }
  }

  /** Emit a `state` event (coalesced) when anything but updatedAt / observedAt changed (not once per poll). */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.listeners.size === 0 || this.source === null) return;
      const state = this.source();
      const json = JSON.stringify({ ...state, updatedAt: 0, observedAt: 0 });
      if (json === this.lastStateJson) return;
      this.lastStateJson = json;
      this.emit({ type: 'state', at: state.updatedAt, state });
    });
  }

  subscribe(listener: ControlListener): () => void {
    this.listeners.add(listener);
    this.lastStateJson = ''; // a new subscriber gets the next state change even if nothing moved
    return () => {
      this.listeners.delete(listener);
    };
  }
}
