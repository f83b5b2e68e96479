// Store: open and save-one-version of real vault files of 1,500 and 10,000 secrets × 10
// versions through the real store (keychain unlock, AES-GCM, durable writes), the peak memory of
// a process working on the 10,000 one, and — for the same files — what a scripting command pays
// in a fresh process (`coffer get`, `coffer set`). Measurements run in child processes
// (store-support/driver.ts, bundled here) so each starts from a clean heap.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const SIZES = [1_500, 10_000];
// Judged on the median, like the other sections (p95 is printed: on a shared 2-core machine it
// moves with whatever else runs).
const TARGETS = {
  save: { 1_500: 20, 10_000: 150 },
  open: { 10_000: 150 },
  rssMiB: 150,
};

function runDriver(ctx, driver, args) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const result = spawnSync(ctx.node, [driver, ...args], { cwd: ctx.root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`store driver ${args[0]} exited with ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

export async function run(ctx) {
  if (process.env.COFFER_TEST_KEYRING !== '1') throw new Error('the store section unlocks through the OS keychain: run it from scripts/bench.mjs (which starts a throwaway keyring)');
  const outdir = join(ctx.root, '.tmp/bench');
  mkdirSync(outdir, { recursive: true });
  const driver = join(outdir, 'store-driver.mjs');
  await build({
    entryPoints: [join(ctx.root, 'scripts/bench/store-support/driver.ts')],
    outfile: driver,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });

  const dir = mkdtempSync(join(tmpdir(), 'coffer-bench-store-'));
  const rows = [];
  const stat = (samples) => ({ p50: ctx.percentile(samples, 50), p95: ctx.percentile(samples, 95) });
  const label = (size) => `${size.toLocaleString('en')}×10`;
  try {
    for (const size of SIZES) {
      const rounds = ctx.runs ?? (size > 5_000 ? 15 : 30);
      const m = runDriver(ctx, driver, ['measure', String(size), String(rounds), dir]);
      const mib = (m.fileBytes / 2 ** 20).toFixed(1);
      const open = stat(m.open);
      const openTarget = TARGETS.open[size];
      rows.push({
        name: `open, ${label(size)} (${mib} MiB file)`,
        ...open,
        unit: 'ms',
        ...(openTarget && { target: `p50 ≤ ${openTarget}`, ok: open.p50 <= openTarget }),
      });
      rows.push({ name: `open + parse every record, ${label(size)}`, ...stat(m.openAll), unit: 'ms' });
      const save = stat(m.save);
      rows.push({ name: `save one version, ${label(size)}`, ...save, unit: 'ms', target: `p50 ≤ ${TARGETS.save[size]}`, ok: save.p50 <= TARGETS.save[size] });
      rows.push({ name: `save one version after another writer's, ${label(size)}`, ...stat(m.saveAfterOther), unit: 'ms' });

      // The same file from the command line: a fresh process each time.
      const env = { ...process.env };
      delete env.NODE_OPTIONS;
      const cli = ctx.timeCommands(
        {
          get: [ctx.node, ctx.cofferBin, 'get', m.address, '--vault', m.vault],
          set: [ctx.node, ctx.cofferBin, 'set', m.address, 'bench-value', '--vault', m.vault],
        },
        { runs: ctx.runs ?? 10, warmup: 1, env },
      );
      rows.push({ name: `coffer get (new process), ${label(size)}`, p50: cli.get.p50, p95: cli.get.p95, unit: 'ms' });
      rows.push({ name: `coffer set (new process), ${label(size)}`, p50: cli.set.p50, p95: cli.set.p95, unit: 'ms' });

      if (size === 10_000) {
        const memory = runDriver(ctx, driver, ['rss', m.vault]);
        rows.push({
          name: `peak RSS: open, parse all, save one, ${label(size)}`,
          p50: memory.maxRssMiB,
          p95: memory.maxRssMiB,
          unit: 'MiB',
          target: `≤ ${TARGETS.rssMiB}`,
          ok: memory.maxRssMiB <= TARGETS.rssMiB,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
