// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { describeConflict } from '../lib/wording.ts';
import { listener, NOW, portState } from '../test-support/fixtures.ts';
import { ListenerTable } from './ListenerTable.tsx';

afterEach(cleanup);

/** A process can name itself anything (prctl, /proc/self/comm) and put anything in argv. */
const hostile = listener({ name: 'x\n0 0 *:1 *', command: 'python3 -c "a\nb"\u202e txt.exe' });

describe('hostile names and command lines in the dashboard', () => {
  it('ListenerTable shows control and invisible characters as visible escapes', () => {
    const { container } = render(<ListenerTable listeners={[hostile]} now={NOW} busy={false} onKill={() => undefined} />);
    const cells = [...container.querySelectorAll('tbody td')].map((td) => td.textContent ?? '');
    expect(cells).toContain('x\\n0 0 *:1 *');
    expect(cells).toContain('python3 -c "a\\nb"\\u{202e} txt.exe');
    expect(container.textContent).not.toMatch(/\n|\u202e/);
    expect(container.querySelector('tbody td.command')?.getAttribute('title')).toBe('python3 -c "a\\nb"\\u{202e} txt.exe');
  });

  it('sentences naming the process show the escapes too', () => {
    const port = portState({ listeners: [hostile] });
    expect(describeConflict({ kind: 'foreign-owner', detail: 'server words', pids: [4121] }, port, NOW)).toBe(
      'x\\n0 0 *:1 * (pid 4121, started 3 h ago) holds 8000, which belongs to service api',
    );
  });
});
