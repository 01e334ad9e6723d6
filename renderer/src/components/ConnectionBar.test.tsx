// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionBar } from './ConnectionBar.tsx';

afterEach(cleanup);

describe('ConnectionBar', () => {
  it('keeps the "may be out of date" caveat whatever the reason the link is down (trial D5)', () => {
    for (const status of [
      { kind: 'reconnecting', retryAt: 0, reason: 'cannot reach the server (Failed to fetch)' },
      { kind: 'unauthorized', reason: 'the server rejected the access token' },
      { kind: 'forbidden', reason: 'the server refused this origin' },
    ] as const) {
      render(<ConnectionBar status={status} />);
      expect(screen.getByRole('status').textContent).toContain(
        'may be out of date; actions are disabled until the dashboard is connected again.',
      );
      cleanup();
    }
    render(<ConnectionBar status={{ kind: 'open' }} />);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
