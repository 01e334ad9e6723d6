/**
 * `npm run build` (and `npm run serve`, `npm start`): builds only what changed since the last
 * build (build/freshness.ts records each step's inputs by content hash). When nothing changed
 * it only hashes the inputs, so a repeated `npm run serve` reaches its URL in about a second.
 *
 *   node build/build.ts [core] [cli] [renderer] [preload] [--force]
 *
 * Steps (all by default):
 *   core      tsc -p tsconfig.build.json → dist/ (incremental; the CLI entry made executable)
 *   cli       the one-file CLI bundle dist/electron/portwarden-cli.cjs (build/bundle-cli.ts)
 *   renderer  vite build of the dashboard → dist/renderer/
 *   preload   esbuild bundle of electron/preload.ts → dist/electron/preload.cjs
 * Exit 1 when a step fails (it then leaves no record, so the next build runs it again).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles, recordPath, staleReason, writeRecord } from './freshness.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Built {
  inputs: string[];
  outputs: string[];
}

interface Step {
  name: string;
  /** Source files found by glob: a file added or removed makes the step stale. */
  sources: (root: string) => string[];
  /** Files that shape the output besides the sources the step reports. */
  fixed: string[];
  build: (root: string, reason: string) => Promise<Built>;
}

/** The build scripts themselves and the installed packages shape every output. */
const ALWAYS = ['build/build.ts', 'build/freshness.ts', 'package.json', 'package-lock.json'];

const core: Step = {
  name: 'core',
  sources: (root) => listFiles(root, 'electron', (n) => n.endsWith('.ts') && !n.endsWith('.test.ts')),
  fixed: ['tsconfig.json', 'tsconfig.build.json', 'portwarden.schema.json'],
  build: async (root, reason) => {
    const info = 'dist/.build/core.tsbuildinfo';
    // tsc's own incremental state only knows what it emitted, not what was deleted since.
    if (/missing|never built/.test(reason)) rmSync(join(root, info), { force: true });
    const tsc = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--incremental',
        '--tsBuildInfoFile',
        info,
        '--listFiles',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    chmodSync(join(root, 'dist/electron/cli.js'), 0o755);
    const inputs = tsc.stdout
      .split('\n')
      .filter((l) => l.startsWith(root) && !l.includes('/node_modules/'))
      .map((l) => relative(root, l));
    const outputs = core.sources(root).map((s) => `dist/${s.replace(/\.ts$/, '.js')}`);
    return { inputs, outputs };
  },
};

const cli: Step = {
  name: 'cli',
  sources: () => [],
  fixed: ['build/bundle-cli.ts'],
  build: async (root) => {
    const { bundleCli, CLI_BUNDLE } = await import('./bundle-cli.ts');
    return { inputs: await bundleCli(root), outputs: [CLI_BUNDLE] };
  },
};

const renderer: Step = {
  name: 'renderer',
  // Copied as they are, so not in vite's module graph.
  sources: (root) => listFiles(root, 'renderer/public'),
  fixed: ['renderer/vite.config.ts', 'renderer/index.html', 'renderer/tsconfig.json'],
  build: async (root) => {
    const { build } = await import('vite');
    const modules = new Set<string>();
    await build({
      configFile: join(root, 'renderer/vite.config.ts'),
      logLevel: 'warn',
      plugins: [
        {
          name: 'record-inputs',
          generateBundle() {
            for (const id of this.getModuleIds()) modules.add(id);
          },
        },
      ],
    });
    const inputs = [...modules]
      .filter((id) => id.startsWith(root) && !id.includes('/node_modules/') && existsSync(id))
      .map((id) => relative(root, id));
    return { inputs, outputs: listFiles(root, 'dist/renderer') };
  },
};

/** The preload bundle: CommonJS, everything inlined but electron, so it runs sandboxed. */
export const PRELOAD_BUILD = {
  entryPoints: ['electron/preload.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  outfile: 'dist/electron/preload.cjs',
} as const;

const preload: Step = {
  name: 'preload',
  sources: () => [],
  fixed: [],
  build: async (root) => {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      ...PRELOAD_BUILD,
      external: [...PRELOAD_BUILD.external],
      entryPoints: [...PRELOAD_BUILD.entryPoints],
      absWorkingDir: root,
      metafile: true,
      logLevel: 'warning',
    });
    return { inputs: Object.keys(result.metafile.inputs), outputs: [PRELOAD_BUILD.outfile] };
  },
};

export const STEPS: readonly Step[] = [core, cli, renderer, preload];

/** Runs the named steps (all when none); returns false when one failed. */
export async function runBuild(root: string, names: readonly string[], force: boolean, log: (line: string) => void): Promise<boolean> {
  for (const step of STEPS.filter((s) => names.length === 0 || names.includes(s.name))) {
    const sources = step.sources(root);
    const reason = force ? 'forced' : staleReason(root, step.name, sources);
    if (reason === null) {
      log(`${step.name}: up to date`);
      continue;
    }
    const started = performance.now();
    // No record while the step runs: a build that fails half-way (tsc still emits on a type
    // error) must never be taken for fresh, even if the sources are then put back.
    rmSync(recordPath(root, step.name), { force: true });
    try {
      const built = await step.build(root, reason);
      writeRecord(root, step.name, [...ALWAYS, ...step.fixed, ...sources, ...built.inputs], built.outputs, sources);
    } catch (error) {
      log(`${step.name}: FAILED (${reason}): ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    log(`${step.name}: built in ${((performance.now() - started) / 1000).toFixed(1)} s (${reason})`);
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !STEPS.some((s) => s.name === n));
  if (unknown.length > 0 || args.some((a) => a.startsWith('--') && a !== '--force')) {
    process.stderr.write(`usage: node build/build.ts [${STEPS.map((s) => s.name).join('] [')}] [--force]\n`);
    process.exit(2);
  }
  const ok = await runBuild(ROOT, names, args.includes('--force'), (line) => process.stderr.write(`build ${line}\n`));
  process.exit(ok ? 0 : 1);
}
