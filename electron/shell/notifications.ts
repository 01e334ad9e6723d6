/**
 * Desktop notifications: Electron adapter over notification-policy.ts. Feeds every state
 * to the policy and shows what it returns. A click opens the dashboard at the port; the
 * macOS buttons free the port or open it.
 */
import { Notification } from 'electron';
import type { ControlState } from '../core/control/contract.ts';
import {
  DEFAULT_NOTIFICATION_POLICY,
  EMPTY_NOTIFICATION_MEMORY,
  conflictsFromState,
  decideNotifications,
  notificationButtons,
} from './notification-policy.ts';
import type { NotificationMemory, NotificationPolicyOptions } from './notification-policy.ts';
import type { TrayAction } from './tray-actions.ts';

export interface NotifierOptions {
  platform: NodeJS.Platform;
  now(): number;
  perform(action: TrayAction): void;
  policy?: NotificationPolicyOptions;
  log(line: string): void;
}

export interface Notifier {
  observe(state: ControlState): void;
}

export function createNotifier(options: NotifierOptions): Notifier {
  let memory: NotificationMemory = EMPTY_NOTIFICATION_MEMORY;
  // Workaround: a Notification that is garbage-collected loses its click/action handlers
  // (electron/electron#12690), so keep each one referenced until it closes.
  const live = new Set<Notification>();
  const buttons = notificationButtons(options.platform);

  return {
    observe(state) {
      const decision = decideNotifications(
        memory,
        conflictsFromState(state),
        options.now(),
        options.policy ?? DEFAULT_NOTIFICATION_POLICY,
        state.paused,
      );
      memory = decision.memory;
      if (decision.show.length === 0 || !Notification.isSupported()) return;
      for (const spec of decision.show) {
        const note = new Notification({
          title: spec.title,
          body: spec.body,
          actions: buttons.map((b) => ({ type: 'button' as const, text: b.text })),
        });
        live.add(note);
        note.on('click', () => options.perform({ type: 'open-dashboard', port: spec.port }));
        note.on('action', (_event, index) => {
          const button = buttons[index];
          // The owners the notification was about: a process that took the port since is not signalled.
          if (button?.action === 'free-port') options.perform({ type: 'free-port', port: spec.port, owners: spec.owners });
          else options.perform({ type: 'open-dashboard', port: spec.port });
        });
        note.on('close', () => live.delete(note));
        note.on('failed', (_event, error) => {
          live.delete(note);
          options.log(`notification failed: ${error}`);
        });
        note.show();
      }
    },
  };
}
