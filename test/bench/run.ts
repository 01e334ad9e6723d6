/**
 * `npm run bench [name...]`: runs the named benchmarks (ports, bloom, service, monitor, cli), or
 * all of them, one after another; each prints its own JSON object.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const ALL = ['ports', 'bloom', 'service', 'monitor', 'cli'];
const names = process.argv.slice(2);
const selected = names.length > 0 ? names : ALL;
let failed = false;
for (const name of selected) {
  if (!ALL.includes(name)) {
    process.stderr.write(`unknown benchmark ${JSON.stringify(name)}; known: ${ALL.join(', ')}\n`);
    process.exit(2);
  }
  const file = `test/bench/${name}.bench.ts`;
  if (!existsSync(file)) {
    process.stderr.write(`benchmark ${name}: ${file} does not exist yet\n`);
    failed = true;
    continue;
  }
  const run = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
