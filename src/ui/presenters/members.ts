// The members view's rows: pending join requests first (to approve), then members with their
// role, key fingerprint and the environments they hold. Names go through the sanitiser: they come
// from the cluster, like any other input.
import type { MemberRow } from '../state/team-types.js';
import { environmentScopes } from '../state/commands/members.js';
import { longAge } from './format.js';
import { sanitise } from './sanitise.js';
import { fitText } from './width.js';

export const MEMBER_NAME_WIDTH = 16;

export function memberRowText(row: MemberRow, now: Date): { text: string; tone?: 'warning' | 'muted' } {
  if (row.kind === 'request') {
    const r = row.request;
    return { text: `${fitText(sanitise(r.name), MEMBER_NAME_WIDTH)} request  ${r.fingerprint}  asked ${longAge(r.requestedAt, now)} · a approves`, tone: 'warning' };
  }
  const m = row.member;
  const envs = accessText(environmentScopes(m.access));
  const name = `${sanitise(m.name)}${m.you ? ' (you)' : ''}`;
  return { text: `${fitText(name, MEMBER_NAME_WIDTH)} ${m.role.padEnd(7)}  ${m.fingerprint}  ${envs || 'no environment yet'}` };
}

/** `billing-api: development production · web: staging`: grouped by app, so more fits on a row. */
export function accessText(scopes: readonly string[]): string {
  const byApp = new Map<string, string[]>();
  for (const scope of [...scopes].sort()) {
    const [app = '', env = ''] = scope.split('/');
    const envs = byApp.get(app);
    if (envs) envs.push(env);
    else byApp.set(app, [env]);
  }
  return [...byApp].map(([app, envs]) => `${sanitise(app)}: ${envs.map((e) => sanitise(e)).join(' ')}`).join(' · ');
}

/** Everything about the row under the cursor, for the lines under the list (rows cut it short). */
export function memberDetail(row: MemberRow | undefined, now: Date): string {
  if (!row) return '';
  if (row.kind === 'request') {
    const r = row.request;
    return `${sanitise(r.name)} asked to join ${longAge(r.requestedAt, now)}, key ${r.fingerprint}: check it with them, then a approves (A as an admin).`;
  }
  const m = row.member;
  const envs = accessText(environmentScopes(m.access));
  return `${sanitise(m.name)} · ${m.role} · key ${m.fingerprint} · ${envs || 'no environment yet'}`;
}

export function membersTitle(team: string, memberCount: number | undefined, requestCount: number | undefined): string {
  if (memberCount === undefined) return `Members of ${sanitise(team)}`;
  const requests = requestCount ? ` · ${requestCount} pending request${requestCount === 1 ? '' : 's'}` : '';
  return `Members of ${sanitise(team)} · ${memberCount} member${memberCount === 1 ? '' : 's'}${requests}`;
}
