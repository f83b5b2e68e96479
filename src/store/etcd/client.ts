// The connection to an etcd cluster. `etcd3` (grpc-js underneath) costs ~125 ms to load, so it
// is imported here, dynamically, and only when a team vault is opened: the local-vault paths
// never load it. Every unary call carries a fresh deadline per attempt (etcd3 sets none, and a
// frozen member would hang a call forever), and whole calls are bounded again here, so nothing
// waits longer than `overallTimeoutMs`. Errors come out as CofferErrors a user can act on.
import type { Etcd3, IKeyValue, IRangeRequest, ITxnRequest, ITxnResponse } from 'etcd3';
import { CofferError } from '../../domain/errors.js';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { EtcdAuthError, EtcdRequestError, EtcdTlsError, EtcdUnreachableError } from './errors.js';
import { prefixEnd } from './layout.js';

export interface EtcdClientOptions {
  /** Client URLs of the members, e.g. http://10.0.0.1:2379. */
  endpoints: string[];
  /** etcd's own user, when the cluster has auth enabled. */
  auth?: { username: string; password: string };
  /**
   * TLS for https:// endpoints: the CA that signed the members' certificates (else the system's
   * roots), and a client certificate and key when etcd asks for one (--client-cert-auth). PEM.
   */
  tls?: EtcdTls;
  /** Deadline of one attempt of one call (etcd3 retries up to 3 times). Default 2,000 ms. */
  callTimeoutMs?: number;
  /** Bound on a whole call, retries included. Default 3 × callTimeoutMs + 1 s. */
  overallTimeoutMs?: number;
}

export interface EtcdTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export const DEFAULT_CALL_TIMEOUT_MS = 2_000;
/** The largest answer accepted from etcd (see connectEtcd). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** How long the health probe behind "N of M endpoints down" waits for each member. */
const HEALTH_TIMEOUT_MS = 800;

/** 'ok': the cluster answered (even with an error); 'unreachable': it did not. */
export type CallOutcome = 'ok' | 'unreachable';

export interface EndpointHealth {
  up: string[];
  down: string[];
}

/**
 * One client of one cluster. `etcd` is the raw etcd3 client, for callers that need calls this
 * class does not wrap (the membership code's leases, for one); wrap such calls in `call()` so
 * they are bounded and their errors mapped.
 */
export class EtcdClient {
  readonly endpoints: readonly string[];
  readonly callTimeoutMs: number;
  readonly overallTimeoutMs: number;
  /** The etcd user this client authenticates as; undefined when it sends no credentials. */
  readonly authUser: string | undefined;
  readonly #tls: EtcdTls | undefined;
  #closed = false;
  readonly #outcomes = new Set<(outcome: CallOutcome) => void>();

