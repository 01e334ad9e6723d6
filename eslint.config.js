// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { layersRule } from './build/eslint-import-layers.js';
import { keepCauseRule } from './build/eslint-keep-cause.js';

/** Our own rules (build/eslint-*.js), each with its test in test/unit/lint/. */
const portwarden = { rules: { layers: layersRule, 'keep-cause': keepCauseRule } };

/**
 * Only the Electron shell may import 'electron' (docs/architecture.md, "Layers"). Importing it from plain Node
 * tries to download the binary, so core, product-service, CLI, server and renderer must
 * never do it.
 */
const electronOnlyInShell = {
  paths: [
    {
      name: 'electron',
      message: "Only electron/shell/**, electron/main.ts and electron/preload.ts may import 'electron' (docs/architecture.md, 'Layers').",
    },
  ],
  // `electron/main`, `electron/renderer`, `electron/common` load the same binary.
  patterns: [{ group: ['electron/*'], message: "Only the Electron shell may import 'electron/*' (docs/architecture.md, 'Layers')." }],
};

/**
 * GitHub Desktop style: IPC is wired in exactly one place per side. Inside the shell only
 * electron/shell/ipc.ts may import ipcMain and only electron/preload.ts may import
 * ipcRenderer, so every channel goes through the sender check and the named-method bridge.
 */
const ipcOnlyInIpcModules = {
  paths: [
    {
      name: 'electron',
      importNames: ['ipcMain', 'ipcRenderer'],
      message: 'Only electron/shell/ipc.ts (ipcMain) and electron/preload.ts (ipcRenderer) may use IPC directly; go through them.',
    },
  ],
};

/**
 * Layers: what each folder may import besides itself (docs/architecture.md, "Layers").
 * Imports point down this list, never up, and two folders never import each other. A
 * `.ts` entry allows that one file: surfaces reach core only through its entries.
 */
const BOTTOM = ['core/model'];
const BASE = [...BOTTOM, 'core/platform', 'core/vocabulary'];
/** The files a surface may import from core (each folder's public entry, the contract, the words). */
const ENTRIES = [
  'core/control/contract.ts',
  'core/control/index.ts',
  'core/control/one-shot.ts',
  'core/vocabulary/index.ts',
  'core/config/index.ts',
  'core/ports/index.ts',
  'core/processes/index.ts',
  'core/platform/index.ts',
  'core/health/index.ts',
  'core/services/index.ts',
  'core/init/index.ts',
  'core/monitor/index.ts',
  'core/server/index.ts',
];
export const LAYERS = {
  'core/model': [],
  'core/platform': [...BOTTOM],
  'core/listeners': [...BOTTOM],
  'core/vocabulary': [...BOTTOM, 'core/listeners'],
  'core/config': [...BOTTOM, 'core/platform', 'schema'],
  'core/owners': [...BASE],
  'core/processes': [...BASE, 'core/owners'],
  'core/ports': [...BASE, 'core/owners', 'core/processes'],
  'core/init': [...BASE, 'core/config'],
  'core/health': [...BASE, 'core/config', 'core/owners', 'core/processes', 'core/ports'],
  'core/services': [...BASE, 'core/config', 'core/processes', 'core/ports'],
  'core/monitor': [...BASE, 'core/config', 'core/owners', 'core/processes', 'core/ports', 'core/health'],
  'core/control': [
    ...BASE,
    'core/config',
    'core/owners',
    'core/processes',
    'core/ports',
    'core/init',
    'core/listeners',
    'core/health',
    'core/services',
    'core/monitor',
  ],
  'core/server': [...BOTTOM, 'core/control/contract.ts'],
  'product-service': [...BOTTOM],
  shell: [
    'core/control/contract.ts',
    'core/control/index.ts',
    'core/vocabulary/index.ts',
    'core/config/index.ts',
    'product-service/embed.ts',
  ],
  cli: [...ENTRIES, 'product-service/embed.ts', 'product-service/index.ts'],
  renderer: ['core/control/contract.ts', 'core/vocabulary/index.ts'],
};

/** The folders of each unit (build/eslint-import-layers.js, unitOf). */
const FILES_OF = {
  shell: ['electron/shell/**', 'electron/main.ts', 'electron/preload.ts'],
  cli: ['electron/cli/**', 'electron/cli.ts'],
  renderer: ['renderer/src/**'],
  'product-service': ['electron/product-service/**'],
};

const layerRules = Object.entries(LAYERS).map(([layer, may]) => ({
  files: FILES_OF[layer] ?? [`electron/${layer}/**`],
  plugins: { portwarden },
  rules: { 'portwarden/layers': ['error', { layer, may }] },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', electronOnlyInShell],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['electron/shell/**', 'electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', ipcOnlyInIpcModules] },
  },
  {
    files: ['electron/shell/ipc.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // no-restricted-imports sees only static imports: `await import('electron')` and
    // `require('electron')` would slip past it. (\u002F is '/', which can't stand in the selector.)
    // The fake-electron fixture resolves 'electron' to a recording stand-in, never the binary.
    ignores: ['electron/shell/**', 'electron/main.ts', 'electron/preload.ts', 'test/fixtures/shell/fake-electron/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.value=/^electron($|\\u002F)/]',
          message: "Only electron/shell/**, electron/main.ts and electron/preload.ts may load 'electron' (docs/architecture.md, 'Layers').",
        },
        {
          selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron($|\\u002F)/]",
          message: "Only electron/shell/**, electron/main.ts and electron/preload.ts may load 'electron' (docs/architecture.md, 'Layers').",
        },
      ],
    },
  },
  ...layerRules,
  {
    files: ['electron/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { portwarden },
    rules: { 'portwarden/keep-cause': 'error' },
  },
  {
    // The dashboard is React: the Rules of Hooks and exhaustive effect dependencies.
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
);
