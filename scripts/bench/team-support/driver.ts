// The team section's measurement (scripts/bench/team.mjs bundles and runs this): how long a
// teammate's save takes to appear in another client's TUI. A real etcd on loopback holds a team
// vault; alice's TUI (the app's own components, rendered by Ink into an in-memory terminal) is
// open on it through one client, showing the last of the environment's secrets (reached with
// keys, as an operator would), bob saves another one through a second client, and the clock runs
// to the first frame that names his new version — from bob's commit call (`samples`), and from
// the moment alice's client receives etcd's watch event (`watch`, the watch-to-screen).
// Usage: driver RUNS SECRETS. Prints one JSON line: { samples: ms[], watch: ms[], ack: ms[] } —
// ack is bob's commit alone, for comparison.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { createElement } from 'react';
import { addApp, appId, META_ID, newVaultRecords, secretId, setSecret, stateFromRecords, VaultSession } from '../../../src/domain/index.js';
import type { Context, RecordChange, UnlockMethod, VaultOpener, VaultRecord, VaultRepository, VaultState } from '../../../src/domain/index.js';
import { connectEtcd } from '../../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../../src/store/etcd/repository.js';
import { App } from '../../../src/ui/app.js';
import { EtcdCluster } from '../../../test/helpers/etcd.js';

const runs = Number(process.argv[2] ?? 20);
/** Other secrets in the environment besides the one bob changes. */
const others = Number(process.argv[3] ?? 50) - 1;
const LAST_KEY = `KEY_${String(others - 1).padStart(5, '0')}`;
const alice: Context = { actor: 'alice', now: () => new Date() };
const bob: Context = { actor: 'bob', now: () => new Date() };
const address = { app: 'api', env: 'production', key: 'DATABASE_URL' };

/** A terminal in memory: Ink writes frames here; `waitFor` resolves on the first frame holding a text. */
class Terminal extends EventEmitter {
  readonly columns = 120;
  readonly rows = 34;
  private waiting: { text: string; resolve: (at: number) => void } | undefined;
  write = (frame: string) => {
    if (this.waiting && frame.includes(this.waiting.text)) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve(performance.now());
    }
    return true;
  };
  waitFor(text: string): Promise<number> {
    return new Promise((resolve) => (this.waiting = { text, resolve }));
  }
}

/** Keys as a terminal sends them, read by Ink the way it reads stdin. */
class Keyboard extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const data = this.data;
    this.data = null;
    return data;
  };
  press(key: string) {
    this.data = key;
    this.emit('readable');
  }
}

function initialRecords(): RecordChange[] {
  const records = new Map<string, { record: VaultRecord; revision: string }>();
  for (const change of newVaultRecords(alice, 'bench')) if (change.record) records.set(change.id, { record: change.record, revision: '1' });
  let state: VaultState = stateFromRecords({ records }).state;
  const apply = (changes: RecordChange[]) => {
    for (const change of changes) if (change.record) records.set(change.id, { record: change.record, revision: '1' });
    state = stateFromRecords({ records }).state;
  };
  apply(addApp(state, alice, { name: 'api' }).changes);
  const changes: RecordChange[] = [];
  for (let i = 0; i < others; i++) changes.push(...setSecret(state, alice, { ...address, key: `KEY_${String(i).padStart(5, '0')}`, value: `value-${i}` }).changes);
  apply(changes);
  apply(setSecret(state, alice, { ...address, value: 'postgres://v1' }).changes);
  return [
    { id: META_ID, record: { type: 'meta', value: state.meta } },
    ...Object.values(state.apps).map((app): RecordChange => ({ id: appId(app.name), record: { type: 'app', value: app } })),
    ...Object.values(state.secrets).map((s): RecordChange => ({ id: secretId(s.app, s.env, s.key), record: { type: 'secret', value: s } })),
  ];
}

function openerOf(repository: VaultRepository): VaultOpener {
  const open = async () => repository;
  return {
    location: repository.location,
    exists: async () => true,
    slots: async (): Promise<UnlockMethod[]> => ['keychain'],
    unlockWithKeychain: open,
    unlockWithPassphrase: open,
    unlockWithRecoveryCode: open,
    create: async () => {
      throw new Error('the bench vault exists');
    },
  };
}

const cluster = await EtcdCluster.start(1);
try {
  const scopes = ['_team', ...['shared', 'api'].flatMap((app) => ['development', 'staging', 'production'].map((env) => `${app}/${env}`))];
  const keys = new StaticKeyRing(scopes.map((scope) => [scope, [[1, randomBytes(32)]]]));
  const layout = TeamLayout.forTeam('bench');
  const [a, b] = [await connectEtcd({ endpoints: cluster.endpoints }), await connectEtcd({ endpoints: cluster.endpoints })];
  const mine = await EtcdVaultRepository.initialize({ client: a, layout, keys, initial: initialRecords(), actor: 'alice' });
  const theirs = await EtcdVaultRepository.open({ client: b, layout, keys });
  const terminal = new Terminal();
  const keyboard = new Keyboard();
  const opened = terminal.waitFor('1 Apps');
  const app = render(createElement(App, { opener: openerOf(mine), context: alice, onExit: () => undefined, size: { columns: 120, rows: 34 } }), {
    stdout: terminal as unknown as NodeJS.WriteStream,
    stdin: keyboard as unknown as NodeJS.ReadStream,
    stderr: terminal as unknown as NodeJS.WriteStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await opened;
  // shared → api, Environments, production (the last), Secrets, the last key.
  for (const [key, shows] of [['j', 'coffer › api'], ['l', '▸2 Env'], ['G', 'api › production'], ['l', '▸3 Secrets'], ['G', `› ${LAST_KEY} ›`]] as const) {
    const shown = terminal.waitFor(shows);
    keyboard.press(key);
    await shown;
    // Ink attaches the next key's handler after the frame (see test/helpers/ink.ts).
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await mine.startWatch();
  // Called in the same turn as the session's own listener, which starts the reload.
  let heard = 0;
  const stopListening = mine.watch(() => (heard = performance.now()));
  const session = await VaultSession.open(theirs, bob);
  const samples: number[] = [];
  const watch: number[] = [];
  const ack: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const version = i + 2;
    const shown = terminal.waitFor(`DATABASE_URL changed by bob (v${version})`);
    const started = performance.now();
    await session.apply((s, c) => setSecret(s, c, { ...address, value: `postgres://v${version}` }));
    const acked = performance.now();
    const at = await shown;
    if (i >= 3) {
      samples.push(at - started);
      watch.push(at - heard);
      ack.push(acked - started);
    }
  }
  stopListening();
  app.unmount();
  await theirs.close();
  await mine.close();
  await a.close();
  await b.close();
  console.log(JSON.stringify({ samples, watch, ack }));
} finally {
  await cluster.stop();
}
