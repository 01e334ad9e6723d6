/**
 * One fastify route per row of the control table (control/methods.ts): its verb and path,
 * its arguments read from the request as the row says (control/http-mapping.ts), checked by
 * the method's parser, then the control method called. Nothing here is written per method.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ControlError } from '../model/errors.ts';
import { CONTROL_TABLE, parseArgs, argsFromRequest } from '../control/contract.ts';
import type { ControlApi, ControlTable } from '../control/contract.ts';

/** One query parameter; given twice it is an error, not an array the route does not expect. */
function queryParam(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  if (Array.isArray(value)) {
    throw new ControlError(
      'invalid-argument',
      `query parameter ${name} given ${value.length} times; give it once (ports: comma-separated)`,
    );
  }
  return value as string | undefined;
}

/**
 * Register every method of `table` on `app`. `control` must implement each of them (the
 * default table's methods are exactly ControlApi's).
 */
export function registerControlRoutes(app: FastifyInstance, control: ControlApi, table: ControlTable = CONTROL_TABLE): void {
  const methods = control as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const [method, spec] of Object.entries(table)) {
    app.route({
      method: spec.http.verb,
      url: spec.http.path,
      handler: async (request, reply) => {
        const raw = argsFromRequest(spec.http, {
          params: request.params as Record<string, string>,
          query: (name) => queryParam(request, name),
          body: request.body,
        });
        const args = parseArgs(spec, raw);
        const result = await methods[method]!.apply(control, args);
        // Serialized here, whatever the type: fastify would send a bare string as text/plain.
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(result ?? null));
      },
    });
  }
}
