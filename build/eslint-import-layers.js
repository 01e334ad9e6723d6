// @ts-check
/**
 * ESLint rule `portwarden/layers`: a file may import only from its own folder and from the
 * folders (or the entry files) its layer lists. eslint.config.js gives every folder its
 * list (LAYERS there, explained in docs/architecture.md, "Layers"), so an import pointing
 * upward, sideways or past a folder's entry is a lint error naming both ends.
 *
 * Every form counts, types included: `import`, `import type`, `export … from`, and
 * `import('…')` with a literal path. Only relative paths are checked; packages are another
 * rule's business (the 'electron' rule).
 */
import path from 'node:path';

/**
 * The unit a repository path belongs to: `core/<folder>` for electron/core/<folder>/…,
 * `product-service`, `shell` (electron/shell/**, main.ts, preload.ts), `cli`, `renderer`,
 * `schema` (portwarden.schema.json), or null for anything else (tests, build scripts).
 * @param {string} rel a path relative to the repository root, with forward slashes
 * @returns {string | null}
 */
export function unitOf(rel) {
  const core = /^electron\/core\/([^/]+)\//.exec(rel);
  if (core) return `core/${core[1]}`;
  if (rel.startsWith('electron/core/')) return 'core';
  if (rel.startsWith('electron/product-service/')) return 'product-service';
  if (rel.startsWith('electron/shell/') || rel === 'electron/main.ts' || rel === 'electron/preload.ts') return 'shell';
  if (rel.startsWith('electron/cli/') || rel === 'electron/cli.ts') return 'cli';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel === 'portwarden.schema.json') return 'schema';
  return null;
}

/**
 * Whether `target` (a repository path) is allowed by one entry of a `may` list: a unit
 * (`core/model`: any file in it) or one file (`core/control/contract.ts`).
 * @param {string} target
 * @param {string} entry
 */
function allows(target, entry) {
  if (entry.endsWith('.ts') || entry.endsWith('.json')) return target === `electron/${entry}` || target === entry;
  return unitOf(target) === entry;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point only to the layers below (docs/architecture.md, "Layers")' },
    schema: [
      {
        type: 'object',
        properties: { layer: { type: 'string' }, may: { type: 'array', items: { type: 'string' } } },
        required: ['layer', 'may'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward: '{{layer}} may not import {{target}}: it may use {{allowed}} (docs/architecture.md, "Layers").',
    },
  },
  create(context) {
    const { layer, may } = /** @type {{ layer: string; may: string[] }} */ (context.options[0]);
    const root = context.cwd;
    const fileDir = path.dirname(context.physicalFilename);
    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('./') && !spec.startsWith('../')) return;
      const target = path.relative(root, path.resolve(fileDir, spec)).split(path.sep).join('/');
      const unit = unitOf(target);
      if (unit === layer || may.some((entry) => allows(target, entry))) return;
      context.report({
        node: source,
        messageId: 'upward',
        data: {
          layer,
          target: unit === null ? target : `${target} (${unit})`,
          allowed: may.length > 0 ? may.join(', ') : 'nothing outside itself',
        },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
