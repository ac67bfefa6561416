import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * The dev server's React Refresh preamble is an inline script, which the strict CSP refuses. Only
 * while serving (npm run dev) is the page's policy relaxed for it; every build keeps script-src 'self'.
 */
function devCsp(): Plugin {
  return {
    name: 'ledger-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

// Entries point at electron/ and renderer/ (electron-vite's defaults are src/main, src/renderer).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The engine worker is its own entry: the host finds engineWorker.js beside main.js.
      rollupOptions: {
        input: { main: resolve(__dirname, 'electron/main.ts'), engineWorker: resolve(__dirname, 'electron/engine/worker.ts') },
      },
    },
  },
  preload: {
    // Sandboxed preloads cannot require packages: bundle everything into one CommonJS file.
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: { input: { preload: resolve(__dirname, 'electron/preload.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), devCsp()],
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 4000,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
