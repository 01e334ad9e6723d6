/**
 * The keep-cause rule (portwarden/keep-cause, build/eslint-keep-cause.js), checked through
 * ESLint itself with this repository's config: an error thrown in a `catch (error)` block
 * must carry the caught error as its cause; rethrowing, passing the cause, or a throw in a
 * nested function is fine.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function causeErrors(code: string, filePath = 'electron/core/config/probe.ts'): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'portwarden/keep-cause').length;
}

const wrap = (thrown: string): string =>
  `export class MyError extends Error {}\nexport function f(g: () => void): void {\n  try {\n    g();\n  } catch (error) {\n    ${thrown}\n  }\n}\n`;

describe('the keep-cause rule', () => {
  it.each([
    'throw new MyError(String(error));',
    'if (error instanceof MyError) throw new MyError(error.message);',
    "throw new MyError('failed', { other: 1 });",
  ])('rejects %j in a catch block', async (thrown) => {
    expect(await causeErrors(wrap(thrown))).toBe(1);
    expect(await causeErrors(wrap(thrown), 'renderer/src/lib/probe.ts')).toBe(1);
    expect(await causeErrors(wrap(thrown), 'electron/product-service/probe.ts')).toBe(1);
  });

  it.each([
    'throw new MyError(String(error), { cause: error });',
    "throw new MyError('a', 'b', { cause: error });",
    'throw error;',
    'throw Object.assign(new MyError("x"), { cause: error });',
    'const later = () => { throw new MyError("later"); };\n    later();',
  ])('allows %j', async (thrown) => {
    expect(await causeErrors(wrap(thrown))).toBe(0);
  });

  it('leaves a catch without a binding and a throw outside catch alone', async () => {
    expect(
      await causeErrors("export function f(): void {\n  try {\n    JSON.parse('x');\n  } catch {\n    throw new Error('bad');\n  }\n}\n"),
    ).toBe(0);
    expect(await causeErrors("export function f(): never {\n  throw new Error('bad');\n}\n")).toBe(0);
  });
});
