// An in-process KeyProvider for tests and the demo: keys live in a Map and die with the process.
// It can be told to fail, so unlock paths can be tested for every KeychainFailure.
import { KEY_BYTES } from './aead.js';
import { KeychainUnavailableError } from './errors.js';
import type { KeyProvider } from './keychain.js';
import type { KeychainFailure } from '../domain/ports.js';

export class MemoryKeychain implements KeyProvider {
  readonly name = 'memory keychain';
  private readonly keys = new Map<string, Buffer>();
  /** When set, every call throws a KeychainUnavailableError with this failure. */
  failure: KeychainFailure | undefined;

  async probe(): Promise<void> {
    this.failIfTold();
  }

  async get(account: string): Promise<Buffer | null> {
    this.failIfTold();
    const key = this.keys.get(account);
    return key ? Buffer.from(key) : null;
  }

  async set(account: string, key: Buffer): Promise<void> {
    this.failIfTold();
    if (key.length !== KEY_BYTES) throw new Error(`MemoryKeychain.set: keys are ${KEY_BYTES} bytes`);
    this.keys.set(account, Buffer.from(key));
  }

  async delete(account: string): Promise<boolean> {
    this.failIfTold();
    return this.keys.delete(account);
  }

  private failIfTold(): void {
    if (this.failure) throw new KeychainUnavailableError(this.failure);
  }
}
