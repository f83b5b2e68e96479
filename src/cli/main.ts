// The bundle's entry: bin/coffer.cjs calls main(argv) and exits with what it returns. Only the
// CLI's own modules, the domain and the store load here; React and Ink are reached through a
// dynamic import when the terminal UI is asked for.
import { createDeps } from './compose.js';
import { startEarly } from './early.js';
import type { EarlyStart } from './early.js';
import { runCli } from './program.js';

/** `early`: what bin/coffer.cjs began before loading this bundle (early.ts); begun here otherwise. */
export async function main(argv: string[], early: EarlyStart = startEarly(argv)): Promise<number> {
  return runCli(argv, createDeps(early));
}

// The TUI's bundle (dist/tui.js) takes the domain from here, so the process holds one copy of
// it: errors thrown by the store are instances of the classes the TUI tests with instanceof.
export * from '../domain/index.js';
