// Team vaults from the command line: the built program, a real etcd started here on loopback and
// the throwaway OS keychain. alice creates the team, bob joins and is granted staging only, a
// deploy host without a keychain joins with a passphrase file; what each can read, revocation,
// personal overrides, push and pull, and a cluster that is down.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdCluster } from '../helpers/etcd.js';
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
