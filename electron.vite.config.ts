import { resolve } from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { reportFirstLoadSize } from './build-tools/report-first-load-size';

// One build for the three bundles. The CLI is a second entry of the main
// bundle: it runs in plain Node and never imports Electron.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/electron/main.ts'),
          cli: resolve(import.meta.dirname, 'main/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        // A sandboxed preload must be one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    // Relative asset URLs: the same files load from file:// in the window and from / under `ais serve`.
    base: './',
    plugins: [react(), tailwindcss(), reportFirstLoadSize({ budgetKb: 400 })],
    build: {
      minify: true,
      // The strict CSP allows no inline script: no polyfill snippet, no inlined module.
      modulePreload: { polyfill: false },
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
