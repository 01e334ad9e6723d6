// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlApi, ProductServiceState } from '../../../electron/core/control/contract.ts';
import { ProductView } from './ProductView.tsx';

afterEach(cleanup);

// jsdom has no matchMedia; the view reads prefers-color-scheme for its chart colours.
window.matchMedia ??= ((query: string) =>
  ({ matches: false, media: query, addEventListener: () => undefined, removeEventListener: () => undefined }) as unknown as MediaQueryList);

function apiAnswering(state: ProductServiceState): ControlApi {
  return { getProductServiceState: async () => state } as unknown as ControlApi;
}

describe('ProductView', () => {
  it('does not promise a live chart while the product service is disabled', async () => {
    render(<ProductView api={apiAnswering({ enabled: false, running: false, url: null, bloom: null, metrics: null })} dispatch={() => undefined} />);
    await screen.findByText('Disabled');
    expect(screen.queryByText('The chart runs while the product service is running.')).not.toBeNull();
    expect(screen.queryByText(/The live chart starts after two samples/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Start service' })).not.toBeNull();
  });
});
