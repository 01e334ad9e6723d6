import { describe, expect, it } from 'vitest';
import type { PortwardenConfig } from '../../../electron/core/control/contract.ts';
import { emptyPortDraft, emptyServiceDraft, toDraft, validateDraft } from './settings.ts';

const base: PortwardenConfig = {
  pollIntervalMs: 1000,
  ports: [{ port: 8000, name: 'api', service: 'api', health: { url: 'http://127.0.0.1:8000/health', routes: ['/a'] } }],
  services: [{ id: 'api', command: 'node server.js', env: { A: '1' }, requiredEnv: ['OPENAI_API_KEY'], port: 8000 }],
  productService: { enabled: true, port: 8080 },
};

describe('settings drafts', () => {
  it('round-trips a config, keeping fields the form does not edit', () => {
    const { errors, config } = validateDraft(toDraft(base), base);
    expect(errors).toEqual({});
    expect(config).toEqual({
      ...base,
      services: [{ ...base.services[0], autoRestart: false, autoStart: false }],
    });
  });

  it('adds a port and a service, and removes a health url', () => {
    const draft = toDraft(base);
    draft.ports[0].healthUrl = '';
    draft.ports.push({ ...emptyPortDraft(), port: ' 5173 ', name: 'vite' });
    draft.services.push({ ...emptyServiceDraft(), id: 'web', command: 'npm run dev', requiredEnv: 'A, B_2 C' });
    const { config } = validateDraft(draft, base);
    expect(config?.ports[0].health).toEqual({ routes: ['/a'] });
    expect(config?.ports[1]).toEqual({ port: 5173, name: 'vite' });
    expect(config?.services[1]).toEqual({
      id: 'web',
      command: 'npm run dev',
      requiredEnv: ['A', 'B_2', 'C'],
      autoRestart: false,
      autoStart: false,
    });
  });

  it('names every bad field', () => {
    const draft = toDraft(base);
    draft.pollIntervalMs = '5';
    draft.ports.push({ ...emptyPortDraft(), port: '8000', service: 'nope', healthUrl: 'ftp://x' });
    draft.ports.push({ ...emptyPortDraft(), port: '70000', name: 'n'.repeat(101) });
    draft.services.push({ ...emptyServiceDraft(), id: 'api', command: ' ', port: 'x', requiredEnv: '1BAD' });
    draft.services.push({ ...emptyServiceDraft(), id: 'has space', command: 'x' });
    const { errors, config } = validateDraft(draft, base);
    expect(config).toBeNull();
    expect(Object.keys(errors).sort()).toEqual([
      'pollIntervalMs',
      'ports.1.healthUrl',
      'ports.1.port',
      'ports.1.service',
      'ports.2.name',
      'ports.2.port',
      'services.1.command',
      'services.1.id',
      'services.1.port',
      'services.1.requiredEnv',
      'services.2.id',
    ]);
    expect(errors['ports.1.port']).toBe('Port 8000 is listed twice.');
  });

  it('edits an owner matcher and a log file for a port Portwarden does not run, and refuses one next to a service', () => {
    const draft = toDraft(base);
    draft.ports.push({
      ...emptyPortDraft(),
      port: '8001',
      ownerCommand: ' uvicorn main:app ',
      ownerUser: 'www',
      ownerCwd: '/srv/api',
      ownerUnit: 'api.service',
      logFile: '/var/log/api.log',
    });
    const { errors, config } = validateDraft(draft, base);
    expect(errors).toEqual({});
    expect(config?.ports[1]).toEqual({
      port: 8001,
      owner: { command: 'uvicorn main:app', user: 'www', cwd: '/srv/api', unit: 'api.service' },
      logFile: '/var/log/api.log',
    });
    // Round trip keeps them; clearing every owner field drops the matcher.
    const again = toDraft(config!);
    expect(again.ports[1]).toMatchObject({ ownerCommand: 'uvicorn main:app', ownerUnit: 'api.service', logFile: '/var/log/api.log' });
    again.ports[1] = { ...again.ports[1], ownerCommand: '', ownerUser: '', ownerCwd: '', ownerUnit: '' };
    expect(validateDraft(again, config!).config?.ports[1]).toEqual({ port: 8001, logFile: '/var/log/api.log' });
    const both = toDraft(base);
    both.ports[0].ownerCommand = 'uvicorn';
    expect(validateDraft(both, base).errors['ports.0.owner']).toMatch(/owned by that service/);
  });
});
