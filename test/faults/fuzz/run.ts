// Runs the fuzz loop in a worker thread under a watchdog: every attempt must finish within
// `attemptTimeoutMs`, or the worker is stopped and the attempt reported as a hang.
import { Worker } from 'node:worker_threads';
import type { FuzzFailure, FuzzJob, FuzzStats } from './worker.js';

export interface FuzzResult {
  stats?: FuzzStats;
  failures: FuzzFailure[];
  /** The attempt that did not finish in time, or that crashed the worker. */
  stuck?: { index: number; reason: string };
}

export function runFuzz(script: string, job: Omit<FuzzJob, 'progress'>, attemptTimeoutMs: number): Promise<FuzzResult> {
  const progress = new SharedArrayBuffer(8);
  const counters = new Int32Array(progress);
  const worker = new Worker(script, { workerData: { ...job, progress } satisfies FuzzJob });
  const failures: FuzzFailure[] = [];
  return new Promise((resolve) => {
    let finished = false;
    let lastDone = -1;
    let lastChange = Date.now();
    const end = (result: Omit<FuzzResult, 'failures'>) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      void worker.terminate();
      resolve({ ...result, failures });
    };
    const watchdog = setInterval(() => {
      const done = Atomics.load(counters, 1);
      if (done !== lastDone) {
        lastDone = done;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > attemptTimeoutMs) {
        end({ stuck: { index: Atomics.load(counters, 0), reason: `did not finish within ${attemptTimeoutMs} ms` } });
      }
    }, 25);
    worker.on('message', (message: { type: 'failure'; failure: FuzzFailure } | { type: 'done'; stats: FuzzStats }) => {
      if (message.type === 'failure') failures.push(message.failure);
      else end({ stats: message.stats });
    });
    worker.on('error', (error) => end({ stuck: { index: Atomics.load(counters, 0), reason: `crashed the worker: ${error.stack ?? error.message}` } }));
    worker.on('exit', (code) => end({ stuck: { index: Atomics.load(counters, 0), reason: `worker exited with ${code} before finishing` } }));
  });
}
