/**
 * Turning successive port states into transition events: each conflict is identified by
 * its port, kind and pids, so it is reported once when it appears and once when it goes,
 * however many polls see it in between (a new rogue pid is a new conflict).
 */
import type { Conflict, ControlEvent, PortState } from '../model/state.ts';

export function conflictKey(conflict: Conflict): string {
  return `${conflict.kind}|${conflict.pids.join(',')}`;
}

export class ConflictTracker {
  private readonly open = new Map<number, Map<string, Conflict>>();

  /** Compare `ports` with what was open before; returns the events, updates the memory. */
  update(ports: readonly PortState[], at: number): ControlEvent[] {
    const events: ControlEvent[] = [];
    const seen = new Set<number>();
    for (const state of ports) {
      seen.add(state.port);
      const before = this.open.get(state.port) ?? new Map<string, Conflict>();
      const now = new Map(state.conflicts.map((c) => [conflictKey(c), c]));
      for (const [key, conflict] of before) {
        if (!now.has(key)) events.push({ type: 'conflict-resolved', at, port: state.port, conflict });
      }
      for (const [key, conflict] of now) {
        if (!before.has(key)) events.push({ type: 'conflict-detected', at, port: state.port, conflict });
      }
      if (now.size > 0) this.open.set(state.port, now);
      else this.open.delete(state.port);
    }
    // Ports no longer watched: their open conflicts are over.
    for (const [port, conflicts] of this.open) {
      if (seen.has(port)) continue;
      for (const conflict of conflicts.values()) events.push({ type: 'conflict-resolved', at, port, conflict });
      this.open.delete(port);
    }
    return events;
  }

  get openCount(): number {
    let n = 0;
    for (const m of this.open.values()) n += m.size;
    return n;
  }
}
