import { useEffect, useState } from 'react';
import type { Dispatch } from 'react';
import type { ControlApi, LogLine, PortState, ServiceActionResult, ServiceState } from '../../../electron/core/control/contract.ts';
import { useAction } from '../hooks/use-action.ts';
import type { DashboardAction } from '../lib/dashboard-state.ts';
import { formatStartedAgo, formatUptime } from '../lib/format.ts';
import { serviceTone } from '../lib/tones.ts';
import { describeServiceAction, freeTargets, SERVICE_STATUS_WORDS } from '../lib/wording.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { visibleText } from '../../../electron/core/vocabulary/index.ts';
import { ActionResult } from './ActionResult.tsx';
import { LogTail } from './LogTail.tsx';
import { StatusBadge } from './StatusBadge.tsx';

const LOG_TAIL = 200;

export interface ServiceCardProps {
  service: ServiceState;
  /** The watched port of the service (its listeners are who Free & start would stop), if watched. */
  port?: PortState | null;
  api: ControlApi;
  now: number;
  logs: LogLine[];
  dispatch: Dispatch<DashboardAction>;
}

/** One managed service: status, pid, uptime, restarts, the controls, and its live log. */
export function ServiceCard({ service, port = null, api, now, logs, dispatch }: ServiceCardProps) {
  const action = useAction<ServiceActionResult>();
  // Free & start stops whoever else holds the port: confirmed first, naming them (trial S5).
  const [confirming, setConfirming] = useState<ReturnType<typeof freeTargets> | null>(null);
  const holders = port ? freeTargets({ ...port, listeners: port.listeners.filter((l) => !l.managed) }, now) : [];

  function freeAndStart(targets: ReturnType<typeof freeTargets>): void {
    setConfirming(null);
    // The holders shown: if others hold the port by now, nothing is stopped or started.
    const owners = targets.map((t) => ({
      pid: t.pid,
      ...(t.startTime ? { startTime: t.startTime } : {}),
      ...(t.command ? { command: t.command } : {}),
    }));
    run('free-and-start', (id) => api.freeAndStart(id, { owners }));
  }
  const running = service.status === 'running' || service.status === 'starting';

  useEffect(() => {
    let alive = true;
    api.getServiceLogs(service.id, LOG_TAIL).then(
      (lines) => alive && dispatch({ type: 'logs-loaded', serviceId: service.id, lines }),
      () => {
        /* the tail still fills from live events */
      },
    );
    return () => {
      alive = false;
    };
  }, [api, service.id, dispatch]);

  /** The answer says what the action really left (listening, exited with its code, port held by …). */
  function run(label: string, fn: (id: string) => Promise<ServiceActionResult>): void {
    void action.run(label, async () => {
      const result = await fn(service.id);
      dispatch({ type: 'service', service: result.service });
      return result;
    });
  }

  const exit = service.lastExit;
  return (
    <article className="card" aria-labelledby={`svc-${service.id}-title`} data-service={service.id}>
      <header className="card-header">
        <h3 id={`svc-${service.id}-title`}>{service.id}</h3>
        <StatusBadge tone={serviceTone(service.status)} label={SERVICE_STATUS_WORDS[service.status]} />
        <div className="spacer" />
        <div className="button-row">
          <button type="button" disabled={action.busy !== null || running} onClick={() => run('start', api.startService)}>
            Start
          </button>
          <button
            type="button"
            disabled={action.busy !== null || service.status === 'stopped'}
            onClick={() => run('stop', api.stopService)}
          >
            Stop
          </button>
          <button type="button" disabled={action.busy !== null} onClick={() => run('restart', api.restartService)}>
            {action.busy === 'restart' ? 'Restarting…' : 'Restart'}
          </button>
          {service.port !== null && (
            <button
              type="button"
              disabled={action.busy !== null}
              onClick={() => (holders.length > 0 ? setConfirming(holders) : freeAndStart([]))}
            >
              Free &amp; start
            </button>
          )}
        </div>
      </header>
      <dl className="facts">
        <dt>PID</dt>
        <dd className="mono" data-testid="service-pid">
          {service.pid ?? '—'}
        </dd>
        <dt>Uptime</dt>
        <dd>{service.startedAt !== null && service.pid !== null ? formatUptime(now - service.startedAt) : '—'}</dd>
        <dt>Restarts</dt>
        <dd>{service.restarts}</dd>
        <dt>Port</dt>
        <dd className="mono">{service.port ?? '—'}</dd>
        <dt>Command</dt>
        <dd className="mono command">{service.command}</dd>
        {exit && (
          <>
            <dt>Last exit</dt>
            <dd>
              {exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}, {formatStartedAgo(exit.at, now).replace('started ', '')}
            </dd>
          </>
        )}
        {service.blockedBy && (
          <>
            <dt>Blocked by</dt>
            <dd className="bad-text" data-testid="blocked-by">
              {service.blockedBy}
            </dd>
          </>
        )}
      </dl>
      <ActionResult summary={action.result ? describeServiceAction(action.result) : null} error={action.error} onDismiss={action.clear} />
      {confirming && (
        <ConfirmDialog
          title={`Free port ${service.port} and start ${service.id}?`}
          confirmLabel="Stop them and start"
          danger
          onConfirm={() => freeAndStart(confirming)}
          onCancel={() => setConfirming(null)}
        >
          <p>{`These processes hold port ${service.port} and will be stopped (SIGTERM, then SIGKILL if the port is still held after the service's grace period), then ${service.id} is started:`}</p>
          <ul className="targets">
            {confirming.map((t) => (
              <li key={t.text}>
                <strong>{t.text}</strong>
                {t.command && <div className="mono command">{visibleText(t.command)}</div>}
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
      <h4>Log</h4>
      <LogTail lines={logs} label={`Log of service ${service.id}`} />
    </article>
  );
}
