// Team vaults from the command line: the built program, a real etcd started here on loopback and
// the throwaway OS keychain. alice creates the team, bob joins and is granted staging only, a
// deploy host without a keychain joins with a passphrase file; what each can read, revocation,
// personal overrides, push and pull, and a cluster that is down.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdCluster, makeTestPki } from '../helpers/etcd.js';
import { Workspace, requireKeyring } from '../faults/helpers/cli.js';
import type { Run } from '../faults/helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';

requireKeyring();

let cluster: EtcdCluster;
let ws: Workspace;
const TEAM = `acme${process.pid}`;

/** One member's machine: its own config folder (teams.json, identity file), same keyring (the
 * member name is given with --as: every process here runs as the same OS user). */
function machine(name: string, extra: Record<string, string> = {}) {
  const home = join(ws.root, name);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const env = { XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state'), USER: name, ...extra };
  return {
    env,
    run: (args: string[], options: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<Run> => ws.run(args, { ...options, env: { ...env, ...options.env }, timeoutMs: 45_000 }),
  };
}

function ok(run: Run, what: string): Run {
  if (run.code !== 0) throw new Error(`${what}: exit ${run.code}\n${run.stderr}`);
  return run;
}

function fingerprintIn(text: string): string {
  const match = /([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})/.exec(text);
  if (!match) throw new Error(`no fingerprint in: ${text}`);
  return match[1]!;
}

beforeAll(async () => {
  cluster = await EtcdCluster.start(1);
  ws = new Workspace('coffer-team-');
});

afterAll(async () => {
  await cluster?.stop();
  ws?.remove();
});

describe('a team vault on etcd', () => {
  const alice = () => machine('alice');
  const bob = () => machine('bob');

  it('init, join, grant with matching fingerprints, then each reads what they were granted', async () => {
    const a = alice();
    const b = bob();
    const init = ok(await a.run(['team', 'init', TEAM, '--etcd', cluster.endpoints.join(','), '--as', 'alice']), 'team init');
    expect(init.stdout).toContain(`Created team vault ${TEAM}`);
    // The new vault's shared scope is usable at once: its environments' keys are the creator's.
    ok(await a.run(['--team', TEAM, 'set', 'shared/staging/REGION'], { input: 'eu-west-1' }), 'set shared');
    expect(ok(await a.run(['--team', TEAM, 'get', 'shared/staging/REGION']), 'get shared').stdout).toBe('eu-west-1');
    ok(await a.run(['--team', TEAM, 'app', 'add', 'api']), 'app add');
    ok(await a.run(['--team', TEAM, 'set', 'api/production/DB_PASSWORD'], { input: 'prod-secret-1' }), 'set production');
    ok(await a.run(['--team', TEAM, 'set', 'api/staging/DB_PASSWORD'], { input: 'staging-secret-1' }), 'set staging');
    expect(ok(await a.run(['--team', TEAM, 'get', 'api/production/DB_PASSWORD']), 'get').stdout).toBe('prod-secret-1');

    const join = ok(await b.run(['team', 'join', TEAM, '--etcd', cluster.endpoints.join(','), '--as', 'bob']), 'team join');
    const joinPrint = fingerprintIn(join.stdout);
    const members = ok(await a.run(['team', 'members', '--json']), 'members');
    const listed = JSON.parse(members.stdout) as { members: Array<{ name: string }>; requests: Array<{ name: string; fingerprint: string }> };
    expect(listed.requests).toEqual([expect.objectContaining({ name: 'bob', fingerprint: joinPrint })]);

    // Not approved yet: a clear refusal, not a crash.
    const early = await b.run(['--team', TEAM, 'ls']);
    expect(early.code).toBe(EXIT.refused);
    expect(early.stderr).toContain('not approved yet');

    const grant = ok(await a.run(['team', 'grant', 'bob', 'api/staging']), 'grant');
    expect(fingerprintIn(grant.stdout)).toBe(joinPrint);

    expect(ok(await b.run(['--team', TEAM, 'get', 'api/staging/DB_PASSWORD']), 'bob get staging').stdout).toBe('staging-secret-1');
    const denied = await b.run(['--team', TEAM, 'get', 'api/production/DB_PASSWORD']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/production/);
    expect(denied.stderr).toMatch(/alice/); // who can grant it
    expect(denied.stderr).not.toContain('prod-secret-1');
  });

  it('a personal override is used by its member only', async () => {
    const a = alice();
    const b = bob();
    ok(await b.run(['--team', TEAM, 'set', 'api/staging/DB_PASSWORD', '--personal'], { input: 'bobs-local-db' }), 'set --personal');
    const mine = ok(await b.run(['--team', TEAM, 'run', 'api/staging', '--', 'sh', '-c', 'printf %s "$DB_PASSWORD"']), 'bob run');
    expect(mine.stdout).toBe('bobs-local-db');
    expect(mine.stderr).toContain('personal');
    const theirs = ok(await a.run(['--team', TEAM, 'run', 'api/staging', '--', 'sh', '-c', 'printf %s "$DB_PASSWORD"']), 'alice run');
    expect(theirs.stdout).toBe('staging-secret-1');
  });

  it('revoke: new key, the revoked member cannot read what is written after, and what they saw is tagged', async () => {
    const a = alice();
    const b = bob();
    const revoke = ok(await a.run(['team', 'revoke', 'bob', 'api/staging']), 'revoke');
    expect(revoke.stdout).toMatch(/generation 2/);
    expect(revoke.stdout).toContain('exposed:bob');
    ok(await a.run(['--team', TEAM, 'set', 'api/staging/DB_PASSWORD'], { input: 'staging-secret-2' }), 'rotate after revoke');
    const after = await b.run(['--team', TEAM, 'get', 'api/staging/DB_PASSWORD']);
    expect(after.code).not.toBe(0);
    expect(after.stdout).not.toContain('staging-secret-2');
    const ls = JSON.parse(ok(await a.run(['--team', TEAM, 'ls', 'api/staging', '--json']), 'ls').stdout) as unknown;
    expect(JSON.stringify(ls)).toContain('exposed:bob');
  });

  it('a deploy host without a keychain joins and reads with a passphrase file', async () => {
    const passFile = join(ws.root, 'deploy-pass');
    writeFileSync(passFile, 'deploy host passphrase\n', { mode: 0o600 });
    // No D-Bus: the keychain is unreachable, as on a server.
    const d = machine('deploy', { COFFER_PASSPHRASE_FILE: passFile, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' });
    ok(await d.run(['team', 'join', TEAM, '--etcd', cluster.endpoints.join(','), '--as', 'deploy']), 'deploy join');
    ok(await alice().run(['team', 'grant', 'deploy', 'api/production']), 'grant deploy');
    const got = ok(await d.run(['--team', TEAM, 'run', 'api/production', '--', 'sh', '-c', 'printf %s "$DB_PASSWORD"']), 'deploy run');
    expect(got.stdout).toBe('prod-secret-1');
  });

  it('push a local vault up and pull the team vault down to a file', async () => {
    const a = alice();
    const local = join(ws.root, 'alice-local', 'vault.coffer');
    ok(await a.run(['init', '--vault', local]), 'local init');
    ok(await a.run(['app', 'add', 'web', '--vault', local]), 'local app');
    ok(await a.run(['set', 'web/production/API_TOKEN', '--vault', local], { input: 'pushed-token' }), 'local set');
    ok(await a.run(['team', 'push', local]), 'push');
    expect(ok(await a.run(['--team', TEAM, 'get', 'web/production/API_TOKEN']), 'get pushed').stdout).toBe('pushed-token');
    const backup = join(ws.root, 'backup', 'team.coffer');
    const pull = ok(await a.run(['team', 'pull', backup]), 'pull');
    expect(pull.stdout).toMatch(/Recovery code/i);
    expect(ok(await a.run(['get', 'web/production/API_TOKEN', '--vault', backup]), 'get from backup').stdout).toBe('pushed-token');
    expect(ok(await a.run(['get', 'api/production/DB_PASSWORD', '--vault', backup]), 'get from backup').stdout).toBe('prod-secret-1');
  });

  it('with etcd down, a command fails within its bound saying so', async () => {
    const a = alice();
    const downTeam = machine('offline');
    // A team configured at a port nobody listens on.
    ok(await downTeam.run(['team', 'init', `${TEAM}x`, '--etcd', cluster.endpoints.join(','), '--as', 'offline']), 'init');
    const config = join(downTeam.env.XDG_CONFIG_HOME, 'coffer', 'teams.json');
    const { readFileSync } = await import('node:fs');
    writeFileSync(config, readFileSync(config, 'utf8').replaceAll(cluster.endpoints[0]!, 'http://127.0.0.1:9'));
    const down = await downTeam.run(['--team', `${TEAM}x`, 'ls'], { env: { COFFER_ETCD_TIMEOUT_MS: '500' } });
    expect(down.code).toBe(EXIT.unexpected);
    expect(down.stderr).toMatch(/etcd unreachable/);
    expect(down.ms).toBeLessThan(10_000);
    void a;
  });
});

describe('a team vault on etcd over TLS', () => {
  it('with COFFER_ETCD_CA and a client certificate the commands work; without the CA each says why; no warning on stderr', async () => {
    const pki = makeTestPki(mkdtempSync(join(ws.root, 'pki-')));
    const secure = await EtcdCluster.start(1, { tls: { pki, clientCertAuth: true } });
    try {
      const tls = { COFFER_ETCD_CA: pki.caFile, COFFER_ETCD_CERT: pki.clientCertFile, COFFER_ETCD_KEY: pki.clientKeyFile };
      const carol = machine('carol', tls);
      const init = ok(await carol.run(['team', 'init', `${TEAM}tls`, '--etcd', secure.endpoints.join(','), '--as', 'carol']), 'init over TLS');
      expect(init.stdout).toContain(secure.endpoints[0]!.replace(/^https:\/\//, ''));
      ok(await carol.run(['--team', `${TEAM}tls`, 'app', 'add', 'api']), 'app add');
      ok(await carol.run(['--team', `${TEAM}tls`, 'set', 'api/staging/TOKEN'], { input: 'over-tls' }), 'set');
      const got = ok(await carol.run(['--team', `${TEAM}tls`, 'get', 'api/staging/TOKEN']), 'get');
      expect(got.stdout).toBe('over-tls');
      expect(got.stderr).not.toMatch(/Warning/);
      const refused = await carol.run(['--team', `${TEAM}tls`, 'get', 'api/staging/TOKEN'], { env: { COFFER_ETCD_CA: undefined, COFFER_ETCD_TIMEOUT_MS: '500' } });
      expect(refused.code).toBe(EXIT.unexpected);
      expect(refused.stderr).toContain('no secure connection — its certificate is not signed by a CA coffer trusts');
      expect(refused.stderr).not.toContain('over-tls');
      expect(refused.ms).toBeLessThan(10_000);
    } finally {
      await secure.stop();
    }
  });
});

describe('a team vault on etcd with authentication on', () => {
  it("grant and revoke keep each member's etcd role in step with their keys; etcd refuses the rest", async () => {
    const secure = await EtcdCluster.start(1);
    const endpoint = secure.endpoints[0]!;
    const ctl = async (user: string, ...args: string[]): Promise<{ code: number; out: string }> => {
      const { spawnSync } = await import('node:child_process');
      const r = spawnSync('etcdctl', ['--endpoints', endpoint, ...(user ? ['--user', user] : []), ...args], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
      return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
    };
    const must = async (user: string, ...args: string[]) => {
      const r = await ctl(user, ...args);
      if (r.code !== 0) throw new Error(`etcdctl ${args.join(' ')}: ${r.out}`);
      return r.out;
    };
    const team = `${TEAM}auth`;
    const root = 'root:root-pass-1';
    try {
      await must('', 'user', 'add', root, '--interactive=false');
      await must('', 'user', 'grant-role', 'root', 'root');
      await must('', 'auth', 'enable');
      // alice administers etcd too (root); bob and eve are plain etcd users.
      const alice = machine('alice-auth', { COFFER_ETCD_USER: 'root', COFFER_ETCD_PASSWORD: 'root-pass-1' });
      const bob = machine('bob-auth', { COFFER_ETCD_USER: 'bob', COFFER_ETCD_PASSWORD: 'bob-pass-1' });
      const init = ok(await alice.run(['team', 'init', team, '--etcd', endpoint, '--as', 'alice']), 'init');
      expect(init.stdout).toContain(`etcd: role coffer-${team}-join lets new members' etcd users file a join request.`);
      ok(await alice.run(['--team', team, 'app', 'add', 'api']), 'app add');
      ok(await alice.run(['--team', team, 'set', 'api/production/DB_PASSWORD'], { input: 'prod-1' }), 'set production');

      for (const user of ['bob', 'eve']) {
        await must(root, 'user', 'add', `${user}:${user}-pass-1`, '--interactive=false');
        await must(root, 'user', 'grant-role', user, `coffer-${team}-join`);
      }
      ok(await bob.run(['team', 'join', team, '--etcd', endpoint, '--as', 'bob']), 'bob joins with the join role');
      const grant = ok(await alice.run(['team', 'grant', 'bob', 'api/staging']), 'grant');
      expect(grant.stdout).toMatch(new RegExp(`etcd: bob's role coffer-${team}-bob matches their keys \\(\\d+ permissions added, 0 removed\\)`));
      const role = await must(root, 'role', 'get', `coffer-${team}-bob`);
      expect(role).toContain(`/coffer/${team}/s/api/staging/`);
      expect(role).not.toContain('/production/');

      // Everything bob does through coffer on staging passes etcd's checks: a commit, a personal value.
      ok(await bob.run(['--team', team, 'set', 'api/staging/TOKEN'], { input: 'staging-1' }), 'bob writes staging');
      ok(await bob.run(['--team', team, 'set', 'api/staging/TOKEN', '--personal'], { input: 'mine' }), 'bob personal');
      expect(ok(await bob.run(['--team', team, 'get', 'api/staging/TOKEN']), 'bob reads').stdout).toBe('mine');
      // Past coffer, straight at etcd: production and the directory are refused to bob, everything to eve.
      const bobUser = 'bob:bob-pass-1';
      expect((await ctl(bobUser, 'put', `/coffer/${team}/s/api/production/DB_PASSWORD`, 'junk')).out).toMatch(/permission denied/);
      expect((await ctl(bobUser, 'put', `/coffer/${team}/members/bob`, 'junk')).out).toMatch(/permission denied/);
      expect((await ctl('eve:eve-pass-1', 'put', `/coffer/${team}/s/api/staging/TOKEN`, 'junk')).out).toMatch(/permission denied/);

      const revoke = ok(await alice.run(['team', 'revoke', 'bob', 'api/staging']), 'revoke');
      expect(revoke.stdout).toMatch(new RegExp(`etcd: bob's role coffer-${team}-bob matches their keys \\(0 permissions added, 3 removed\\)`));
      expect((await ctl(bobUser, 'put', `/coffer/${team}/s/api/staging/TOKEN`, 'junk')).out).toMatch(/permission denied/);
      // alice's own writes still go through.
      ok(await alice.run(['--team', team, 'set', 'api/staging/TOKEN'], { input: 'staging-2' }), 'alice writes after');
    } finally {
      await secure.stop();
    }
  });

  it('an admin whose etcd user may not manage roles is told the etcdctl commands instead', async () => {
    const secure = await EtcdCluster.start(1);
    const endpoint = secure.endpoints[0]!;
    const { spawnSync } = await import('node:child_process');
    const ctl = (...args: string[]) => {
      const r = spawnSync('etcdctl', ['--endpoints', endpoint, ...args], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
      if (r.status !== 0) throw new Error(`etcdctl ${args.join(' ')}: ${r.stderr}`);
    };
    const team = `${TEAM}ops`;
    try {
      ctl('user', 'add', 'root:root-pass-2', '--interactive=false');
      ctl('user', 'grant-role', 'root', 'root');
      ctl('auth', 'enable');
      const asRoot = ['--user', 'root:root-pass-2'];
      ctl(...asRoot, 'user', 'add', 'dana:dana-pass', '--interactive=false');
      ctl(...asRoot, 'role', 'add', 'acme-all');
      ctl(...asRoot, 'role', 'grant-permission', 'acme-all', '--prefix=true', 'readwrite', `/coffer/${team}/`);
      ctl(...asRoot, 'user', 'grant-role', 'dana', 'acme-all');
      const dana = machine('dana', { COFFER_ETCD_USER: 'dana', COFFER_ETCD_PASSWORD: 'dana-pass' });
      const init = ok(await dana.run(['team', 'init', team, '--etcd', endpoint, '--as', 'dana']), 'init as a non-root etcd user');
      expect(init.stderr).toContain(`Your etcd user may not manage roles, so etcd's role coffer-${team}-join was not changed. An etcd root can run:`);
      expect(init.stderr).toContain(`role grant-permission coffer-${team}-join --prefix=true readwrite /coffer/${team}/requests/`);
      expect(init.stderr).not.toContain('dana-pass');
    } finally {
      await secure.stop();
    }
  });
});
