import type { Dispatch } from 'react';
import type { ControlApi, ControlState } from '../../../electron/core/control/contract.ts';
import { ActionResult } from '../components/ActionResult.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { HealthCard } from '../components/HealthCard.tsx';
import { useAction } from '../hooks/use-action.ts';
import { useThemeColors } from '../hooks/use-theme-colors.ts';
import type { DashboardAction } from '../lib/dashboard-state.ts';

export function HealthView({
  control,
  api,
  now,
  dispatch,
  onOpenSettings,
}: {
  control: ControlState;
  api: ControlApi;
  now: number;
  dispatch: Dispatch<DashboardAction>;
  onOpenSettings(): void;
}) {
  const action = useAction<number>();
  const colors = useThemeColors();
  const probed = control.ports.filter((p) => p.health !== null);
  return (
    <section aria-labelledby="health-title">
      <div className="section-header">
        <h2 id="health-title">Health</h2>
        <button
          type="button"
          disabled={action.busy !== null || probed.length === 0}
          onClick={() =>
            void action.run('run', async () => {
              const ports = await api.runHealthChecks();
              dispatch({ type: 'ports', ports });
              return ports.length;
            })
          }
        >
          {action.busy ? 'Checking…' : 'Run checks now'}
        </button>
      </div>
      {action.error && <ActionResult summary={null} error={action.error} onDismiss={action.clear} />}
      {probed.length === 0 ? (
        <EmptyState title="No health checks configured" action="Add a health URL in Settings" onAction={onOpenSettings}>
          Give a watched port a health URL (and optional routes) and Portwarden probes it every few seconds.
        </EmptyState>
      ) : (
        probed.map((p) => <HealthCard key={p.port} port={p} health={p.health!} now={now} stroke={colors.accent} />)
      )}
    </section>
  );
}
