// An in-memory TeamConsole for the TUI's tests: members, requests and access held in plain
// objects, grant and revoke changing them (or failing, or never answering, when told to), and the
// connection state pushed by the test.
import { CofferError } from '../../src/domain/index.js';
import type {
  ConnectionState,
  JoinRequestView,
  LockedEnvironment,
  PersonalOverride,
  TeamConsole,
  TeamMemberView,
} from '../../src/ui/team/port.js';

export class FakeTeamConsole implements TeamConsole {
  readonly team = 'acme';
  members_: TeamMemberView[] = [
    { name: 'alice', role: 'admin', fingerprint: 'a1a1-a1a1-a1a1', access: ['_team', 'api/production', 'api/staging'], you: true },
    { name: 'bob', role: 'member', fingerprint: 'b2b2-b2b2-b2b2', access: ['_team', 'api/production'], you: false },
  ];
  requests_: JoinRequestView[] = [{ name: 'carol', fingerprint: 'c3c3-c3c3-c3c3', requestedAt: '2026-03-01T10:00:00.000Z' }];
  lockedEnvs: LockedEnvironment[] = [];
  personalValues = new Map<string, PersonalOverride>();
  calls: string[] = [];
  /** The next call of this name rejects with the error, or never settles. */
  failNext = new Map<string, CofferError | 'hang'>();
  private connectionListeners = new Set<(state: ConnectionState) => void>();
  private changeListeners = new Set<() => void>();

  constructor(readonly member = 'alice', readonly isAdmin = true) {}

  private outcome<T>(name: string, work: () => T): Promise<T> {
    this.calls.push(name);
    const failure = this.failNext.get(name);
    this.failNext.delete(name);
    if (failure === 'hang') return new Promise<T>(() => undefined);
    if (failure) return Promise.reject(failure);
    return Promise.resolve().then(work);
  }

  members() {
    return this.outcome('members', () => ({ members: this.members_.map((m) => ({ ...m, access: [...m.access] })), requests: [...this.requests_] }));
  }

  grant(member: string, app: string, env: string, options?: { admin?: boolean }) {
    return this.outcome(`grant ${member} ${app}/${env}${options?.admin ? ' as admin' : ''}`, () => {
      const request = this.requests_.find((r) => r.name === member);
      if (request) {
        this.requests_ = this.requests_.filter((r) => r !== request);
        this.members_.push({ name: member, role: 'member', fingerprint: request.fingerprint, access: ['_team'], you: false });
      }
      const target = this.members_.find((m) => m.name === member);
      if (!target) throw new CofferError('not-found', `${member} is not a member of acme.`);
      target.access.push(`${app}/${env}`);
      if (options?.admin) target.role = 'admin';
      this.emitChange();
      return { fingerprint: target.fingerprint };
    });
  }

  revoke(member: string, app: string, env: string) {
    return this.outcome(`revoke ${member} ${app}/${env}`, () => {
      const target = this.members_.find((m) => m.name === member);
      if (!target) throw new CofferError('not-found', `${member} is not a member of acme.`);
      target.access = target.access.filter((scope) => scope !== `${app}/${env}`);
      this.emitChange();
      return { flagged: 2 };
    });
  }

  locked() {
    return this.lockedEnvs;
  }

  personal() {
    return this.personalValues;
  }

  onConnection(listener: (state: ConnectionState) => void) {
    this.connectionListeners.add(listener);
    return () => void this.connectionListeners.delete(listener);
  }

  onChange(listener: () => void) {
    this.changeListeners.add(listener);
    return () => void this.changeListeners.delete(listener);
  }

  setConnection(state: ConnectionState): void {
    for (const listener of this.connectionListeners) listener(state);
  }

  emitChange(): void {
    for (const listener of this.changeListeners) listener();
  }
}
