import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One run id so that parallel runs on one Postgres server never share a template database.
process.env.MC_TEST_RUN ??= `${process.pid}`;

const serverTests = ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'];
const postgres = Boolean(process.env.TEST_DATABASE_URL?.trim());

export default defineConfig({
  test: {
    // At least two workers even on two cores: most of a test's time is spent waiting on Postgres or
    // Chromium, so two files at once nearly halve the suite (Vitest's default there is one).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Test files share their worker's modules (isolate: false): each worker imports the server once
    // instead of once per file (about 4 s a file). Tests own no module state; the console-error
    // check wraps console.error once per worker.
    projects: [
      {
        test: {
          name: 'pglite',
          include: serverTests,
          isolate: false,
          env: { MC_TEST_ENGINE: 'pglite' },
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: ['tests/support/fail-on-console-error.ts', 'tests/support/contract-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(postgres
        ? [
            {
              test: {
                name: 'postgres',
                include: serverTests,
                isolate: false,
                // Beside the browser tests (see e2e), after the PGlite server tests.
                sequence: { groupOrder: 1 },
                env: { MC_TEST_ENGINE: 'postgres' },
                globalSetup: ['tests/support/global-setup.ts'],
                setupFiles: ['tests/support/fail-on-console-error.ts', 'tests/support/contract-setup.ts'],
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          isolate: false,
          env: { MC_TEST_ENGINE: 'pglite' },
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // expect.poll waits for a state as long as a page action does (its default, 1 s, is a
          // time: a sheet of 25 QR codes took longer on a busy machine and failed the test).
          expect: { poll: { timeout: 10_000 } },
          // With the Postgres server tests: those wait on the server, these on Chromium, so sharing
          // the two workers keeps both cores busy (the PGlite tests alone already do).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
