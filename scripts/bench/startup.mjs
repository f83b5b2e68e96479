// Start-up: the cost of reaching main() and printing the version, against Node's own floor
// (`node -e 0`). Scripting commands (`coffer get`) are judged against these figures: whatever
// they add beyond `coffer --version` is their own work.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** How much `coffer --version` may add to a bare Node start: CLI paths must stay light. */
const OVERHEAD_TARGET_MS = 60;

export async function run(ctx) {
  if (!existsSync(join(ctx.root, 'dist/cli.cjs'))) throw new Error('dist/cli.cjs is missing: run npm run build');
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // a debugger or loader hook would be measured too
  const t = ctx.timeCommands(
    {
      floor: [ctx.node, '-e', '0'],
      version: [ctx.node, ctx.cofferBin, '--version'],
    },
    { runs: ctx.runs ?? 40, env },
  );
  const overhead = {
    p50: t.version.p50 - t.floor.p50,
    p95: t.version.p95 - t.floor.p95,
  };
  return [
    { name: 'node -e 0 (floor)', p50: t.floor.p50, p95: t.floor.p95, unit: 'ms' },
    { name: 'coffer --version', p50: t.version.p50, p95: t.version.p95, unit: 'ms' },
    {
      name: 'coffer --version − floor',
      ...overhead,
      unit: 'ms',
      target: `p50 ≤ ${OVERHEAD_TARGET_MS}`,
      ok: overhead.p50 <= OVERHEAD_TARGET_MS,
    },
  ];
}
