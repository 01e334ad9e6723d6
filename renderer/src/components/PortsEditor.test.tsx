// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyPortDraft, emptyServiceDraft } from '../lib/settings.ts';
import { PortsEditor } from './PortsEditor.tsx';
import { ServicesEditor } from './ServicesEditor.tsx';

afterEach(cleanup);

describe('Settings editors', () => {
  it('empty fields show examples marked as examples, never text that reads like a value (trial D4)', () => {
    const port = { ...emptyPortDraft(), port: '42020' };
    const { container } = render(
      <>
        <PortsEditor ports={[port]} serviceIds={[]} errors={{}} onChange={() => undefined} />
        <ServicesEditor services={[emptyServiceDraft()]} errors={{}} onChange={() => undefined} />
      </>,
    );
    const placeholders = [...container.querySelectorAll('input[placeholder]')].map((i) => i.getAttribute('placeholder')!);
    expect(placeholders.length).toBeGreaterThan(8);
    for (const p of placeholders) expect(p).toMatch(/^(none|any|e\.g\. |\(where)/);
    // The example health URL is on the row's own port.
    expect(placeholders).toContain('none (e.g. http://127.0.0.1:42020/health)');
  });
});
