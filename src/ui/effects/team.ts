// The team console's calls for the members view. Each is bounded here as well as by the console's
// own deadline: a console that never answers still ends in a message in the status line, not a
// view that waits forever.
import { CofferError } from '../../domain/index.js';
import type { Clock } from '../clock.js';
import type { Dispatch } from '../hooks/use-ui-store.js';
import { teamDoneMessage } from '../state/commands/members.js';
import type { TeamOp } from '../state/team-types.js';
import type { TeamConsole } from '../team/port.js';
import { withDeadline } from './deadline.js';

export const TEAM_CALL_MS = 15_000;
/** A revocation re-encrypts a whole environment (a large commit): it gets longer. */
export const REVOKE_CALL_MS = 120_000;

export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof CofferError) return error.hint ? `${error.message} ${error.hint}` : error.message;
  return `${fallback}: ${error instanceof Error ? error.message : String(error)}`;
}

export function runLoadMembers(token: number, team: TeamConsole, clock: Clock, dispatch: Dispatch): void {
  withDeadline(team.members(), TEAM_CALL_MS, clock, 'Reading the members').then(
    ({ members, requests }) => dispatch({ type: 'members-loaded', token, members, requests }),
    (error: unknown) => dispatch({ type: 'members-failed', token, message: errorMessage(error, 'Could not read the members') }),
  );
}

export function runTeamOp(op: TeamOp, team: TeamConsole, clock: Clock, dispatch: Dispatch, afterwards: () => void): void {
  const what = op.kind === 'revoke' ? `Revoking ${op.member} from ${op.app}/${op.env}` : `Granting ${op.member} ${op.app}/${op.env}`;
  const call =
    op.kind === 'revoke'
      ? team.revoke(op.member, op.app, op.env).then((r) => teamDoneMessage(op, r))
      : team.grant(op.member, op.app, op.env, ...(op.admin ? [{ admin: true }] : [])).then((r) => teamDoneMessage(op, r));
  withDeadline(call, op.kind === 'revoke' ? REVOKE_CALL_MS : TEAM_CALL_MS, clock, what).then(
    (message) => {
      dispatch({ type: 'team-done', op, message });
      afterwards();
    },
    (error: unknown) => dispatch({ type: 'team-failed', op, message: errorMessage(error, `${what} failed`) }),
  );
}
