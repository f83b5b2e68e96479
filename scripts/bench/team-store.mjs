// Team store bench: the etcd repository on a real etcd member on loopback, with 10,000 secrets
// × 10 versions — a cold load by a new client, a reload after a teammate's change (the watch
// keeps the mirror fresh, so only that secret is read again), a check-and-set commit, and an
// import of 600 secrets through the large-commit protocol.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export async function run(ctx) {
  if (!existsSync('/usr/bin/etcd') && !process.env.COFFER_TEST_ETCD) throw new Error('the team-store section needs etcd: apt-get install -y etcd-server etcd-client');
  const outdir = join(ctx.root, '.tmp/bench');
  mkdirSync(outdir, { recursive: true });
  const driver = join(outdir, 'team-store-driver.mjs');
  await build({
    entryPoints: [join(ctx.root, 'scripts/bench/team-store-support/driver.ts')],
    outfile: driver,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const runs = ctx.runs ?? 10;
  const result = spawnSync(ctx.node, [driver, '10000', '10', String(runs)], { cwd: ctx.root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`team-store bench driver exited with ${result.status}: ${result.stderr}`);
  const { secrets, versions, seedMs, cold, coldAll, reload, commit, imports } = JSON.parse(result.stdout.trim().split('\n').pop());
  const row = (name, samples) => ({ name, p50: ctx.percentile(samples, 50), p95: ctx.percentile(samples, 95), unit: 'ms' });
  return [
    { name: `seed ${secrets}×${versions} (one large commit, once)`, p50: seedMs, p95: seedMs, unit: 'ms' },
    row(`cold load of ${secrets}×${versions} by a new client`, cold),
    row('  … and every record opened (decrypted, checked)', coldAll),
    row("reload after a teammate's change (watch; one secret re-read)", reload),
    row('check-and-set commit of one new version', commit),
    row('import of 600 secrets (large commit)', imports),
  ];
}
