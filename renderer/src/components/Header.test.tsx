// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlError } from '../../../electron/core/control/contract.ts';
import type { ControlApi } from '../../../electron/core/control/contract.ts';
import { controlState, portState } from '../test-support/fixtures.ts';
import { Header } from './Header.tsx';

afterEach(cleanup);

const api = {} as ControlApi;
const open = { kind: 'open' } as const;

describe('Header', () => {
  it('says no ports are watched instead of "all OK" when the list is empty', () => {
    render(
      <Header
        control={controlState({ overall: 'ok', overallText: 'No ports watched', ports: [] })}
        connection={open}
        failed={false}
        api={api}
        onChange={() => undefined}
      />,
    );
    expect(screen.queryByText('No ports watched')).not.toBeNull();
    expect(screen.queryByText('All watched ports OK')).toBeNull();
  });

  it('says all OK when ports are watched and none has a conflict, and names conflict and pause', () => {
    const { rerender } = render(
      <Header
        control={controlState({ overall: 'ok', ports: [portState()] })}
        connection={open}
        failed={false}
        api={api}
        onChange={() => undefined}
      />,
    );
    expect(screen.queryByText('All watched ports OK')).not.toBeNull();
    rerender(
      <Header
        control={controlState({ overall: 'conflict', overallText: '1 port in conflict', ports: [portState()] })}
        connection={open}
        failed={false}
        api={api}
        onChange={() => undefined}
      />,
    );
    expect(screen.queryByText('1 port in conflict')).not.toBeNull();
    rerender(
      <Header
        control={controlState({ overall: 'paused', overallText: 'Monitoring paused', paused: true, ports: [] })}
        connection={open}
        failed={false}
        api={api}
        onChange={() => undefined}
      />,
    );
    expect(screen.queryByText('Monitoring paused')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Resume monitoring' })).not.toBeNull();
  });

  it('while paused says "as of" the last look, never "Live" (trial S2)', () => {
    const at = new Date(2026, 11, 1, 16, 52, 3).getTime();
    render(
      <Header
        control={controlState({ overall: 'paused', overallText: 'Monitoring paused', paused: true, observedAt: at })}
        connection={open}
        failed={false}
        api={api}
        onChange={() => undefined}
      />,
    );
    expect(screen.queryByText('Live')).toBeNull();
    expect(screen.queryByText('Paused — as of 16:52:03')).not.toBeNull();
  });

  it('shows a critical problem and a port down in the header, never "All OK" under them', () => {
    const { container, rerender } = render(
      <Header
        control={controlState({ overall: 'critical', overallText: '2 critical problems', ports: [portState()] })}
        connection={open}
        failed={false}
        api={api}
        onChange={() => undefined}
      />,
    );
    expect(screen.queryByText('2 critical problems')).not.toBeNull();
    expect(container.querySelector('.badge')?.className).toContain('bad');
    rerender(
      <Header
        control={controlState({ overall: 'degraded', overallText: '1 port down or unhealthy', ports: [portState({ status: 'down' })] })}
        connection={open}
        failed={false}
        api={api}
        onChange={() => undefined}
      />,
    );
    expect(screen.queryByText('1 port down or unhealthy')).not.toBeNull();
    expect(container.querySelector('.badge')?.className).toContain('warn');
    expect(screen.queryByText('All watched ports OK')).toBeNull();
  });

  it('shows why pausing failed instead of silently doing nothing', async () => {
    const refusing = { setPaused: () => Promise.reject(new ControlError('unavailable', 'monitor is stopping')) } as unknown as ControlApi;
    render(
      <Header
        control={controlState({ overall: 'ok', ports: [portState()] })}
        connection={open}
        failed={false}
        api={refusing}
        onChange={() => undefined}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Pause monitoring' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not pause monitoring: monitor is stopping');
  });
});
