import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Public screens at /display/<token>: their own small build (no console, no grid), served by the
// hub from out/display (server/displays/display-routes.ts).
export default defineConfig({
  root: resolve('renderer/display'),
  base: '/display/',
  plugins: [react()],
  build: {
    outDir: resolve('out/display'),
    emptyOutDir: true,
  },
});
