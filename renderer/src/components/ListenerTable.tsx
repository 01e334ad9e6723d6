import type { ListenerView } from '../../../electron/core/control/contract.ts';
import { formatStartedAgo } from '../lib/format.ts';
import { CopyButton } from './CopyButton.tsx';
import { visibleOrNull, visibleText } from '../../../electron/core/vocabulary/index.ts';

export interface ListenerTableProps {
  listeners: ListenerView[];
  now: number;
  busy: boolean;
  onKill(listener: ListenerView): void;
}

/**
 * Every owner of a port: one row per socket (IPv4 and IPv6 separately), with the parent pid,
 * so a reloader and the child sharing its socket read as one family, and the systemd unit or
 * container the process runs in when the OS says.
 */
export function ListenerTable({ listeners, now, busy, onKill }: ListenerTableProps) {
  // In a narrow window the table scrolls inside its card instead of sticking out of it (trial D2).
  return (
    <div className="table-scroll">
      <table className="listeners">
        <thead>
          <tr>
            <th scope="col">PID</th>
            <th scope="col">Parent</th>
            <th scope="col">Process</th>
            <th scope="col">Command</th>
            <th scope="col">User</th>
            <th scope="col">Address</th>
            <th scope="col">Started</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {listeners.map((l, i) => (
            <tr key={`${l.pid}-${l.address}-${l.family}-${i}`}>
              <td className="mono">{l.pid ?? '—'}</td>
              <td className="mono" data-testid="parent-pid">
                {l.ppid ?? '—'}
                {l.partyPid !== null && l.partyPid !== l.pid && <span className="tag">shares {l.partyPid}’s socket</span>}
              </td>
              <td>
                {l.name !== null ? visibleText(l.name) : <span className="muted">not visible</span>}
                {l.managed && <span className="tag">managed</span>}
                {l.expected === false && !l.managed && <span className="tag">not the expected owner</span>}
                {l.unit && <span className="tag mono">{l.unit}</span>}
                {l.container && (
                  <span className="tag mono" title={l.container}>
                    container {l.container.slice(0, 12)}
                  </span>
                )}
              </td>
              <td className="mono command" title={visibleOrNull(l.command) ?? undefined}>
                {l.command !== null ? visibleText(l.command) : <span className="muted">unknown</span>}
              </td>
              <td>{l.user ?? '—'}</td>
              <td className="mono">
                {l.family === 'IPv6' ? `[${l.address}]` : l.address}:{l.port} <span className="muted">{l.family}</span>
              </td>
              <td>{formatStartedAgo(l.startedAt, now).replace(/^started /, '')}</td>
              <td>
                <div className="row-actions">
                  {l.pid !== null && (
                    <button type="button" className="small danger-outline" disabled={busy} onClick={() => onKill(l)}>
                      Kill {l.pid}
                    </button>
                  )}
                  {l.command && <CopyButton text={l.command} />}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
