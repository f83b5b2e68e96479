// Parser fuzzing: thousands of random mutations of real vault files, each opened the way coffer
// opens a vault. Every one must be rejected with a typed CofferError — or, impossibly, decrypt
// to exactly the original payload — without a crash, an untyped exception, a stored value in an
// error message, or a hang (each attempt is bounded by a watchdog on another thread).
//
// The seed is random per run and printed; a failure names its seed and attempt index. Replay:
//   COFFER_FUZZ_SEED=<seed> COFFER_FUZZ_INDEX=<index> npx vitest run test/faults/parser-fuzz.test.ts
// Counts: COFFER_FUZZ_MUTATIONS / COFFER_FUZZ_PAYLOADS, or COFFER_HEAVY=1 for the long run.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry, removeBundle } from './helpers/bundle.js';
import { iterations } from './helpers/heavy.js';
import { buildCorpus } from './fuzz/corpus.js';
import { runFuzz } from './fuzz/run.js';
import type { FuzzResult } from './fuzz/run.js';
import type { Sample } from './fuzz/targets.js';
import { runAttempt } from './fuzz/worker.js';

const SEED = process.env.COFFER_FUZZ_SEED ? Number(process.env.COFFER_FUZZ_SEED) : randomInt(2 ** 31);
const ONLY = process.env.COFFER_FUZZ_INDEX;
const FILE_MUTATIONS = iterations('COFFER_FUZZ_MUTATIONS', 10_000, 200_000);
const PAYLOAD_MUTATIONS = iterations('COFFER_FUZZ_PAYLOADS', 2_000, 40_000);
/** Far above what an attempt takes (well under 10 ms); only a hang gets near it. */
const ATTEMPT_TIMEOUT_MS = 2_000;

let samples: Sample[];
let worker: string;

beforeAll(async () => {
  console.info(`parser fuzz: seed ${SEED} (replay with COFFER_FUZZ_SEED=${SEED})`);
  [samples, worker] = await Promise.all([buildCorpus(), bundleEntry('test/faults/fuzz/worker.ts')]);
}, 60_000);
afterAll(async () => {
  if (worker) await removeBundle(worker);
});

function explain(mode: string, result: FuzzResult): string {
  const replay = (index: number) => `COFFER_FUZZ_SEED=${SEED} COFFER_FUZZ_INDEX=${index}`;
  const lines = result.failures.map((f) => `  #${f.index} [${f.sample}] ${f.label}\n    via ${f.path}: ${f.problem}\n    replay: ${replay(f.index)}`);
  if (result.stuck) lines.unshift(`  attempt #${result.stuck.index} ${result.stuck.reason}\n    replay: ${replay(result.stuck.index)}`);
  return `${mode} fuzzing (seed ${SEED}) broke:\n${lines.join('\n')}`;
}

function summary(result: FuzzResult): string {
  const outcomes = Object.entries(result.stats?.outcomes ?? {}).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
  return `${result.stats?.attempts} attempts; ${outcomes.join(', ')}`;
}

// Either the whole run or the replay of one attempt is registered, so a normal run shows no skips.
if (ONLY === undefined) describe('parser fuzzing', () => {
  it(`${FILE_MUTATIONS} mutated files: each rejected with a typed error (or identical), none hangs`, async () => {
    const result = await runFuzz(worker, { mode: 'file', seed: SEED, start: 0, count: FILE_MUTATIONS, samples, maxFailures: 20 }, ATTEMPT_TIMEOUT_MS);
    expect(result.failures.length === 0 && !result.stuck, explain('file', result)).toBe(true);
    console.info(`file fuzz: ${summary(result)}`);
    const outcomes = result.stats!.outcomes;
    const count = (suffix: string) => Object.entries(outcomes).filter(([k]) => k.endsWith(suffix)).reduce((sum, [, v]) => sum + v, 0);
    // The checksum does not stop everything: header edits framed with a recomputed hash reach the
    // AEAD check, and the slot path reaches key unwrapping (checked on runs large enough to say).
    if (FILE_MUTATIONS < 5_000) return;
    expect(count('TamperedVaultError'), 'no mutation reached the AEAD check').toBeGreaterThan(FILE_MUTATIONS / 50);
    expect(count('CorruptVaultError'), 'no mutation was caught by the framing or schema').toBeGreaterThan(FILE_MUTATIONS / 10);
    expect(count('WrongKeyError'), 'no mutation reached slot unwrapping').toBeGreaterThan(0);
  }, 300_000);

  it(`${PAYLOAD_MUTATIONS} payloads edited and sealed with the real key: typed errors only`, async () => {
    const result = await runFuzz(worker, { mode: 'payload', seed: SEED, start: 0, count: PAYLOAD_MUTATIONS, samples, maxFailures: 20 }, ATTEMPT_TIMEOUT_MS);
    expect(result.failures.length === 0 && !result.stuck, explain('payload', result)).toBe(true);
    console.info(`payload fuzz: ${summary(result)}`);
    expect(result.stats!.outcomes['resealed → CorruptVaultError'], 'no edited payload was refused').toBeGreaterThan(0);
  }, 300_000);
});

// Replays one attempt in this process, with its full error, for debugging a reported failure.
if (ONLY !== undefined) describe('replay', () => {
  for (const mode of ['file', 'payload'] as const) {
    it(`${mode} attempt #${ONLY} of seed ${SEED}`, async () => {
      const attempt = await runAttempt({ mode, seed: SEED, samples }, Number(ONLY));
      console.info(`${mode} #${ONLY} [${attempt.sample}] ${attempt.label}\n${JSON.stringify(attempt.outcomes, null, 2)}`);
      expect(attempt.outcomes.filter((o) => o.kind === 'failure')).toEqual([]);
    });
  }
});
