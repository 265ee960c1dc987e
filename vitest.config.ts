import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './test-support/summary-reporter';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'server/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/tests/**/*.test.ts',
      'scripts/**/*.test.ts',
      // The console's logic without a browser: node, with fakes for the socket and storage.
      'renderer/src/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: hub tests and browser tests each start real processes; keep them from starving.
    maxWorkers: 2,
    reporters: ['default', new SummaryLineReporter()],
  },
});
