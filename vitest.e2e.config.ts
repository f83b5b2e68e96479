import { defineConfig } from 'vitest/config';

// End-to-end suite: the built program in real terminals (tmux) against the throwaway keychain that
// test/run-all.sh provides. Files run one after another: they share the keyring and the machine's
// two cores, and timing-sensitive terminal tests get flaky when they compete.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts', 'test/faults/**/*.e2e.test.ts'],
    globalSetup: ['test/helpers/build.ts'],
    setupFiles: ['test/helpers/e2e-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
