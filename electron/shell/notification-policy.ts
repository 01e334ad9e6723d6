/**
 * When to show a desktop notification. Pure: current conflicts + memory + time in,
 * notifications to show + new memory out. notifications.ts only displays the result.
 *
 * Rules:
 * - One notification per conflict, keyed by port + kind + pids. The monitor reports the
 *   same conflict on every poll; while a key stays present it is never shown again.
 * - A conflict that resolves and comes back is shown again, but not within `cooldownMs`
 *   of the last time that key was shown (a flapping process must not spam).
 * - At most `maxPerMinute` notifications in any 60 s window across all keys; conflicts
 *   over the budget are not shown later (the tray icon and menu still show them), they
 *   are counted in `suppressed`.
 * - Nothing is shown while monitoring is paused.
 */
import type { Conflict, ControlState, SeenOwner } from '../core/control/contract.ts';
import { conflictTitle, visibleText } from '../core/vocabulary/index.ts';
import { seenOwners } from './tray-menu.ts';

export interface ConflictObservation {
  port: number;
  portName: string | null;
  conflict: Conflict;
  /** The port's owners when the conflict was seen: what its "Free port" button may stop. */
  owners: SeenOwner[];
}

export interface NotificationSpec {
  key: string;
  port: number;
  title: string;
  body: string;
  /** Sent with "Free port": if others hold the port by the click, nothing is signalled. */
  owners: SeenOwner[];
}

export interface NotificationMemory {
  /** Keys present at the last observation. */
  readonly active: readonly string[];
  /** Key → epoch ms it was last shown. */
  readonly lastShown: Readonly<Record<string, number>>;
  /** Epoch ms of every notification shown in the last minute. */
  readonly recent: readonly number[];
  /** Conflicts not shown because of the global limit, since start. */
  readonly suppressed: number;
}

export interface NotificationPolicyOptions {
  cooldownMs: number;
  maxPerMinute: number;
}

export const DEFAULT_NOTIFICATION_POLICY: NotificationPolicyOptions = { cooldownMs: 5 * 60_000, maxPerMinute: 3 };

export const EMPTY_NOTIFICATION_MEMORY: NotificationMemory = { active: [], lastShown: {}, recent: [], suppressed: 0 };

/** "8000:foreign-owner:4121,4122" — the identity of one conflict. */
export function conflictKey(port: number, conflict: Conflict): string {
  return `${port}:${conflict.kind}:${[...new Set(conflict.pids)].sort((a, b) => a - b).join(',')}`;
}

/** Every conflict present in a state. */
export function conflictsFromState(state: ControlState): ConflictObservation[] {
  return state.ports.flatMap((p) => p.conflicts.map((conflict) => ({ port: p.port, portName: p.name, conflict, owners: seenOwners(p) })));
}

function describe(o: ConflictObservation, key: string): NotificationSpec {
  // Shown by the OS, one line each: control characters in names are shown, not obeyed (core/vocabulary/visible-text.ts).
  return {
    key,
    port: o.port,
    title: visibleText(conflictTitle(o.conflict.kind, o.port, o.portName)),
    body: visibleText(o.conflict.detail),
    owners: o.owners,
  };
}

/**
 * Decide what to show for the conflicts present now. `paused` keeps the memory as it is
 * (monitoring is off, so absence means nothing).
 */
export function decideNotifications(
  memory: NotificationMemory,
  current: readonly ConflictObservation[],
  now: number,
  options: NotificationPolicyOptions = DEFAULT_NOTIFICATION_POLICY,
  paused = false,
): { show: NotificationSpec[]; memory: NotificationMemory } {
  if (paused) return { show: [], memory };
  const wasActive = new Set(memory.active);
  const lastShown: Record<string, number> = { ...memory.lastShown };
  const recent = memory.recent.filter((t) => now - t < 60_000);
  let suppressed = memory.suppressed;
  const show: NotificationSpec[] = [];
  const active: string[] = [];
  for (const observation of current) {
    const key = conflictKey(observation.port, observation.conflict);
    if (active.includes(key)) continue;
    active.push(key);
    if (wasActive.has(key)) continue;
    const last = lastShown[key];
    if (last !== undefined && now - last < options.cooldownMs) continue;
    if (recent.length >= options.maxPerMinute) {
      suppressed += 1;
      continue;
    }
    recent.push(now);
    lastShown[key] = now;
    show.push(describe(observation, key));
  }
  // Forget cooldowns that have expired so memory stays bounded in a long session.
  for (const [key, at] of Object.entries(lastShown)) {
    if (now - at >= options.cooldownMs && !active.includes(key)) delete lastShown[key];
  }
  return { show, memory: { active, lastShown, recent, suppressed } };
}

/** Buttons a notification can carry. */
export type NotificationButton = { text: string; action: 'free-port' | 'open' };

/**
 * Buttons for `platform`. Electron's Notification `actions` work on macOS only; Windows
 * toasts need `toastXml` with a protocol activation (and a registered AppUserModelId
 * shortcut), which we do not ship yet, and Linux servers differ, so elsewhere a click on
 * the notification itself opens the dashboard at the port.
 */
export function notificationButtons(platform: NodeJS.Platform): NotificationButton[] {
  return platform === 'darwin'
    ? [
        { text: 'Free port', action: 'free-port' },
        { text: 'Open', action: 'open' },
      ]
    : [];
}
