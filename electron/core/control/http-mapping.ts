/**
 * Both directions of a control method's HTTP route, from its row in the control table
 * (methods.ts): the server turns a request into raw arguments (argsFromRequest), the client
 * turns a call into a request (requestFor). Pure and browser-safe: the dashboard bundles it.
 */
import { ControlError } from '../model/errors.ts';
import type { HttpRoute, HttpVerb } from './method-spec.ts';

/** What the server has read of a request: path parameters, the body's fields, one query value per name. */
export interface RequestParts {
  params: Readonly<Record<string, string>>;
  /** The query parameter `name` (given at most once; the server refuses repeats). */
  query(name: string): string | undefined;
  /** The parsed JSON body (undefined when empty). */
  body: unknown;
}

export interface OutgoingRequest {
  verb: HttpVerb;
  /** Path and query string, e.g. `/api/services/api/logs?limit=50`. */
  target: string;
  /** The JSON body; undefined for GET. */
  body?: unknown;
}

/**
 * The body fields a route takes, or 'any' when the body is the argument itself (the
 * method's parser checks it). A route with no body argument takes none.
 */
export function bodyFieldsOf(route: HttpRoute): readonly string[] | 'any' {
  const fields: string[] = [];
  for (const arg of route.args) {
    if (arg.in === 'whole-body') return 'any';
    if (arg.in === 'body') fields.push(arg.name);
    if (arg.in === 'body-fields') fields.push(...arg.names);
  }
  return fields;
}

/**
 * The body as a field map, refusing fields the route does not take: a typo such as
 * `{"grace": 100}` must be an error, not silently ignored. An empty body is no body.
 */
export function bodyObject(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ControlError('invalid-argument', 'request body must be a JSON object');
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    const takes = allowed.length > 0 ? allowed.map((k) => JSON.stringify(k)).join(', ') : 'no fields';
    throw new ControlError(
      'invalid-argument',
      `unknown field ${JSON.stringify(unknown[0])} in the request body; this route takes ${takes}`,
    );
  }
  return body as Record<string, unknown>;
}

/** Server side: the raw arguments a request carries, in the method's order (its parser checks them next). */
export function argsFromRequest(route: HttpRoute, request: RequestParts): unknown[] {
  const allowed = bodyFieldsOf(route);
  const fields = allowed === 'any' ? {} : bodyObject(request.body, allowed);
  return route.args.map((arg) => {
    switch (arg.in) {
      case 'path':
        return request.params[arg.name];
      case 'query': {
        const value = request.query(arg.name);
        if (!arg.list) return value;
        return value === undefined || value === '' ? undefined : value.split(',').map((v) => v.trim());
      }
      case 'body':
        return fields[arg.name];
      case 'body-fields': {
        const picked = Object.fromEntries(arg.names.filter((n) => fields[n] !== undefined).map((n) => [n, fields[n]]));
        return Object.keys(picked).length > 0 ? picked : undefined;
      }
      case 'whole-body':
        return request.body;
    }
  });
}

/** Client side: the request for a call with `args` (values are checked by the server). */
export function requestFor(route: HttpRoute, args: readonly unknown[]): OutgoingRequest {
  let path: string = route.path;
  const query: string[] = [];
  let body: Record<string, unknown> = {};
  let whole: { value: unknown } | null = null;
  route.args.forEach((arg, i) => {
    const value = args[i];
    switch (arg.in) {
      case 'path':
        path = path.replace(`:${arg.name}`, encodeURIComponent(String(value)));
        break;
      case 'query':
        if (value === undefined || value === null) break;
        if (arg.list && Array.isArray(value)) {
          if (value.length > 0) query.push(`${arg.name}=${value.map((v) => encodeURIComponent(String(v))).join(',')}`);
        } else query.push(`${arg.name}=${encodeURIComponent(String(value))}`);
        break;
      case 'body':
        if (value !== undefined) body[arg.name] = value;
        break;
      case 'body-fields':
        if (value !== undefined && value !== null) body = { ...body, ...(value as Record<string, unknown>) };
        break;
      case 'whole-body':
        whole = { value };
        break;
    }
  });
  const target = query.length > 0 ? `${path}?${query.join('&')}` : path;
  if (route.verb === 'GET') return { verb: route.verb, target };
  return { verb: route.verb, target, body: whole !== null ? (whole as { value: unknown }).value : body };
}
