import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('portwarden --version', () => {
  it('prints the version from package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const out = execFileSync(process.execPath, ['electron/cli.ts', '--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(pkg.version);
  });
});
