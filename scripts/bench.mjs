#!/usr/bin/env node
// Benchmark runner: each section is a module scripts/bench/NAME.mjs exporting
//   async function run(ctx) → [{ name, p50, p95, unit, target?, ok? }, …]
// The rows of every section are printed as one table and written to bench-results/bench.json
// with the machine they were measured on. Exit status 1 if a row with a target missed it.
//
// Usage: node scripts/bench.mjs [--runs N] [SECTION...]   (npm run bench builds first)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Sections unlock vaults through the OS keychain, as users do: the whole run goes inside a
// throwaway keyring (a private D-Bus session and gnome-keyring; never the user's own).
if (process.env.COFFER_TEST_KEYRING !== '1') {
  const inner = spawnSync('bash', [join(root, 'test/helpers/with-keyring.sh'), process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(inner.status ?? 1);
}
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string' } },
});

const available = readdirSync(join(root, 'scripts/bench'))
  .filter((file) => file.endsWith('.mjs'))
  .map((file) => file.slice(0, -'.mjs'.length))
  .sort();
const unknown = positionals.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`bench: no section ${unknown.join(', ')}; sections: ${available.join(', ')}`);
  process.exit(2);
}
const sections = positionals.length ? positionals : available;

/** Nearest-rank percentile of a sorted copy of samples. */
export function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Times whole commands, spawned one after another. Several commands are interleaved run by run,
 * so a change in machine load affects each alike. Returns per-command milliseconds.
 * @param {Record<string, string[]>} commands label → argv
 */
function timeCommands(commands, { runs = ctx.runs, warmup = 3, env, cwd = root } = {}) {
  const samples = Object.fromEntries(Object.keys(commands).map((label) => [label, []]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const [label, argv] of Object.entries(commands)) {
      const started = process.hrtime.bigint();
      const result = spawnSync(argv[0], argv.slice(1), { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0) {
        throw new Error(`${argv.join(' ')} exited with ${result.status}: ${result.stderr.toString().trim()}`);
      }
      if (i >= warmup) samples[label].push(ms);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([label, s]) => [label, { p50: percentile(s, 50), p95: percentile(s, 95), samples: s }]),
  );
}

const ctx = {
  root,
  /** Repetitions per measurement (--runs; sections pick their own default when unset). */
  runs: opts.runs ? Number(opts.runs) : undefined,
  node: process.execPath,
  cofferBin: join(root, 'bin/coffer.cjs'),
  percentile,
  timeCommands,
};

const results = {};
const table = [];
let missed = 0;
for (const section of sections) {
  const started = performance.now();
  const { run } = await import(pathToFileURL(join(root, 'scripts/bench', `${section}.mjs`)).href);
  const rows = await run(ctx);
  results[section] = rows;
  for (const row of rows) {
    if (row.ok === false) missed++;
    table.push({ section, ...row });
  }
  console.error(`bench: ${section} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) : (v ?? ''));
const header = ['section', 'name', 'p50', 'p95', 'unit', 'target', 'ok'];
const lines = table.map((r) => [r.section, r.name, fmt(r.p50), fmt(r.p95), r.unit, r.target ?? '', r.ok === undefined ? '' : r.ok ? 'yes' : 'NO']);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
const numeric = new Set([2, 3]);
const show = (cells) => cells.map((c, i) => (numeric.has(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd();
console.log(show(header));
console.log(widths.map((w) => '─'.repeat(w)).join('  '));
for (const l of lines) console.log(show(l));

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
const machine = {
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(
  join(root, 'bench-results/bench.json'),
  `${JSON.stringify({ date: new Date().toISOString(), commit, machine, sections: results }, null, 2)}\n`,
);
console.error('bench: wrote bench-results/bench.json');
if (missed) {
  console.error(`bench: ${missed} row(s) missed their target`);
  process.exitCode = 1;
}
