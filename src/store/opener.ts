// Finds, unlocks and creates the local vault file. Unlocking reads the header (checked without
// any key: framing, checksum, version, rollback), opens one key slot to get the master key,
// then decrypts the whole payload once so a damaged vault is reported at unlock, not at the
// first save.
import { randomBytes } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { AlreadyExistsError } from '../domain/errors.js';
import type { RecordChange, UnlockMethod, VaultOpener } from '../domain/ports.js';
import { randomKey } from './aead.js';
import { applyCommit } from './commit-rules.js';
import { EncryptedFileAdapter } from './encrypted-file-adapter.js';
import { MAX_HEAD_BYTES, readHeaderOnly } from './envelope.js';
import { KeychainUnavailableError, NoSuchSlotError, RollbackDetectedError, VaultIoError, VaultNotFoundError, WrongKeyError, errnoOf } from './errors.js';
import { FileVaultRepository } from './file-repository.js';
import type { Header, Slot } from './header.js';
import { checkScryptSlots } from './kdf.js';
import type { ScryptCost } from './kdf.js';
import type { KeyProvider } from './keychain.js';
import { withVaultLock } from './lock.js';
import type { VaultLockOptions } from './lock.js';
import { VaultFileData } from './payload.js';
import { ensurePrivateFolder, permissionWarnings } from './permissions.js';
import { generateRecoveryCode } from './recovery-code.js';
import { SeenSaves, defaultSeenSavesPath } from './seen-saves.js';
import { mark } from '../platform/timings.js';
import type { SeenSnapshot } from './seen-saves.js';
import { createSlot, openSlot, slotsOfType } from './slots.js';
import type { SlotSecret } from './slots.js';

export interface FileVaultOpenerOptions {
  /** Absolute path of the vault file (see resolveVaultPath). */
  path: string;
  keychain: KeyProvider;
  /** Where the rollback record lives; default $XDG_STATE_HOME/coffer/seen.json. */
  seenSavesPath?: string;
  /** scrypt cost for new passphrase slots. Tests lower N (never below 2^14); users never do. */
  scryptCost?: ScryptCost;
  lock?: VaultLockOptions;
  /**
   * Open a file even though this machine has seen a newer save of it (the operator restored a
   * backup on purpose, `--accept-rollback`). The rollback record is reset to this file.
   */
  acceptRollback?: boolean;
  now?: () => Date;
}

export class FileVaultOpener implements VaultOpener {
  readonly location: string;
  private readonly seen: SeenSaves;

  constructor(private readonly options: FileVaultOpenerOptions) {
    this.location = options.path;
    this.seen = new SeenSaves(options.seenSavesPath ?? defaultSeenSavesPath());
  }

  async exists(): Promise<boolean> {
    try {
      await stat(this.location);
      return true;
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return false;
      throw new VaultIoError('look for', this.location, error);
    }
  }

  /** The unlock methods the vault offers, from its header (no key needed), in slot order. */
  async slots(): Promise<UnlockMethod[]> {
    const header = readHeaderOnly(this.location, await this.readHead());
    return [...new Set(header.slots.map((slot) => slot.type))];
  }

  /** Sentences to print when the vault file or its folder is readable by other users. */
  warnings(): Promise<string[]> {
    return permissionWarnings(this.location);
  }

  async unlockWithKeychain(): Promise<FileVaultRepository> {
    return this.unlock('keychain', async (header) => {
      const kek = await this.options.keychain.get(header.fileId);
      // null for a vault that exists is never "new user": the entry is gone or unreachable.
      if (!kek) throw new KeychainUnavailableError('entry-missing');
      return { type: 'keychain', kek };
    });
  }

  async unlockWithPassphrase(passphrase: string): Promise<FileVaultRepository> {
    return this.unlock('passphrase', async () => ({ type: 'passphrase', passphrase }));
  }

  async unlockWithRecoveryCode(code: string): Promise<FileVaultRepository> {
    return this.unlock('recovery', async () => ({ type: 'recovery', code }));
  }

