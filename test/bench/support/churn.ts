/**
 * Listeners coming and going for `npm run bench:monitor`'s memory check: one child process
 * binds and closes sockets on the given ports at random (127.0.0.1 and ::1 each), one change
 * every `everyMs`, for `seconds`, then exits by itself. Its own memory is not measured.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

const CHURNER = String.raw`
const net = require('node:net');
const { ports, everyMs, seconds } = JSON.parse(process.argv[1]);
const slots = ports.flatMap((port) => [{ port, host: '127.0.0.1', server: null }, { port, host: '::1', server: null }]);
let changes = 0;
const timer = setInterval(() => {
  const slot = slots[Math.floor(Math.random() * slots.length)];
  if (slot.server) {
    slot.server.close();
    slot.server = null;
  } else {
    const server = net.createServer((c) => c.end());
    server.on('error', () => undefined);
    server.listen({ port: slot.port, host: slot.host, ipv6Only: slot.host === '::1' });
    slot.server = server;
  }
  changes++;
}, everyMs);
setTimeout(() => {
  clearInterval(timer);
  console.log(JSON.stringify({ changes }));
  process.exit(0);
}, seconds * 1000);
`;

export interface Churn {
  child: ChildProcess;
  /** Resolves with the number of binds and closes once the churn has ended. */
  done: Promise<number>;
}

export function startChurn(ports: readonly number[], seconds: number, everyMs = 50): Churn {
  const child = spawn(process.execPath, ['-e', CHURNER, JSON.stringify({ ports, everyMs, seconds })], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<number>((resolve) =>
    child.once('exit', () => resolve(Number((JSON.parse(out.trim() || '{"changes":0}') as { changes: number }).changes))),
  );
  return { child, done };
}
