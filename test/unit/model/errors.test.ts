/**
 * Errors in one place (core/model/errors.ts): the control error codes and their HTTP
 * statuses, messageOf() for anything thrown, and wrapping errors that keep their cause —
 * through the server's error mapping, the IPC envelope and the dashboard's ApiError.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONTROL_ERROR_CODES,
  CONTROL_ERROR_STATUS,
  ControlError,
  TRANSPORT_ERROR_CODES,
  isControlErrorCode,
  messageOf,
} from '../../../electron/core/control/contract.ts';
import { ConfigError, loadConfig } from '../../../electron/core/config/index.ts';
import { toHttpError } from '../../../electron/core/server/errors.ts';
import { toPlainError } from '../../../electron/shell/ipc-result.ts';
import { toApiError } from '../../../renderer/src/lib/api-error.ts';

describe('error codes', () => {
  it('each control code has its HTTP status, and the server sends it', () => {
    expect(CONTROL_ERROR_CODES).toEqual(['invalid-argument', 'not-found', 'refused', 'conflict', 'unavailable']);
    for (const code of CONTROL_ERROR_CODES) {
      expect(toHttpError(new ControlError(code, 'x'))).toEqual({
        status: CONTROL_ERROR_STATUS[code],
        body: { error: { code, message: 'x' } },
      });
    }
    expect(CONTROL_ERROR_STATUS['not-found']).toBe(404);
  });

  it('knows its own codes and no others', () => {
    for (const code of CONTROL_ERROR_CODES) expect(isControlErrorCode(code)).toBe(true);
    for (const other of [...TRANSPORT_ERROR_CODES, 'toString', '__proto__', '', 7, null]) expect(isControlErrorCode(other)).toBe(false);
  });

  it('the IPC envelope and the dashboard keep a known code and make anything else internal', () => {
    expect(toPlainError(new ControlError('refused', 'protected'))).toEqual({ name: 'ControlError', code: 'refused', message: 'protected' });
    expect(toPlainError({ code: 'toString', message: 'odd' })).toEqual({ name: 'ControlError', code: 'internal', message: 'odd' });
    const fromIpc = toApiError({ name: 'ControlError', code: 'not-found', message: 'no process with pid 5' });
    expect([fromIpc.code, fromIpc.message]).toEqual(['not-found', 'no process with pid 5']);
    // The old Electron message format is no longer parsed: the preload rejects with the code.
    const old = toApiError(new Error("Error invoking remote method 'portwarden:freePort': ControlError: [refused] no"));
    expect(old.code).toBe('internal');
  });
});

describe('messageOf', () => {
  it('reads an Error, a plain error object, and anything else', () => {
    expect(messageOf(new TypeError('bad type'))).toBe('bad type');
    expect(messageOf({ code: 'refused', message: 'from IPC' })).toBe('from IPC');
    expect(messageOf({ message: 42 })).toBe('[object Object]');
    expect(messageOf('plain text')).toBe('plain text');
    expect(messageOf(undefined)).toBe('undefined');
    expect(messageOf(null)).toBe('null');
  });
});

describe('wrapping errors keep their cause', () => {
  it('ControlError and the dashboard ApiError carry what they wrap', () => {
    const fsError = new Error('EIO');
    expect(new ControlError('unavailable', 'could not start', { cause: fsError }).cause).toBe(fsError);
    expect(toApiError(fsError).cause).toBe(fsError);
  });

  it('a config file that cannot be read reports why and keeps the fs error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-cause-'));
    try {
      const error = await loadConfig(join(dir, 'missing.json')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('no such file');
      expect(((error as ConfigError).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
