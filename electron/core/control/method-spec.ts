/**
 * The shape of one row of the control table (methods.ts): how a control method's arguments
 * are checked, which HTTP route carries it and where each argument sits in a request, and
 * what it answers. Pure types and one helper; no transport code (see docs/architecture.md,
 * "The control contract").
 */
import type { ControlApi, ControlMethodName } from './contract.ts';

export type HttpVerb = 'GET' | 'POST' | 'PUT';

/**
 * Where one argument of a method travels in an HTTP request. The server reads the raw value
 * from there (the method's parser then checks it); the client puts the value there.
 */
export type HttpArg =
  /** A `:name` segment of the path (`/api/ports/:port/free`). */
  | { readonly in: 'path'; readonly name: string }
  /** A query parameter given at most once; `list`: an array sent as comma-separated values. */
  | { readonly in: 'query'; readonly name: string; readonly list?: boolean }
  /** One field of the JSON body (`{"paused": true}`). */
  | { readonly in: 'body'; readonly name: string }
  /** An options object whose fields are the body's fields; a field not named here is refused. */
  | { readonly in: 'body-fields'; readonly names: readonly string[] }
  /** The JSON body itself, checked by the method (saveConfig's config). */
  | { readonly in: 'whole-body' };

export interface HttpRoute {
  readonly verb: HttpVerb;
  readonly path: `/api/${string}`;
  /** One entry per argument, in the method's argument order. */
  readonly args: readonly HttpArg[];
}

/** Names a method's result type in the table; it has no value at run time. */
export interface Returns<T> {
  readonly __returns?: T;
}

/** `result: returns<ControlState>()`: the result type, checked against ControlApi. */
export function returns<T>(): Returns<T> {
  return {};
}

export interface MethodSpec<A extends readonly unknown[] = unknown[], R = unknown> {
  /**
   * Check and normalise raw arguments (from a renderer, an HTTP request or a direct call);
   * throws ControlError('invalid-argument') and changes nothing on bad input.
   */
  parse(args: readonly unknown[]): A;
  http: HttpRoute;
  result: Returns<R>;
}

export type ArgsOf<M extends ControlMethodName> = Parameters<ControlApi[M]>;
export type ResultOf<M extends ControlMethodName> = Awaited<ReturnType<ControlApi[M]>>;

/**
 * One spec per ControlApi method, each typed by that method's signature: the table
 * `satisfies` this, so a method missing from it, an extra one, a parser returning the wrong
 * arguments or a wrong result type does not compile.
 */
export type ControlTableShape = { readonly [M in ControlMethodName]: MethodSpec<ArgsOf<M>, ResultOf<M>> };

/** Any table of method specs: what the transports are generated from (CONTROL_TABLE, or an extended one in tests). */
export type ControlTable = Readonly<Record<string, MethodSpec<readonly unknown[], unknown>>>;
