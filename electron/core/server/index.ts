export { startServer, LOOPBACK } from './create-server.ts';
export type { RunningServer, ServerOptions } from './create-server.ts';
export { checkRequest, tokensEqual, bearerToken } from './security.ts';
