// Typed errors of the team store. Like the local store's, each names what happened and what to
// do, and none carries a value, a key or a passphrase: they name etcd keys, endpoints and scopes.
import { CofferError, RefusedError } from '../../domain/errors.js';
import { TamperedVaultError } from '../errors.js';
import type { Scope } from './layout.js';

/** A record at `etcdKey` does not decrypt or does not parse: it was changed, moved or relabelled. */
export class TamperedRecordError extends TamperedVaultError {
  readonly etcdKey: string;
  constructor(location: string, etcdKey: string) {
    super(
      location,
      `the contents of ${etcdKey}`,
      'Someone with write access to the etcd cluster changed, copied or relabelled this key. Restore it from an etcd snapshot and check who can write to the cluster.',
    );
    this.etcdKey = etcdKey;
  }
}

/** No member of the cluster answered: every endpoint is down, unreachable or too slow. */
export class EtcdUnreachableError extends CofferError {
  readonly endpoints: readonly string[];
  constructor(endpoints: readonly string[], down: number | undefined, detail?: string) {
    const counted = down === undefined ? '' : ` (${down} of ${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'} down)`;
    super(
      'io',
      `etcd unreachable at ${endpoints.join(', ')}${counted}${detail ? `: ${detail}` : ''}.`,
      'Check that the etcd members are running and reachable from this machine (network, firewall, VPN), and that the endpoints coffer was given are right.',
    );
    this.endpoints = endpoints;
  }
}

/** etcd refused the credentials, or this user may not touch the team's keys. */
export class EtcdAuthError extends CofferError {
  constructor(endpoints: readonly string[], what: 'credentials' | 'permission') {
    super(
      'auth',
      what === 'credentials'
        ? `etcd at ${endpoints.join(', ')} refused the user name or password.`
        : `etcd at ${endpoints.join(', ')} denied access to the team's keys.`,
      what === 'credentials'
        ? 'Check the etcd user name and password coffer was given.'
        : "Ask the cluster's administrator to grant your etcd user read and write access to the team's prefix.",
    );
  }
}

/** The TLS handshake with etcd failed: an unknown CA, a name mismatch, http spoken to https. */
export class EtcdTlsError extends CofferError {
  constructor(endpoints: readonly string[], detail: string) {
    const reason = /self[- ]signed|unable to (get|verify)|unknown (ca|authority)|certificate verify/i.test(detail)
      ? "its certificate is not signed by a CA coffer trusts"
      : /altname|hostname|subject/i.test(detail)
        ? "its certificate does not name the host coffer dialled"
        : /wrong version number|http_request|packet length/i.test(detail)
          ? 'it does not speak TLS on that port (an http:// endpoint?), or speaks it where http:// was given'
          : /certificate required|bad certificate|alert/i.test(detail)
            ? 'it wants a client certificate coffer did not present or it refused'
            : 'the TLS handshake failed';
    super(
      'io',
      `etcd at ${endpoints.join(', ')}: no secure connection — ${reason}.`,
      'Give the CA of the cluster with COFFER_ETCD_CA=FILE (and a client certificate with COFFER_ETCD_CERT and COFFER_ETCD_KEY if etcd asks for one), and check the endpoints\' scheme.',
    );
  }
}

/** etcd answered with an error coffer has no better words for (the server's text is kept). */
export class EtcdRequestError extends CofferError {
  constructor(endpoints: readonly string[], detail: string) {
    super('io', `etcd at ${endpoints.join(', ')} failed the request: ${detail}.`, 'Try again; if it keeps failing, check the etcd members\' logs.');
  }
}

/** A commit touches an environment whose data key this member does not hold. */
export class ScopeLockedError extends RefusedError {
  readonly scopes: readonly Scope[];
  constructor(scopes: readonly Scope[]) {
    const list = scopes.join(', ');
    super(
      `You do not hold the key of ${list}, so its secrets cannot be read or changed from here.`,
      'Ask a team admin to grant you access to it.',
    );
    this.scopes = scopes;
  }
}

/** The outcome of a write could not be learnt (the connection dropped and stayed down). */
export class UnknownOutcomeError extends CofferError {
  constructor(location: string, cause?: CofferError) {
    super(
      'io',
      `${location}: the connection to etcd was lost during a write, and whether it was saved is unknown${cause ? ` (${cause.message.replace(/\.$/, '')})` : ''}.`,
      'Reload once etcd is reachable again to see whether the change is there before repeating it.',
    );
  }
}

/**
 * The scope's key was replaced (a member was revoked) after this client got its keys: a write
 * sealed with the old key would be readable by whoever lost access, so nothing was saved.
 */
export class ScopeRotatedError extends RefusedError {
  readonly scope: Scope;
  readonly generation: number;
  constructor(scope: Scope, generation: number) {
    super(`The key of ${scope} was replaced (generation ${generation}) after you unlocked the team vault. Nothing was saved.`, 'Unlock the team vault again to fetch the new key, then repeat the change.');
    this.scope = scope;
    this.generation = generation;
  }
}
