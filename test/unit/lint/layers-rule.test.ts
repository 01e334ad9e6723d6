/**
 * The layering rule (portwarden/layers, build/eslint-import-layers.js, configured per folder
 * in eslint.config.js and explained in docs/architecture.md, "Layers"), checked through
 * ESLint itself with this repository's config: an import that points up, sideways or past a
 * surface's entry files is an error, in every form (import, import type, export from,
 * dynamic import); the imports each layer is allowed stay clean.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function layerErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'portwarden/layers').map((m) => m.message);
}

/** One import of `spec` from `file`, in the given form. */
function importOf(spec: string, form: 'import' | 'type' | 'export' | 'dynamic' = 'import'): string {
  switch (form) {
    case 'import':
      return `import { x } from '${spec}';\nexport const y = x;\n`;
    case 'type':
      return `import type { X } from '${spec}';\nexport type Y = X;\n`;
    case 'export':
      return `export { x } from '${spec}';\n`;
    case 'dynamic':
      return `export const m = await import('${spec}');\n`;
  }
}

describe('the layering rule', () => {
  it.each([
    // the bottom imports nothing of ours
    ['electron/core/model/probe.ts', '../ports/records.ts'],
    // ports and processes: nothing above them, and not each other's way up
    ['electron/core/ports/probe.ts', '../control/contract.ts'],
    ['electron/core/ports/probe.ts', '../monitor/monitor.ts'],
    ['electron/core/processes/probe.ts', '../ports/records.ts'],
    ['electron/core/platform/probe.ts', '../processes/free-port.ts'],
    // services, health, monitor: below only
    ['electron/core/services/probe.ts', '../control/contract.ts'],
    ['electron/core/health/probe.ts', '../control/contract.ts'],
    ['electron/core/health/probe.ts', '../monitor/monitor.ts'],
    ['electron/core/monitor/probe.ts', '../control/create-control.ts'],
    ['electron/core/monitor/probe.ts', '../services/service-manager.ts'],
    // control: below only
    ['electron/core/control/probe.ts', '../server/create-server.ts'],
    ['electron/core/control/probe.ts', '../../product-service/index.ts'],
    // server: the contract only
    ['electron/core/server/probe.ts', '../control/create-control.ts'],
    ['electron/core/server/probe.ts', '../ports/index.ts'],
    // the product service: core/model only
    ['electron/product-service/probe.ts', '../core/control/contract.ts'],
    ['electron/product-service/probe.ts', '../core/config/index.ts'],
    // the surfaces: entries only, never a file behind one
    ['electron/shell/probe.ts', '../core/control/methods.ts'],
    ['electron/shell/probe.ts', '../core/model/config.ts'],
    ['electron/main.ts', './core/control/create-control.ts'],
    ['electron/cli/probe.ts', '../core/config/load-config.ts'],
    ['electron/cli/run/probe.ts', '../../core/processes/free-port.ts'],
    ['renderer/src/lib/probe.ts', '../../../electron/core/model/ports.ts'],
    ['renderer/src/lib/probe.ts', '../../../electron/core/control/validate.ts'],
    ['renderer/src/lib/probe.ts', '../../../electron/core/ports/index.ts'],
  ])('rejects %s importing %s', async (file, spec) => {
    for (const form of ['import', 'type', 'export', 'dynamic'] as const) {
      const errors = await layerErrors(importOf(spec, form), file);
      expect(errors, `${form} of ${spec} from ${file}`).toHaveLength(1);
      expect(errors[0]).toContain('may not import');
    }
  });

  it.each([
    ['electron/core/model/probe.ts', './errors.ts'],
    ['electron/core/platform/probe.ts', '../model/errors.ts'],
    ['electron/core/processes/probe.ts', '../platform/signals.ts'],
    ['electron/core/ports/probe.ts', '../processes/index.ts'],
    ['electron/core/services/probe.ts', '../ports/index.ts'],
    ['electron/core/health/probe.ts', '../config/defaults.ts'],
    ['electron/core/monitor/probe.ts', '../health/run-health.ts'],
    ['electron/core/control/probe.ts', '../monitor/monitor.ts'],
    ['electron/core/server/probe.ts', '../control/contract.ts'],
    ['electron/core/server/probe.ts', '../model/errors.ts'],
    ['electron/product-service/probe.ts', '../core/model/product.ts'],
    ['electron/shell/probe.ts', '../core/control/contract.ts'],
    ['electron/main.ts', './core/control/index.ts'],
    ['electron/cli/probe.ts', '../core/config/index.ts'],
    ['electron/cli/probe.ts', '../product-service/embed.ts'],
    ['renderer/src/lib/probe.ts', '../../../electron/core/control/contract.ts'],
    ['renderer/src/lib/probe.ts', '../../../electron/core/vocabulary/index.ts'],
    ['renderer/src/lib/probe.ts', './format.ts'],
  ])('allows %s importing %s', async (file, spec) => {
    for (const form of ['import', 'type', 'export', 'dynamic'] as const) {
      expect(await layerErrors(importOf(spec, form), file), `${form} of ${spec} from ${file}`).toEqual([]);
    }
  });

  it('names both ends and what the layer may use', async () => {
    const [message] = await layerErrors(importOf('../control/contract.ts'), 'electron/core/monitor/probe.ts');
    expect(message).toContain('core/monitor may not import electron/core/control/contract.ts (core/control)');
    expect(message).toContain('core/health');
  });

  it('leaves packages and tests alone', async () => {
    expect(await layerErrors(importOf('fastify'), 'electron/core/ports/probe.ts')).toEqual([]);
    expect(await layerErrors(importOf('../../electron/core/control/create-control.ts'), 'test/unit/probe.test.ts')).toEqual([]);
  });
});
