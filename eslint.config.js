// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * DESIGN.md: only the Electron shell may import 'electron'. Importing it from plain Node
 * tries to download the binary, so core, product-service, CLI, server and renderer must
 * never do it.
 */
const electronOnlyInShell = {
  paths: [
    {
      name: 'electron',
      message: "Only electron/shell/**, electron/main.ts and electron/preload.ts may import 'electron' (DESIGN.md).",
    },
  ],
  // `electron/main`, `electron/renderer`, `electron/common` load the same binary.
  patterns: [{ group: ['electron/*'], message: "Only the Electron shell may import 'electron/*' (DESIGN.md)." }],
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
          message: "Only electron/shell/**, electron/main.ts and electron/preload.ts may load 'electron' (DESIGN.md).",
        },
        {
          selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron($|\\u002F)/]",
          message: "Only electron/shell/**, electron/main.ts and electron/preload.ts may load 'electron' (DESIGN.md).",
        },
      ],
    },
  },
  {
    // The dashboard is React: the Rules of Hooks and exhaustive effect dependencies.
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
);
