// Why a team command cannot run right now: without a team vault, for a member who is not an
// admin, or with the wrong row under the cursor. Same role as disabled.ts, for team features.
import { environmentScopes, rowUnderCursor } from '../state/commands/members.js';
import type { DisabledPredicate } from './disabled.js';

export const NO_TEAM = 'this is a local vault (team features need a team vault)';

export const membersDisabled: DisabledPredicate = ({ state }) => (state.team ? undefined : NO_TEAM);

function adminRow(kind: 'request' | 'member'): DisabledPredicate {
  return ({ state }) => {
    if (!state.team) return NO_TEAM;
    if (!state.team.isAdmin) return 'only admins change access';
    if (state.mode.type !== 'members') return undefined;
    if (!state.mode.members) return 'still reading the members';
    const row = rowUnderCursor(state.mode);
    if (row?.kind !== kind) return kind === 'request' ? 'select a join request' : 'select a member';
    return undefined;
  };
}

export const approveDisabled = adminRow('request');
export const grantDisabled = adminRow('member');

/** A: grant and make admin — a member who is not one yet, or a join request. */
export const grantAdminDisabled: DisabledPredicate = ({ state }) => {
  if (!state.team) return NO_TEAM;
  if (!state.team.isAdmin) return 'only admins change access';
  if (state.mode.type !== 'members') return undefined;
  if (!state.mode.members) return 'still reading the members';
  const row = rowUnderCursor(state.mode);
  if (!row) return 'select a member or a join request';
  if (row.kind === 'member' && row.member.role === 'admin') return `${row.member.name} is already an admin (+ grants an environment)`;
  return undefined;
};

export const revokeDisabled: DisabledPredicate = (c) => {
  const reason = adminRow('member')(c);
  if (reason) return reason;
  const { mode } = c.state;
  const row = mode.type === 'members' ? rowUnderCursor(mode) : undefined;
  if (row?.kind !== 'member') return undefined;
  if (row.member.you) return 'you cannot revoke your own access';
  if (environmentScopes(row.member.access).length === 0) return `${row.member.name} holds no environment`;
  return undefined;
};
