/**
 * The headless HTTP server for the control API and the dashboard (`portwarden serve`).
 * Bound to 127.0.0.1 only. The /api routes come from the control table (control/methods.ts,
 * listed in README, "HTTP API"); bodies are the ControlApi return values as they are;
 * errors are {"error":{"code","message"}}.
 */
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { ControlApi, ControlTable } from '../control/contract.ts';
import { registerControlRoutes } from './control-routes.ts';
import { checkRequest } from './security.ts';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../model/json-depth.ts';
import { DEFAULT_CONNECTION_LIMITS, fastifyConnectionOptions } from './connection-limits.ts';
import type { ConnectionLimits } from './connection-limits.ts';
import { errorBody, toHttpError } from './errors.ts';
import { EventStreams } from './sse.ts';
import { DASHBOARD_CSP, NOT_BUILT_PAGE, findRendererDir } from './static-files.ts';

export interface ServerOptions {
  control: ControlApi;
  token: string;
  /** Default 7300; 0 = any free port (see the returned port). */
  port?: number;
  /** Directory of the built dashboard; default dist/renderer when it exists; null = none. */
  rendererDir?: string | null;
  heartbeatMs?: number;
  /** Timeouts and the connection cap (connection-limits.ts); tests shorten them. */
  limits?: Partial<ConnectionLimits>;
  /** The methods served under /api (default: the control table; tests extend it). */
  table?: ControlTable;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** `url` + `/#token=TOKEN`: what `portwarden serve` prints. */
  dashboardUrl: string;
  /** Open /api/events streams (for tests). */
  openStreams(): number;
  /** /api/events clients dropped for falling too far behind (for tests). */
  droppedStreams(): number;
  /** End every /api/events stream, as a restart would; clients reconnect (for tests). */
  closeStreams(): void;
  close(): Promise<void>;
}

/** The server binds this address and nothing else. */
export const LOOPBACK = '127.0.0.1';

/**
 * Routes anyone on loopback may fetch without the token: liveness and the dashboard's own
 * files (which hold no data; the page asks for the token). Everything else needs it.
 */
const PUBLIC_ROUTES = new Set(['/health', '/', '/*']);

/**
 * Decided by the route Fastify matched, never by the raw request target: the router decodes
 * `/%61pi/state` and accepts an absolute-form target (`GET http://host/api/state`), so a
 * prefix test on `request.url` let both reach /api without a token. A request that matched
 * no route needs the token too (default deny).
 */
function needsToken(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route === undefined || !PUBLIC_ROUTES.has(route);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { control, token } = options;
  if (typeof token !== 'string' || token.length < 16) throw new Error('server token must be at least 16 characters');
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 1024 * 1024, ...fastifyConnectionOptions(limits) });
  app.server.maxConnections = limits.maxConnections;
  const streams = new EventStreams();
  let port = options.port ?? 7300;

  // Empty JSON bodies ("POST …/start" with content-type: application/json) are fine.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      // JSON.parse copes with any depth; the validators after it recurse and would overflow.
      if (nestedDeeperThan(parsed, MAX_JSON_DEPTH)) {
        done(
          Object.assign(new Error(`request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`), { statusCode: 400 }),
          undefined,
        );
        return;
      }
      done(null, parsed);
    } catch (error) {
      const e = error as Error & { statusCode?: number };
      e.statusCode = 400;
      e.message = `request body is not valid JSON: ${e.message}`;
      done(e, undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const guard = checkRequest(request.headers, port, token, needsToken(request));
    if (!guard.ok) {
      return reply.code(guard.status).header('content-type', 'application/json; charset=utf-8').send(errorBody(guard.code, guard.message));
    }
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (needsToken(request)) reply.header('cache-control', 'no-store');
    else reply.header('content-security-policy', DASHBOARD_CSP);
    return payload;
  });

  app.setErrorHandler(async (error, _request, reply) => {
    const { status, body } = toHttpError(error);
    await reply.code(status).send(body);
  });

  app.setNotFoundHandler(async (request, reply) => {
    await reply.code(404).send(errorBody('not-found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  // Token-free on purpose (uptime checks, scripts):
  // it says only the overall level, never which port, process or problem.
  app.get('/health', async () => ({ status: (await control.getState()).overall }));

  // Every control method, generated from the control table (control-routes.ts).
  registerControlRoutes(app, control, options.table);
  // The event stream (ControlApi.subscribe) is the one /api route outside the table.
  app.get('/api/events', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    // The stream is meant to stay open; its heartbeat and sse.ts's slow-reader bound guard it.
    request.raw.socket.setTimeout(0);
    await streams.attach(control, request.raw, reply.raw, {
      ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
      maxQueuedBytes: limits.maxQueuedEventBytes,
    });
  });

  const rendererDir = options.rendererDir === undefined ? findRendererDir() : options.rendererDir;
  if (rendererDir) {
    await app.register(fastifyStatic, { root: rendererDir, prefix: '/', index: ['index.html'], wildcard: true });
  } else {
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE));
  }

  app.addHook('preClose', async () => {
    streams.closeAll();
  });

  await app.listen({ host: LOOPBACK, port });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : port;
  const url = `http://${LOOPBACK}:${port}`;
  return {
    url,
    port,
    // Encoded: the dashboard reads the fragment with URLSearchParams, where "+", "&", "#"
    // and "%" in a user-chosen --token would otherwise change it.
    dashboardUrl: `${url}/#token=${encodeURIComponent(token)}`,
    openStreams: () => streams.count,
    droppedStreams: () => streams.dropped,
    closeStreams: () => streams.closeAll(),
    close: async () => {
      streams.closeAll();
      await app.close();
    },
  };
}
