import { useEffect, useRef, useState } from 'react';
import type { ControlApi, ListenerView, PortState, FreePortResult, KillAction } from '../../../electron/core/control/contract.ts';
import { useAction } from '../hooks/use-action.ts';
import { describeConflict, describeFreeResult, describeKillResult, freeTargets, PORT_STATUS_WORDS, uniqueOwners } from '../lib/wording.ts';
import { portTone } from '../lib/tones.ts';
import { ActionResult } from './ActionResult.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ListenerTable } from './ListenerTable.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import {
  asOf as asOfWords,
  confirmationOutdated,
  freeResultNow,
  stopParentLabel,
  visibleText,
} from '../../../electron/core/vocabulary/index.ts';
import { formatClock } from '../lib/format.ts';

type Parent = { pid: number; name: string | null; command: string | null };
type Pending =
  { kind: 'free'; targets: ReturnType<typeof freeTargets> } | { kind: 'kill'; listener: ListenerView } | { kind: 'parent'; parent: Parent };
/** `at`: when the answer came (a result stays on screen while the port changes). */
type Outcome = { kind: 'free'; result: FreePortResult; at: number } | { kind: 'kill'; result: KillAction; at: number };

/** One watched port: status, conflicts in plain words, owners, and the actions on them. */
/**
 * `asOf` (the clock time of the last look at the OS) is set while monitoring is paused: the
 * status, conflicts and "nothing is listening" are then said as of that time, not as now.
 */
