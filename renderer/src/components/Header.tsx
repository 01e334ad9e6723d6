import { useState } from 'react';
import type { ControlApi, ControlState } from '../../../electron/core/control/contract.ts';
import { toApiError } from '../lib/api-error.ts';
import type { ConnectionStatus } from '../lib/event-stream.ts';
import { overallTone } from '../lib/tones.ts';
import type { Tone } from '../lib/tones.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { formatClock } from '../lib/format.ts';
import { pausedPill } from '../../../electron/core/vocabulary/index.ts';

/**
 * The overall badge: the server's level and its words (the same the tray shows). "OK"
 * would be a false reassurance when nothing is watched yet, so that reads idle.
 */
export function overallBadge(control: ControlState): { tone: Tone; label: string } {
  if (control.overall === 'ok' && control.ports.length === 0) return { tone: 'idle', label: control.overallText };
  return { tone: overallTone(control.overall), label: control.overallText };
}

export interface HeaderProps {
  control: ControlState | null;
  connection: ConnectionStatus;
  /** True when the first state could not be loaded at all. */
  failed: boolean;
  api: ControlApi;
  onChange(state: ControlState): void;
}

/** Title, overall status, whether updates are live, and pause/resume monitoring. */
export function Header({ control, connection, failed, api, onChange }: HeaderProps) {
  const [busy, setBusy] = useState(false);
  // A refused or failed pause must be visible: the button label alone would look as if
  // the click did nothing.
  const [pauseError, setPauseError] = useState<string | null>(null);
  const live = connection.kind === 'open';
  // Paused: the connection is open but nothing is looked at, so the data is not "live".
  const paused = live && control?.paused === true;
  const pill = paused
    ? { className: 'live live-paused', text: pausedPill(control.observedAt !== null ? formatClock(control.observedAt) : null) }
    : {
        className: `live ${live ? 'live-on' : 'live-off'}`,
        text: live ? 'Live' : failed ? 'Not connected' : connection.kind === 'connecting' ? 'Connecting…' : 'Offline',
      };
  return (
    <header className="topbar">
      <h1>Portwarden</h1>
      {control && <StatusBadge {...overallBadge(control)} />}
      <div className="spacer" />
      <span className={pill.className} role="status">
        {pill.text}
      </span>
      {pauseError && (
        <span className="header-error" role="alert">
          {pauseError}
        </span>
      )}
      {control && (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            const paused = !control.paused;
            setBusy(true);
            setPauseError(null);
            api
              .setPaused(paused)
              .then(onChange, (error: unknown) =>
                setPauseError(`Could not ${paused ? 'pause' : 'resume'} monitoring: ${toApiError(error).message}`),
              )
              .finally(() => setBusy(false));
          }}
        >
          {control.paused ? 'Resume monitoring' : 'Pause monitoring'}
        </button>
      )}
    </header>
  );
}
