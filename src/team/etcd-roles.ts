// etcd's own access control, kept in step with the keys: when the cluster has authentication on,
// each member's etcd user gets a role `coffer-<team>-<member>` whose write permissions cover
// exactly the environments whose data key they hold (plus the team-wide keys every commit
// touches), so that the server refuses what the member could not have encrypted anyway. Admins
// get the whole prefix. New users file their join request under a shared role,
// `coffer-<team>-join`: read the prefix, write requests/ only.
//
// Managing roles is etcd's root privilege. An admin whose etcd user is not root gets the
// etcdctl commands that would do the same, instead of a change.
import type { EtcdClient } from '../store/etcd/index.js';
import { EtcdAuthError } from '../store/etcd/index.js';
import type { TeamLayout } from '../store/etcd/index.js';
import { parseScope, personalScope, prefixEnd } from '../store/etcd/index.js';
import type { Membership } from './membership.js';

export type PermissionType = 'Read' | 'Write' | 'Readwrite';

/** One permission: a key, or every key under a prefix. */
export interface EtcdPermission {
  type: PermissionType;
  key: string;
  prefix: boolean;
}

export type RoleSync =
  /** The connection has no etcd user: authentication is off, nothing to keep in step. */
  | { state: 'off' }
  | { state: 'synced'; role: string; user: string; granted: number; revoked: number; userMissing: boolean }
  /** This etcd user may not manage roles: the commands an etcd root would run. */
  | { state: 'not-allowed'; role: string; commands: string[] }
  /** The cluster failed the change (the key change it follows stands). */
  | { state: 'failed'; role: string; message: string };

export function memberRoleName(team: string, member: string): string {
  return `coffer-${team}-${member}`;
}

export function joinRoleName(team: string): string {
  return `coffer-${team}-join`;
}

/** What `member`'s role should allow, given who holds which key now. */
export function memberPermissions(layout: TeamLayout, member: string, membership: Membership): EtcdPermission[] {
  const row = membership.members.find((m) => m.name === member);
  if (row?.role === 'admin') return [{ type: 'Readwrite', key: layout.prefix, prefix: true }];
  const personal = personalScope(member);
  const permissions: EtcdPermission[] = [
    { type: 'Read', key: layout.prefix, prefix: true },
    // Every commit appends to the audit log and may run as a large (intent) commit.
    { type: 'Readwrite', key: layout.auditLog(), prefix: true },
    { type: 'Readwrite', key: layout.auditHead(), prefix: false },
    { type: 'Readwrite', key: layout.intent(), prefix: false },
    { type: 'Readwrite', key: layout.intentsAll(), prefix: true },
    // Their own join request, personal overrides and the personal scope's key.
    { type: 'Readwrite', key: layout.request(member), prefix: false },
    { type: 'Readwrite', key: layout.personalOf(member), prefix: true },
    { type: 'Readwrite', key: layout.access(personal), prefix: false },
    { type: 'Readwrite', key: layout.keysOf(personal), prefix: true },
  ];
  if (row) {
    for (const [scope, access] of [...membership.access].sort(([a], [b]) => a.localeCompare(b))) {
      const parsed = parseScope(scope);
      if (parsed?.type !== 'env' || !access.members.includes(member)) continue;
      for (const key of [layout.heads(parsed.app, parsed.env), layout.versions(parsed.app, parsed.env), layout.chunks(parsed.app, parsed.env)]) {
        permissions.push({ type: 'Readwrite', key, prefix: true });
      }
    }
  }
  return permissions;
}

/** The join role: read the team's prefix, file a request. */
export function joinPermissions(layout: TeamLayout): EtcdPermission[] {
  return [
    { type: 'Read', key: layout.prefix, prefix: true },
    { type: 'Readwrite', key: layout.requests(), prefix: true },
  ];
}

/**
 * Makes `member`'s role match their keys, and gives it to their etcd user (of the same name).
 * `membership` is read only when authentication is on.
 */
export async function syncMemberRole(client: EtcdClient, layout: TeamLayout, team: string, member: string, membership: () => Promise<Membership>): Promise<RoleSync> {
  if (client.authUser === undefined) return { state: 'off' };
  return syncRole(client, memberRoleName(team, member), memberPermissions(layout, member, await membership()), member);
}

/** Creates (or corrects) the join role; no user is given it here. */
export function syncJoinRole(client: EtcdClient, layout: TeamLayout, team: string): Promise<RoleSync> {
  return syncRole(client, joinRoleName(team), joinPermissions(layout), undefined);
}

async function syncRole(client: EtcdClient, role: string, wanted: EtcdPermission[], user: string | undefined): Promise<RoleSync> {
  if (client.authUser === undefined) return { state: 'off' };
  try {
    return await client.call(`role ${role}`, async (etcd) => {
      try {
        await etcd.role(role).create();
      } catch (error) {
        if (errorName(error) !== 'EtcdRoleExistsError') throw error;
      }
      const have = await etcd.role(role).permissions();
      const wantedIds = new Set(wanted.map(permissionId));
      const haveIds = new Set<string>();
      let revoked = 0;
      for (const p of have) {
        const type = normalType(String(p.permission));
        const key = p.range.start.toString('utf8');
        const single = p.range.end.length === 0;
        const prefix = !single && Buffer.compare(p.range.end, prefixEnd(key)) === 0;
        const id = permissionId({ type, key, prefix });
        // A single-key permission has an empty range end; anything else is not one coffer made.
        if (wantedIds.has(id) && (prefix || single)) {
          haveIds.add(id);
          continue;
        }
        await etcd.role(role).revoke({ permission: type, range: p.range });
        revoked += 1;
      }
      let granted = 0;
      for (const p of wanted) {
        if (haveIds.has(permissionId(p))) continue;
        const start = Buffer.from(p.key, 'utf8');
        const range = { start, end: p.prefix ? prefixEnd(p.key) : Buffer.alloc(0) };
        await etcd.role(role).grant({ permission: p.type, range: range as never });
        granted += 1;
      }
      let userMissing = false;
      if (user !== undefined) {
        try {
          await etcd.user(user).addRole(role);
        } catch (error) {
          if (errorName(error) !== 'EtcdUserNotFoundError') throw error;
          userMissing = true;
        }
      }
      return { state: 'synced', role, user: user ?? '', granted, revoked, userMissing } as const;
    });
  } catch (error) {
    if (error instanceof EtcdAuthError) return { state: 'not-allowed', role, commands: etcdctlCommands(client, role, wanted, user) };
    return { state: 'failed', role, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The same change as etcdctl commands, for an etcd root to run. */
export function etcdctlCommands(client: EtcdClient, role: string, wanted: EtcdPermission[], user: string | undefined): string[] {
  const e = `etcdctl --endpoints ${client.endpoints.join(',')} --user root`;
  return [
    `${e} role add ${role}`,
    ...wanted.map((p) => `${e} role grant-permission ${role}${p.prefix ? ' --prefix=true' : ''} ${p.type.toLowerCase()} ${p.key}`),
    ...(user !== undefined ? [`${e} user grant-role ${user} ${role}`] : []),
  ];
}

function permissionId(p: EtcdPermission): string {
  return `${p.type}\0${p.prefix ? 'prefix' : 'key'}\0${p.key}`;
}

function normalType(type: string): PermissionType {
  const lower = type.toLowerCase();
  return lower === 'read' || lower === '0' ? 'Read' : lower === 'write' || lower === '1' ? 'Write' : 'Readwrite';
}

function errorName(error: unknown): string {
  return (error as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
}
