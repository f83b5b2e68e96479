import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // e2e suites drive the built program and need the private keyring; test/run-all.sh runs them
    // (with the fault suite's *.e2e.test.ts, which drive the built program too).
    exclude: ['test/e2e/**', 'test/faults/**/*.e2e.test.ts', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
