// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlApi, ProductServiceState } from '../../../electron/core/control/contract.ts';
import { ProductView } from './ProductView.tsx';

afterEach(cleanup);

// jsdom has no matchMedia; the view reads prefers-color-scheme for its chart colours.
window.matchMedia ??= (query: string) =>
  ({ matches: false, media: query, addEventListener: () => undefined, removeEventListener: () => undefined }) as unknown as MediaQueryList;

function apiAnswering(state: ProductServiceState): ControlApi {
  return { getProductServiceState: async () => state } as unknown as ControlApi;
}

describe('ProductView', () => {
  it('does not promise a live chart while the product service is disabled', async () => {
    render(
      <ProductView
        api={apiAnswering({ enabled: false, running: false, url: null, bloom: null, metrics: null, productsLoad: null })}
        dispatch={() => undefined}
      />,
    );
    await screen.findByText('Disabled');
    expect(screen.queryByText('The chart runs while the product service is running.')).not.toBeNull();
    expect(screen.queryByText(/The live chart starts after/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Start service' })).not.toBeNull();
  });

  it('lists the products-file lines that were skipped, by line number', async () => {
    const state: ProductServiceState = {
      enabled: true,
      running: true,
      url: 'http://127.0.0.1:8010',
      bloom: null,
      metrics: null,
      productsLoad: {
        file: '/work/data/products.txt',
        accepted: 2,
        inserted: 2,
        problemCount: 2,
        problems: [
          { line: 2, message: 'invalid id', text: 'bad id!,x,1' },
          { line: 3, message: 'price must be a number', text: 'A2,Axe,notaprice' },
        ],
      },
    };
    render(<ProductView api={apiAnswering(state)} dispatch={() => undefined} />);
    const report = await screen.findByRole('status');
    expect(report.textContent).toContain('Loaded 2 products from /work/data/products.txt (2 new). 2 lines were skipped:');
    expect(report.textContent).toContain('line 2: invalid id — bad id!,x,1');
    expect(report.textContent).toContain('line 3: price must be a number — A2,Axe,notaprice');
  });
});
