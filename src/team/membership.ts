// Who is in a team and who holds which key: the public rows of src/store/etcd/README.md
// (`team`, `members/`, `requests/`, `access/`) and the age-wrapped data keys under `keys/`.
// Init, join, grant and revoke are written here against the etcd client; the vault's records go
// through EtcdVaultRepository like any other write.
import { randomBytes } from 'node:crypto';
import type { IKeyValue } from 'etcd3';
import { CofferError, NotFoundError, RefusedError } from '../domain/errors.js';
import type { Context, RecordChange } from '../domain/ports.js';
import type { EtcdClient, Scope, TeamLayout } from '../store/etcd/index.js';
import { EtcdVaultRepository, StaticKeyRing, TEAM_SCOPE, envScope, personalScope } from '../store/etcd/index.js';
import { syncJoinRole, syncMemberRole } from './etcd-roles.js';
import type { RoleSync } from './etcd-roles.js';
import { fingerprintOf, unwrapKey, wrapKey } from './identity.js';
import type { MemberIdentity } from './identity.js';

export type Role = 'admin' | 'member';

export interface MemberRow {
  name: string;
  recipient: string;
  fingerprint: string;
  role: Role;
  addedAt: string;
  addedBy: string;
}

export interface RequestRow {
  name: string;
  recipient: string;
  fingerprint: string;
  requestedAt: string;
}

export interface AccessRow {
  generation: number;
  members: string[];
  createdAt: string;
}

export interface Membership {
  members: MemberRow[];
  requests: RequestRow[];
  access: Map<Scope, AccessRow & { revision: string }>;
}

/** A connected member: the cluster, the team's key paths, who I am and the keys I hold. */
export interface TeamHandle {
  team: string;
  client: EtcdClient;
  layout: TeamLayout;
  member: string;
  identity: MemberIdentity;
  ring: StaticKeyRing;
  now: () => Date;
}

