// Global setup for the end-to-end suite: the tests drive the built program (bin/coffer.cjs →
// dist/), so build it once before any of them runs. `npm test` has just built it, but running
// the e2e config alone must not test a stale dist/.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './tmux.js';

export default function buildOnce(): void {
  if (process.env['COFFER_E2E_SKIP_BUILD'] === '1') return;
  if (!existsSync(join(repoRoot, 'src/cli/main.ts'))) {
    // Nothing to build yet; suites that start coffer will say "run npm run build".
    console.warn('e2e: src/cli/main.ts does not exist yet; not building.');
    return;
  }
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
}
