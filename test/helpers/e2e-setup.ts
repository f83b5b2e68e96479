// Setup file for the end-to-end suite (vitest.e2e.config.ts): no tmux server outlives its test,
// whatever the test did or failed to do.
import { afterEach } from 'vitest';
import { killAll } from './tmux.js';

afterEach(() => {
  killAll();
});
