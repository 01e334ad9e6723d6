/**
 * Words for the dashboard's link to Portwarden when it is not live: whatever the reason, the
 * figures on screen are from before and may be out of date, and actions wait for the link
 * (trial D5: after a restart with a new token the caveat disappeared while the old ports
 * stayed on screen with their buttons enabled). Pure.
 */
export type LinkTrouble = { kind: 'reconnecting'; reason: string } | { kind: 'unauthorized' } | { kind: 'forbidden' };

const STALE = 'The figures below are from before and may be out of date; actions are disabled until the dashboard is connected again.';

export function connectionBanner(t: LinkTrouble): string {
  switch (t.kind) {
    case 'reconnecting':
      return `Live updates interrupted (${t.reason}) — reconnecting… ${STALE}`;
    case 'unauthorized':
      return `Live updates refused: the access token is wrong (the server may have restarted with a new one). Open the address “portwarden serve” printed. ${STALE}`;
    case 'forbidden':
      return `Live updates refused for this origin. Open the address “portwarden serve” printed. ${STALE}`;
  }
}
