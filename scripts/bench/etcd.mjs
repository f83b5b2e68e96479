// Team vaults' storage on etcd, side by side in one run: save one version on a 1-member and a
// 3-member loopback cluster against the local file; open a team vault of 10,000 secrets × 10
// versions in a fresh process (paged range reads, decrypt, domain state); and, on 3 members with
// etcd's default election timing, how long writes stall after `kill -9` of the leader. Real etcd
// (/usr/bin/etcd) started by the driver (etcd-support/driver.ts, bundled here) on loopback. The
// `team` section measures a teammate's save to the frame on another client's screen.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';

const TARGETS = { save3: 10, open10k: 1_000, failover: 2_000 };

function runDriver(ctx, driver, args) {
  const result = spawnSync(ctx.node, [driver, ...args], { cwd: ctx.root, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`team driver ${args[0]} exited with ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

function cleanEnv() {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

/** Starts a populated cluster (a child that keeps it until told), runs `work(line)`, stops it. */
async function withPopulated(ctx, driver, size, work) {
  const child = spawn(ctx.node, [driver, 'populate', String(size)], { cwd: ctx.root, env: cleanEnv(), stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const line = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`team driver populate exited with ${code}`)));
  });
  try {
    return await work(line);
  } finally {
    child.stdin.end('done\n');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  }
}

export async function run(ctx) {
  if (!existsSync('/usr/bin/etcd') && !process.env.COFFER_TEST_ETCD) throw new Error('etcd is not installed: apt-get install -y etcd-server etcd-client');
  const outdir = join(ctx.root, '.tmp/bench');
  mkdirSync(outdir, { recursive: true });
  const driver = join(outdir, 'etcd-driver.mjs');
  await build({
    entryPoints: [join(ctx.root, 'scripts/bench/etcd-support/driver.ts')],
    outfile: driver,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const stat = (samples) => ({ p50: ctx.percentile(samples, 50), p95: ctx.percentile(samples, 95) });
  const rows = [];
  const dir = mkdtempSync(join(tmpdir(), 'coffer-bench-team-'));
  try {
    const save = runDriver(ctx, driver, ['save', String(ctx.runs ?? 200), dir]);
    const save1 = stat(save.etcd1);
    const save3 = stat(save.etcd3);
    rows.push({ name: 'team save one version, 1-member etcd, 1,500×10', ...save1, unit: 'ms' });
    rows.push({ name: 'team save one version, 3-member etcd, 1,500×10', ...save3, unit: 'ms', target: `p95 ≤ ${TARGETS.save3}`, ok: save3.p95 <= TARGETS.save3 });
    rows.push({ name: 'local file save one version, same vault', ...stat(save.file), unit: 'ms' });

    const opens = await withPopulated(ctx, driver, 10_000, async (line) => {
      const samples = [];
      for (let i = 0; i < (ctx.runs ?? 7); i++) {
        const started = process.hrtime.bigint();
        const child = spawnSync(ctx.node, [driver, 'open'], { cwd: ctx.root, env: cleanEnv(), input: `${line}\n`, encoding: 'utf8' });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (child.status !== 0) throw new Error(`team driver open exited with ${child.status}: ${child.stderr}`);
        const result = JSON.parse(child.stdout.trim().split('\n').pop());
        if (result.secrets !== 10_000) throw new Error(`opened ${result.secrets} secrets, expected 10,000`);
        samples.push({ process: ms, open: result.openMs });
      }
      return samples;
    });
    const open = stat(opens.map((s) => s.process));
    rows.push({ name: 'team vault open, 10,000×10, new process → session ready', ...open, unit: 'ms', target: `p50 ≤ ${TARGETS.open10k}`, ok: open.p50 <= TARGETS.open10k });
    rows.push({ name: '  of which connect + ranges + decrypt + state', ...stat(opens.map((s) => s.open)), unit: 'ms' });

    const failover = runDriver(ctx, driver, ['failover', String(ctx.runs ? Math.min(ctx.runs, 5) : 5)]);
    const stall = stat(failover.stalls);
    rows.push({
      name: `leader kill -9 → next acknowledged write (${failover.acknowledged} acked, ${failover.lost} lost)`,
      ...stall,
      unit: 'ms',
      target: `p50 ≤ ${TARGETS.failover}, 0 lost`,
      ok: stall.p50 <= TARGETS.failover && failover.lost === 0,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
