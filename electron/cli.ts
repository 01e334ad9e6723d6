#!/usr/bin/env node
/**
 * The `portwarden` command's entry point: checks the Node version, then loads the program.
 *
 * This file must run on an old Node long enough to say which Node it needs (one line, exit
 * 2, no stack trace), so it imports nothing statically (a static import is loaded before
 * any line here runs, and a module such as node:sqlite does not exist on old Nodes), and it
 * uses only syntax that Node 12 and later parse. The real program is electron/cli/program.ts;
 * after `npm run build` its one-file bundle dist/electron/portwarden-cli.cjs (build/bundle-cli.ts)
 * is loaded instead, which is what makes a command start in about the time Node itself takes.
 */

/** package.json `engines.node` (>=22.13); test/unit/cli/node-version.test.ts keeps them equal. */
const REQUIRED_NODE = [22, 13];

function tooOld(version: string): boolean {
  const have = version.split('.').map(Number);
  return have[0] < REQUIRED_NODE[0] || (have[0] === REQUIRED_NODE[0] && have[1] < REQUIRED_NODE[1]);
}

/** The bundle when it was built, else the program module by module (running from source). */
function loadProgram(): Promise<{ main: (argv: string[]) => Promise<void> }> {
  const nodeModule = process.getBuiltinModule('node:module');
  // V8 keeps the compiled bundle on disk (os.tmpdir()/node-compile-cache), so later runs
  // skip parsing it; Node turns this off by itself when the folder is not writable.
  nodeModule.enableCompileCache?.();
  const require = nodeModule.createRequire(import.meta.url);
  try {
    return Promise.resolve(require('./portwarden-cli.cjs'));
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === 'MODULE_NOT_FOUND' && String(e.message).indexOf('portwarden-cli.cjs') !== -1) return import('./cli/program.ts');
    throw error;
  }
}

if (tooOld(process.versions.node)) {
  process.stderr.write(
    'portwarden: needs Node ' +
      REQUIRED_NODE.join('.') +
      ' or newer, this is ' +
      process.version +
      '. Install Node 24 (https://nodejs.org/, or `nvm install 24`), or run `npx portwarden` inside the project: it uses the Node 24 the project pins.\n',
  );
  process.exit(2);
} else {
  loadProgram().then((program) => program.main(process.argv));
}
