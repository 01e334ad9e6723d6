import type { Dispatch } from 'react';
import type { ControlApi, ControlState } from '../../../electron/core/control/contract.ts';
import type { DashboardAction, DashboardState } from '../lib/dashboard-state.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ServiceCard } from '../components/ServiceCard.tsx';

export interface ServicesViewProps {
  control: ControlState;
  logs: DashboardState['logs'];
  api: ControlApi;
  now: number;
  dispatch: Dispatch<DashboardAction>;
  onOpenSettings(): void;
}

export function ServicesView({ control, logs, api, now, dispatch, onOpenSettings }: ServicesViewProps) {
  return (
    <section aria-labelledby="services-title">
      <h2 id="services-title">Services</h2>
      {control.services.length === 0 ? (
        <EmptyState title="No managed services" action="Add a service in Settings" onAction={onOpenSettings}>
          A managed service is a command Portwarden starts, restarts and stops for you, with its port kept free.
        </EmptyState>
      ) : (
        control.services.map((s) => (
          <ServiceCard
            key={s.id}
            service={s}
            port={control.ports.find((p) => p.port === s.port) ?? null}
            api={api}
            now={now}
            logs={logs[s.id] ?? []}
            dispatch={dispatch}
          />
        ))
      )}
    </section>
  );
}
