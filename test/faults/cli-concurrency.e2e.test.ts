// Two coffer processes (the built program) writing the same vault: no update is ever lost, a
// stale check-and-set is a clear conflict (exit 4), a busy lock is waited for (saying so, and who
// holds it) and then the write succeeds, a lock held too long is a clear exit 5 naming its holder, and the lock of a holder
// killed with SIGKILL is taken over once stale — nothing left behind. (A TUI and a CLI writing
// the same vault is the TUI's own fault test, test/faults/tui-*.e2e.test.ts.)
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holderPathOf, lockPathOf } from '../../src/store/lock.js';
import { runChild } from '../store/child-process.js';
import type { RunningChild } from '../store/child-process.js';
import { bundleEntry, removeBundle } from './helpers/bundle.js';
import { finished, requireKeyring, spawnCoffer, Workspace } from './helpers/cli.js';
import type { Run } from './helpers/cli.js';
import { iterations } from './helpers/heavy.js';

const ROUNDS = iterations('COFFER_CONCURRENCY_ROUNDS', 8, 60);

let ws: Workspace;
let holderScript: string;

beforeAll(async () => {
  requireKeyring();
  ws = new Workspace('coffer-faults-concurrency-');
  holderScript = await bundleEntry('test/faults/children/lock-holder.ts');
});
afterAll(async () => {
  ws?.remove();
  if (holderScript) await removeBundle(holderScript);
});

async function currentVersion(at: (...args: string[]) => string[], address: string): Promise<number> {
  const run = await ws.run(at('versions', address, '--json'));
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { current: number }).current;
}

function holdLock(vault: string, ms: number): Promise<RunningChild> {
  const child = runChild(holderScript, [vault, String(ms)], ws.env() as NodeJS.ProcessEnv);
  return child.waitForLine((line) => line === 'locked').then(() => child);
}

function expectNoLockLeft(vault: string): void {
  expect(existsSync(lockPathOf(vault)), `${lockPathOf(vault)} was left behind`).toBe(false);
  expect(existsSync(holderPathOf(vault)), `${holderPathOf(vault)} was left behind`).toBe(false);
}

describe('two coffer processes writing one vault', () => {
  it(`${ROUNDS} writes each, side by side: nothing lost, every refusal a clear conflict`, async () => {
    const { path, at } = await ws.vault();
    const writer = async (name: string) => {
      const outcomes: Array<{ what: string; run: Run }> = [];
      for (let i = 1; i <= ROUNDS; i++) {
        // Its own key, and a key both write blindly.
        outcomes.push({ what: `${name}_${i}`, run: await ws.run(at('set', `api/production/${name}_${i}`), { input: `${name}-value-${i}` }) });
        outcomes.push({ what: 'SHARED', run: await ws.run(at('set', 'api/production/SHARED'), { input: `${name}-shared-${i}` }) });
      }
      return outcomes;
    };
    const all = (await Promise.all([writer('A'), writer('B')])).flat();

    for (const { what, run } of all) {
      expect([0, 4], `set ${what} exited ${run.code}: ${run.stderr}`).toContain(run.code);
      if (run.code === 4) {
        expect(run.stderr).toMatch(/changed by another coffer writing to the same file\. Nothing was saved\./);
        expect(run.stderr).toMatch(/hint: /);
      }
    }
    // Every own key was written (nobody else touches it, so it can never conflict) ...
    for (const name of ['A', 'B']) {
      for (let i = 1; i <= ROUNDS; i++) {
        const get = await ws.run(at('get', `api/production/${name}_${i}`));
        expect(get.stdout, `${name}_${i} was lost`).toBe(`${name}-value-${i}`);
      }
    }
    // ... and the shared key has exactly one version per successful set: none overwrote another.
    const shared = all.filter((o) => o.what === 'SHARED' && o.run.code === 0).length;
    console.info(`concurrency: ${all.length} writes, ${all.length - shared - 2 * ROUNDS} conflicts on the shared key`);
    expect(await currentVersion(at, 'api/production/SHARED'), 'a successful write to SHARED was lost').toBe(shared);
    expect((await ws.run(at('log', '--verify'))).code).toBe(0);
    expectNoLockLeft(path);
  }, 240_000);

  it('a stale --expect-version is refused with exit 4 and says what changed; the value stays', async () => {
    const { at } = await ws.vault();
    expect((await ws.run(at('set', 'api/staging/TOKEN'), { input: 'one' })).code).toBe(0);
    expect((await ws.run(at('set', 'api/staging/TOKEN', '--expect-version', '1'), { input: 'two' })).code).toBe(0);
    // A script that read v1 before the write above now writes with a stale expectation.
    const stale = await ws.run(at('set', 'api/staging/TOKEN', '--expect-version', '1'), { input: 'three' });
    expect(stale.code, stale.stderr).toBe(4);
    expect(stale.stderr).toMatch(/^coffer: .*TOKEN/m);
    expect(stale.stderr).toMatch(/v2/);
    expect(stale.stderr).not.toContain('three');
    const exists = await ws.run(at('set', 'api/staging/TOKEN', '--expect-version', '0'), { input: 'four' });
    expect(exists.code, exists.stderr).toBe(4);
    expect((await ws.run(at('get', 'api/staging/TOKEN'))).stdout).toBe('two');
  });

});

