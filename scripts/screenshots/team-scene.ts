// Screenshot scenes of the TUI on a team vault (scripts/screenshots/team-scene.mjs bundles and
// runs this; tui-scenes.mjs lists the scenes). A real etcd is started on loopback, the demo's
// sample vault is copied into a team vault on it, and the TUI opens it as alice:
//
//   live     bob, through a second client of the same vault, saves billing-api/production/
//            DATABASE_URL the moment alice's detail pane shows it (the first time the TUI asks
//            the repository for that value's fingerprint) — no timing guesses.
//   conflict bob saves DATABASE_URL just before alice's own save of it reaches etcd (her first
//            commit waits for his), so hers is refused and the conflict dialog opens.
// Both need a save to land at one exact moment, which a second process cannot be told; so they
// run the TUI in this process, with bob as a second client. The TUI's team console here reads
// the team's public rows only (the members screenshot is the real program: team-members.sh).
//
// Everything runs in this one process and is torn down when the TUI quits or the scene is killed.
import { createHash, randomBytes } from 'node:crypto';
import { currentValue, secretId, setSecret, VaultSession } from '../../src/domain/index.js';
import type { Context, RecordChange, UnlockMethod, VaultOpener, VaultRepository } from '../../src/domain/index.js';
import { createDemoRepository } from '../../src/cli/demo.js';
import { connectEtcd } from '../../src/store/etcd/client.js';
import type { EtcdClient } from '../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../src/store/etcd/repository.js';
import { runTui } from '../../src/ui/run.js';
import type { ConnectionState, JoinRequestView, TeamConsole, TeamMemberView } from '../../src/ui/team/port.js';
import { EtcdCluster } from '../../test/helpers/etcd.js';

const TEAM = 'acme';
const alice: Context = { actor: 'alice', now: () => new Date() };
const bob: Context = { actor: 'bob', now: () => new Date() };
const DATABASE_URL = { app: 'billing-api', env: 'production', key: 'DATABASE_URL' };

const mode = process.argv[2];
if (mode !== 'live' && mode !== 'conflict') {
  console.error('usage: team-scene live|conflict');
  process.exit(2);
}

