import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './test-support/summary-reporter';

/**
 * Two kinds of test share one run. Unit and hub tests answer in seconds: 30 s means stuck.
 * Browser tests drive the built console through many steps, each with its own bounded wait that
 * names what did not appear; on two busy cores a whole scenario can take longer than 30 s
 * without anything being wrong, so their overall limit is wider and the step waits decide.
 */
export default defineConfig({
  test: {
    hookTimeout: 60_000,
    // Two cores: hub tests and browser tests each start real processes; keep them from starving.
    maxWorkers: 2,
    reporters: ['default', new SummaryLineReporter()],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            'core/**/*.test.ts',
            'server/**/*.test.ts',
            'electron/**/*.test.ts',
            'scripts/**/*.test.ts',
            // The console's logic without a browser: node, with fakes for the socket and storage.
            'renderer/src/**/*.test.ts',
          ],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['renderer/tests/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
