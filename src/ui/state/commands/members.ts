// :members — the team's members (role, key fingerprint, access) and pending join requests. An
// admin approves a request or grants a member an environment (the confirmation shows the key
// fingerprint to check with them), or revokes one (typed name in a protected environment). Every
// change goes through the team console as an effect; its answer or error comes back as an action.
import { isProtected } from '../../../domain/index.js';
import { Command } from '../../keymap/commands.js';
import type { JoinRequestView, TeamMemberView } from '../../team/port.js';
import type { Effect, Update } from '../actions.js';
import { allApps } from '../selectors.js';
import type { MemberAction, MemberRow, MembersMode, TeamOp } from '../team-types.js';
import { toast } from '../toast.js';
import type { ConfirmMode, ListView, TypedConfirmMode, UiState } from '../types.js';
import { listViewRows } from '../view-layout.js';
import type { Step } from '../view-nav.js';
import { placeCursor } from '../window.js';
import type { CommandHandlers } from './types.js';

const topOfList = (): ListView => ({ cursor: 0, top: 0, filter: '' });

export function openMembers(state: UiState): Update {
  const token = state.serial + 1;
  const mode: MembersMode = { type: 'members', token, list: topOfList() };
  return [{ ...state, serial: token, mode }, [{ type: 'load-members', token }]];
}

/** Reads the members again (after a change, or on r), keeping the cursor on the same name. */
export function reloadMembers(state: UiState, mode: MembersMode): Update {
  const token = state.serial + 1;
  const { choosing: _closed, ...rest } = mode;
  return [{ ...state, serial: token, mode: { ...rest, token } }, [{ type: 'load-members', token }]];
}

export function memberRows(mode: MembersMode): MemberRow[] {
  return [
    ...(mode.requests ?? []).map((request): MemberRow => ({ kind: 'request', request })),
    ...(mode.members ?? []).map((member): MemberRow => ({ kind: 'member', member })),
  ];
}

function rowName(row: MemberRow | undefined): string | undefined {
  return row?.kind === 'request' ? row.request.name : row?.member.name;
}

export function rowUnderCursor(mode: MembersMode): MemberRow | undefined {
  return memberRows(mode)[mode.list.cursor];
}

export function moveInMembers(state: UiState, mode: MembersMode, step: Step): UiState {
  const length = memberRows(mode).length;
  const page = membersPage(state);
  return { ...state, mode: { ...mode, list: placeCursor(mode.list, step(mode.list.cursor, length, page), length, page) } };
}

/** Lines under the list for everything about the row under the cursor (its access can be long). */
export const MEMBER_DETAIL_ROWS = 2;

/** Rows the members view lists at once: its frame less the title, the column headings and the detail lines. */
export function membersPage(state: UiState): number {
  return Math.max(1, listViewRows(state.viewport) - MEMBER_DETAIL_ROWS);
}

export function onMembersLoaded(state: UiState, token: number, members: TeamMemberView[], requests: JoinRequestView[]): Update {
  const { mode } = state;
  if (mode.type !== 'members' || mode.token !== token) return [state, []];
  const before = rowName(rowUnderCursor(mode));
  const next: MembersMode = { ...mode, members, requests };
  const rows = memberRows(next);
  const found = rows.findIndex((row) => rowName(row) === before);
  const cursor = found >= 0 ? found : Math.min(mode.list.cursor, Math.max(0, rows.length - 1));
  const page = membersPage(state);
  return [{ ...state, mode: { ...next, list: placeCursor(next.list, cursor, rows.length, page) } }, []];
}

export function onMembersFailed(state: UiState, token: number, message: string): Update {
  const { mode } = state;
  if (mode.type !== 'members' || mode.token !== token) return [state, []];
  return toast({ ...state, mode: { ...mode, members: mode.members ?? [], requests: mode.requests ?? [] } }, message, 'error');
}

/** Scopes that are environments (`app/env`), leaving out the team's own (`_team`, `_personal/…`). */
export function environmentScopes(access: readonly string[]): string[] {
  return access.filter((scope) => !scope.startsWith('_') && scope.includes('/'));
}

/** The environments the picker offers for the action: what they lack (and this member holds), or what they have. */
export function targetChoices(state: UiState, mode: MembersMode): { label: string; value: string }[] {
  const choosing = mode.choosing;
  if (!choosing) return [];
  const member = mode.members?.find((m) => m.name === choosing.member);
  const has = new Set(member ? environmentScopes(member.access) : []);
  if (choosing.action === 'revoke') {
    return [...has].sort().map((scope) => ({ label: scope, value: scope }));
  }
  const locked = new Set((state.team?.locked ?? []).map((l) => `${l.app}/${l.env}`));
  return allApps(state.vault).flatMap((app) =>
    app.envs
      .map((env) => `${app.name}/${env.name}`)
      .filter((scope) => !has.has(scope) && !locked.has(scope))
      .map((scope) => ({ label: `${scope}${isProtected(state.vault, ...(scope.split('/') as [string, string])) ? ' ◆' : ''}`, value: scope })),
  );
}

