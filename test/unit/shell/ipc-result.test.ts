import { describe, expect, it } from 'vitest';
import { ControlError } from '../../../electron/core/control/contract.ts';
import { toPlainError, toPlainValue, unwrapIpcResult } from '../../../electron/shell/ipc-result.ts';

describe('IPC result envelope', () => {
  it('keeps ControlError codes and hides everything else as internal', () => {
    expect(toPlainError(new ControlError('refused', 'pid 1 is protected'))).toEqual({
      name: 'ControlError',
      code: 'refused',
      message: 'pid 1 is protected',
    });
    expect(toPlainError(new TypeError('boom'))).toEqual({ name: 'ControlError', code: 'internal', message: 'boom' });
    expect(toPlainError(Object.assign(new Error('x'), { code: 'EPERM' }))).toMatchObject({ code: 'internal' });
    expect(toPlainError('text')).toEqual({ name: 'ControlError', code: 'internal', message: 'text' });
  });

  it('copies values to plain data', () => {
    class Box {
      value = 1;
      fn = () => 2;
    }
    const plain = toPlainValue({ box: new Box() });
    expect(Object.getPrototypeOf(plain.box)).toBe(Object.prototype);
    expect(plain).toEqual({ box: { value: 1 } });
    expect(toPlainValue(undefined)).toBeUndefined();
  });

  it('unwraps an ok envelope and throws the plain error of a failed one', () => {
    expect(unwrapIpcResult({ ok: true, value: 3 })).toBe(3);
    expect(() => unwrapIpcResult({ ok: false, error: { name: 'ControlError', code: 'not-found', message: 'm' } })).toThrow(
      expect.objectContaining({ code: 'not-found' }),
    );
    expect(() => unwrapIpcResult('garbage')).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});
