// The port the TUI receives for team vaults: who is in the team, who asks to join, who may read
// which environment, personal overrides and the cluster's connection state. The team code
// implements it (src/team/console.ts) over the etcd repository; the UI only ever sees this
// interface, and without one (a local vault) every team feature is absent, with a reason.
//
// Every method that talks to the cluster returns a promise bounded by the implementation's call
// deadline: it rejects with a CofferError (code 'io' when the cluster is unreachable, 'auth'
// or 'refused' when the member may not do it) and never hangs. The synchronous reads answer
// from what the console last loaded or watched.

/** One member of the team, as the `:members` view lists it. */
export interface TeamMemberView {
  name: string;
  role: 'admin' | 'member';
  /** The member's key fingerprint, `xxxx-xxxx-xxxx` (see src/store/etcd/README.md). */
  fingerprint: string;
  /** Scopes the member holds a key for: `<app>/<env>` (and `_team` for the directory). */
  access: string[];
  /** The member this console acts as. */
  you: boolean;
}

/** Someone who asked to join and waits for an admin to grant them an environment. */
export interface JoinRequestView {
  name: string;
  fingerprint: string;
  /** ISO time. */
  requestedAt: string;
}

/** How much of the cluster this console can reach. */
export interface ConnectionState {
  state: 'online' | 'degraded' | 'offline';
  /** Endpoints that do not answer. */
  down: number;
  /** Endpoints configured. */
  endpoints: number;
}

/** An environment whose key this member does not hold: shown locked, its values never fetched. */
export interface LockedEnvironment {
  app: string;
  env: string;
  /** Members who hold its key and are admins, so can grant it. */
  grantors: string[];
}

/** A value encrypted to this member only, used over the shared one. */
export interface PersonalOverride {
  value: string;
  /** ISO time. */
  updatedAt: string;
}

export interface TeamConsole {
  readonly team: string;
  /** The member this console acts as. */
  readonly member: string;
  readonly isAdmin: boolean;
  members(): Promise<{ members: TeamMemberView[]; requests: JoinRequestView[] }>;
  /**
   * Gives `member` the key of app/env (wrapping it to their recipient). For a pending join
   * request this is the approval: the request is removed and the requester becomes a member.
   * `admin` makes them an admin as well. `serverNote`: what the server's own access control
   * still needs (etcd roles this user may not change), when there is something to say.
   */
  grant(member: string, app: string, env: string, options?: { admin?: boolean }): Promise<{ fingerprint: string; serverNote?: string }>;
  /**
   * Takes app/env away from `member`: a new environment key for the others, and every value they
   * could read flagged for rotation (`flagged` of them).
   */
  revoke(member: string, app: string, env: string): Promise<{ flagged: number; serverNote?: string }>;
  /** Environments this member has no key for. */
  locked(): LockedEnvironment[];
  /** This member's personal overrides, by secretId(app, env, key) (src/domain/ids.ts). */
  personal(): ReadonlyMap<string, PersonalOverride>;
  /** Reports connection changes (and the current state once, soon after subscribing). */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /**
   * Optional: reports that members, requests, access or personal overrides changed (another
   * admin granted, someone asked to join), so the UI re-reads them. Returns an unsubscribe.
   */
  onChange?(listener: () => void): () => void;
}
