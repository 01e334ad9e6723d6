import type { ConnectionStatus } from '../lib/event-stream.ts';

/** A thin bar while live updates are interrupted, so stale data is not mistaken for current. */
export function ConnectionBar({ status }: { status: ConnectionStatus }) {
  if (status.kind === 'open' || status.kind === 'connecting') return null;
  const text =
    status.kind === 'reconnecting'
      ? `Live updates interrupted (${status.reason}) — reconnecting… The figures below may be out of date.`
      : status.kind === 'unauthorized'
        ? 'Live updates refused: the access token is wrong. Open the address “portwarden serve” printed.'
        : 'Live updates refused for this origin. Open the address “portwarden serve” printed.';
  return (
    <div className="banner banner-warning" role="status">
      {text}
    </div>
  );
}
