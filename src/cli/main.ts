// The bundle's entry: bin/coffer.js calls main(argv) and exits with what it returns. Only the
// CLI's own modules, the domain and the store load here; React and Ink are reached through a
// dynamic import when the terminal UI is asked for.
import { createDeps } from './compose.js';
import { runCli } from './program.js';

export async function main(argv: string[]): Promise<number> {
  return runCli(argv, createDeps(argv));
}
