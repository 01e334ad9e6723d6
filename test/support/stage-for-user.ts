/**
 * Run the `portwarden` CLI as another Unix user, whatever folder the checkout lives in.
 *
 * A CLI started as `nobody` straight from the checkout fails with EACCES when the checkout
 * sits under a folder `nobody` cannot enter (a clean clone in a `mktemp -d` folder, mode
 * 700): it can read neither electron/cli.ts nor node_modules/node/bin/node. So what that
 * user runs is staged in a fresh folder every user can enter: the CLI bundled into one file
 * by esbuild (dependencies included) and the Node binary we run on (hard-linked, copied
 * when the link is not possible). Staging failures throw: a test that needs another user is
 * never skipped silently.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { chmod, copyFile, link, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const CLI_SOURCE = fileURLToPath(new URL('../../electron/cli.ts', import.meta.url));

export interface StagedCli {
  dir: string;
  node: string;
  cli: string;
  /** Run the staged CLI as `user` (through `runuser -u USER --`); never throws. */
  runAs(user: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  cleanup(): Promise<void>;
}

/** True when every folder from / down to `dir` lets "others" search it (mode o+x). */
function othersCanEnter(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    try {
      if ((statSync(d).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (dirname(d) === d) return true;
  }
}

/** The first temp folder other users can reach ($TMPDIR may be private). */
function reachableTempRoot(): string {
  const root = [tmpdir(), '/tmp', '/var/tmp'].find(othersCanEnter);
  if (!root)
    throw new Error(`no temp folder other users can enter (tried ${tmpdir()}, /tmp, /var/tmp): cannot stage the CLI for another user`);
  return root;
}

/** Bundle the CLI and link the Node binary into a fresh world-readable folder. */
export async function stageCliForOtherUsers(): Promise<StagedCli> {
  const dir = await mkdtemp(join(reachableTempRoot(), 'pw-staged-cli-'));
  await chmod(dir, 0o755);
  const node = join(dir, 'node');
  const cli = join(dir, 'cli.mjs');
  try {
    try {
      await link(process.execPath, node);
    } catch {
      await copyFile(process.execPath, node);
    }
    await chmod(node, 0o755);
    await build({
      entryPoints: [CLI_SOURCE],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      logLevel: 'error',
      // Bundled CommonJS dependencies call require() for Node's own modules.
      banner: {
        js: "import { createRequire as __pwCreateRequire } from 'node:module'; const require = __pwCreateRequire(import.meta.url);",
      },
    });
    await chmod(cli, 0o644);
    accessSync(node, constants.X_OK);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    node,
    cli,
    runAs: (user, args) =>
      new Promise((resolve) => {
        execFile('runuser', ['-u', user, '--', node, cli, ...args], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) => {
          const raw = error ? (error as { code?: unknown }).code : 0;
          resolve({
            code: typeof raw === 'number' ? raw : -1,
            stdout,
            stderr: error && typeof raw !== 'number' ? `${stderr}${error.message}` : stderr,
          });
        });
      }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
