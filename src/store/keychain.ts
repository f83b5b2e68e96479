// The OS keychain behind a small port. coffer keeps one random 32-byte key-encryption key per
// vault there (service "coffer", account = the vault's fileId), base64-encoded.
//
// Fail-closed: when the keychain cannot be used, every method throws a KeychainUnavailableError
// saying which of the domain's KeychainFailure cases it was, and the caller asks for the
// passphrase or recovery code instead. Nothing here ever falls back to a weaker key.
import { KEY_BYTES } from './aead.js';
import { KeychainUnavailableError } from './errors.js';
import type { KeychainFailure } from '../domain/ports.js';

export interface KeyProvider {
  /** For messages: "OS keychain", "memory". */
  readonly name: string;
  /** Resolves when the keychain answers at all; throws KeychainUnavailableError otherwise. */
  probe(): Promise<void>;
  /**
   * The key stored for `account`, or null when there is none. Note a locked keyring or one with
   * no default collection also answers null: for a vault that exists, treat null as
   * 'entry-missing', never as "new user".
   */
  get(account: string): Promise<Buffer | null>;
  set(account: string, key: Buffer): Promise<void>;
  /** True when an entry was deleted. */
  delete(account: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'coffer';
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 2000;
const PROBE_ACCOUNT = 'coffer-probe';

/** The part of keytar's API coffer uses. findCredentials is left out on purpose: it can
 * segfault on a locked keyring. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface OsKeychainOptions {
  service?: string;
  /** Bound on every keychain call, including loading the library. */
  timeoutMs?: number;
  /** How to load keytar; tests inject failures here. */
  load?: () => Promise<unknown>;
}

/** The OS keychain through @github/keytar (libsecret on Linux), loaded on first use. */
export class OsKeychain implements KeyProvider {
  readonly name = 'OS keychain';
  private readonly service: string;
  private readonly timeoutMs: number;
  private readonly load: () => Promise<unknown>;
  private api: Promise<KeytarApi> | undefined;
  private readonly prefetched = new Map<string, Promise<string | null>>();

  constructor(options: OsKeychainOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
    this.load = options.load ?? (() => import('@github/keytar'));
  }

  async probe(): Promise<void> {
    await this.call((keytar) => keytar.getPassword(this.service, PROBE_ACCOUNT));
  }

  /**
   * Takes a keytar read of `account` begun before this object existed, for the next get(account)
   * to use: a first keychain call spends ~20 ms waiting on D-Bus (connecting, opening a Secret
   * Service session), and bin/coffer.cjs starts it before the CLI's bundle loads
   * (src/cli/early.ts). It gets the bound and failure classification of any call; a failure
   * waits for that get.
   */
  adopt(account: string, pending: Promise<string | null>): void {
    if (this.prefetched.has(account)) return;
    const answer = this.guard(pending);
    answer.catch(() => undefined); // reported by the get() that takes it, if any
    this.prefetched.set(account, answer);
  }

  async get(account: string): Promise<Buffer | null> {
    const early = this.prefetched.get(account);
    this.prefetched.delete(account); // used once: a later get asks again
    const stored = await (early ?? this.call((keytar) => keytar.getPassword(this.service, account)));
    if (stored === null) return null;
    const key = Buffer.from(stored, 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== stored) {
      throw new KeychainUnavailableError('entry-missing', 'the keychain entry is not a coffer key');
    }
    return key;
  }

  async set(account: string, key: Buffer): Promise<void> {
    if (key.length !== KEY_BYTES) throw new Error(`OsKeychain.set: keys are ${KEY_BYTES} bytes`);
    await this.call((keytar) => keytar.setPassword(this.service, account, key.toString('base64')));
  }

  async delete(account: string): Promise<boolean> {
    return this.call((keytar) => keytar.deletePassword(this.service, account));
  }

  /** A text secret (a team member's identity), with the same bound and failure reasons. */
  async getText(account: string): Promise<string | null> {
    return this.call((keytar) => keytar.getPassword(this.service, account));
  }

  async setText(account: string, text: string): Promise<void> {
    await this.call((keytar) => keytar.setPassword(this.service, account, text));
  }

  private async call<T>(operation: (keytar: KeytarApi) => Promise<T>): Promise<T> {
    const keytar = await this.keytar();
    return this.guard(operation(keytar));
  }

  /** The 2 s bound and the failure classification every keychain call gets. */
  private async guard<T>(pending: Promise<T>): Promise<T> {
    try {
      return await withTimeout(pending, this.timeoutMs);
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;
      throw new KeychainUnavailableError(classifyKeychainError(error), messageOf(error));
    }
  }

  private keytar(): Promise<KeytarApi> {
    // A failed load is remembered: the library will not appear during this process's life.
    this.api ??= withTimeout(this.load(), this.timeoutMs).then(
      (module) => {
        const api = keytarShape(module);
        if (!api) throw new KeychainUnavailableError('library-missing', 'keytar loaded but does not have the expected functions');
        return api;
      },
      (error: unknown) => {
        if (error instanceof KeychainUnavailableError) throw error;
        throw new KeychainUnavailableError('library-missing', messageOf(error));
      },
    );
    return this.api;
  }
}

/** Maps libsecret / D-Bus error texts (as keytar passes them on) to a failure case. */
export function classifyKeychainError(error: unknown): KeychainFailure {
  const text = messageOf(error);
  if (/dlopen|native addon|libsecret|cannot open shared object/i.test(text)) return 'library-missing';
  if (/d-?bus|org\.freedesktop\.secrets|could not connect|connect to socket|autolaunch|not provided by any \.service|ServiceUnknown|NoReply|no such file/i.test(text)) {
    return 'no-secret-service';
  }
  return 'locked-or-denied';
}

export function keytarShape(module: unknown): KeytarApi | undefined {
  for (const candidate of [module, (module as { default?: unknown } | null)?.default]) {
    const api = candidate as Partial<KeytarApi> | null | undefined;
    if (
      api &&
      typeof api.getPassword === 'function' &&
      typeof api.setPassword === 'function' &&
      typeof api.deletePassword === 'function'
    ) {
      return api as KeytarApi;
    }
  }
  return undefined;
}

/** Rejects with a 'timeout' KeychainUnavailableError when `promise` takes longer than `ms`.
 * The underlying native call cannot be cancelled; it is left to finish on its own. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KeychainUnavailableError('timeout', `no answer within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
