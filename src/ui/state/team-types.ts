// The TUI's view of a team vault (see ../team/port.ts): who this is, the cluster's connection,
// the environments it holds no key for, its personal overrides, and the `:members` view with the
// grants and revocations it asks the team console for. All of it is data in UiState, changed only
// by the reducer; the console is called by effects.
import type { ConnectionState, JoinRequestView, LockedEnvironment, PersonalOverride, TeamMemberView } from '../team/port.js';
import type { ListView } from './types.js';

export interface TeamState {
  team: string;
  member: string;
  isAdmin: boolean;
  /** Unknown until the console first reports it. */
  connection?: ConnectionState;
  locked: readonly LockedEnvironment[];
  /** By secretId. */
  personal: ReadonlyMap<string, PersonalOverride>;
}

/** A change of access, confirmed by the operator, then run through the team console. */
export type TeamOp =
  | {
      kind: 'grant';
      member: string;
      app: string;
      env: string;
      fingerprint: string;
      /** A join request being approved. */
      approve: boolean;
      /** Make them an admin as well. */
      admin: boolean;
    }
  | { kind: 'revoke'; member: string; app: string; env: string };

export function isTeamOp(op: { kind: string }): op is TeamOp {
  return op.kind === 'grant' || op.kind === 'revoke';
}

export type MemberAction = 'approve' | 'grant' | 'grant-admin' | 'revoke';

/** One row of the members view: pending requests first, then the members. */
export type MemberRow = { kind: 'request'; request: JoinRequestView } | { kind: 'member'; member: TeamMemberView };

export interface MembersMode {
  type: 'members';
  /** Matches the load that was asked for, so a late answer for an older one is ignored. */
  token: number;
  members?: TeamMemberView[];
  requests?: JoinRequestView[];
  list: ListView;
  /** Picking the environment to approve, grant or revoke for the member under the cursor. */
  choosing?: { action: MemberAction; member: string; fingerprint: string; /** the row is a join request */ request: boolean };
}
