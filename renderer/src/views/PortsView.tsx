import type { ControlApi, ControlState } from '../../../electron/core/control/contract.ts';
import type { ActivityItem } from '../lib/dashboard-state.ts';
import { formatClock } from '../lib/format.ts';
import { PortCard } from '../components/PortCard.tsx';
import { EmptyState } from '../components/EmptyState.tsx';

export interface PortsViewProps {
  control: ControlState;
  api: ControlApi;
  now: number;
  activity: ActivityItem[];
  /** Port the tray pointed at (#view=ports&port=N): scrolled to and highlighted. */
  focusPort: number | null;
  onOpenSettings(): void;
}

export function PortsView({ control, api, now, activity, focusPort, onOpenSettings }: PortsViewProps) {
  return (
    <section aria-labelledby="ports-title">
      <h2 id="ports-title">Ports</h2>
      {control.ports.length === 0 ? (
        <EmptyState title="No watched ports yet" action="Add a port in Settings" onAction={onOpenSettings}>
          Portwarden watches the ports listed in portwarden.json. Add the ports your dev servers use to see who holds them.
        </EmptyState>
      ) : (
        control.ports.map((p) => (
          <PortCard
            key={p.port}
            port={p}
            api={api}
            now={now}
            focused={p.port === focusPort}
            observedAt={control.observedAt}
            asOf={control.paused ? (control.observedAt !== null ? formatClock(control.observedAt) : 'the pause') : null}
          />
        ))
      )}
      {activity.length > 0 && (
        <div className="card">
          <h3>Recent events</h3>
          <ul className="activity">
            {activity.map((a, i) => (
              <li key={`${a.at}-${i}`} className={`tone-${a.tone}`}>
                <span className="mono muted">{formatClock(a.at)}</span> {a.text}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
