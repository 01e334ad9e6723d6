import { describe, expect, it } from 'vitest';
import { timeAxisLabels } from './time-axis.ts';

describe('time axis labels (trial D3)', () => {
  it('one short clock time per tick, never a date that runs into the next label', () => {
    const start = new Date(2026, 11, 1, 15, 45, 0).getTime() / 1000;
    expect(timeAxisLabels([start, start + 60, start + 120], 60)).toEqual(['15:45', '15:46', '15:47']);
    expect(timeAxisLabels([start, start + 15, start + 30], 15)).toEqual(['15:45:00', '15:45:15', '15:45:30']);
    for (const label of timeAxisLabels([start, start + 60], 60)) expect(label).not.toMatch(/\//);
  });
});
