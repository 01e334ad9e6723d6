/**
 * Is a listener a dev server? The "dev servers only" filter of the All listeners view and
 * the tray's "Listening now" hide the rest (and say how many). Pure: the facts come from the
 * snapshot row (name, command, user, project, behind) and the user Portwarden runs as.
 */
import type { ListenerRecord } from '../model/ports.ts';
import type { ListenerKind } from '../model/listeners.ts';

/** Desktop apps that listen on loopback for their own reasons (sync, remote control, IPC). */
const DESKTOP_APPS: readonly [RegExp, string][] = [
  [/^(spotify)$/i, 'Spotify'],
  [/^(slack)$/i, 'Slack'],
  [/^(discord)$/i, 'Discord'],
  [/^(dropbox)$/i, 'Dropbox'],
  [/^(zoom|zoom\.us)$/i, 'Zoom'],
  [/^(steam|steamwebhelper)$/i, 'Steam'],
  [/^(teams|ms-teams)$/i, 'Microsoft Teams'],
  [/^(1password)$/i, '1Password'],
  [/^(figma_agent)$/i, 'Figma'],
  [/^(rapportd|sharingd|controlcenter|controlce)$/i, 'macOS'],
  [/^(code|code-insiders|cursor)$/i, 'the editor'],
  [/^(chrome|chromium|firefox|msedge|brave|safari)$/i, 'a browser'],
  [/^(syncthing)$/i, 'Syncthing'],
  [/^(adobe.*|creative cloud)$/i, 'Adobe'],
  [/^(jetbrains-toolbox)$/i, 'JetBrains Toolbox'],
];

/** Command lines of installed apps (not a project's own programs). */
const APP_PATHS =
  /^(?:"?\/Applications\/|"?\/System\/|"?[A-Za-z]:\\Program Files|"?\/opt\/|"?\/snap\/|"?\/usr\/lib\/(?:firefox|chromium|slack|discord|spotify))/i;

/** Daemons that a dev machine runs as its own user but nobody develops. */
const SYSTEM_NAMES =
  /^(sshd|systemd.*|cupsd|avahi-daemon|dnsmasq|rpcbind|chronyd|ntpd|containerd|dockerd|kdeconnectd|gvfsd.*|pipewire.*|xdg-.*|at-spi.*|ibus-.*|launchd|mDNSResponder|svchost\.exe|lsass\.exe|wininit\.exe|services\.exe|System)$/i;

export interface Classified {
  kind: ListenerKind;
  reason: string | null;
}

/** What kind of program holds `row`, seen as `self` (the user name Portwarden runs as). */
export function classifyListener(
  row: Pick<ListenerRecord, 'pid' | 'name' | 'command' | 'user' | 'project' | 'behind'>,
  self: string | null,
): Classified {
  // A container or WSL distribution behind a forwarder is almost always a dev database or server.
  if (row.behind !== null) return { kind: 'dev', reason: null };
  if (row.pid === null) return { kind: 'system', reason: 'owner not visible to this user' };
  if (self !== null && row.user !== null && row.user !== self) return { kind: 'system', reason: `runs as ${row.user}` };
  const name = row.name ?? '';
  if (SYSTEM_NAMES.test(name)) return { kind: 'system', reason: `system service ${name}` };
  const app = DESKTOP_APPS.find(([pattern]) => pattern.test(name));
  if (app) return { kind: 'app', reason: `desktop app ${app[1]}` };
  if (row.command !== null && APP_PATHS.test(row.command)) return { kind: 'app', reason: 'installed application' };
  return { kind: 'dev', reason: null };
}
