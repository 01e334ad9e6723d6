import { useCallback, useMemo, useState } from 'react';
import type { ControlApi, ListenerRow } from '../../../electron/core/control/contract.ts';
import { hiddenWords, selectListeners } from '../../../electron/core/vocabulary/index.ts';
import { usePolled } from '../hooks/use-polled.ts';
import { adviceFor } from '../lib/api-error.ts';
import { ListenerGroupTable } from '../components/ListenerGroupTable.tsx';
import { ListenerActionsProvider } from '../components/ListenerActions.tsx';

export interface ListenersViewProps {
  api: ControlApi;
  now: number;
  /** The view asks again this often (the monitor's poll interval); asking keeps the monitor reading every listener. */
  pollIntervalMs: number;
  /** Bumped on every state change, so a Watch or Free shows at once. */
  trigger: unknown;
}

/**
 * Every TCP listener on the machine, live, from the monitor's snapshot: grouped by project,
 * searchable, dev servers only by default (saying how many are hidden), with Free, Kill,
 * Copy command, Open in browser and Watch on each row.
 */
export function ListenersView({ api, now, pollIntervalMs, trigger }: ListenersViewProps) {
  const [search, setSearch] = useState('');
  const [devOnly, setDevOnly] = useState(true);
  const load = useCallback(() => api.getAllListeners(), [api]);
  const polled = usePolled(load, Math.max(500, pollIntervalMs), trigger);
  const rows: ListenerRow[] = useMemo(() => polled.data?.rows ?? [], [polled.data]);
  const selection = useMemo(() => selectListeners(rows, search, devOnly), [rows, search, devOnly]);

  return (
    <section aria-labelledby="listeners-title">
      <div className="section-header">
        <h2 id="listeners-title">All listeners</h2>
        <span className="muted" data-testid="listener-count">
          {polled.data ? `${selection.shown} shown · ${hiddenWords(selection)}` : 'reading…'}
        </span>
      </div>
      <div className="listeners-toolbar">
        <label className="search">
          <span className="visually-hidden">Search listeners</span>
          <input
            type="search"
            placeholder="Search port, pid, process, command, project"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-label="Search listeners"
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={devOnly} onChange={(e) => setDevOnly(e.target.checked)} /> Dev servers only
        </label>
      </div>
      {polled.error && !polled.data && <p className="bad-text">{adviceFor(polled.error)}</p>}
      <ListenerActionsProvider api={api} rows={rows} now={now}>
        {polled.data && selection.shown === 0 ? (
          <div className="card empty">
            <p>
              {rows.length === 0
                ? 'No TCP listener on this machine.'
                : search
                  ? `Nothing matches “${search}”${selection.hidden > 0 ? ` among dev servers (${selection.hidden} other listeners match: untick “Dev servers only”)` : ''}.`
                  : `No dev server is listening. ${hiddenWords(selection)}.`}
            </p>
          </div>
        ) : (
          selection.groups.map((g) => <ListenerGroupTable key={g.project ?? ''} group={g} now={now} />)
        )}
      </ListenerActionsProvider>
    </section>
  );
}
