import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: repo });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint rules for Electron imports', () => {
  it('only electron/shell/ipc.ts may import ipcMain and only electron/preload.ts ipcRenderer', async () => {
    expect(await restricted('electron/shell/ipc.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n")).toEqual([]);
    expect(await restricted('electron/preload.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toEqual([]);
    for (const file of ['electron/shell/tray.ts', 'electron/main.ts', 'electron/shell/window.ts']) {
      expect(await restricted(file, "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"), file).toHaveLength(1);
      expect(await restricted(file, "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"), file).toHaveLength(1);
    }
  });

  it('the rest of the shell may still import other Electron APIs', async () => {
    expect(await restricted('electron/shell/tray.ts', "import { Tray } from 'electron';\nexport const x = Tray;\n")).toEqual([]);
  });

  it('outside the shell, electron cannot be imported at all (the existing rule still holds)', async () => {
    for (const file of ['electron/core/monitor/x.ts', 'electron/cli.ts', 'electron/product-service/x.ts']) {
      const messages = await restricted(file, "import { app } from 'electron';\nexport const x = app;\n");
      expect(messages, file).toHaveLength(1);
      expect(messages[0]).toMatch(/Only electron\/shell/);
    }
  });
});
