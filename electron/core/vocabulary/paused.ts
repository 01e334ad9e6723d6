/**
 * Words for what is shown while monitoring is paused: nothing is looked at, so every port,
 * owner, conflict and health result is "as of" the last look (ControlState.observedAt), never
 * present tense or "Live" (trial S2). The caller formats the clock time. Pure.
 */

/** The header's pill while paused: "Paused — as of 16:52:03". */
export function pausedPill(clock: string | null): string {
  return clock ? `Paused — as of ${clock}` : 'Paused — nothing checked yet';
}

/** The notice above the views while paused. */
export function pausedNotice(clock: string | null): string {
  const when = clock ? `as of ${clock}` : 'from before the pause';
  return `Monitoring is paused. Ports, owners, conflicts and health below are ${when} and are not checked again until you resume: a process shown may have exited since, another may have taken a port.`;
}

/** A status or a sentence that was true at the last look: "As of 16:52:03: Conflict". */
export function asOf(clock: string, text: string): string {
  return `As of ${clock}: ${text}`;
}
