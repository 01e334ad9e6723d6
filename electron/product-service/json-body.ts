/**
 * The JSON body parser of POST /products, replacing fastify's default one so that a body is
 * refused with a reason that says what is wrong with it:
 * - bytes that are not valid UTF-8 are refused (fastify decodes them to U+FFFD and the
 *   product would be stored with replacement characters nobody sent);
 * - a `__proto__` key, or a `constructor` holding a `prototype`, is refused by name: such
 *   keys are how prototype-pollution payloads travel, and "invalid JSON" (fastify's word
 *   for them) sent people looking for a syntax error.
 */
import { isUtf8 } from 'node:buffer';
import { messageOf } from '../core/model/errors.ts';

/** A body the service refuses; `statusCode` 400 makes the error handler answer with it. */
export class BodyError extends Error {
  readonly statusCode = 400;
}

/** Parses a request body (raw bytes) into a JSON value, or throws BodyError with the reason. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new BodyError('empty body: expected a JSON object {"id", "name", "price"}');
  if (!isUtf8(body)) throw new BodyError('body is not valid UTF-8');
  let forbidden: string | null = null;
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'), function (key: string, v: unknown) {
      // JSON.parse stores "__proto__" as a plain own property (no pollution happens here),
      // but the key is refused so nothing downstream ever copies it onto a real object.
      if (key === '__proto__') forbidden ??= '"__proto__"';
      else if (key === 'constructor' && typeof v === 'object' && v !== null && Object.hasOwn(v, 'prototype')) {
        forbidden ??= '"constructor.prototype"';
      }
      return v;
    });
  } catch (err) {
    throw new BodyError(`invalid JSON: ${messageOf(err)}`, { cause: err });
  }
  if (forbidden) throw new BodyError(`the key ${forbidden} is not accepted: it could change object prototypes (prototype pollution)`);
  return value;
}