function startChoosing(action: MemberAction) {
  return (state: UiState): Update => {
    if (state.mode.type !== 'members') return [state, []];
    const row = rowUnderCursor(state.mode);
    if (!row) return [state, []];
    const name = row.kind === 'request' ? row.request.name : row.member.name;
    const fingerprint = row.kind === 'request' ? row.request.fingerprint : row.member.fingerprint;
    return [{ ...state, mode: { ...state.mode, choosing: { action, member: name, fingerprint, request: row.kind === 'request' } } }, []];
  };
}

/** The environment was chosen: ask once — y/N, or the member's name typed in a protected environment. */
export function chooseTarget(state: UiState, mode: MembersMode, scope: string): Update {
  const { choosing, ...rest } = mode;
  const members: MembersMode = rest;
  if (!choosing) return [state, []];
  const [app = '', env = ''] = scope.split('/');
  const { action, member, fingerprint, request } = choosing;
  const op: TeamOp =
    action === 'revoke'
      ? { kind: 'revoke', member, app, env }
      : { kind: 'grant', member, app, env, fingerprint, approve: request, admin: action === 'grant-admin' };
  const title = {
    revoke: `Revoke ${member}'s access to ${scope}?`,
    approve: `Approve ${member} with access to ${scope}?`,
    grant: `Grant ${member} access to ${scope}?`,
    'grant-admin': `Make ${member} an admin, with access to ${scope}?`,
  }[action];
  const lines =
    action === 'revoke'
      ? [
          `${scope} gets a new key that ${member} does not hold; its values are re-encrypted.`,
          `Every value ${member} could read there is flagged for rotation.`,
        ]
      : [
          `${member}'s key fingerprint: ${fingerprint}`,
          `Check it with ${member} through another channel: ${scope}'s key is wrapped to that key.`,
          ...(action === 'grant-admin' ? [`As an admin, ${member} can grant and revoke access for everyone.`] : []),
        ];
  if (isProtected(state.vault, app, env)) {
    lines.push(`${env} is a protected environment.`);
    const typed: TypedConfirmMode = { type: 'confirm-typed', title, lines, expected: member, typed: '', op, back: members, next: members };
    return [{ ...state, mode: typed }, []];
  }
  const confirm: ConfirmMode = { type: 'confirm', title, lines, op, danger: action === 'revoke' || action === 'grant-admin', back: members, next: members };
  return [{ ...state, mode: confirm }, []];
}

/** A confirmed change of access: runs through the team console. */
export function startTeamOp(state: UiState, op: TeamOp): Update {
  const doing =
    op.kind === 'revoke' ? `Revoking ${op.member}'s access to ${op.app}/${op.env}…` : `Granting ${op.member} ${op.app}/${op.env}${op.admin ? ' as an admin' : ''}…`;
  const effect: Effect = { type: 'team', op };
  const [next, effects] = toast(state, doing, 'info');
  return [next, [...effects, effect]];
}

export function teamDoneMessage(op: TeamOp, result: { fingerprint?: string; flagged?: number; serverNote?: string }): string {
  const scope = `${op.app}/${op.env}`;
  const note = result.serverNote ? ` ${result.serverNote}` : '';
  if (op.kind === 'revoke') {
    const flagged = result.flagged ?? 0;
    return `Revoked ${op.member} from ${scope}: new key; ${flagged} value${flagged === 1 ? '' : 's'} flagged for rotation.${note}`;
  }
  const print = result.fingerprint ? ` (key ${result.fingerprint})` : '';
  const admin = op.admin ? ' as an admin' : '';
  return (op.approve ? `Approved ${op.member}${admin}${print}: they can read ${scope}.` : `Granted ${op.member} ${scope}${admin}${print}.`) + note;
}

export function onTeamDone(state: UiState, message: string): Update {
  const [next, effects] = toast(state, message, 'success');
  if (next.mode.type !== 'members') return [next, effects];
  const [reloaded, more] = reloadMembers(next, next.mode);
  return [reloaded, [...effects, ...more]];
}

function withMembers(handler: (state: UiState, mode: MembersMode) => Update) {
  return (state: UiState): Update => (state.mode.type === 'members' ? handler(state, state.mode) : [state, []]);
}

export const memberHandlers: CommandHandlers = {
  [Command.Members]: (s) => openMembers({ ...s, mode: { type: 'browse' } }),
  [Command.MembersApprove]: startChoosing('approve'),
  [Command.MembersGrant]: startChoosing('grant'),
  [Command.MembersGrantAdmin]: startChoosing('grant-admin'),
  [Command.MembersRevoke]: startChoosing('revoke'),
  [Command.MembersReload]: withMembers(reloadMembers),
  [Command.MembersClose]: (s) => [{ ...s, mode: { type: 'browse' } }, []],
};
