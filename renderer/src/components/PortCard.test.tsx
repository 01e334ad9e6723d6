// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlApi, FreePortResult } from '../../../electron/core/control/contract.ts';
import { listener, portState } from '../test-support/fixtures.ts';
import { PortCard } from './PortCard.tsx';

afterEach(cleanup);

const rogue = listener({ startedAt: Date.now() - 3 * 3_600_000 - 5_000 });
const port = portState({
  status: 'conflict',
  listeners: [rogue, listener({ family: 'IPv6', address: '::', startedAt: rogue.startedAt })],
  conflicts: [{ kind: 'foreign-owner', detail: 'server words', pids: [4121] }],
});

/** Only freePort is reachable from this card's Free flow; it answers what the server would. */
function recordingApi(calls: number[]): ControlApi {
  const result: FreePortResult = {
    port: 8000,
    free: true,
    elapsedMs: 321,
    refused: false,
    actions: [{ pid: 4121, name: 'python3', signal: 'SIGTERM', signals: ['SIGTERM'], result: 'exited' }],
  };
  return {
    freePort: async (p: number) => {
      calls.push(p);
      return result;
    },
  } as unknown as ControlApi;
}

describe('PortCard', () => {
  it('explains the conflict, names the process in the confirmation, and shows what was sent', async () => {
    const calls: number[] = [];
    render(<PortCard port={port} api={recordingApi(calls)} now={Date.now()} />);
    expect(screen.queryByText('Conflict')).not.toBeNull();
    expect(screen.queryByText('python3 (pid 4121, started 3 h ago) holds 8000, which belongs to service api')).not.toBeNull();
    expect(screen.getAllByRole('button', { name: 'Kill 4121' })).toHaveLength(2);

    fireEvent.click(screen.getByRole('button', { name: 'Free port' }));
    const dialog = screen.getByRole('dialog', { name: 'Free port 8000?' });
    // One entry per process even though it holds an IPv4 and an IPv6 socket.
    expect(within(dialog).getAllByText(/python3 \(pid 4121, started 3 h ago\), user dev/)).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Free port' }));
    fireEvent.click(screen.getByRole('button', { name: 'Stop these processes' }));
    await waitFor(() => expect(screen.queryByText('Port 8000 is free (took 321 ms).')).not.toBeNull());
    expect(screen.queryByText('python3 (pid 4121): sent SIGTERM → exited')).not.toBeNull();
    expect(calls).toEqual([8000]);
  });

  it('a "Port is free" result is not left standing once the port is taken again: it says when it was freed and who holds it now (trial S3)', async () => {
    const { rerender } = render(<PortCard port={port} api={recordingApi([])} now={Date.now()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Free port' }));
    fireEvent.click(screen.getByRole('button', { name: 'Stop these processes' }));
    await waitFor(() => expect(screen.queryByText('Port 8000 is free (took 321 ms).')).not.toBeNull());
    const back = portState({ status: 'ok', listeners: [listener({ pid: 4200, name: 'uvicorn', managed: true, expected: true })] });
    // A state older than the answer changes nothing; one looked at after it does.
    rerender(<PortCard port={back} api={recordingApi([])} now={Date.now()} observedAt={Date.now() - 60_000} />);
    expect(screen.queryByText('Port 8000 is free (took 321 ms).')).not.toBeNull();
    rerender(<PortCard port={back} api={recordingApi([])} now={Date.now()} observedAt={Date.now() + 1} />);
    expect(screen.queryByText('Port 8000 is free (took 321 ms).')).toBeNull();
    expect(
      screen.queryByText(
        /^Port 8000 was freed at \d\d:\d\d:\d\d \(took 321 ms\); since then service api took it back: uvicorn \(pid 4200\) holds 8000\.$/,
      ),
    ).not.toBeNull();
    expect(screen.queryByText('python3 (pid 4121): sent SIGTERM → exited')).not.toBeNull();
  });
});