function fingerprintOf(recipient: string): string {
  const hex = createHash('sha256').update(recipient).digest('hex').slice(0, 12);
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

async function recipient(): Promise<string> {
  const age = await import('age-encryption');
  return age.identityToRecipient(await age.generateX25519Identity());
}

/** The member, request and access rows of a team of three with one pending request. */
async function writeTeamRows(client: EtcdClient, layout: TeamLayout, scopes: string[]): Promise<void> {
  const day = 86_400_000;
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
  const people = [
    { name: 'alice', role: 'admin', addedAt: at(120), envs: scopes },
    { name: 'bob', role: 'admin', addedAt: at(90), envs: scopes },
    { name: 'erin', role: 'member', addedAt: at(30), envs: scopes.filter((s) => !s.endsWith('/production')) },
  ];
  const puts: { key: string; value: unknown }[] = [];
  for (const person of people) {
    const r = await recipient();
    puts.push({ key: layout.member(person.name), value: { name: person.name, recipient: r, fingerprint: fingerprintOf(r), role: person.role, addedAt: person.addedAt, addedBy: 'alice' } });
  }
  const dave = await recipient();
  puts.push({ key: layout.request('dave'), value: { name: 'dave', recipient: dave, fingerprint: fingerprintOf(dave), requestedAt: new Date(Date.now() - 25 * 60_000).toISOString() } });
  for (const scope of ['_team', ...scopes]) {
    const holders = people.filter((p) => scope === '_team' || p.envs.includes(scope)).map((p) => p.name);
    puts.push({ key: layout.access(scope), value: { generation: 1, members: holders, createdAt: at(120) } });
  }
  await client.txn({ success: puts.map(({ key, value }) => ({ request_put: { key: Buffer.from(key), value: Buffer.from(JSON.stringify(value)) } })) });
}

/** :members over the rows above. Read-only: the scene never grants or revokes. */
class RowsConsole implements TeamConsole {
  readonly team = TEAM;
  readonly member = 'alice';
  readonly isAdmin = true;
  constructor(
    private readonly client: EtcdClient,
    private readonly layout: TeamLayout,
    private readonly repository: EtcdVaultRepository,
  ) {}

  async members(): Promise<{ members: TeamMemberView[]; requests: JoinRequestView[] }> {
    const json = async (prefix: string) => (await this.client.rangePrefix(prefix)).kvs.map((kv) => JSON.parse(kv.value.toString('utf8')));
    const access = (await this.client.rangePrefix(this.layout.accessAll())).kvs.map((kv) => ({
      scope: kv.key.toString('utf8').slice(this.layout.accessAll().length),
      members: (JSON.parse(kv.value.toString('utf8')) as { members: string[] }).members,
    }));
    const members = (await json(this.layout.members())).map(
      (m: { name: string; role: 'admin' | 'member'; fingerprint: string }): TeamMemberView => ({
        name: m.name,
        role: m.role,
        fingerprint: m.fingerprint,
        access: access.filter((a) => a.members.includes(m.name)).map((a) => a.scope),
        you: m.name === this.member,
      }),
    );
    const requests = (await json(this.layout.requests())).map((r: JoinRequestView) => ({ name: r.name, fingerprint: r.fingerprint, requestedAt: r.requestedAt }));
    return { members, requests };
  }

  async grant(): Promise<{ fingerprint: string }> {
    throw new Error('this screenshot scene does not change access');
  }

  async revoke(): Promise<{ flagged: number }> {
    throw new Error('this screenshot scene does not change access');
  }

  locked() {
    return [];
  }

  personal() {
    return new Map();
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    return this.repository.onConnectionState(listener);
  }
}

/**
 * The repository alice's TUI uses. Live scene: showing DATABASE_URL makes bob save it. Conflict
 * scene: alice's first save goes to etcd only after bob's has.
 */
function watchedByBob(mine: EtcdVaultRepository, theirs: EtcdVaultRepository, shown: string): VaultRepository {
  let saved = false;
  const bobSaves = async () => {
    const session = await VaultSession.open(theirs, bob);
    await session.apply((s, c) => setSecret(s, c, { ...DATABASE_URL, value: 'postgres://billing:rotated-8@db-4.demo.internal:5432/billing?sslmode=verify-full' }));
  };
  return {
    kind: mine.kind,
    location: mine.location,
    load: () => mine.load(),
    async commit(request) {
      if (mode === 'conflict' && !saved) {
        saved = true;
        await bobSaves();
      }
      return mine.commit(request);
    },
    readAudit: (query) => mine.readAudit(query),
    verifyAudit: () => mine.verifyAudit(),
    watch: (listener) => mine.watch(listener),
    close: async () => undefined,
    fingerprint(value) {
      if (mode === 'live' && !saved && value === shown) {
        saved = true;
        setImmediate(() => void bobSaves());
      }
      return mine.fingerprint(value);
    },
  };
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
      throw new Error('the scene vault exists');
    },
  };
}

const cluster = await EtcdCluster.start(1);
const clients: EtcdClient[] = [];
let code = 1;
try {
  const demo = await createDemoRepository(alice);
  const loaded = await demo.load();
  const initial: RecordChange[] = [...loaded.records].map(([id, { record }]) => ({ id, record }));
  const scopes = [...loaded.records.values()].flatMap(({ record }) => (record.type === 'app' ? record.value.envs.map((e) => `${record.value.name}/${e.name}`) : []));
  const keys = new StaticKeyRing(['_team', ...scopes].map((scope) => [scope, [[1, randomBytes(32)]]]));
  const layout = TeamLayout.forTeam(TEAM);
  for (let i = 0; i < 3; i++) clients.push(await connectEtcd({ endpoints: cluster.endpoints }));
  const [a, b, rows] = clients as [EtcdClient, EtcdClient, EtcdClient];
  const mine = await EtcdVaultRepository.initialize({ client: a, layout, keys, initial, actor: 'alice' });
  const theirs = await EtcdVaultRepository.open({ client: b, layout, keys });
  await writeTeamRows(rows, layout, scopes);
  const shown = currentValue((await VaultSession.open(mine, alice)).state.secrets[secretId(DATABASE_URL.app, DATABASE_URL.env, DATABASE_URL.key)]!) ?? '';
  const team = new RowsConsole(rows, layout, mine);
  code = await runTui({ opener: openerOf(watchedByBob(mine, theirs, shown)), context: alice, team });
  await theirs.close();
  await mine.close();
} finally {
  for (const client of clients) await client.close();
  await cluster.stop();
}
process.exit(code);
