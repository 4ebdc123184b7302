/**
 * Vite build of the renderer (src-renderer → dist/renderer). The same bundle is loaded by
 * the Electron window (file://, hence `base: './'`) and served by the local web host.
 * Everything, Monaco included, is bundled locally: the app runs offline under a strict CSP.
 * Each build leaves a stamp of its inputs, so `npm run web` skips building when it is
 * current (scripts/renderer-stamp.ts).
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { buildStampPlugin } from './scripts/renderer-stamp';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react(), buildStampPlugin(ROOT)],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // Monaco is one big lazily loaded chunk by design; do not warn about it.
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      output: {
        // Keep Monaco out of the first paint: the canvas chunk must not wait for it.
        manualChunks: (id) => (id.includes('node_modules/monaco-editor') ? 'monaco' : undefined),
      },
    },
  },
  worker: { format: 'es' },
  server: { fs: { allow: ['..'] } },
});
