import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * One build for both hosts: the Electron window loads dist/renderer/index.html over
 * app://portwarden (electron/shell/app-protocol.ts) and `portwarden serve` serves the same
 * files over http://, so every asset URL must be relative (base './').
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
});