  async create(options: {
    useKeychain: boolean;
    passphrase?: string;
    initial: RecordChange[];
    actor: string;
  }): Promise<{ repository: FileVaultRepository; recoveryCode: string }> {
    if (await this.exists()) throw this.alreadyExists();
    const now = this.now();
    const fileId = randomBytes(16).toString('base64url');
    const masterKey = randomKey();
    const recoveryCode = generateRecoveryCode();
    const slotOptions = this.options.scryptCost ? { now, scryptCost: this.options.scryptCost } : { now };
    const slots: Slot[] = [];
    let keychainKek: Buffer | undefined;
    try {
      if (options.useKeychain) {
        keychainKek = randomKey();
        slots.push(await createSlot(fileId, { type: 'keychain', kek: keychainKek }, masterKey, slotOptions));
      }
      if (options.passphrase !== undefined) {
        slots.push(await createSlot(fileId, { type: 'passphrase', passphrase: options.passphrase }, masterKey, slotOptions));
      }
      slots.push(await createSlot(fileId, { type: 'recovery', code: recoveryCode }, masterKey, slotOptions));
      await ensurePrivateFolder(this.location).catch((error: unknown) => {
        throw new VaultIoError('create the folder of', this.location, error);
      });
      const adapter = new EncryptedFileAdapter(this.location, { fileId, keyId: randomBytes(16).toString('base64url'), masterKey, slots }, this.seen);
      // Keychain first: if it fails, nothing exists yet and the user can choose a passphrase.
      if (keychainKek) await this.options.keychain.set(fileId, keychainKek);
      try {
        await withVaultLock(this.location, this.options.lock ?? {}, async (lock) => {
          if (await this.exists()) throw this.alreadyExists();
          lock.assertHeld();
          await adapter.write(initialData(options.initial, options.actor, now));
        });
      } catch (error) {
        if (keychainKek) await this.options.keychain.delete(fileId).catch(() => false);
        throw error;
      }
      const repository = this.repositoryFor(adapter);
      await repository.load();
      return { repository, recoveryCode };
    } catch (error) {
      masterKey.fill(0);
      throw error;
    } finally {
      keychainKek?.fill(0);
    }
  }

  private async unlock(method: UnlockMethod, secretFor: (header: Header) => Promise<SlotSecret>): Promise<FileVaultRepository> {
    const seen = await this.seen.snapshot(); // before the file: see seen-saves.ts
    const header = readHeaderOnly(this.location, await this.readHead());
    await this.guardRollback(seen, header);
    const candidates = slotsOfType(header.slots, method);
    if (candidates.length === 0) throw new NoSuchSlotError(method, [...new Set(header.slots.map((slot) => slot.type))]);
    // Before anything is derived (or a keychain asked): every passphrase slot, and their sum.
    checkScryptSlots(this.location, candidates.flatMap((slot) => (slot.type === 'passphrase' ? [slot.kdf] : [])));
    mark('coffer:unlock header read');
    const secret = await secretFor(header);
    mark('coffer:unlock secret');
    const masterKey = await openAnySlot(this.location, header.fileId, candidates, secret);
    const adapter = new EncryptedFileAdapter(this.location, { fileId: header.fileId, keyId: header.keyId, masterKey, slots: header.slots }, this.seen);
    const repository = this.repositoryFor(adapter);
    try {
      await repository.load(); // authenticates the payload now
      mark('coffer:unlock loaded');
    } catch (error) {
      adapter.dispose();
      throw error;
    }
    return repository;
  }

  private async guardRollback(seen: SeenSnapshot, header: Header): Promise<void> {
    const point = { seq: header.seq, formatVersion: header.formatVersion };
    try {
      seen.check(this.location, header.fileId, point);
    } catch (error) {
      if (!(error instanceof RollbackDetectedError && this.options.acceptRollback)) throw error;
      await this.seen.reset(header.fileId, point);
    }
  }

  private repositoryFor(adapter: EncryptedFileAdapter): FileVaultRepository {
    const { keychain, lock, scryptCost, now } = this.options;
    return new FileVaultRepository(adapter, {
      keychain,
      ...(lock ? { lock } : {}),
      ...(scryptCost ? { scryptCost } : {}),
      ...(now ? { now } : {}),
    });
  }

  /** The start of the file, enough to hold its header; the payload is read once, by the adapter. */
  private async readHead(): Promise<Buffer> {
    try {
      const handle = await open(this.location, 'r');
      try {
        const head = Buffer.alloc(MAX_HEAD_BYTES);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        return head.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') throw new VaultNotFoundError(this.location);
      throw new VaultIoError('read', this.location, error);
    }
  }

  private alreadyExists(): AlreadyExistsError {
    return new AlreadyExistsError(`A vault already exists at ${this.location}.`, 'Open it, or choose another path with --vault PATH.');
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/** Tries each slot of the method's type; WrongKeyError if none opens. */
async function openAnySlot(path: string, fileId: string, slots: Slot[], secret: SlotSecret): Promise<Buffer> {
  let wrongKey: WrongKeyError | undefined;
  for (const slot of slots) {
    try {
      return await openSlot(path, fileId, slot, secret);
    } catch (error) {
      if (!(error instanceof WrongKeyError)) throw error;
      wrongKey = error;
    }
  }
  throw wrongKey ?? new WrongKeyError(secret.type);
}

/** The first save: the initial records at revision 1 and a 'vault.init' audit entry. */
function initialData(initial: RecordChange[], actor: string, now: Date): VaultFileData {
  const request = {
    changes: initial,
    expected: Object.fromEntries(initial.map((change) => [change.id, null])),
    audit: [{ action: 'vault.init' as const }],
    actor,
  };
  return applyCommit(VaultFileData.empty(), request, { revision: 1, at: now.toISOString(), otherWriter: 'nobody' }).state;
}
