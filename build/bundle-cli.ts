/**
 * Bundles the `portwarden` program (electron/cli/program.ts) into one CommonJS file,
 * dist/electron/portwarden-cli.cjs, which the entry dist/electron/cli.js requires after its
 * Node version check. One file instead of ~40 modules and commander's own files is what lets
 * `portwarden ports 8000` start in about the time Node itself takes (test/bench/cli.bench.ts).
 *
 * CommonJS, not ESM: an ES module must import its npm dependencies and Node built-ins
 * statically, at the top of the file, so an ESM bundle loaded find-process and node:http on
 * every command; in CommonJS each `require` stays inside the lazily run code of the module
 * that needs it. (`import.meta.url`, used by cli/version.ts, is given the bundle's own URL.)
 *
 * Each command stays lazy inside the bundle (esbuild keeps a dynamically imported module's
 * code unevaluated until the import runs). Left out of it:
 * - npm dependencies other than commander: loaded from node_modules as usual, and only by
 *   the commands that use them (fastify by serve, find-process by find, …);
 * - `serve` and `product-service`: they find files relative to their own module
 *   (core/server/static-files.ts: the dashboard; product-service/bulk-insert.ts: its worker),
 *   so the bundle loads them from tsc's output beside it (dist/electron/cli/*.js). They run
 *   for hours; their start-up time is not what a bundle is for.
 *
 * Run: node_modules/.bin/node build/bundle-cli.ts   (npm run build does, through build/build.ts)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_BUNDLE = 'dist/electron/portwarden-cli.cjs';

/** Command modules loaded from tsc's output instead of being bundled (see the file comment). */
const UNBUNDLED = ['serve-command.ts', 'product-service-command.ts'];

const unbundledCommands: Plugin = {
  name: 'unbundled-commands',
  setup(build) {
    const filter = new RegExp(`^\\./(${UNBUNDLED.map((f) => f.replace(/[.-]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: `./cli/${args.path.slice(2).replace(/\.ts$/, '.js')}`, external: true }));
  },
};

/** Builds the bundle; returns the files it was made from (for build/build.ts's freshness record). */
export async function bundleCli(root = ROOT): Promise<string[]> {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { dependencies?: Record<string, string> };
  const external = Object.keys(pkg.dependencies ?? {}).filter((name) => name !== 'commander');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['electron/cli/program.ts'],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': 'importMetaUrl' },
    external,
    plugins: [unbundledCommands],
    metafile: true,
    logLevel: 'warning',
  });
  return Object.keys(result.metafile.inputs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const inputs = await bundleCli();
  process.stdout.write(`${CLI_BUNDLE}: ${inputs.length} inputs\n`);
}
