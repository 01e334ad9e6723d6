import { describe, expect, it } from 'vitest';
import { bearerToken, checkRequest, tokensEqual } from '../../../electron/core/server/security.ts';
import { toHttpError } from '../../../electron/core/server/errors.ts';
import { ControlError } from '../../../electron/core/control/contract.ts';

const T = 'abcdefghijklmnopqrstuvwx';

describe('checkRequest', () => {
  it('accepts loopback hosts with our port and our own origins', () => {
    for (const host of ['127.0.0.1:7300', 'localhost:7300', '[::1]:7300', 'LOCALHOST:7300']) {
      expect(checkRequest({ host, authorization: `Bearer ${T}` }, 7300, T, true)).toEqual({ ok: true });
    }
    expect(checkRequest({ host: 'localhost:7300', origin: 'http://127.0.0.1:7300', authorization: `Bearer ${T}` }, 7300, T, true).ok).toBe(
      true,
    );
  });

  it('refuses foreign hosts and origins with 403', () => {
    // The message names every Host that is accepted, [::1] too (trial R5).
    expect(checkRequest({ host: 'attacker.example:7300' }, 7300, T, false)).toMatchObject({
      ok: false,
      status: 403,
      message: 'Host "attacker.example:7300" is not this server (expected 127.0.0.1:7300, localhost:7300 or [::1]:7300)',
    });
    expect(checkRequest({ host: '[::1]:7300', origin: 'http://[::1]:7300' }, 7300, T, false)).toEqual({ ok: true });
    expect(checkRequest({ host: '127.0.0.1:7301' }, 7300, T, false)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({}, 7300, T, false)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ host: '127.0.0.1:7300', origin: 'https://127.0.0.1:7300' }, 7300, T, false)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkRequest({ host: '127.0.0.1:7300', origin: 'null' }, 7300, T, false)).toMatchObject({ ok: false, status: 403 });
  });

  it('needs the exact token for /api (401)', () => {
    expect(checkRequest({ host: '127.0.0.1:7300' }, 7300, T, true)).toMatchObject({ ok: false, status: 401, code: 'unauthorized' });
    expect(checkRequest({ host: '127.0.0.1:7300', authorization: `Bearer ${T}x` }, 7300, T, true)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(checkRequest({ host: '127.0.0.1:7300' }, 7300, T, false)).toEqual({ ok: true });
  });
});

describe('tokens', () => {
  it('compares exactly', () => {
    expect(tokensEqual(T, T)).toBe(true);
    expect(tokensEqual(T.slice(1), T)).toBe(false);
    expect(tokensEqual('', T)).toBe(false);
  });

  it('parses Bearer headers', () => {
    expect(bearerToken(`Bearer ${T}`)).toBe(T);
    expect(bearerToken(`bearer ${T} `)).toBe(T);
    expect(bearerToken(`Basic ${T}`)).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('toHttpError', () => {
  it('maps control error codes', () => {
    expect(toHttpError(new ControlError('refused', 'no'))).toEqual({ status: 409, body: { error: { code: 'refused', message: 'no' } } });
    expect(toHttpError(new ControlError('unavailable', 'x')).status).toBe(503);
    expect(toHttpError(new Error('boom')).status).toBe(500);
  });
});
