/**
 * The HTTP API (fastify). Shapes are compatible with the seed's FastAPI service:
 *   GET  /products/:id        200 {productId, exists: true, source: cache|db, data}
 *                             404 {productId, exists: false, source: bloom|cache|db, data: null}
 *   POST /products            201 same shape, source "db"; 409 when the id exists
 *   GET  /bloom/stats, GET /metrics, GET /metrics/prometheus, GET /health
 *   POST /admin/rebuild       loopback clients only (every /admin/* route)
 * Errors are {"error": "<reason>"}: 400 bad id / JSON / UTF-8 / types, 403 foreign Host or
 * Origin (request-guard.ts), 405 wrong method on a known path (with Allow), 413 body over
 * 64 KiB, 404 unknown route, 503 until the filter is loaded; errors raised before a route
 * runs have the same shape (http-errors.ts).
 *
 * The filter-rejected GET is the path attackers hit, so it is answered before fastify's
 * router even sees it (see `fastReject`): validate → filter → one pre-assembled JSON
 * string. Everything else, including every GET the filter lets through, goes through
 * fastify as usual. Why the special case: the target is ≥ 0.70× a bare node:http server
 * for filter rejects. In A/B runs on the 2-core VM (4 × 3 s, 32 connections, same build
 * with and without this path), fastify alone reached 0.70–0.82× (median 0.72×: no margin),
 * the raw path 0.81–1.16× (median 0.90×). An integration test checks both paths answer
 * byte-for-byte the same and count the same.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { allowedMethods, clientErrorHandler, errorBody, JSON_TYPE } from './http-errors.ts';
import { parseJsonBody } from './json-body.ts';
import { FilterUnavailableError, type LookupResult, type ProductLookup } from './lookup.ts';
import type { Counters } from './metrics.ts';
import { toPrometheus } from './metrics.ts';
import { isValidProductId, productIdProblem, type Product } from './product.ts';
import { isLoopback, type RequestGuard } from './request-guard.ts';
import type { ServiceFilter } from './service-filter.ts';
import { messageOf } from '../core/model/errors.ts';

/** Largest accepted request body (64 KiB); one byte more is 413. */
export const BODY_LIMIT = 64 * 1024;

export interface RouteContext {
  filter: ServiceFilter;
  lookup: () => ProductLookup | null;
  counters: Counters;
  metrics: () => Record<string, number>;
  health: () => { status: 'ok' | 'degraded'; bloom_filter_loaded: boolean; [k: string]: unknown };
  /** True once the filter is loaded and the products file stored. */
  ready: () => boolean;
  /** The Host/Origin check; null until the server listens (its port is part of the rule). */
  guard: () => RequestGuard | null;
}

const PRODUCTS_PREFIX = '/products/';

/** Set on a raw request whose id the filter already let through (the route does not ask again). */
const PASSED = Symbol('filter passed');

/**
 * Answers `GET /products/{id}` directly on the raw request when the id is plainly valid
 * (no percent-encoding or query string) and the filter says "no". Returns false to let
 * fastify handle the request. Same response and counters as the fastify route; it skips
 * fastify's request/reply objects and router, which is most of the cost of a 404.
 * With the shared filter the verdict may need Redis: then the request waits for it here
 * and goes to fastify afterwards only when the id passed.
 */
function fastReject(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, next: () => void): boolean {
  const url = req.url;
  if (req.method !== 'GET' || url === undefined || !url.startsWith(PRODUCTS_PREFIX)) return false;
  const id = url.slice(PRODUCTS_PREFIX.length);
  if (!isValidProductId(id) || !ctx.ready()) return false;
  const lookup = ctx.lookup();
  if (!lookup) return false;
  const verdict = lookup.rejects(id);
  if (verdict === true) answerRejected(ctx, id, res);
  else if (verdict === false) return false;
  else {
    verdict.then(
      (rejected) => {
        if (rejected) return answerRejected(ctx, id, res);
        (req as IncomingMessage & { [PASSED]?: boolean })[PASSED] = true;
        next();
      },
      () => next(),
    );
  }
  return true;
}

