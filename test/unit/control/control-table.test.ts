/**
 * The control table (core/control/methods.ts) is checked against ControlApi by the
 * compiler: the `@ts-expect-error` lines below are compile errors, and `npm run typecheck`
 * fails if one of them stops being one. The run-time checks cover what the types cannot.
 */
import { describe, expect, it } from 'vitest';
import { CONTROL_METHODS, CONTROL_TABLE, validateArgs } from '../../../electron/core/control/methods.ts';
import { returns } from '../../../electron/core/control/method-spec.ts';
import type { ControlTableShape } from '../../../electron/core/control/method-spec.ts';

describe('the control table', () => {
  it('does not compile without a row per method, with a wrong result type, or with a parser of the wrong arguments', () => {
    const { getState: _dropped, ...missingOne } = CONTROL_TABLE;
    // @ts-expect-error getState has no row
    const missing: ControlTableShape = missingOne;
    // @ts-expect-error getConfig answers a PortwardenConfig, not a string
    const wrongResult: ControlTableShape = { ...CONTROL_TABLE, getConfig: { ...CONTROL_TABLE.getConfig, result: returns<string>() } };
    // prettier-ignore
    // @ts-expect-error freePort takes a port number first, not a string
    const wrongArgs: ControlTableShape = { ...CONTROL_TABLE, freePort: { ...CONTROL_TABLE.freePort, parse: (a: readonly unknown[]) => [String(a[0])] } };
    // @ts-expect-error a row for a method ControlApi does not have
    const extra: ControlTableShape = { ...CONTROL_TABLE, reboot: CONTROL_TABLE.getState };
    expect([missing, wrongResult, wrongArgs, extra].every(Boolean)).toBe(true);
  });

  it('lists every method once, in table order, each with a route', () => {
    expect(CONTROL_METHODS).toEqual(Object.keys(CONTROL_TABLE));
    const routes = CONTROL_METHODS.map((m) => `${CONTROL_TABLE[m].http.verb} ${CONTROL_TABLE[m].http.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    for (const m of CONTROL_METHODS) {
      const spec = CONTROL_TABLE[m];
      const params = [...spec.http.path.matchAll(/:(\w+)/g)].map((x) => x[1]);
      const fromPath = spec.http.args.flatMap((a) => (a.in === 'path' ? [a.name] : []));
      expect(fromPath, m).toEqual(params);
    }
  });

  it("validateArgs checks with the row's parser and drops trailing undefined arguments", () => {
    expect(validateArgs('freePort', ['8000'])).toEqual([8000]);
    expect(validateArgs('freePort', [8000, undefined])).toEqual([8000]);
    expect(validateArgs('getServiceLogs', ['api', '20'])).toEqual(['api', 20]);
    expect(() => validateArgs('getState', [1])).toThrow('getState takes no arguments');
    expect(() => validateArgs('setPaused', 'true' as never)).toThrow('arguments must be an array');
    expect(() => validateArgs('reboot' as never, [])).toThrow('unknown control method "reboot"');
  });
});
