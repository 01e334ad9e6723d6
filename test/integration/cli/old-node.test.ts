/**
 * On a Node older than package.json's `engines` allows, every command prints ONE line naming
 * the Node it needs and how to get it, and exits 2: no stack trace (electron/cli.ts). Run
 * with the machine's own old Node (/usr/bin/node is v20 on the project's machines) against
 * the built bin, which is what a global install runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../electron/cli/commands.ts';

const BUILT = 'dist/electron/cli.js';
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => {
  if (!existsSync(p)) return false;
  const [major = 0, minor = 0] = execFileSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim().split('.').map(Number);
  return major < 22 || (major === 22 && minor < 13);
});
const why = !existsSync(BUILT)
  ? `${BUILT} is missing (npm run build; npm test does)`
  : !OLD_NODE
    ? 'no Node older than 22.13 at /usr/bin/node or /usr/local/bin/node'
    : null;
if (why) console.log(`[old-node] skipped: ${why}`);

describe('the entry and engines agree', () => {
  it('electron/cli.ts checks for the version package.json engines.node names', () => {
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
    const [, major, minor] = /^>=(\d+)\.(\d+)$/.exec(engines) ?? [];
    expect(readFileSync('electron/cli.ts', 'utf8')).toContain(`const REQUIRED_NODE = [${major}, ${minor}];`);
  });
});

describe.skipIf(why !== null)(`an old Node (${OLD_NODE ?? 'none'})`, () => {
  const cases = [...COMMANDS.map((c) => [c.name, '--help']), ['check', '8000'], ['ports', '8000'], ['free', '1'], ['--version'], []];
  for (const args of cases) {
    it(`\`portwarden ${args.join(' ')}\`: one line, exit 2`, () => {
      const run = spawnSync(OLD_NODE as string, [BUILT, ...args], { encoding: 'utf8', timeout: 20_000 });
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^portwarden: needs Node 22\.13 or newer, this is v\d+\.\d+\.\d+\. Install Node 24 .*npx portwarden/);
    });
  }
});
