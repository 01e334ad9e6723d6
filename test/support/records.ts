/**
 * The listener-record fields a hand-written test row usually does not care about: no start
 * time, no working directory or project, nothing behind the port, no orphaned socket.
 * Spread it into a literal row: `{ port, address, …, ppid: 1, ...UNKNOWN_OWNER_DETAILS }`.
 */
export const UNKNOWN_OWNER_DETAILS = Object.freeze({
  startedAt: null,
  cwd: null,
  project: null,
  behind: null,
  orphanedSocket: null,
});
