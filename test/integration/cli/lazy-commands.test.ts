/**
 * Each command loads only what it uses (electron/cli/commands.ts, program.ts): the port
 * commands never load the server, the dashboard, the monitor or the product service (nor
 * fastify or node:sqlite), from source module by module and from the built bundle alike.
 * Every module resolved is recorded by a real resolve hook (test/fixtures/cli/record-modules.mjs).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const HOOK = new URL('../../fixtures/cli/record-modules.mjs', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'pw-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function modulesLoadedBy(entry: string, args: string[]): Promise<string[]> {
  const file = join(dir, `modules-${n++}.txt`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', HOOK, entry, ...args],
      { env: { ...process.env, RECORD_MODULES: file }, timeout: 30_000 },
      (error) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve(existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);
      },
    );
  });
}

/** What a port command must never load. */
const HEAVY = [
  /\/core\/server\//,
  /\/product-service\//,
  /\/core\/monitor\//,
  /\/renderer\//,
  /serve-command/,
  /product-service-command/,
  /\/fastify\//,
  /^node:sqlite$/,
  /find-process/,
];

const PORT_COMMANDS = [
  ['ports', '1'],
  ['check', '1'],
  ['wait', '1', '--free', '--timeout', '0'],
  ['free', '1'],
  ['kill', '2147483646'],
];
const BUILT = 'dist/electron/cli.js';

describe('lazy commands', () => {
  for (const args of PORT_COMMANDS) {
    it(`\`${args.join(' ')}\` from source loads none of the server, dashboard, monitor or product service`, async () => {
      const loaded = await modulesLoadedBy('electron/cli.ts', args);
      // The hook saw the program itself, so an empty list cannot pass by accident.
      expect(loaded.some((u) => u.endsWith('/electron/cli/program.ts'))).toBe(true);
      expect(loaded.filter((u) => HEAVY.some((re) => re.test(u)))).toEqual([]);
    });
  }

  it('`serve --help` loads serve, and `find` loads find-process: the recorder sees heavy modules when they are used', async () => {
    expect((await modulesLoadedBy('electron/cli.ts', ['serve', '--help'])).some((u) => u.includes('/core/server/'))).toBe(true);
    expect((await modulesLoadedBy('electron/cli.ts', ['find', 'zz-no-such-process-zz'])).some((u) => u.includes('find-process'))).toBe(
      true,
    );
  });

  it.skipIf(!existsSync(BUILT))('the built bin: `check 1` loads the one bundle and no heavy module', async () => {
    const loaded = await modulesLoadedBy(BUILT, ['check', '1']);
    expect(loaded.some((u) => u.endsWith('/dist/electron/portwarden-cli.cjs'))).toBe(true);
    expect(loaded.filter((u) => HEAVY.some((re) => re.test(u)))).toEqual([]);
    // One file of ours besides the entry: not the tsc output module by module.
    expect(loaded.filter((u) => u.includes('/dist/electron/') && !u.endsWith('/cli.js') && !u.endsWith('/portwarden-cli.cjs'))).toEqual([]);
  });
});