function answerRejected(ctx: RouteContext, id: string, res: ServerResponse): void {
  const c = ctx.counters;
  c.requests_total++;
  c.requests_not_found_total++;
  const body = `{"productId":"${id}","exists":false,"source":"bloom","data":null}`;
  res.writeHead(404, { 'content-type': JSON_TYPE, 'content-length': body.length });
  res.end(body);
}

const NOT_READY = '{"error":"the Bloom filter is still loading"}';

/** Ids are [A-Za-z0-9._:-], so they can be pasted into JSON without escaping. */
function lookupBody(id: string, r: LookupResult): string {
  if (!r.found) return `{"productId":"${id}","exists":false,"source":"${r.source}","data":null}`;
  return `{"productId":"${id}","exists":true,"source":"${r.source}","data":${JSON.stringify(r.product)}}`;
}

const PRODUCT_FIELDS = new Set(['id', 'name', 'price']);

/** Checks a POST body; returns the product or the reason it is rejected. */
export function parseProductBody(body: unknown): Product | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object {"id", "name", "price"}';
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!PRODUCT_FIELDS.has(key)) return `unknown field ${JSON.stringify(key)}`;
  const idProblem = productIdProblem(b.id);
  if (idProblem) return idProblem;
  if (typeof b.name !== 'string') return 'name must be a string';
  if (b.name.length === 0 || b.name.length > 256) return 'name must be 1-256 characters';
  if (typeof b.price !== 'number' || !Number.isFinite(b.price)) return 'price must be a number';
  if (b.price < 0) return 'price must not be negative';
  return { id: b.id as string, name: b.name, price: b.price };
}

