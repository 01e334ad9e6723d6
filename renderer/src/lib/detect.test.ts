import { describe, expect, it } from 'vitest';
import type { InitProposal } from '../../../electron/core/control/contract.ts';
import { newProposals, proposalDrafts, runFolder } from './detect.ts';
import { emptyPortDraft } from './settings.ts';

const proposal: InitProposal = {
  dir: '/home/me/shop',
  proposals: [
    {
      port: 5173,
      name: 'web dev (vite)',
      why: "vite's default port",
      sources: [{ file: 'packages/web/package.json', line: 3, text: '"dev": "vite"' }],
      service: { id: 'web-dev', command: 'npm run dev', cwd: 'packages/web' },
      notes: [],
    },
    {
      port: 5432,
      name: 'compose db (postgres:16)',
      why: 'published port',
      sources: [{ file: 'compose.yaml', line: 7, text: '- "5432:5432"' }],
      service: null,
      notes: [],
    },
    {
      port: 3000,
      name: 'api',
      why: '--port 3000',
      sources: [{ file: 'package.json', line: 5, text: '' }],
      service: { id: 'api', command: 'node server.js --port 3000', cwd: '.' },
      notes: [],
    },
  ],
  skipped: [],
};

describe('Detect from a project folder', () => {
  it('leaves out ports the form has, and fills the expected owner folder only for what a project script runs', () => {
    const have = [{ ...emptyPortDraft(), port: '3000' }];
    const fresh = newProposals(proposal, have);
    expect(fresh.map((p) => p.port)).toEqual([5173, 5432]);
    expect(proposalDrafts(proposal, fresh).map((d) => [d.port, d.name, d.ownerCwd])).toEqual([
      ['5173', 'web dev (vite)', '/home/me/shop/packages/web'],
      ['5432', 'compose db (postgres:16)', ''],
    ]);
  });

  it('joins folders the way the project path is written', () => {
    expect(runFolder('/srv/app/', '.')).toBe('/srv/app/');
    expect(runFolder('/srv/app', './api')).toBe('/srv/app/api');
    expect(runFolder('C:\\code\\shop', 'web')).toBe('C:\\code\\shop\\web');
  });
});
