// The fuzz loop, run in a worker thread (bundled by helpers/bundle.ts) so that the test can put a
// time bound on every single attempt: a hang in a parser would block the thread it runs on, and
// only a watchdog on another thread can see it and stop it.
//
// Progress goes through shared memory: [0] the attempt running now, [1] attempts finished. The
// parent reads them; failures and the final statistics come as messages.
import { parentPort, workerData } from 'node:worker_threads';
import { mutateFile, mutatePayload } from './mutations.js';
import { attemptRng } from './prng.js';
import { openResealed, openThroughSlot, openWithMasterKey } from './targets.js';
import type { Outcome, Sample } from './targets.js';

export interface FuzzJob {
  mode: 'file' | 'payload';
  seed: number;
  start: number;
  count: number;
  samples: Sample[];
  progress: SharedArrayBuffer;
  /** Stop reporting failures after this many (the first ones are what matters). */
  maxFailures: number;
}

export interface FuzzFailure {
  index: number;
  sample: string;
  family: string;
  label: string;
  path: string;
  problem: string;
}

export interface FuzzStats {
  attempts: number;
  /** "path → error name or accepted/skipped" → count */
  outcomes: Record<string, number>;
  families: Record<string, number>;
  failures: number;
}

// Buffers over the samples' bytes, made once (samples arrive from the parent as plain arrays).
const buffers = new WeakMap<Sample, Buffer>();
const othersCache = new WeakMap<Sample, Buffer[]>();
function buffersOf(sample: Sample): Buffer {
  let bytes = buffers.get(sample);
  if (!bytes) buffers.set(sample, (bytes = Buffer.from(sample.bytes)));
  return bytes;
}
function othersOf(samples: readonly Sample[], sample: Sample): Buffer[] {
  let others = othersCache.get(sample);
  if (!others) othersCache.set(sample, (others = samples.filter((s) => s !== sample).map(buffersOf)));
  return others;
}

/** One attempt, by index: the same (seed, index) always does exactly the same thing. */
export async function runAttempt(job: Pick<FuzzJob, 'mode' | 'seed' | 'samples'>, index: number): Promise<{ family: string; label: string; sample: string; outcomes: Outcome[] }> {
  const rng = attemptRng(job.seed, index);
  const sample = rng.pick(job.samples);
  if (job.mode === 'payload') {
    const mutated = mutatePayload(rng, Buffer.from(sample.plaintext));
    return { family: mutated.family, label: mutated.label, sample: sample.name, outcomes: [openResealed(sample, mutated.bytes)] };
  }
  const mutated = mutateFile(rng, buffersOf(sample), othersOf(job.samples, sample));
  // Mutations can rebuild another genuine file byte for byte (truncate to 0, then append a whole
  // other sample): that is a real file coffer wrote, not a damaged one, and must open as itself.
  const judged = job.samples.find((s) => s !== sample && buffersOf(s).equals(mutated.bytes)) ?? sample;
  const label = judged === sample ? mutated.label : `${mutated.label} (= the genuine file ${judged.name})`;
  const outcomes = [openWithMasterKey(judged, mutated.bytes), await openThroughSlot(rng, judged, mutated.bytes)];
  return { family: mutated.family, label, sample: sample.name, outcomes };
}

async function main(job: FuzzJob): Promise<void> {
  const progress = new Int32Array(job.progress);
  const stats: FuzzStats = { attempts: 0, outcomes: {}, families: {}, failures: 0 };
  const bump = (table: Record<string, number>, key: string) => (table[key] = (table[key] ?? 0) + 1);
  for (let index = job.start; index < job.start + job.count; index++) {
    Atomics.store(progress, 0, index);
    const attempt = await runAttempt(job, index);
    bump(stats.families, attempt.family);
    for (const outcome of attempt.outcomes) {
      bump(stats.outcomes, `${outcome.path} → ${outcome.kind === 'rejected' ? outcome.error : outcome.kind}`);
      if (outcome.kind === 'failure') {
        stats.failures += 1;
        if (stats.failures <= job.maxFailures) {
          const failure: FuzzFailure = { index, sample: attempt.sample, family: attempt.family, label: attempt.label, path: outcome.path, problem: outcome.problem };
          parentPort!.postMessage({ type: 'failure', failure });
        }
      }
    }
    stats.attempts += 1;
    Atomics.add(progress, 1, 1);
  }
  parentPort!.postMessage({ type: 'done', stats });
}

if (parentPort && workerData) void main(workerData as FuzzJob);