/** 403 for a request whose Host or Origin is not this server's; false when it may proceed. */
function refuseForeign(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): boolean {
  const guard = ctx.guard();
  const reason = guard ? guard.check(req) : 'the server is starting';
  if (reason === null) return false;
  const body = errorBody(reason);
  res.writeHead(guard ? 403 : 503, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}

export function buildApp(ctx: RouteContext): FastifyInstance {
  let closing = false;
  const c = ctx.counters;
  const app = Fastify({
    logger: false,
    serverFactory: (handler) =>
      // requireHostHeader off: Node would answer a missing Host with an empty 400; the guard
      // answers it with a 403 in the one error shape instead.
      createServer({ requireHostHeader: false }, (req, res) => {
        if (refuseForeign(ctx, req, res)) return;
        if (closing || !fastReject(ctx, req, res, () => handler(req, res))) handler(req, res);
      }),
    clientErrorHandler,
    // Bad percent-encoding and the like, found before routing: same shape as every error.
    frameworkErrors: (err, request, reply) => {
      if (request.url.startsWith('/products')) {
        c.requests_total++;
        c.requests_bad_request_total++;
      }
      const reason =
        err.code === 'FST_ERR_BAD_URL' ? `bad percent-encoding in the URL ${JSON.stringify(request.url.slice(0, 200))}` : err.message;
      return (reply as FastifyReply).code(400).send({ error: reason });
    },
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    // Above Node's whole-header limit (16 KiB by default, request line included), so every
    // over-long id Node accepts reaches our handler and gets our 400 with the reason, never
    // the router's own 414 (which echoes the URL and skips our counters).
    routerOptions: { maxParamLength: 65_536 },
  });
  // JSON only: without this, fastify's built-in text/plain parser hands a JSON text sent as
  // text/plain to the route as a string (a confusing 400) instead of a 415.
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // Before any body is read: every /admin/* route is for loopback clients only, and a known
  // path with the wrong method is 405 (not a 400 about a body it would never use).
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/admin/') && !isLoopback(request.socket.remoteAddress)) {
      reply.code(403).send({ error: 'admin routes are accepted from loopback clients only' });
      return;
    }
    if (request.is404) {
      const path = request.url.split('?')[0];
      const allow = allowedMethods(path);
      if (allow) {
        reply
          .code(405)
          .header('allow', allow)
          .send({ error: `${request.method} is not allowed on ${path}; allowed: ${allow}` });
        return;
      }
    }
    done();
  });

  const unavailable = (reply: FastifyReply): FastifyReply => {
    c.requests_unavailable_total++;
    return reply.code(503).header('content-type', JSON_TYPE).send(NOT_READY);
  };
  const badRequest = (reply: FastifyReply, reason: string): FastifyReply => {
    c.requests_bad_request_total++;
    return reply.code(400).send({ error: reason });
  };

  app.get('/products/:id', (request, reply) => {
    c.requests_total++;
    const id = (request.params as { id: string }).id;
    if (!isValidProductId(id)) return badRequest(reply, productIdProblem(id) ?? 'invalid id');
    const lookup = ctx.lookup();
    if (!lookup || !ctx.ready()) return unavailable(reply);
    const r = lookup.get(id, (request.raw as IncomingMessage & { [PASSED]?: boolean })[PASSED] === true);
    if (!(r instanceof Promise)) {
      c.requests_not_found_total++;
      return reply.code(404).header('content-type', JSON_TYPE).send(lookupBody(id, r));
    }
    r.then(
      (result) => {
        if (result.found) c.requests_found_total++;
        else c.requests_not_found_total++;
        reply
          .code(result.found ? 200 : 404)
          .header('content-type', JSON_TYPE)
          .send(lookupBody(id, result));
      },
      (err: Error) => reply.code(500).send({ error: err.message }),
    );
    return reply;
  });

  app.post('/products', async (request, reply) => {
    c.requests_total++;
    const product = parseProductBody(request.body);
    if (typeof product === 'string') return badRequest(reply, product);
    const lookup = ctx.lookup();
    if (!lookup || !ctx.ready()) return unavailable(reply);
    let result;
    try {
      result = await lookup.create(product);
    } catch (err) {
      if (!(err instanceof FilterUnavailableError)) throw err;
      c.requests_unavailable_total++;
      return reply.code(503).send({ error: err.message });
    }
    if (!result.created) {
      c.requests_conflict_total++;
      return reply.code(409).send({ error: `product ${product.id} already exists`, productId: product.id });
    }
    c.requests_created_total++;
    return reply
      .code(201)
      .header('content-type', JSON_TYPE)
      .send(lookupBody(product.id, { found: true, source: 'db', product: result.product }));
  });

  app.get('/bloom/stats', async (_request, reply) => {
    if (!ctx.filter.loaded) return unavailable(reply);
    try {
      return reply.send(await ctx.filter.stats());
    } catch (err) {
      return reply.code(503).send({ error: `the shared Bloom filter is unreachable: ${messageOf(err)}` });
    }
  });

  app.get('/metrics', (_request, reply) => reply.send(ctx.metrics()));

  app.get('/metrics/prometheus', (_request, reply) =>
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8').send(toPrometheus(ctx.metrics())),
  );

  app.get('/health', (_request, reply) => {
    const h = ctx.health();
    return reply.code(h.bloom_filter_loaded ? 200 : 503).send(h);
  });

  app.post('/admin/rebuild', async (_request, reply) => {
    // Not before ready: while the products file loads, the bulk-insert worker writes rows
    // whose ids the main thread may already have put in the live filter only, so a rebuild
    // scanning the database then could swap in a filter that misses them.
    if (!ctx.ready()) return unavailable(reply);
    const started = Date.now();
    await ctx.filter.rebuild();
    return reply.send({ status: 'rebuilt', ms: Date.now() - started, bloom: await ctx.filter.stats() });
  });

  // While closing, fastify answers 503 to new requests; let it see them all.
  app.addHook('onClose', (_instance, done) => {
    closing = true;
    done();
  });
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Requests still running when the close began end their connection with their answer:
  // fastify closes the connections idle at that moment only, and a kept-alive one that
  // becomes idle later would hold the close open until its keep-alive timeout (seconds).
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = err.statusCode ?? 500;
    // Body errors (bad JSON, 413) end here before the route handler counted the request.
    if (status >= 400 && status < 500 && request.url.startsWith('/products')) {
      c.requests_total++;
      c.requests_bad_request_total++;
    }
    if (status === 413) {
      return reply.code(413).send({ error: `body larger than ${BODY_LIMIT} bytes` });
    }
    if (status >= 400 && status < 500) {
      // Our body parser's reasons (json-body.ts) and fastify's FST_ERR_CTP_* (unsupported type).
      return reply.code(status).send({ error: err.message });
    }
    return reply.code(500).send({ error: err.message });
  });

  return app;
}
