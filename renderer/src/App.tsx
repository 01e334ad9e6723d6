import { useCallback, useEffect, useState } from 'react';
import type { DashboardClient } from './api.ts';
import { BlockingError } from './components/BlockingError.tsx';
import { ConnectionBar } from './components/ConnectionBar.tsx';
import { DiagnosticsBanner } from './components/DiagnosticsBanner.tsx';
import { Header } from './components/Header.tsx';
import { Nav } from './components/Nav.tsx';
import { PausedNotice } from './components/PausedNotice.tsx';
import { useControl } from './hooks/use-control.ts';
import { useNow } from './hooks/use-now.ts';
import { usePolled } from './hooks/use-polled.ts';
import { routeFromHash } from './lib/views.ts';
import type { ViewId } from './lib/views.ts';
import { DiagnosticsView } from './views/DiagnosticsView.tsx';
import { HealthView } from './views/HealthView.tsx';
import { ListenersView } from './views/ListenersView.tsx';
import { PortsView } from './views/PortsView.tsx';
import { ProductView } from './views/ProductView.tsx';
import { ServicesView } from './views/ServicesView.tsx';
import { SettingsView } from './views/SettingsView.tsx';

/** Diagnostics are re-read this often as well as after every change (env vars, files can change any time). */
const DIAGNOSTICS_EVERY_MS = 10_000;

export function App({ client }: { client: DashboardClient }) {
  const { state, dispatch, connection, loadError, transitionCount, refresh } = useControl(client);
  const [configSaves, setConfigSaves] = useState(0);
  // null until chosen: a fragment naming a view, a click, or else the first state (below).
  const [chosenView, setViewState] = useState<ViewId | null>(() => {
    const route = routeFromHash(window.location.hash);
    return route.explicit ? route.view : null;
  });
  const [focusPort, setFocusPort] = useState<number | null>(() => routeFromHash(window.location.hash).port);

  // The tray re-opens the window with a new fragment (#view=ports&port=8000): follow it.
  useEffect(() => {
    const onHash = (): void => {
      const route = routeFromHash(window.location.hash);
      setViewState(route.view);
      setFocusPort(route.port);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  // No view in the address: the first state decides, once — All listeners while nothing is
  // watched (a first run), else Ports. Set during render (derived state), not in an effect.
  if (chosenView === null && state.control) setViewState(state.control.ports.length === 0 ? 'listeners' : 'ports');
  const view: ViewId = chosenView ?? 'ports';
  const now = useNow(1000);
  const api = client.api;
  const setView = useCallback((v: ViewId) => {
    setViewState(v);
    setFocusPort(null);
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#view=${v}`);
    document.getElementById('main')?.focus();
  }, []);

  const control = state.control;
  const connected = control !== null;
  const blocking = !control ? loadError : null;
  const loadDiagnostics = useCallback(() => api.getDiagnostics(), [api]);
  // Diagnostics make test binds and PATH lookups: refetch on transitions, not on every state.
  const diagnostics = usePolled(connected ? loadDiagnostics : null, DIAGNOSTICS_EVERY_MS, `${transitionCount}:${configSaves}`);
  const onConfigSaved = useCallback(() => setConfigSaves((n) => n + 1), []);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header
        control={control}
        connection={connection}
        failed={blocking !== null}
        api={api}
        onChange={(s) => dispatch({ type: 'state', state: s })}
      />
      <Nav
        current={view}
        onSelect={setView}
        badges={{
          // While paused the conflicts are as of the pause, not now: no count that reads as current.
          ports: control && !control.paused ? control.ports.filter((p) => p.status === 'conflict').length : 0,
          diagnostics: diagnostics.data?.summary.critical.length ?? 0,
        }}
      />
      <main id="main" tabIndex={-1}>
        {blocking ? (
          <BlockingError error={blocking} onRetry={refresh} />
        ) : !control ? (
          <p className="muted loading" role="status">
            Connecting to Portwarden…
          </p>
        ) : (
          <>
            <ConnectionBar status={connection} />
            {control.paused && <PausedNotice observedAt={control.observedAt} />}
            {view !== 'diagnostics' && diagnostics.data && diagnostics.data.summary.critical.length > 0 && (
              <DiagnosticsBanner compact diagnostics={diagnostics.data} onOpen={() => setView('diagnostics')} />
            )}
            {/* Not live (reconnecting, refused): what is shown may be stale, so nothing can be acted on (trial D5). */}
            <fieldset className="views" disabled={connection.kind !== 'open'}>
              {view === 'ports' && (
                <PortsView
                  control={control}
                  api={api}
                  now={now}
                  activity={state.activity}
                  focusPort={focusPort}
                  onOpenSettings={() => setView('settings')}
                />
              )}
              {view === 'listeners' && (
                <ListenersView api={api} now={now} pollIntervalMs={control.pollIntervalMs} trigger={transitionCount} />
              )}
              {view === 'services' && (
                <ServicesView
                  control={control}
                  logs={state.logs}
                  api={api}
                  now={now}
                  dispatch={dispatch}
                  onOpenSettings={() => setView('settings')}
                />
              )}
              {view === 'health' && (
                <HealthView control={control} api={api} now={now} dispatch={dispatch} onOpenSettings={() => setView('settings')} />
              )}
              {view === 'diagnostics' && <DiagnosticsView diagnostics={diagnostics.data} error={diagnostics.error} />}
              {view === 'product' && <ProductView api={api} dispatch={dispatch} />}
              {view === 'settings' && (
                <SettingsView
                  api={api}
                  importProjectFile={client.importProjectFile}
                  onSaved={onConfigSaved}
                  {...(client.chooseProjectFolder ? { chooseFolder: client.chooseProjectFolder } : {})}
                />
              )}
            </fieldset>
          </>
        )}
      </main>
    </div>
  );
}
