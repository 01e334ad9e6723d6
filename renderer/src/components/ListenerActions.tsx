import { createContext, useContext, useState } from 'react';
import type { ReactNode } from 'react';
import type { ControlApi, FreePortResult, KillAction, ListenerRow, WatchedPortConfig } from '../../../electron/core/control/contract.ts';
import {
  describeFreeResult,
  describeKillResult,
  describeWatchResult,
  processLabel,
  uniqueProcesses,
  visibleText,
} from '../../../electron/core/vocabulary/index.ts';
import { useAction } from '../hooks/use-action.ts';
import { ActionResult } from './ActionResult.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';

type Pending = { kind: 'free'; port: number; owners: ListenerRow[]; container: string | null } | { kind: 'kill'; row: ListenerRow };
type Outcome =
  { kind: 'free'; result: FreePortResult } | { kind: 'kill'; result: KillAction } | { kind: 'watch'; result: WatchedPortConfig };

export interface ListenerActions {
  busy: string | null;
  free(port: number): void;
  /** A port published by a Docker container: stop the container (docker-proxy would only be restarted). */
  stopContainer(row: ListenerRow): void;
  kill(row: ListenerRow): void;
  watch(row: ListenerRow): void;
}

const Context = createContext<ListenerActions | null>(null);

export function useListenerActions(): ListenerActions {
  const value = useContext(Context);
  if (!value) throw new Error('useListenerActions outside ListenerActionsProvider');
  return value;
}

/**
 * The row actions of the All listeners view, one at a time: Free and Kill ask first, naming
 * the processes (the same confirmation as on a watched port) and send what the row showed,
 * so a process that replaced it meanwhile is not signalled; Watch sends the row's pid and
 * command line. The outcome shows above the groups.
 */
export function ListenerActionsProvider({
  api,
  rows,
  now,
  children,
}: {
  api: ControlApi;
  rows: readonly ListenerRow[];
  now: number;
  children: ReactNode;
}) {
  const [pending, setPending] = useState<Pending | null>(null);
  const action = useAction<Outcome>();
  const actions: ListenerActions = {
    busy: action.busy,
    free: (port) =>
      setPending({ kind: 'free', port, owners: uniqueProcesses(rows.filter((r) => r.port === port && r.pid !== null)), container: null }),
    stopContainer: (row) =>
      setPending({
        kind: 'free',
        port: row.port,
        owners: uniqueProcesses(rows.filter((r) => r.port === row.port && r.pid !== null)),
        container: row.behind?.kind === 'docker-container' ? (row.behind.name ?? row.behind.id ?? 'the container') : null,
      }),
    kill: (row) => setPending({ kind: 'kill', row }),
    watch: (row) => {
      const seen = { pid: row.pid!, ...(row.command ? { command: row.command } : {}) };
      void action.run(`watch ${row.port}`, async () => ({ kind: 'watch', result: await api.watchPort(row.port, seen) }));
    },
  };
  const summary = action.result
    ? action.result.kind === 'free'
      ? describeFreeResult(action.result.result)
      : action.result.kind === 'kill'
        ? describeKillResult(action.result.result)
        : describeWatchResult(action.result.result)
    : null;

  function confirm(): void {
    const p = pending;
    setPending(null);
    if (!p) return;
    if (p.kind === 'free') {
      const owners = p.owners.map((o) => ({ pid: o.pid!, ...(o.command ? { command: o.command } : {}) }));
      void action.run(`free ${p.port}`, async () => ({
        kind: 'free',
        result: await api.freePort(p.port, { owners, ...(p.container !== null ? { stopContainers: true } : {}) }),
      }));
    } else {
      const r = p.row;
      void action.run(`kill ${r.pid}`, async () => ({
        kind: 'kill',
        result: await api.killProcess(r.pid!, r.command ? { command: r.command } : undefined),
      }));
    }
  }

  const targets = pending ? (pending.kind === 'free' ? pending.owners : [pending.row]) : [];
  return (
    <Context.Provider value={actions}>
      <ActionResult summary={summary} error={action.error} onDismiss={action.clear} />
      {children}
      {pending && (
        <ConfirmDialog
          title={
            pending.kind === 'free'
              ? pending.container !== null
                ? `Stop container ${visibleText(pending.container)}?`
                : `Free port ${pending.port}?`
              : `Kill pid ${pending.row.pid}?`
          }
          confirmLabel={pending.kind === 'free' ? (pending.container !== null ? 'Stop container' : 'Stop these processes') : 'Kill process'}
          danger
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        >
          <p>
            {pending.kind === 'free' && pending.container !== null
              ? `Docker will be asked to stop container ${visibleText(pending.container)} (like docker stop), which releases port ${pending.port}. Its forwarder:`
              : pending.kind === 'free'
                ? `These processes will be stopped (SIGTERM, then SIGKILL if ${pending.port} is still held after the grace period):`
                : 'This process and its children will be stopped (SIGTERM, then SIGKILL after the grace period):'}
          </p>
          <ul className="targets">
            {targets.map((t) => (
              <li key={`${t.pid}`}>
                <strong>
                  {processLabel(t, { now })}
                  {t.user ? `, user ${visibleText(t.user)}` : ''}
                  {t.project ? `, project ${visibleText(t.project)}` : ''}
                </strong>
                {t.command && <div className="mono command">{visibleText(t.command)}</div>}
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </Context.Provider>
  );
}
