import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The passengers' page at /my: its own small build (not the staff console), served by the hub
// from out/my. Its service worker is built beside it as /my/sw.js (scope /my/).
export default defineConfig({
  root: resolve('renderer/my'),
  base: '/my/',
  plugins: [react()],
  build: {
    outDir: resolve('out/my'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: resolve('renderer/my/index.html'),
        sw: resolve('renderer/src/my/service-worker.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
