import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three targets: the Electron main process, its preload bridge, and the React console.
// The renderer build (out/renderer) is also what the hub serves as the web console at `/`.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The main process, and the hub's own process it starts (electron/hub-process).
      lib: {
        entry: {
          index: resolve('electron/main/index.ts'),
          'hub-child': resolve('electron/hub-process/hub-child.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot be ES modules: emit CommonJS as out/preload/index.cjs.
      lib: { entry: resolve('electron/preload/index.ts'), formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react()],
    // The snapshot worker (renderer/src/sync/snapshotWorker.ts) is an ES module worker.
    worker: { format: 'es' },
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('renderer/index.html') },
      // electron-vite leaves the renderer unminified; the console is also served to browsers,
      // and a smaller script starts faster (bench/console.bench.ts measures both).
      minify: true,
    },
  },
});
