// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DiagnosticsView } from './DiagnosticsView.tsx';

afterEach(cleanup);

describe('DiagnosticsView', () => {
  it('puts critical checks in a red alert, warnings in a yellow banner, then lists every check', () => {
    render(
      <DiagnosticsView
        error={null}
        diagnostics={{
          generatedAt: Date.now(),
          checks: [
            { name: 'Environment: api', status: 'critical', message: 'OPENAI_API_KEY is not set' },
            { name: 'Port 8000', status: 'warning', message: 'held by python3' },
            { name: 'Node', status: 'ok', message: 'v24' },
          ],
          summary: { critical: ['Environment: api'], warnings: ['Port 8000'] },
        }}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.className).toContain('banner-critical');
    expect(alert.textContent).toContain('1 critical problem');
    expect(alert.textContent).toContain('OPENAI_API_KEY is not set');
    expect(screen.getByText('1 warning:').closest('.banner')?.className).toContain('banner-warning');
    expect(screen.getAllByRole('row')).toHaveLength(4);
  });

  it('says so when every check passed', () => {
    render(
      <DiagnosticsView
        error={null}
        diagnostics={{ generatedAt: 0, checks: [{ name: 'Node', status: 'ok', message: 'v24' }], summary: { critical: [], warnings: [] } }}
      />,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText('The one check passed.')).not.toBeNull();
  });
});
