// TUI benchmark: keystroke → frame latency moving through 10,000 secrets (and, for comparison,
// 10 secrets and an 80×24 terminal), and cold start → first frame of the main view for vaults
// of 1,500×10 and 10,000×10 secrets×versions. All of it times the BUILT program (bin/coffer.cjs)
// in a real pseudo-terminal, unlocking a real file vault through the OS keychain (a throwaway
// gnome-keyring), as an operator would: from the bytes of a key to the last byte of its frame.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const TARGETS = { keystrokeP95: 16, cold1500: 300, cold10000: 450 };

export async function run(ctx) {
  if (!existsSync(join(ctx.root, 'dist/tui.js'))) throw new Error('dist/tui.js is missing: run npm run build');
  const outdir = join(ctx.root, '.tmp/bench');
  mkdirSync(outdir, { recursive: true });
  const driver = join(outdir, 'tui-driver.mjs');
  await build({
    entryPoints: [join(ctx.root, 'scripts/bench/tui-support/driver.ts')],
    outfile: driver,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@github/keytar'],
    // Renamed import: bundled modules (the store's keychain) import createRequire themselves.
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const runs = ctx.runs ?? 10;
  const env = { ...process.env, NODE_PATH: join(ctx.root, 'node_modules') };
  delete env.NODE_OPTIONS;
  const result = spawnSync('bash', [join(ctx.root, 'test/helpers/with-keyring.sh'), ctx.node, driver, String(runs), '200'], {
    cwd: ctx.root,
    env,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`tui bench driver exited with ${result.status}: ${result.stderr}`);
  const { coldStart, keystroke } = JSON.parse(result.stdout.trim().split('\n').pop());
  const stat = (samples) => ({ p50: ctx.percentile(samples, 50), p95: ctx.percentile(samples, 95) });
  const keys = stat(keystroke['10000']);
  const keysFew = stat(keystroke['10']);
  const keysSmall = stat(keystroke['10000@80x24']);
  const cold1500 = stat(coldStart['1500x10']);
  const cold10000 = stat(coldStart['10000x10']);
  return [
    { name: 'keystroke → frame, j through 10,000 secrets (120×40)', ...keys, unit: 'ms', target: `p95 ≤ ${TARGETS.keystrokeP95}`, ok: keys.p95 <= TARGETS.keystrokeP95 },
    { name: 'keystroke → frame, j/k through 10 secrets (same screen)', ...keysFew, unit: 'ms' },
    { name: 'keystroke → frame, j through 10,000 secrets at 80×24', ...keysSmall, unit: 'ms' },
    { name: 'cold start → main view, 1,500×10', ...cold1500, unit: 'ms', target: `p50 ≤ ${TARGETS.cold1500}`, ok: cold1500.p50 <= TARGETS.cold1500 },
    { name: 'cold start → main view, 10,000×10', ...cold10000, unit: 'ms', target: `p50 ≤ ${TARGETS.cold10000}`, ok: cold10000.p50 <= TARGETS.cold10000 },
  ];
}
