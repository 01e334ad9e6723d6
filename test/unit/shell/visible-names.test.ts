/**
 * Process names and command lines are chosen by whoever started the process; the tray and
 * notifications show their control characters as visible escapes instead of obeying them
 * (core/vocabulary/visible-text.ts): a newline in a name must not make a second menu line or a second
 * notification line.
 */
import { describe, expect, it } from 'vitest';
import { buildTrayMenu, findMenuItem } from '../../../electron/shell/tray-menu.ts';
import { EMPTY_NOTIFICATION_MEMORY, conflictsFromState, decideNotifications } from '../../../electron/shell/notification-policy.ts';
import { describeFreeResult, describeKillResult } from '../../../electron/shell/tray-actions.ts';
import { controlState, foreignOwner, listener, portState } from '../../fixtures/shell/states.ts';

const HOSTILE = 'x\n0 0 *:1 *\u001b[2J';
const SHOWN = 'x\\n0 0 *:1 *\\x1b[2J';

function hostileState() {
  return controlState([
    portState(8000, {
      name: 'api',
      service: 'api',
      status: 'conflict',
      conflicts: [foreignOwner(8000, 4121, HOSTILE)],
      listeners: [listener(8000, 4121, HOSTILE)],
    }),
  ]);
}

describe('hostile process names in the tray and notifications', () => {
  it('tray lines and Kill entries show the escapes on one line', () => {
    const menu = buildTrayMenu(hostileState(), { startAtLogin: false, startAtLoginSupported: false });
    const line = findMenuItem(menu, 'port-8000')!.label;
    expect(line).toBe(`8000 api — CONFLICT: ${SHOWN} (4121)`);
    expect(findMenuItem(menu, 'port-8000-kill-4121')!.label).toBe(`Kill ${SHOWN} (4121)`);
    for (const item of menu) expect(item.label.includes('\n') || item.label.includes('\u001b')).toBe(false);
  });

  it('a notification body names the process with visible escapes', () => {
    const { show } = decideNotifications(EMPTY_NOTIFICATION_MEMORY, conflictsFromState(hostileState()), 0);
    expect(show).toHaveLength(1);
    expect(show[0]!.body).toBe(`${SHOWN} (pid 4121) holds 8000, which belongs to service api`);
  });

  it('tray results of free and kill show names and reasons with visible escapes', () => {
    const action = {
      pid: 4121,
      name: HOSTILE,
      signal: null,
      signals: [],
      result: 'refused-protected' as const,
      reason: `${HOSTILE} (pid 4121) is a system service`,
    };
    for (const message of [
      describeKillResult(action).message,
      describeFreeResult({ port: 8000, free: false, elapsedMs: 1, actions: [action], refused: true }).message,
    ]) {
      expect(message).toContain(`${SHOWN} (pid 4121)`);
      expect(message.includes('\n') || message.includes('\u001b')).toBe(false);
    }
  });
});
