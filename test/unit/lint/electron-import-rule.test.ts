/**
 * The 'electron' import rule (docs/architecture.md, "Layers"), checked through ESLint itself with this repository's config:
 * outside the shell, every way of loading 'electron' is an error (static, subpath, dynamic,
 * require); inside it, none is.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function electronErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.ruleId as string);
}

describe("the 'electron' import rule", () => {
  it.each([
    ["import { app } from 'electron';\nexport const a = app;\n", 'no-restricted-imports'],
    ["import { app } from 'electron/main';\nexport const a = app;\n", 'no-restricted-imports'],
    ["export const e = await import('electron');\n", 'no-restricted-syntax'],
    [
      "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const e = require('electron/renderer');\n",
      'no-restricted-syntax',
    ],
  ])('rejects %j in electron/core', async (code, rule) => {
    expect(await electronErrors(code, 'electron/core/ports/probe.ts')).toEqual([rule]);
    expect(await electronErrors(code, 'electron/cli/probe.ts')).toEqual([rule]);
  });

  it('allows it in the shell and leaves look-alike packages alone', async () => {
    expect(await electronErrors("export const e = await import('electron');\n", 'electron/shell/probe.ts')).toEqual([]);
    expect(await electronErrors("import { app } from 'electron';\nexport const a = app;\n", 'electron/main.ts')).toEqual([]);
    expect(await electronErrors("export const s = await import('electron-store');\n", 'electron/core/ports/probe.ts')).toEqual([]);
  });
});
