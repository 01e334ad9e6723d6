import type { ListenerRow } from '../../../electron/core/control/contract.ts';
import type { ListenerGroup } from '../../../electron/core/vocabulary/index.ts';
import { browserUrl, commandToCopy, formatStartedAgo, visibleOrNull, visibleText } from '../../../electron/core/vocabulary/index.ts';
import { CopyButton } from './CopyButton.tsx';
import { useListenerActions } from './ListenerActions.tsx';

/** One project's listeners: a card with a row per socket and its actions. */
export function ListenerGroupTable({ group, now }: { group: ListenerGroup; now: number }) {
  const title = group.project === null ? 'No project' : visibleText(group.project);
  const id = `group-${(group.project ?? '-').replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <article className="card listener-group" aria-labelledby={id} data-project={group.project ?? ''}>
      <h3 id={id}>
        {title} <span className="muted">{group.rows.length === 1 ? '1 listener' : `${group.rows.length} listeners`}</span>
      </h3>
      <table className="listeners all-listeners">
        <thead>
          <tr>
            <th scope="col">Port</th>
            <th scope="col">Address</th>
            <th scope="col">PID</th>
            <th scope="col">Process</th>
            <th scope="col">Command</th>
            <th scope="col">User</th>
            <th scope="col">Age</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {group.rows.map((r, i) => (
            <Row key={`${r.pid}-${r.address}-${r.family}-${r.port}-${i}`} row={r} now={now} />
          ))}
        </tbody>
      </table>
    </article>
  );
}

function Row({ row: r, now }: { row: ListenerRow; now: number }) {
  const actions = useListenerActions();
  const busy = actions.busy !== null;
  const copy = commandToCopy(r);
  // A port a Docker container publishes: stopping docker-proxy is refused (Docker restarts
  // it), so the row offers to stop the container instead.
  const container = r.behind?.kind === 'docker-container' && r.behind.id !== null ? (r.behind.name ?? r.behind.id.slice(0, 12)) : null;
  return (
    <tr data-port={r.port} data-pid={r.pid ?? ''}>
      <td className="mono">
        <strong>{r.port}</strong>
        {r.watched && <span className="tag">watched</span>}
      </td>
      <td className="mono">
        {r.family === 'IPv6' ? `[${r.address}]` : r.address} <span className="muted">{r.family}</span>
      </td>
      <td className="mono">
        {r.pid ?? '—'}
        {r.pid !== null && r.ppid !== null && r.ppid > 1 && <div className="muted small-text">parent {r.ppid}</div>}
      </td>
      <td>
        {r.name !== null ? visibleText(r.name) : <span className="muted">not visible</span>}
        {r.kind !== 'dev' && r.kindReason && <span className="tag">{r.kindReason}</span>}
        {r.behind?.kind === 'docker-container' && (
          <span className="tag">container {visibleText(r.behind.name ?? r.behind.id?.slice(0, 12) ?? '')}</span>
        )}
      </td>
      <td className="mono command" title={visibleOrNull(r.command) ?? undefined}>
        {r.command !== null ? visibleText(r.command) : <span className="muted">unknown</span>}
      </td>
      <td>{r.user ? visibleText(r.user) : '—'}</td>
      <td>{formatStartedAgo(r.startedAt, now).replace(/^started /, '')}</td>
      <td>
        <div className="row-actions">
          {container !== null && (
            <button type="button" className="small danger-outline" disabled={busy} onClick={() => actions.stopContainer(r)}>
              Stop container {visibleText(container)}
            </button>
          )}
          {r.pid !== null && container === null && (
            <button type="button" className="small danger-outline" disabled={busy} onClick={() => actions.free(r.port)}>
              Free {r.port}
            </button>
          )}
          {r.pid !== null && container === null && (
            <button type="button" className="small danger-outline" disabled={busy} onClick={() => actions.kill(r)}>
              Kill {r.pid}
            </button>
          )}
          {copy && <CopyButton text={copy} />}
          {r.http === true && (
            <a className="button small" href={browserUrl(r)} target="_blank" rel="noopener noreferrer">
              Open in browser
            </a>
          )}
          {!r.watched && r.pid !== null && r.command !== null && (
            <button type="button" className="small" disabled={busy} onClick={() => actions.watch(r)}>
              Watch
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
