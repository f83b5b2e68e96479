// VaultSession.reload brings the state up to the repository by the records whose revision moved:
// what did not change stays as it was (read secrets are not read again), the revisions follow the
// repository, and a changed record that does not belong under its id sends the reload the long
// way — a fresh state whose damaged row reports itself when first read.
import { describe, expect, it } from 'vitest';
import { addApp, newVaultRecords, removeSecret, secretId, setSecret, VaultSession } from '../../src/domain/index.js';
import type { LoadedVault, VaultRepository } from '../../src/domain/index.js';
import { MemoryVaultRepository } from '../../src/store/index.js';
import { fixedContext } from './fixtures.js';

const alice = fixedContext('2026-01-01T00:00:00.000Z', 'alice');
const bob = fixedContext('2026-01-01T00:00:00.000Z', 'bob');
const fresh = () => new MemoryVaultRepository({ initial: newVaultRecords(alice, 'reload-test'), actor: 'alice' });
const at = (key: string) => ({ app: 'api', env: 'production', key });

async function twoSessions(repository: VaultRepository = fresh()) {
  const seed = await VaultSession.open(repository, alice);
  await seed.apply((s, c) => addApp(s, c, { name: 'api' }));
  for (const key of ['A', 'B', 'C']) await seed.apply((s, c) => setSecret(s, c, { ...at(key), value: `${key}-1` }));
  return { mine: await VaultSession.open(repository, alice), theirs: await VaultSession.open(repository, bob) };
}

describe('VaultSession.reload', () => {
  it('takes in what moved and keeps what did not, object for object', async () => {
    const { mine, theirs } = await twoSessions();
    const untouched = mine.state.secrets[secretId('api', 'production', 'A')];
    await theirs.apply((s, c) => setSecret(s, c, { ...at('B'), value: 'B-2' }));
    await theirs.apply((s, c) => removeSecret(s, at('C')));
    await mine.reload();
    expect(mine.state.secrets[secretId('api', 'production', 'A')]).toBe(untouched);
    expect(mine.state.secrets[secretId('api', 'production', 'B')]?.versions.at(-1)?.value).toBe('B-2');
    expect(secretId('api', 'production', 'C') in mine.state.secrets).toBe(false);
    for (const key of ['A', 'B']) expect(mine.revision(secretId('api', 'production', key))).toBe(theirs.revision(secretId('api', 'production', key)));
    expect(mine.revision(secretId('api', 'production', 'C'))).toBeUndefined();
    // Writing on the reloaded state expects the right revisions: no false conflict.
    await mine.apply((s, c) => setSecret(s, c, { ...at('B'), value: 'B-3', expectedVersion: 2 }));
  });

  it('builds a fresh state when a changed record does not belong under its id, deferring the error to its first read', async () => {
    const base = fresh();
    let tamper = false;
    const repository: VaultRepository = {
      kind: 'memory',
      location: 'test',
      load: async (): Promise<LoadedVault> => {
        const loaded = await base.load();
        const b = loaded.records.get(secretId('api', 'production', 'B'));
        const c = loaded.records.get(secretId('api', 'production', 'C'));
        if (tamper && b && c) loaded.records.set(secretId('api', 'production', 'B'), { record: c.record, revision: `${b.revision}x` });
        return loaded;
      },
      commit: (r) => base.commit(r),
      readAudit: (q) => base.readAudit(q),
      verifyAudit: () => base.verifyAudit(),
      fingerprint: (v) => base.fingerprint(v),
      close: () => base.close(),
    };
    const { mine } = await twoSessions(repository);
    tamper = true;
    await mine.reload();
    expect(mine.state.secrets[secretId('api', 'production', 'A')]?.key).toBe('A');
    expect(() => mine.state.secrets[secretId('api', 'production', 'B')]).toThrow(/holds the secret of another address/);
  });

  it('runs reloads one at a time in order; those asked for meanwhile share the next load and are each reported', async () => {
    const base = fresh();
    const gates: (() => void)[] = [];
    let loads = 0;
    const repository: VaultRepository = {
      kind: 'memory',
      location: 'test',
      load: async () => {
        loads++;
        const snapshot = await base.load(); // what the repository held when asked
        await new Promise<void>((resolve) => gates.push(resolve));
        return snapshot;
      },
      commit: (r) => base.commit(r),
      readAudit: (q) => base.readAudit(q),
      verifyAudit: () => base.verifyAudit(),
      fingerprint: (v) => base.fingerprint(v),
      close: () => base.close(),
    };
    /** Lets the oldest load waiting answer (once it is waiting). */
    const release = async () => {
      while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
      gates.shift()!();
    };
    const seed = await VaultSession.open(base, alice);
    await seed.apply((s, c) => addApp(s, c, { name: 'api' }));
    await seed.apply((s, c) => setSecret(s, c, { ...at('A'), value: 'A-1' }));
    const opening = VaultSession.open(repository, alice);
    await release();
    const mine = await opening;
    const events: string[] = [];
    mine.subscribe((event) => event.type === 'reloaded' && events.push(event.external?.actor ?? '-'));
    const first = mine.reload({ ids: [], actor: 'one' });
    await Promise.resolve();
    await seed.apply((s, c) => setSecret(s, c, { ...at('A'), value: 'A-2' }));
    const second = mine.reload({ ids: [], actor: 'two' });
    const third = mine.reload({ ids: [], actor: 'three' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(loads).toBe(2); // the opening and the first reload; the others wait for it
    await release();
    await first;
    expect(events).toEqual(['one']);
    await release(); // the second load, begun once the first was in

    await Promise.all([second, third]);
    expect(events).toEqual(['one', 'two', 'three']);
    expect(loads).toBe(3);
    expect(mine.state.secrets[secretId('api', 'production', 'A')]?.versions.at(-1)?.value).toBe('A-2');
  });
});
