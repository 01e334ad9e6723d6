/**
 * Bundles the `portwarden` program (electron/cli/program.ts) into one CommonJS file,
 * dist/electron/portwarden-cli.cjs, which the entry dist/electron/cli.js requires after its
 * Node version check. One file instead of ~40 modules and commander's own files is what lets
 * `portwarden ports 8000` start in about the time Node itself takes (test/bench/cli.bench.ts).
 *
 * CommonJS, not ESM: an ES module must import its npm dependencies and Node built-ins
 * statically, at the top of the file, so an ESM bundle loaded find-process and node:http on
 * every command; in CommonJS each `require` stays inside the code of the module that needs
 * it, and is put off further until first use (lazyRequires below). (`import.meta.url`, used
 * by cli/version.ts, is given the bundle's own URL.)
 *
 * Each command stays lazy inside the bundle (esbuild keeps a dynamically imported module's
 * code unevaluated until the import runs). Left out of it:
 * - npm dependencies other than BUNDLED_PACKAGES: loaded from node_modules as usual, and
 *   only by the commands that use them (fastify by serve, find-process by find, …);
 * - `serve` and `product-service`: they find files relative to their own module
 *   (core/server/static-files.ts: the dashboard; product-service/bulk-insert.ts: its worker),
 *   so the bundle loads them from tsc's output beside it (dist/electron/cli/*.js). They run
 *   for hours; their start-up time is not what a bundle is for.
 *
 * Run: node_modules/.bin/node build/bundle-cli.ts   (npm run build does, through build/build.ts)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_BUNDLE = 'dist/electron/portwarden-cli.cjs';

/**
 * npm packages inside the bundle: commander (every command parses with it) and lru-cache (the
 * snapshot's project-name cache, used whenever a port is held). Loading either from
 * node_modules costs more than the command's own work; bundled, they are parsed with the rest
 * and kept in Node's compile cache.
 */
const BUNDLED_PACKAGES = ['commander', 'lru-cache'];

/** Command modules loaded from tsc's output instead of being bundled (see the file comment). */
const UNBUNDLED = ['serve-command.ts', 'product-service-command.ts'];

const unbundledCommands: Plugin = {
  name: 'unbundled-commands',
  setup(build) {
    const filter = new RegExp(`^\\./(${UNBUNDLED.map((f) => f.replace(/[.-]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: `./cli/${args.path.slice(2).replace(/\.ts$/, '.js')}`, external: true }));
  },
};

/**
 * Defined at the top of the bundle: `require` of a module at the moment one of its members is
 * first used. Node built-ins and npm packages are loaded by the modules that import them,
 * when those modules are set up — and the snapshot reader's modules import node:http (the
 * Docker API), yaml and more that `ports 8000` never calls. Each costs milliseconds to load.
 */
const LAZY_REQUIRE = `const importMetaUrl = require("node:url").pathToFileURL(__filename).href;
function __lazyRequire(id, asDefault) {
  let loaded;
  const load = () => (loaded ??= require(id));
  // A default import is the module itself, or its \`default\` when it says it was an ES module
  // (\`__esModule\`): what Node's own import gives (find-process is such a package).
  const asImport = () => {
    const m = load();
    return m && m.__esModule && 'default' in m ? m.default : m;
  };
  return new Proxy({}, {
    get: (_, key) => (key === 'default' && asDefault ? asImport() : load()[key]),
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), key);
      return d && { ...d, configurable: true };
    },
  });
}`;

/**
 * A named import compiles to `var x = require("m")` and `x.member` where it is used; a
 * default import to `__toESM(require("m"), 1)` and `x.default.member`: both requires can wait
 * until a member is used (__lazyRequire; `.default` is the module itself, as __toESM makes it
 * for a Node built-in or CommonJS package).
 */
export function lazyRequires(code: string): string {
  return code
    .replace(/\b__toESM\(require\("([^"./][^"]*)"\), 1\)/g, '__lazyRequire("$1", true)')
    .replace(/\brequire\("([^"./][^"]*)"\)/g, '__lazyRequire("$1")');
}

/** Builds the bundle; returns the files it was made from (for build/build.ts's freshness record). */
export async function bundleCli(root = ROOT): Promise<string[]> {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string; dependencies?: Record<string, string> };
  const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED_PACKAGES.includes(name));
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['electron/cli/program.ts'],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    define: { 'import.meta.url': 'importMetaUrl', __PORTWARDEN_VERSION__: JSON.stringify(pkg.version) },
    external,
    plugins: [unbundledCommands],
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild wrote no bundle');
  mkdirSync(dirname(output.path), { recursive: true });
  writeFileSync(output.path, `${LAZY_REQUIRE}\n${lazyRequires(output.text)}`);
  return Object.keys(result.metafile.inputs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const inputs = await bundleCli();
  process.stdout.write(`${CLI_BUNDLE}: ${inputs.length} inputs\n`);
}