export function PortCard({
  port,
  api,
  now,
  focused = false,
  asOf = null,
  observedAt = null,
}: {
  port: PortState;
  api: ControlApi;
  now: number;
  focused?: boolean;
  asOf?: string | null;
  /** ControlState.observedAt: when the port as shown was last looked at. */
  observedAt?: number | null;
}) {
  const [pending, setPending] = useState<Pending | null>(null);
  const card = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!focused || !card.current) return;
    card.current.scrollIntoView?.({ block: 'start' });
    card.current.focus();
  }, [focused]);
  const action = useAction<Outcome>();
  const targets = freeTargets(port, now);
  const summary = action.result
    ? action.result.kind === 'free'
      ? freeResultNow(
          describeFreeResult(action.result.result),
          action.result.result,
          formatClock(action.result.at),
          // Reconciled with the port as last seen AFTER the answer (an older state still
          // shows the holders just stopped): "is free" only while nothing holds it.
          observedAt !== null && observedAt > action.result.at ? port.listeners : [],
          port.service !== null && port.listeners.length > 0 && port.listeners.every((l) => l.managed) ? port.service : null,
        )
      : describeKillResult(action.result.result)
    : null;

  // An open confirmation whose processes changed says so (trial S6). Confirming stays possible and
  // safe: the server signals nothing when the owners are not those listed (issue 9).
  const owners = uniqueOwners(port.listeners);
  const listed: Parent[] =
    !pending || pending.kind === 'parent'
      ? []
      : pending.kind === 'free'
        ? pending.targets.map((t) => ({ pid: t.pid, name: t.name, command: t.command }))
        : [{ pid: pending.listener.pid!, name: pending.listener.name, command: pending.listener.command }];
  const gone = listed.filter((t) => !owners.some((o) => o.pid === t.pid));
  const joined = pending?.kind === 'free' && owners.some((o) => !listed.some((t) => t.pid === o.pid));
  const outdated = gone.length > 0 || joined ? confirmationOutdated(port.port, gone, port.listeners) : null;
  const respawnParent = action.result?.kind === 'free' ? (action.result.result.respawned?.parent ?? null) : null;

  function confirm(): void {
    const p = pending;
    setPending(null);
    if (!p) return;
    if (p.kind === 'free') {
      // The owners the dialog listed: if another process holds the port by now, nothing is
      // signalled and the answer names it.
      const owners = p.targets.map((t) => ({
        pid: t.pid,
        ...(t.startTime ? { startTime: t.startTime } : {}),
        ...(t.command ? { command: t.command } : {}),
      }));
      void action.run('free', async () => ({ kind: 'free', result: await api.freePort(port.port, { owners }), at: Date.now() }));
    } else if (p.kind === 'parent') {
      // The parent a respawn report named (trial S7): its command line guards against a reused pid.
      const { pid, command } = p.parent;
      void action.run('kill', async () => ({
        kind: 'kill',
        result: await api.killProcess(pid, command ? { command } : undefined),
        at: Date.now(),
      }));
    } else {
      const l = p.listener;
      // What the row showed: if the pid was reused meanwhile, nothing is signalled.
      const seen = { ...(l.command ? { command: l.command } : {}), ...(l.startTime ? { startTime: l.startTime } : {}) };
      void action.run('kill', async () => ({
        kind: 'kill',
        result: await api.killProcess(l.pid!, Object.keys(seen).length > 0 ? seen : undefined),
        at: Date.now(),
      }));
    }
  }

  return (
    <article
      ref={card}
      tabIndex={-1}
      className={`card port-card status-${port.status}${focused ? ' focused' : ''}`}
      aria-labelledby={`port-${port.port}-title`}
      data-port={port.port}
    >
      <header className="card-header">
        <h3 id={`port-${port.port}-title`}>
          <span className="mono">{port.port}</span> {port.name && <span className="muted">{port.name}</span>}
        </h3>
        <StatusBadge
          tone={asOf ? 'idle' : portTone(port.status)}
          label={asOf ? asOfWords(asOf, PORT_STATUS_WORDS[port.status]) : PORT_STATUS_WORDS[port.status]}
        />
        {port.service && <span className="tag">service {port.service}</span>}
        <div className="spacer" />
        {port.listeners.length > 0 && (
          <button
            type="button"
            className="danger"
            disabled={action.busy !== null || targets.length === 0}
            onClick={() => setPending({ kind: 'free', targets })}
          >
            {action.busy === 'free' ? 'Freeing…' : 'Free port'}
          </button>
        )}
      </header>
      {port.conflicts.length > 0 && (
        <ul className="conflicts">
          {port.conflicts.map((c, i) => (
            <li key={`${c.kind}-${i}`}>{asOf ? asOfWords(asOf, describeConflict(c, port, now)) : describeConflict(c, port, now)}</li>
          ))}
        </ul>
      )}
      {port.listeners.length === 0 ? (
        <p className="muted">
          {asOf ? asOfWords(asOf, `nothing was listening on ${port.port}.`) : `Nothing is listening on ${port.port}.`}
        </p>
      ) : (
        <ListenerTable
          listeners={port.listeners}
          now={now}
          busy={action.busy !== null}
          onKill={(l) => setPending({ kind: 'kill', listener: l })}
        />
      )}
      <ActionResult summary={summary} error={action.error} onDismiss={action.clear} />
      {respawnParent && action.busy === null && (
        <button type="button" className="danger" onClick={() => setPending({ kind: 'parent', parent: respawnParent })}>
          {stopParentLabel(respawnParent)}
        </button>
      )}
      {pending && (
        <ConfirmDialog
          title={
            pending.kind === 'free'
              ? `Free port ${port.port}?`
              : `Kill pid ${pending.kind === 'kill' ? pending.listener.pid : pending.parent.pid}?`
          }
          confirmLabel={pending.kind === 'free' ? 'Stop these processes' : 'Kill process'}
          danger
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        >
          {outdated && (
            <p className="bad-text" role="alert">
              {outdated}
            </p>
          )}
          <p>
            {pending.kind === 'free'
              ? `These processes will be stopped (SIGTERM, then SIGKILL if ${port.port} is still held after the grace period):`
              : 'This process and its children will be stopped (SIGTERM, then SIGKILL after the grace period):'}
          </p>
          <ul className="targets">
            {(pending.kind === 'free'
              ? pending.targets
              : pending.kind === 'kill'
                ? freeTargets({ ...port, listeners: [pending.listener] }, now)
                : [
                    {
                      text: `${visibleText(pending.parent.name ?? 'process')} (pid ${pending.parent.pid}), the parent that starts the listener again`,
                      command: pending.parent.command,
                    },
                  ]
            ).map((t) => (
              <li key={t.text}>
                <strong>{t.text}</strong>
                {t.command && <div className="mono command">{visibleText(t.command)}</div>}
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </article>
  );
}