  constructor(
    readonly etcd: Etcd3,
    options: EtcdClientOptions,
  ) {
    this.endpoints = [...options.endpoints];
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.overallTimeoutMs = options.overallTimeoutMs ?? 3 * this.callTimeoutMs + 1_000;
    this.#tls = options.tls;
    this.authUser = options.auth?.username;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Runs `fn` against the cluster, bounded by overallTimeoutMs, with its failure mapped to a
   * CofferError (see mapError). `what` names the call for the message when etcd says something
   * coffer has no words for.
   */
  async call<T>(what: string, fn: (etcd: Etcd3) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CallTimedOut()), this.overallTimeoutMs);
    });
    try {
      const result = await Promise.race([fn(this.etcd), timeout]);
      this.#report('ok');
      return result;
    } catch (error) {
      const mapped = await this.mapError(error, what);
      this.#report(mapped instanceof EtcdUnreachableError ? 'unreachable' : 'ok');
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Hears whether each call reached the cluster (for the connection state). */
  onCallOutcome(listener: (outcome: CallOutcome) => void): () => void {
    this.#outcomes.add(listener);
    return () => this.#outcomes.delete(listener);
  }

  #report(outcome: CallOutcome): void {
    for (const listener of this.#outcomes) listener(outcome);
  }

  /** One range, as etcd3's raw request (keys as Buffers). */
  range(request: IRangeRequest): Promise<{ kvs: IKeyValue[]; more: boolean; revision: string }> {
    return this.call('range', async (etcd) => {
      const response = await etcd.kv.range(request);
      return { kvs: response.kvs, more: response.more, revision: response.header.revision };
    });
  }

  /** Every key under `prefix`, page by page (≤ pageSize keys each), at one revision. */
  async rangePrefix(prefix: string, options: { pageSize?: number; keysOnly?: boolean; revision?: string } = {}): Promise<{ kvs: IKeyValue[]; revision: string }> {
    const pageSize = options.pageSize ?? 500;
    const end = prefixEnd(prefix);
    const kvs: IKeyValue[] = [];
    let from = Buffer.from(prefix, 'utf8');
    let revision = options.revision;
    for (;;) {
      const page = await this.range({
        key: from,
        range_end: end,
        limit: pageSize,
        ...(revision !== undefined && { revision }),
        ...(options.keysOnly && { keys_only: true }),
      });
      revision ??= page.revision;
      kvs.push(...page.kvs);
      const last = page.kvs.at(-1);
      if (!page.more || !last) return { kvs, revision };
      from = Buffer.concat([last.key, Buffer.from([0])]);
    }
  }

  /** One key, or undefined. */
  async get(key: string): Promise<IKeyValue | undefined> {
    const page = await this.range({ key: Buffer.from(key, 'utf8') });
    return page.kvs[0];
  }

  txn(request: ITxnRequest): Promise<ITxnResponse> {
    return this.call('transaction', (etcd) => etcd.kv.txn(request));
  }

  /**
   * The health of each endpoint (etcd's GET /health, which a member answers "true" only while
   * it has a leader), each bounded by a short timeout. For "N of M endpoints down".
   */
  async health(): Promise<EndpointHealth> {
    const results = await Promise.all(this.endpoints.map(async (endpoint) => [endpoint, await endpointHealthy(endpoint, this.#tls)] as const));
    return { up: results.filter(([, ok]) => ok).map(([e]) => e), down: results.filter(([, ok]) => !ok).map(([e]) => e) };
  }

  /**
   * Turns whatever a call threw into a CofferError: unreachable (code 'io', with how many
   * endpoints are down), refused credentials or permission (code 'auth'), or the server's words.
   * CofferErrors pass through.
   */
  async mapError(error: unknown, what = 'request'): Promise<CofferError> {
    if (error instanceof CofferError) return error;
    const kind = classifyEtcdError(error);
    switch (kind) {
      case 'unreachable': {
        const health = this.#closed ? undefined : await this.health().catch(() => undefined);
        const detail = error instanceof CallTimedOut ? `no answer within ${this.overallTimeoutMs} ms` : undefined;
        return new EtcdUnreachableError(this.endpoints, health?.down.length, detail);
      }
      case 'credentials':
      case 'permission':
        return new EtcdAuthError(this.endpoints, kind);
      case 'tls':
        return new EtcdTlsError(this.endpoints, error instanceof Error ? error.message : String(error));
      case 'closed':
        return new EtcdRequestError(this.endpoints, `the connection was closed before the ${what} finished`);
      default:
        return new EtcdRequestError(this.endpoints, `${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Closes every channel and watch; calls after this fail. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.etcd.close();
  }
}

/**
 * Connects to the cluster: loads etcd3 and makes a client. No call is made yet (the first call
 * dials; a cluster that is down shows up there, as EtcdUnreachableError).
 */
export async function connectEtcd(options: EtcdClientOptions): Promise<EtcdClient> {
  if (options.endpoints.length === 0) throw new Error('connectEtcd: no endpoints');
  for (const endpoint of options.endpoints) {
    if (!/^https?:\/\/[^/\s]+\/?$/.test(endpoint)) throw new CofferError('usage', `${JSON.stringify(endpoint)} is not an etcd endpoint.`, 'Give etcd client URLs such as http://10.0.0.1:2379.');
  }
  const secure = options.endpoints.filter((e) => e.startsWith('https://')).length;
  if (secure !== 0 && secure !== options.endpoints.length) {
    throw new CofferError('usage', 'The etcd endpoints mix http:// and https://.', 'A cluster serves its clients one way: give every endpoint the same scheme.');
  }
  const tls = options.tls;
  if (tls && secure === 0) {
    throw new CofferError('usage', 'TLS files were given (COFFER_ETCD_CA, COFFER_ETCD_CERT, COFFER_ETCD_KEY) but the etcd endpoints are http://.', 'Give the endpoints as https://… to use TLS, or drop the TLS settings.');
  }
  if (tls && Boolean(tls.cert) !== Boolean(tls.key)) {
    throw new CofferError('usage', 'A client certificate needs its key, and a key its certificate (COFFER_ETCD_CERT and COFFER_ETCD_KEY).', 'Set both, or neither.');
  }
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  // grpc-js names an IP endpoint as the TLS server name, for which Node prints a deprecation
  // warning (DEP0123) on stderr, in the middle of a command's output, about a dependency the
  // user cannot change. A CLI that talks TLS to etcd by address keeps its stderr for its own words.
  if (secure > 0) process.noDeprecation = true;
  const { Etcd3 } = await import('etcd3');
  const deadline = () => ({ deadline: Date.now() + callTimeoutMs });
  const etcd = new Etcd3({
    hosts: options.endpoints,
    // A function, so every attempt (etcd3 retries) gets a fresh deadline; streams (watches,
    // lease keep-alives) must not have one.
    defaultCallOptions: (context) => (context.isStream ? {} : deadline()),
    // grpc-js refuses answers over 4 MiB by default; a page of 500 version values of up to 64 KiB
    // each (larger ones are chunked) can reach ~33 MiB.
    grpcOptions: { 'grpc.max_receive_message_length': MAX_RESPONSE_BYTES },
    ...(options.auth && { auth: { username: options.auth.username, password: options.auth.password, callOptions: deadline } }),
    // Without credentials etcd3 still speaks TLS to https:// hosts, trusting the system's roots.
    ...(tls && { credentials: { rootCertificate: tls.ca ?? null, privateKey: tls.key ?? null, certChain: tls.cert ?? null } as never }),
  });
  return new EtcdClient(etcd, { ...options, callTimeoutMs });
}

export type EtcdErrorKind = 'unreachable' | 'tls' | 'credentials' | 'permission' | 'closed' | 'other';

const UNREACHABLE = new Set([
  'GRPCUnavailableError',
  'GRPCDeadlineExceededError',
  'GRPCCancelledError',
  'BrokenCircuitError',
  'TaskCancelledError',
  'IsolatedCircuitError',
  'CallTimedOut',
]);
const TLS_FAILURE = /certificate|self[- ]signed|SSL routines|wrong version number|handshake|ERR_SSL|ERR_TLS|TLS/i;
const CREDENTIALS = new Set(['EtcdAuthenticationFailedError', 'GRPCUnauthenticatedError', 'EtcdInvalidAuthTokenError']);

/** What kind of failure an etcd3 / grpc error is, by its class (etcd3 is loaded lazily). */
export function classifyEtcdError(error: unknown): EtcdErrorKind {
  const name = (error as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
  const message = error instanceof Error ? error.message : '';
  // grpc reports a failed handshake as UNAVAILABLE, like a member that is down; its details name
  // the certificate. Told apart, the user hears what to fix rather than "unreachable".
  if (TLS_FAILURE.test(message)) return 'tls';
  if (UNREACHABLE.has(name)) return 'unreachable';
  if (CREDENTIALS.has(name)) return 'credentials';
  if (name === 'EtcdPermissionDeniedError') return 'permission';
  if (name === 'ClientClosedError') return 'closed';
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') return 'unreachable';
  if (/No connection established|connect ECONNREFUSED|Connection dropped|deadline exceeded/i.test(message)) return 'unreachable';
  return 'other';
}

class CallTimedOut extends Error {
  constructor() {
    super('the call did not finish in time');
  }
}

/** GET /health of one member, over TLS with the client's CA and certificate for https://. */
function endpointHealthy(endpoint: string, tls: EtcdTls | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const url = new URL('/health', endpoint);
    const options = {
      timeout: HEALTH_TIMEOUT_MS,
      // No SNI for an IP address (Node warns that RFC 6066 forbids it); the name check still runs.
      ...(isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0 && { servername: '' }),
      ...(tls?.ca && { ca: tls.ca }),
      ...(tls?.cert && { cert: tls.cert, key: tls.key }),
    };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { health?: unknown };
          resolve(body.health === 'true' || body.health === true);
        } catch {
          resolve(false);
        }
      });
      response.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
