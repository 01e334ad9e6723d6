// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog.tsx';

afterEach(cleanup);

describe('ConfirmDialog', () => {
  it('focuses Cancel, traps Tab inside, and cancels on Escape', () => {
    const calls: string[] = [];
    render(
      <>
        <button type="button">outside</button>
        <ConfirmDialog
          title="Free port 8000?"
          confirmLabel="Stop these processes"
          danger
          onConfirm={() => calls.push('confirm')}
          onCancel={() => calls.push('cancel')}
        >
          <p>python3 (pid 4121)</p>
        </ConfirmDialog>
      </>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Free port 8000?' });
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    const confirm = screen.getByRole('button', { name: 'Stop these processes' });
    expect(document.activeElement).toBe(cancel);
    confirm.focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    fireEvent.click(confirm);
    expect(calls).toEqual(['cancel', 'confirm']);
  });
});