const KEY_BYTES = 32;

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function parseRow<T>(kv: IKeyValue | undefined): T | undefined {
  if (!kv) return undefined;
  try {
    return JSON.parse(kv.value.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

const put = (key: string, value: Buffer) => ({ request_put: { key: Buffer.from(key, 'utf8'), value } });
const del = (key: string) => ({ request_delete_range: { key: Buffer.from(key, 'utf8') } });
const absent = (key: string) => ({ key: Buffer.from(key, 'utf8'), target: 'Create' as const, result: 'Equal' as const, create_revision: 0 });
const unchanged = (key: string, revision: string) => ({ key: Buffer.from(key, 'utf8'), target: 'Mod' as const, result: 'Equal' as const, mod_revision: revision });

/** Members, join requests and access rows, as the cluster has them now. */
export async function readMembership(client: EtcdClient, layout: TeamLayout): Promise<Membership> {
  const [members, requests, access] = await Promise.all([
    client.rangePrefix(layout.members()),
    client.rangePrefix(layout.requests()),
    client.rangePrefix(layout.accessAll()),
  ]);
  const rows = new Map<Scope, AccessRow & { revision: string }>();
  for (const kv of access.kvs) {
    const parsed = layout.parse(kv.key.toString('utf8'));
    const row = parseRow<AccessRow>(kv);
    if (parsed?.type === 'access' && row) rows.set(parsed.scope, { ...row, revision: kv.mod_revision });
  }
  return {
    members: members.kvs.flatMap((kv) => parseRow<MemberRow>(kv) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
    requests: requests.kvs.flatMap((kv) => parseRow<RequestRow>(kv) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
    access: rows,
  };
}

/** Whether a team vault exists at `layout` on this cluster. */
export async function teamExists(client: EtcdClient, layout: TeamLayout): Promise<boolean> {
  return (await client.get(layout.team())) !== undefined;
}

/**
 * Every data key wrapped to `member`, unwrapped with their identity into a key ring. A wrapped key
 * that does not open with this identity (the member's key was replaced) is skipped.
 */
export async function loadKeyRing(client: EtcdClient, layout: TeamLayout, member: string, identity: MemberIdentity): Promise<StaticKeyRing> {
  const ring = new StaticKeyRing();
  const { kvs } = await client.rangePrefix(layout.keysAll());
  await Promise.all(
    kvs.map(async (kv) => {
      const parsed = layout.parse(kv.key.toString('utf8'));
      if (parsed?.type !== 'key' || parsed.member !== member) return;
      try {
        const key = await unwrapKey(new Uint8Array(kv.value), identity.identity);
        ring.add(parsed.scope, parsed.generation, key);
        key.fill(0);
      } catch (error) {
        if (!(error instanceof CofferError && error.code === 'auth')) throw error;
      }
    }),
  );
  return ring;
}

/**
 * Creates the team vault: the team row, its first admin, the directory key (`_team`) wrapped to
 * them, and the vault's initial records — all or nothing for the rows (one transaction that
 * fails if the team exists), then the records through the repository.
 */
export async function initTeam(options: {
  client: EtcdClient;
  layout: TeamLayout;
  team: string;
  member: string;
  identity: MemberIdentity;
  initial: RecordChange[];
  now: () => Date;
}): Promise<{ handle: TeamHandle; repository: EtcdVaultRepository; etcd: RoleSync }> {
  const { client, layout, team, member, identity, now } = options;
  const at = now().toISOString();
  const teamKey = randomBytes(KEY_BYTES);
  const wrapped = await wrapKey(teamKey, [identity.recipient]);
  const response = await client.txn({
    compare: [absent(layout.team())],
    success: [
      put(layout.team(), json({ format: 1, name: team, createdAt: at, createdBy: member })),
      put(layout.member(member), json({ name: member, recipient: identity.recipient, fingerprint: identity.fingerprint, role: 'admin', addedAt: at, addedBy: member } satisfies MemberRow)),
      put(layout.access(TEAM_SCOPE), json({ generation: 1, members: [member], createdAt: at } satisfies AccessRow)),
      put(layout.key(TEAM_SCOPE, 1, member), Buffer.from(wrapped)),
    ],
  });
  if (!response.succeeded) {
    throw new CofferError('exists', `A team vault named ${team} already exists on ${client.endpoints.join(',')}.`, 'Join it with `coffer team join`, or choose another name.');
  }
  const ring = new StaticKeyRing([[TEAM_SCOPE, [[1, teamKey]]]]);
  teamKey.fill(0);
  const repository = await EtcdVaultRepository.initialize({ client, layout, keys: ring, initial: options.initial, actor: member, owner: member });
  const handle: TeamHandle = { team, client, layout, member, identity, ring, now };
  // The initial apps' environments (the shared scope's) get their first key, held by the creator.
  const scopes: Scope[] = [];
  for (const change of options.initial) {
    if (change.record?.type === 'app') for (const env of change.record.value.envs) scopes.push(envScope(change.record.value.name, env.name));
  }
  await ensureScopes(handle, scopes);
  const etcd = await syncJoinRole(client, layout, team);
  return { handle, repository, etcd };
}

/** Files a join request with this member's public key. Returns the fingerprint to read out. */
export async function joinTeam(options: { client: EtcdClient; layout: TeamLayout; team: string; member: string; identity: MemberIdentity; now: () => Date }): Promise<{ fingerprint: string; already: 'member' | 'requested' | undefined }> {
  const { client, layout, team, member, identity } = options;
  if (!(await teamExists(client, layout))) {
    throw new NotFoundError(`No team vault named ${team} on ${client.endpoints.join(',')}.`, 'Check the team name and the endpoints, or create it with `coffer team init`.');
  }
  const existing = parseRow<MemberRow>(await client.get(layout.member(member)));
  if (existing) {
    if (existing.recipient !== identity.recipient) {
      throw new RefusedError(`${member} is already a member of ${team} with another key (${existing.fingerprint}).`, 'Restore your key with `coffer team import-key`, or join under another name with --as.');
    }
    return { fingerprint: identity.fingerprint, already: 'member' };
  }
  const request: RequestRow = { name: member, recipient: identity.recipient, fingerprint: identity.fingerprint, requestedAt: options.now().toISOString() };
  const pending = parseRow<RequestRow>(await client.get(layout.request(member)));
  if (pending && pending.recipient !== identity.recipient) {
    throw new RefusedError(`A request to join ${team} as ${member} is already pending with another key (${pending.fingerprint}).`, 'Ask an admin to remove it, or join under another name with --as.');
  }
  if (pending) return { fingerprint: identity.fingerprint, already: 'requested' };
  await client.txn({ compare: [absent(layout.member(member))], success: [put(layout.request(member), json(request))] });
  return { fingerprint: identity.fingerprint, already: undefined };
}

function requireAdmin(handle: TeamHandle, membership: Membership): void {
  const me = membership.members.find((m) => m.name === handle.member);
  if (me?.role !== 'admin') {
    const admins = membership.members.filter((m) => m.role === 'admin').map((m) => m.name);
    throw new RefusedError(`Only an admin of ${handle.team} can change access; ${handle.member} is not one.`, admins.length ? `Ask ${admins.join(', ')}.` : undefined);
  }
}

/** Admins who hold `scope`'s current key: who can grant it. */
export function grantorsOf(membership: Membership, scope: Scope): string[] {
  const holders = new Set(membership.access.get(scope)?.members ?? []);
  return membership.members.filter((m) => m.role === 'admin' && holders.has(m.name)).map((m) => m.name);
}

/**
 * Makes sure every environment `scopes` names has a key: an admin creating an environment creates
 * its first key, wrapped to themself. Scopes that exist are left alone. Returns the scopes made.
 */
export async function ensureScopes(handle: TeamHandle, scopes: Scope[]): Promise<Scope[]> {
  const made: Scope[] = [];
  for (const scope of scopes) {
    if (handle.ring.current(scope)) continue;
    const existing = await handle.client.get(handle.layout.access(scope));
    if (existing) continue; // someone holds it; not us
    const key = randomBytes(KEY_BYTES);
    const wrapped = await wrapKey(key, [handle.identity.recipient]);
    const response = await handle.client.txn({
      compare: [absent(handle.layout.access(scope))],
      success: [
        put(handle.layout.access(scope), json({ generation: 1, members: [handle.member], createdAt: handle.now().toISOString() } satisfies AccessRow)),
        put(handle.layout.key(scope, 1, handle.member), Buffer.from(wrapped)),
      ],
    });
    if (response.succeeded) {
      handle.ring.add(scope, 1, key);
      made.push(scope);
    }
    key.fill(0);
  }
  return made;
}

/** This member's personal scope (their overrides): its key is made on first use, for them alone. */
export async function ensurePersonalScope(handle: TeamHandle): Promise<void> {
  await ensureScopes(handle, [personalScope(handle.member)]);
}

/**
 * Gives `target` the key of app/env (and the directory key, if they lack it). A pending join
 * request is approved by this: the requester becomes a member. `admin` makes them an admin.
 */
export async function grant(handle: TeamHandle, target: string, app: string, env: string, options: { admin?: boolean } = {}): Promise<{ fingerprint: string; approved: boolean; etcd: RoleSync }> {
  const membership = await readMembership(handle.client, handle.layout);
  requireAdmin(handle, membership);
  const member = membership.members.find((m) => m.name === target);
  const request = membership.requests.find((r) => r.name === target);
  const subject = member ?? request;
  if (!subject) {
    throw new NotFoundError(`${target} is neither a member of ${handle.team} nor asking to join.`, `They run \`coffer team join ${handle.team} --etcd …\` first.`);
  }
  if (fingerprintOf(subject.recipient) !== subject.fingerprint) {
    throw new CofferError('integrity', `The key on file for ${target} does not match its fingerprint.`, 'Ask them to join again.');
  }
  const scope = envScope(app, env);
  await ensureScopes(handle, [scope]);
  const ops: Array<ReturnType<typeof put> | ReturnType<typeof del>> = [];
  const compares = [];
  const at = handle.now().toISOString();
  for (const wanted of [TEAM_SCOPE, scope]) {
    const key = handle.ring.current(wanted);
    // A scope ensureScopes just made is not in the membership read before it.
    const row = membership.access.get(wanted) ?? (await readMembership(handle.client, handle.layout)).access.get(wanted);
    if (!key || !row) {
      const grantors = grantorsOf(membership, wanted);
      throw new RefusedError(`You do not hold the key of ${wanted === TEAM_SCOPE ? 'the team directory' : wanted}, so you cannot grant it.`, grantors.length ? `Ask ${grantors.join(', ')}.` : undefined);
    }
    if (row.generation !== key.generation) {
      throw new RefusedError(`Your key of ${wanted} is older than the current one (generation ${key.generation} of ${row.generation}).`, 'Open the vault again to load the new key, or ask an admin who holds it.');
    }
    if (row.members.includes(target) && wanted === TEAM_SCOPE) continue;
    ops.push(put(handle.layout.key(wanted, key.generation, target), Buffer.from(await wrapKey(key.key, [subject.recipient]))));
    if (!row.members.includes(target)) {
      ops.push(put(handle.layout.access(wanted), json({ generation: row.generation, members: [...row.members, target].sort(), createdAt: row.createdAt } satisfies AccessRow)));
      compares.push(unchanged(handle.layout.access(wanted), row.revision));
    }
  }
  const role: Role = options.admin ? 'admin' : (member?.role ?? 'member');
  if (!member || member.role !== role) {
    ops.push(put(handle.layout.member(target), json({ name: target, recipient: subject.recipient, fingerprint: subject.fingerprint, role, addedAt: member?.addedAt ?? at, addedBy: member?.addedBy ?? handle.member } satisfies MemberRow)));
  }
  if (request) ops.push(del(handle.layout.request(target)));
  if (ops.length > 0) {
    const response = await handle.client.txn({ compare: compares, success: ops });
    if (!response.succeeded) throw new CofferError('conflict', `Access to ${scope} changed while granting it to ${target}; nothing was changed.`, 'Run the grant again.');
  }
  const etcd = await syncMemberRole(handle.client, handle.layout, handle.team, target, () => readMembership(handle.client, handle.layout));
  return { fingerprint: subject.fingerprint, approved: request !== undefined && member === undefined, etcd };
}

/**
 * Takes app/env away from `target`: a new key generation wrapped to the remaining holders, every
 * record of the environment re-encrypted under it, the revoked member's wrapped keys of it
 * deleted, and each secret they could read tagged `exposed:<target>` so the audit flags it for
 * rotation. Returns how many secrets were tagged.
 */
export async function revoke(handle: TeamHandle, repository: EtcdVaultRepository, context: Context, target: string, app: string, env: string): Promise<{ flagged: number; generation: number; etcd: RoleSync }> {
  const membership = await readMembership(handle.client, handle.layout);
  requireAdmin(handle, membership);
  const scope = envScope(app, env);
  const row = membership.access.get(scope);
  if (!row || !row.members.includes(target)) {
    throw new NotFoundError(`${target} holds no key of ${scope}.`, '`coffer team members` lists who holds what.');
  }
  const current = handle.ring.current(scope);
  if (!current) throw new RefusedError(`You do not hold the key of ${scope}, so you cannot re-key it.`, grantorsOf(membership, scope).length ? `Ask ${grantorsOf(membership, scope).join(', ')}.` : undefined);
  const generation = row.generation + 1;
  const remaining = row.members.filter((m) => m !== target);
  const recipients = new Map(membership.members.map((m) => [m.name, m.recipient]));
  const key = randomBytes(KEY_BYTES);
  // The new key goes to the remaining holders first; the access row naming it lands with the
  // re-encryption's commit point, after which writes under the old generation are refused.
  const wraps = await Promise.all(remaining.flatMap((m) => (recipients.has(m) ? [(async () => put(handle.layout.key(scope, generation, m), Buffer.from(await wrapKey(key, [recipients.get(m)!]))))()] : [])));
  for (let i = 0; i < wraps.length; i += 100) await handle.client.txn({ compare: [], success: wraps.slice(i, i + 100) });
  await repository.reencryptScope(scope, generation, key, handle.member, { access: { generation, members: remaining, createdAt: handle.now().toISOString() } satisfies AccessRow });
  handle.ring.add(scope, generation, key);
  key.fill(0);
  // What they held of this environment, every generation: gone from the server.
  const theirs = (await handle.client.rangePrefix(handle.layout.keysOf(scope))).kvs.filter((kv) => {
    const parsed = handle.layout.parse(kv.key.toString('utf8'));
    return parsed?.type === 'key' && parsed.member === target;
  });
  for (let i = 0; i < theirs.length; i += 100) await handle.client.txn({ compare: [], success: theirs.slice(i, i + 100).map((kv) => del(kv.key.toString('utf8'))) });

  const flagged = await flagExposed(repository, context, app, env, target);
  const etcd = await syncMemberRole(handle.client, handle.layout, handle.team, target, () => readMembership(handle.client, handle.layout));
  return { flagged, generation, etcd };
}

/** Tags every secret of app/env `exposed:<member>`, in one commit. */
async function flagExposed(repository: EtcdVaultRepository, context: Context, app: string, env: string, member: string): Promise<number> {
  const tag = `exposed:${member}`;
  const loaded = await repository.load();
  const changes: RecordChange[] = [];
  const expected: Record<string, string | null> = {};
  for (const [id, entry] of loaded.records) {
    if (entry.record.type !== 'secret') continue;
    const secret = entry.record.value;
    if (secret.app !== app || secret.env !== env || secret.tags.includes(tag)) continue;
    changes.push({ id, record: { type: 'secret', value: { ...secret, tags: [...secret.tags, tag], updatedAt: context.now().toISOString() } } });
    expected[id] = entry.revision;
  }
  if (changes.length === 0) return 0;
  await repository.commit({
    changes,
    expected,
    audit: changes.map((change) => {
      const value = (change.record as { value: { app: string; env: string; key: string } }).value;
      return { action: 'secret.meta' as const, app: value.app, env: value.env, key: value.key, detail: `tagged ${tag}: ${member} lost access and could read this value` };
    }),
    actor: context.actor,
  });
  return changes.length;
}

