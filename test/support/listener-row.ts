/** A listener row of the All listeners view (a dev server `node server.js` in project `shop`), with fields overridden. */
import type { ListenerRow } from '../../electron/core/model/listeners.ts';

export function listenerRow(over: Partial<ListenerRow>): ListenerRow {
  return {
    port: 3000,
    address: '127.0.0.1',
    family: 'IPv4',
    pid: 100,
    name: 'node',
    command: 'node server.js',
    user: 'dev',
    ppid: 1,
    startedAt: 0,
    cwd: '/home/dev/shop',
    project: 'shop',
    behind: null,
    orphanedSocket: null,
    kind: 'dev',
    kindReason: null,
    http: null,
    argv: null,
    watched: false,
    ...over,
  };
}
