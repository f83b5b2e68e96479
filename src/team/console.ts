// The TUI's TeamConsole port (src/ui/team/port.ts) over an opened team vault: membership rows
// read from etcd, grant and revoke through membership.ts, locked environments and personal
// overrides from the repository, the connection state from its monitor. Answers the synchronous
// reads from what it last loaded and re-reads when the repository says team rows changed.
import type { Context } from '../domain/ports.js';
import { envScope } from '../store/etcd/index.js';
import type { ConnectionState, JoinRequestView, LockedEnvironment, PersonalOverride, TeamConsole, TeamMemberView } from '../ui/team/port.js';
import type { RoleSync } from './etcd-roles.js';
import { grant, grantorsOf, readMembership, revoke } from './membership.js';
import type { Membership } from './membership.js';
import type { TeamVaultOpener } from './opener.js';

export class OpenedTeamConsole implements TeamConsole {
  #membership: Membership | undefined;
  #personal: ReadonlyMap<string, PersonalOverride> = new Map();
  #listeners = new Set<() => void>();
  #unwatch: (() => void) | undefined;

  constructor(
    private readonly opener: TeamVaultOpener,
    private readonly context: Context,
  ) {}

  get team(): string {
    return this.opener.entry.name;
  }

  get member(): string {
    return this.opener.entry.member;
  }

  get isAdmin(): boolean {
    return this.opener.admin;
  }

  private opened() {
    const { handle, repository } = this.opener;
    if (!handle || !repository) throw new Error('the team console is used before the vault is open');
    return { handle, repository };
  }

  /** Reads membership and personal overrides; starts listening for changes to them. */
  async refresh(): Promise<void> {
    const { handle, repository } = this.opened();
    const [membership, personal] = await Promise.all([readMembership(handle.client, handle.layout), repository.readPersonal(handle.member)]);
    this.#membership = membership;
    this.#personal = personal;
    this.opener.admin = membership.members.find((m) => m.name === handle.member)?.role === 'admin';
    this.#unwatch ??= repository.onTeamRowsChange(() => {
      void this.refresh()
        .then(() => {
          for (const listener of this.#listeners) listener();
        })
        .catch(() => undefined);
    });
  }

  async members(): Promise<{ members: TeamMemberView[]; requests: JoinRequestView[] }> {
    await this.refresh();
    const membership = this.#membership!;
    return {
      members: membership.members.map((m) => ({
        name: m.name,
        role: m.role,
        fingerprint: m.fingerprint,
        access: [...membership.access].filter(([, row]) => row.members.includes(m.name)).map(([scope]) => scope).sort(),
        you: m.name === this.member,
      })),
      requests: membership.requests.map((r) => ({ name: r.name, fingerprint: r.fingerprint, requestedAt: r.requestedAt })),
    };
  }

  async grant(member: string, app: string, env: string, options: { admin?: boolean } = {}): Promise<{ fingerprint: string; serverNote?: string }> {
    const { handle } = this.opened();
    const result = await grant(handle, member, app, env, options);
    await this.refresh();
    const serverNote = roleNote(result.etcd);
    return { fingerprint: result.fingerprint, ...(serverNote && { serverNote }) };
  }

  async revoke(member: string, app: string, env: string): Promise<{ flagged: number; serverNote?: string }> {
    const { handle, repository } = this.opened();
    const result = await revoke(handle, repository, this.context, member, app, env);
    await this.refresh();
    const serverNote = roleNote(result.etcd);
    return { flagged: result.flagged, ...(serverNote && { serverNote }) };
  }

  locked(): LockedEnvironment[] {
    const repository = this.opener.repository;
    if (!repository) return [];
    return repository.lockedScopes().map(({ app, env }) => ({ app, env, grantors: this.#membership ? grantorsOf(this.#membership, envScope(app, env)) : [] }));
  }

  personal(): ReadonlyMap<string, PersonalOverride> {
    return this.#personal;
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    const repository = this.opener.repository;
    if (!repository) return () => undefined;
    const report = (state: { state: ConnectionState['state']; down: number; endpoints: number }) => listener({ state: state.state, down: state.down, endpoints: state.endpoints });
    queueMicrotask(() => report(repository.connectionState()));
    return repository.onConnectionState(report);
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#listeners.clear();
  }
}

/** One line for the TUI's toast when etcd's role could not be kept in step (the CLI says more). */
function roleNote(sync: RoleSync): string | undefined {
  switch (sync.state) {
    case 'not-allowed':
      return `etcd role ${sync.role} unchanged: your etcd user may not manage roles (\`coffer team grant\` prints the etcdctl commands).`;
    case 'failed':
      return `etcd role ${sync.role} not updated: ${sync.message}`;
    case 'synced':
      return sync.userMissing ? `etcd has no user ${sync.user} for role ${sync.role}.` : undefined;
    default:
      return undefined;
  }
}
