/**
 * IPC channel names, all derived here from the control table (core/control/methods.ts) so
 * the main process (ipc.ts) and the preload (preload.ts) can never disagree about a name
 * (electron/fiddle keeps its channel names in one place for the same reason).
 */
import { CONTROL_METHODS } from '../core/control/contract.ts';
import type { ControlMethodName } from '../core/control/contract.ts';

/** Every channel starts with this, so our handlers are easy to find in a trace. */
export const CHANNEL_PREFIX = 'portwarden:';

/** `portwarden:freePort` and so on. */
export type ControlChannel = `${typeof CHANNEL_PREFIX}${ControlMethodName}`;

/** The channel that carries one control method. */
export function channelFor<M extends ControlMethodName>(method: M): `${typeof CHANNEL_PREFIX}${M}` {
  return `${CHANNEL_PREFIX}${method}`;
}

/** Method → channel for each of `methods` (a table's method names). */
export function channelsFor(methods: readonly string[]): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(methods.map((method) => [method, `${CHANNEL_PREFIX}${method}`])));
}

/** Method → channel for every control method, built from the control table. */
export const CONTROL_CHANNELS = channelsFor(CONTROL_METHODS) as {
  readonly [M in ControlMethodName]: `${typeof CHANNEL_PREFIX}${M}`;
};

/** Main → renderer: every ControlEvent, as a plain value. */
export const EVENTS_CHANNEL = `${CHANNEL_PREFIX}event` as const;

/**
 * Renderer → main, shell-only (not part of ControlApi): show an Open dialog, read the chosen
 * portwarden.json and save it through control.saveConfig. It needs a native dialog, which a
 * sandboxed renderer cannot open, hence its own channel.
 */
export const IMPORT_PROJECT_FILE_CHANNEL = `${CHANNEL_PREFIX}importProjectFile` as const;

/**
 * Renderer → main, shell-only: the native folder dialog for "Detect from a project folder…";
 * answers the chosen folder's path or null. The folder is then read through detectProject.
 */
export const CHOOSE_PROJECT_FOLDER_CHANNEL = `${CHANNEL_PREFIX}chooseProjectFolder` as const;

/** Every renderer → main channel, for registering and removing handlers in one loop. */
export const INVOKE_CHANNELS: readonly string[] = Object.freeze([
  ...Object.values(CONTROL_CHANNELS),
  IMPORT_PROJECT_FILE_CHANNEL,
  CHOOSE_PROJECT_FOLDER_CHANNEL,
]);
