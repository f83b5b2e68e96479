// Two clients of one team vault on a real etcd (started on loopback by the test): a save through
// one repository shows in the TUI rendered over the other without a key pressed, naming who saved
// it; and a save racing a teammate's becomes the conflict dialog, whose "save yours" lands as the
// newer version in etcd.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { currentValue, findSecret, setMany, setSecret, VaultSession } from '../../src/domain/index.js';
import type { Context } from '../../src/domain/index.js';
import { connectEtcd } from '../../src/store/etcd/client.js';
import type { EtcdClient } from '../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../src/store/etcd/repository.js';
import { Command } from '../../src/ui/keymap/commands.js';
import { EtcdCluster } from '../helpers/etcd.js';
import type { Harness } from '../helpers/ink.js';
import { openerFor, recordsOf, renderApp, storedState } from '../helpers/ink.js';
import { smallVault } from './fixtures.js';

const alice: Context = { actor: 'alice', now: () => new Date() };
const bob: Context = { actor: 'bob', now: () => new Date() };

let cluster: EtcdCluster;
beforeAll(async () => {
  cluster = await EtcdCluster.start(1);
});
afterAll(async () => {
  await cluster?.stop();
});

const opened: { close(): Promise<void> }[] = [];
let app: Harness | undefined;
afterEach(async () => {
  app?.unmount();
  app = undefined;
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

/** Every scope smallVault's records live in, each with its own data key (as one admin holds them). */
function ringFor(): StaticKeyRing {
  const scopes = ['_team', ...['shared', 'api', 'web'].flatMap((app) => ['development', 'staging', 'production'].map((env) => `${app}/${env}`))];
  return new StaticKeyRing(scopes.map((scope) => [scope, [[1, randomBytes(32)]]]));
}

async function client(): Promise<EtcdClient> {
  const c = await connectEtcd({ endpoints: cluster.endpoints });
  opened.push(c);
  return c;
}

/** One team vault holding smallVault(), and two repositories on it, as two coffers would have. */
async function twoClients() {
  const layout = TeamLayout.forTeam(`ui${randomBytes(4).toString('hex')}`);
  const keys = ringFor();
  const mine = await EtcdVaultRepository.initialize({ client: await client(), layout, keys, initial: recordsOf(smallVault()), actor: 'alice' });
  opened.push(mine);
  const theirs = await EtcdVaultRepository.open({ client: await client(), layout, keys });
  opened.push(theirs);
  return { mine, theirs };
}

async function onPort(repository: EtcdVaultRepository): Promise<Harness> {
  app = await renderApp({ opener: openerFor(repository, repository.location), context: alice });
  const t = app;
  await t.waitFor('1 Apps');
  await t.press(Command.MoveDown); // api
  await t.press(Command.FocusEnvs);
  await t.press(Command.Bottom); // production
  await t.press(Command.FocusSecrets);
  await t.press(Command.MoveDown); // PORT
  await t.waitFor('coffer › api › production › PORT › v1');
  return t;
}

describe('team vault on etcd, two clients', () => {
  it('shows a teammate’s save in the other client’s TUI without a key pressed', async () => {
    const { mine, theirs } = await twoClients();
    const t = await onPort(mine);
    const session = await VaultSession.open(theirs, bob);
    await session.apply((s, c) => setSecret(s, c, { app: 'api', env: 'production', key: 'TOKEN', value: 'rotated-by-bob' }));
    const frame = await t.waitFor('TOKEN changed by bob (v4).');
    expect(frame).toMatch(/TOKEN\s+↻ v4/);
    expect(frame).toContain('coffer › api › production › PORT › v1');
    expect(frame).not.toContain('rotated-by-bob');
  });

  it('turns a save racing a teammate’s into the conflict dialog; saving yours lands as the newer version', async () => {
    const { mine, theirs } = await twoClients();
    const t = await onPort(mine);
    await t.press(Command.MoveDown); // SEALED_KEY
    await t.press(Command.MoveDown); // TOKEN
    await t.press(Command.EditValue);
    await t.type('alices-value');
    const session = await VaultSession.open(theirs, bob);
    await session.apply((s, c) => setSecret(s, c, { app: 'api', env: 'production', key: 'TOKEN', value: 'bobs-value' }));
    await t.waitFor('bob saved v4 meanwhile: saving asks what to do.');
    await t.press(Command.EditorSave);
    await t.waitFor('Not saved: bob changed TOKEN first');
    expect(t.frame()).toContain(`print ${mine.fingerprint('bobs-value')}`);
    await t.press(Command.ConflictSaveMine);
    await t.waitFor("Saved yours as TOKEN v5, over bob's v4.");
    const token = findSecret(await storedState(theirs, bob), 'api', 'production', 'TOKEN');
    expect(currentValue(token)).toBe('alices-value');
    expect(token.versions.map((v) => [v.n, v.author])).toContainEqual([4, 'bob']);
  });

  it('adds up a teammate’s large commit, which the watch reports piece by piece', async () => {
    const { mine, theirs } = await twoClients();
    const t = await onPort(mine);
    const session = await VaultSession.open(theirs, bob);
    const writes = Array.from({ length: 150 }, (_, i) => ({ app: 'api', env: 'staging', key: `IMPORTED_${String(i).padStart(3, '0')}`, value: `v-${i}` }));
    await session.apply((s, c) => setMany(s, c, writes));
    await t.waitFor('150 secrets changed by bob: ');
    expect(t.frame()).toContain('coffer › api › production › PORT › v1');
    expect(t.frame()).toMatch(/staging\s+151/);
  });
});