// These mostly wait (for a lock, for it to go stale), each on its own vault: side by side.
describe.concurrent('the vault lock between coffer processes', () => {
  it('a busy lock is waited for, then the write succeeds', async () => {
    const { path, at } = await ws.vault();
    const holder = await holdLock(path, 1_500);
    const set = await ws.run(at('set', 'api/staging/WAITED'), { input: 'after the lock' });
    await holder.exited;
    expect(set.code, set.stderr).toBe(0);
    expect(set.ms, 'it did not wait for the lock').toBeGreaterThan(700);
    expect(set.stderr, 'it waited without saying so').toContain(`is being written by another coffer (pid ${holder.process.pid} of`);
    expect(set.stderr).toMatch(/; waiting for it to finish\.\n/);
    expect(holder.lines).toContain('released');
    expect((await ws.run(at('get', 'api/staging/WAITED'))).stdout).toBe('after the lock');
    expectNoLockLeft(path);
  });

  it('a lock held past the wait: exit 5 naming the holder, nothing changed', async () => {
    const { path, at } = await ws.vault();
    const holder = await holdLock(path, 8_000);
    try {
      const set = await ws.run(at('set', 'api/staging/NOPE'), { input: 'x' });
      expect(set.code, set.stderr).toBe(5);
      expect(set.stderr).toContain(`is being written by another coffer (pid ${holder.process.pid} of`);
      expect(set.stderr).toMatch(/hint: Wait for it to finish/);
      expect(set.ms).toBeLessThan(8_000);
    } finally {
      holder.process.kill('SIGKILL');
      await holder.exited;
    }
    expect((await ws.run(at('get', 'api/staging/NOPE'))).code).toBe(3);
  }, 30_000);

  it('kill -9 of the lock holder: reported as gone, taken over once stale, no lock left', async () => {
    const { path, at } = await ws.vault();
    const holder = await holdLock(path, -1);
    holder.process.kill('SIGKILL');
    await holder.exited;
    const killedAt = Date.now();

    // Within the stale time: refused after the wait, saying the holder is gone.
    const early = await ws.run(at('set', 'api/staging/AFTER_KILL'), { input: 'early' });
    expect(early.code, early.stderr).toBe(5);
    expect(early.stderr).toMatch(/no longer running, its lock expires by itself/);

    // Beyond its stale time (10 s after its last refresh) the next writer takes it over at once.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + 10_500 - Date.now())));
    const late = await ws.run(at('set', 'api/staging/AFTER_KILL'), { input: 'late' });
    expect(late.code, late.stderr).toBe(0);
    expect(late.ms, 'a lock past its stale time was still waited for').toBeLessThan(3_000);
    expect((await ws.run(at('get', 'api/staging/AFTER_KILL'))).stdout).toBe('late');
    expectNoLockLeft(path);
  }, 40_000);

  it('kill -9 of a coffer in the middle of saving a 1 MB value: the vault opens, the next write gets through', async () => {
    const { path, at } = await ws.vault();
    expect((await ws.run(at('set', 'api/staging/BIG'), { input: 'before' })).code).toBe(0);
    const child = spawnCoffer(at('set', 'api/staging/BIG'), { env: ws.env(), input: Buffer.alloc(1 << 20, 'b') });
    const done = finished(child);
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 200));
    child.kill('SIGKILL');
    await done;
    const get = await ws.run(at('get', 'api/staging/BIG'));
    expect(get.code, get.stderr).toBe(0);
    expect(['before', 'b'.repeat(1 << 20)]).toContain(get.stdout);
    // If the kill caught it holding the lock, writers are refused (exit 5, the holder named as
    // gone) until the lock goes stale, 10 s after its last refresh; then the next one gets through.
    const started = Date.now();
    let next = await ws.run(at('set', 'api/staging/BIG'), { input: 'after' });
    while (next.code === 5 && Date.now() - started < 20_000) {
      expect(next.stderr).toMatch(/no longer running, its lock expires by itself/);
      next = await ws.run(at('set', 'api/staging/BIG'), { input: 'after' });
    }
    expect(next.code, next.stderr).toBe(0);
    expect(Date.now() - started, 'the dead coffer’s lock held writers off for too long').toBeLessThan(17_000);
    expect((await ws.run(at('get', 'api/staging/BIG'))).stdout).toBe('after');
    expectNoLockLeft(path);
  }, 40_000);
});
