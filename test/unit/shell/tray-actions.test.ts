import { describe, expect, it } from 'vitest';
import { performTrayAction } from '../../../electron/shell/tray-actions.ts';
import type { TrayAction, TrayActionDeps } from '../../../electron/shell/tray-actions.ts';
import { createRecordingControl } from '../../fixtures/shell/recording-control.ts';

function deps() {
  const control = createRecordingControl();
  const seen: string[] = [];
  const d: TrayActionDeps = {
    control,
    copyText: (t) => seen.push(`copy ${t}`),
    openDashboard: (p) => seen.push(`open ${p ?? '-'}`),
    setStartAtLogin: (e) => seen.push(`login ${e}`),
    importProjectFile: async () => seen.push('import'),
    quit: () => seen.push('quit'),
    reportError: (a, e) => seen.push(`error ${a.type}: ${(e as Error).message}`),
  };
  return { control, seen, d };
}

describe('tray actions', () => {
  it('maps each action to the control API or the injected shell function', async () => {
    const { control, seen, d } = deps();
    const actions: TrayAction[] = [
      { type: 'free-port', port: 8000 },
      { type: 'free-port', port: 8000, owners: [{ pid: 4121, startTime: '123', command: 'python3 -m http.server 8000' }] },
      { type: 'kill-process', pid: 4121, port: 8000, command: 'python3 -m http.server 8000' },
      { type: 'kill-process', pid: 4122, port: 8000 },
      { type: 'restart-service', serviceId: 'api' },
      { type: 'set-paused', paused: true },
      { type: 'copy-text', text: 'npm run dev' },
      { type: 'open-dashboard', port: 8000 },
      { type: 'open-dashboard' },
      { type: 'set-start-at-login', enabled: true },
      { type: 'import-project-file' },
      { type: 'quit' },
    ];
    for (const a of actions) await performTrayAction(a, d);
    expect(control.calls).toEqual([
      { method: 'freePort', args: [8000, undefined] },
      { method: 'freePort', args: [8000, { owners: [{ pid: 4121, startTime: '123', command: 'python3 -m http.server 8000' }] }] },
      { method: 'killProcess', args: [4121, { command: 'python3 -m http.server 8000' }] },
      { method: 'killProcess', args: [4122, undefined] },
      { method: 'restartService', args: ['api'] },
      { method: 'setPaused', args: [true] },
    ]);
    expect(seen).toEqual(['copy npm run dev', 'open 8000', 'open -', 'login true', 'import', 'quit']);
  });

  it('reports a failing action instead of throwing', async () => {
    const { seen, d } = deps();
    d.control = { ...d.control, freePort: () => Promise.reject(new Error('refused: pid 1 is protected')) };
    await expect(performTrayAction({ type: 'free-port', port: 1 }, d)).resolves.toBeUndefined();
    expect(seen).toEqual(['error free-port: refused: pid 1 is protected']);
  });
});
