import { describe, expect, it } from 'vitest';
import { routeFromHash } from './views.ts';

describe('routeFromHash', () => {
  it('reads the view and the port the tray points at', () => {
    expect(routeFromHash('#view=ports&port=8000')).toEqual({ view: 'ports', port: 8000, explicit: true });
    expect(routeFromHash('#view=health')).toEqual({ view: 'health', port: null, explicit: true });
  });

  it('falls back to Ports and ignores junk', () => {
    expect(routeFromHash('')).toEqual({ view: 'ports', port: null, explicit: false });
    expect(routeFromHash('#view=nope&port=99999')).toEqual({ view: 'ports', port: null, explicit: false });
    expect(routeFromHash('#port=0')).toEqual({ view: 'ports', port: null, explicit: false });
    expect(routeFromHash('#view=listeners')).toEqual({ view: 'listeners', port: null, explicit: true });
  });
});
