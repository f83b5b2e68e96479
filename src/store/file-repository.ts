// The local vault file as a VaultRepository. Revisions are save counters: a record's revision is
// the seq of the save that last changed it. Every commit takes the cross-process lock, re-reads
// the file, checks the expected revisions against that fresh state and applies the changes onto
// it — so two processes writing different records both succeed, and of two writing the same
// record exactly one does while the other gets a ConflictError.
import { randomBytes } from 'node:crypto';
import { Low } from 'lowdb';
import { RefusedError, InvalidInputError } from '../domain/errors.js';
import type { AuditDraft, AuditEntry } from '../domain/model.js';
import type { AuditChainReport, AuditQuery, CommitRequest, CommitResult, LoadedVault, VaultRepository } from '../domain/ports.js';
import { randomKey } from './aead.js';
import { applyCommit, queryAudit, toLoadedVault, verifyAudit } from './commit-rules.js';
import { removeAbandonedTempFiles } from './durable-write.js';
import type { EncryptedFileAdapter } from './encrypted-file-adapter.js';
import type { VaultKeys } from './vault-codec.js';
import { VaultNotFoundError } from './errors.js';
import { fingerprintOf } from './hashing.js';
import type { Slot, SlotType } from './header.js';
import type { ScryptCost } from './kdf.js';
import type { KeyProvider } from './keychain.js';
import { withVaultLock } from './lock.js';
import type { VaultLockOptions } from './lock.js';
import { VaultFileData } from './payload.js';
import { permissionWarnings } from './permissions.js';
import { generateRecoveryCode } from './recovery-code.js';
import { createSlot, openSlot } from './slots.js';

export interface FileRepositoryOptions {
  /** Holds the keychain slot's key; used by addKeychainSlot, removeSlot and rekey. */
  keychain: KeyProvider;
  lock?: VaultLockOptions;
  /** scrypt cost for passphrase slots made from now on (tests lower N; never below the floor). */
  scryptCost?: ScryptCost;
  now?: () => Date;
}

/** A key slot as the CLI lists it. */
export interface SlotInfo {
  id: string;
  type: SlotType;
  createdAt: string;
}

export interface RekeyResult {
  /** The new recovery code: show it once; the old one no longer opens the vault. */
  recoveryCode: string;
  /** Things that did not fully work but did not stop the rekey (e.g. keychain not updated). */
  warnings: string[];
}

export class FileVaultRepository implements VaultRepository {
  readonly kind = 'file';
  private readonly db: Low<VaultFileData>;
  private readonly now: () => Date;
  private fingerprintKey: string | undefined;

  constructor(
    private readonly adapter: EncryptedFileAdapter,
    private readonly options: FileRepositoryOptions,
  ) {
    this.db = new Low(adapter, VaultFileData.empty());
    this.now = options.now ?? (() => new Date());
  }

  get location(): string {
    return this.adapter.path;
  }

  /** The vault's fileId: its keychain account and its name in the rollback record. */
  get fileId(): string {
    return this.adapter.fileId;
  }

  async load(): Promise<LoadedVault> {
    return toLoadedVault(await this.readFresh());
  }

  async commit(request: CommitRequest): Promise<CommitResult> {
    return this.underLock(async (state) => {
      const next = applyCommit(state, request, this.stamp());
      return { state: next.state, value: next.result };
    });
  }

  async readAudit(query?: AuditQuery): Promise<AuditEntry[]> {
    return queryAudit((await this.readFresh()).audit(), query);
  }

  async verifyAudit(): Promise<AuditChainReport> {
    return verifyAudit(await this.readFresh());
  }

  fingerprint(value: string): string {
    if (this.fingerprintKey === undefined) throw new Error('FileVaultRepository.fingerprint: the vault has not been read yet');
    return fingerprintOf(this.fingerprintKey, value);
  }

  /** Wipes the master key from memory. The repository cannot be used afterwards. */
  async close(): Promise<void> {
    this.adapter.dispose();
  }

  /** Sentences to print when the vault file or its folder is readable by other users. */
  async warnings(): Promise<string[]> {
    return permissionWarnings(this.location);
  }

  /** The vault's key slots as of now. */
  async slots(): Promise<SlotInfo[]> {
    await this.readFresh();
    return this.adapter.slots.map(({ id, type, createdAt }) => ({ id, type, createdAt }));
  }

  /**
   * Sets the passphrase: replaces the passphrase slot, or adds one. Rewraps the master key only;
   * the data is not re-encrypted. The caller proves the right to do so (`coffer passwd` unlocks
   * with the current passphrase first).
   */
  async changePassphrase(passphrase: string, actor: string): Promise<void> {
    const slot = await this.newSlot({ type: 'passphrase', passphrase });
    await this.replaceSlots(actor, { action: 'vault.passwd', detail: 'passphrase set' }, (slots) => [...without(slots, 'passphrase'), slot]);
  }

  /** Issues a new recovery code (the old one stops working) and returns it to show once. */
  async replaceRecoveryCode(actor: string): Promise<string> {
    const code = generateRecoveryCode();
    const slot = await this.newSlot({ type: 'recovery', code });
    await this.replaceSlots(actor, { action: 'vault.passwd', detail: 'recovery code replaced' }, (slots) => [...without(slots, 'recovery'), slot]);
    return code;
  }

  /**
   * Makes the OS keychain unlock this vault: stores a new random key-encryption key there and
   * adds a keychain slot for it. Does nothing when the keychain already holds a working key.
   * The new slot is written before the keychain entry changes and the old slot removed after,
   * so a crash at any point leaves the keychain able to open one of the slots.
   */
  async addKeychainSlot(actor: string): Promise<void> {
    const { keychain } = this.options;
    await this.readFresh();
    const current = await keychain.get(this.fileId);
    if (current && (await this.opensAKeychainSlot(current))) return;
    const kek = randomKey();
    try {
      const slot = await this.newSlot({ type: 'keychain', kek });
      await this.replaceSlots(actor, undefined, (slots) => [...slots, slot]);
      try {
        await keychain.set(this.fileId, kek);
      } catch (error) {
        await this.replaceSlots(actor, undefined, (slots) => slots.filter((s) => s.id !== slot.id));
        throw error;
      }
      await this.replaceSlots(actor, { action: 'vault.passwd', detail: 'keychain slot set' }, (slots) => [
        ...without(slots, 'keychain'),
        slot,
      ]);
    } finally {
      kek.fill(0);
    }
  }

  /** Removes every slot of `type`. Refuses to remove the last way to unlock the vault. */
  async removeSlot(type: SlotType, actor: string): Promise<void> {
    await this.replaceSlots(actor, { action: 'vault.passwd', detail: `${type} slot removed` }, (slots) => {
      const remaining = without(slots, type);
      if (remaining.length === 0) {
        throw new RefusedError('That would leave no way to unlock the vault.', 'Add another slot first (a passphrase or the keychain).');
      }
      return remaining;
    });
    if (type === 'keychain') await this.options.keychain.delete(this.fileId).catch(() => false);
  }

  /**
   * Replaces the master key and rewraps it into every slot the vault has: the keychain slot with
   * the key already in the keychain (or a new one when the entry is missing), the passphrase slot
   * with `passphrase` (required when there is one), and a new recovery slot whose code is
   * returned. Old copies of the file, old passphrases and old recovery codes stop being able to
   * read anything saved from now on. Throws KeychainUnavailableError, changing nothing, when the
   * vault has a keychain slot and the keychain cannot be asked.
   */
  async rekey(options: { passphrase?: string; actor: string }): Promise<RekeyResult> {
    await this.readFresh();
    const types = new Set(this.adapter.slots.map((slot) => slot.type));
    if (types.has('passphrase') && options.passphrase === undefined) {
      throw new InvalidInputError('This vault has a passphrase slot: rekey needs the passphrase to rewrap it.', 'Give the passphrase (it may be a new one).');
    }
    const masterKey = randomKey();
    const keys: VaultKeys = { fileId: this.fileId, keyId: randomBytes(16).toString('base64url'), masterKey, slots: [] };
    const recoveryCode = generateRecoveryCode();
    let keychainKek: { kek: Buffer; isNew: boolean } | undefined;
    try {
      if (types.has('keychain')) {
        // Throws KeychainUnavailableError when the keychain cannot be asked: nothing changes then.
        const stored = await this.options.keychain.get(this.fileId);
        keychainKek = stored && (await this.opensAKeychainSlot(stored)) ? { kek: stored, isNew: false } : { kek: randomKey(), isNew: true };
        keys.slots.push(await createSlot(this.fileId, { type: 'keychain', kek: keychainKek.kek }, masterKey, this.slotOptions()));
      }
      if (options.passphrase !== undefined) {
        keys.slots.push(await createSlot(this.fileId, { type: 'passphrase', passphrase: options.passphrase }, masterKey, this.slotOptions()));
      }
      keys.slots.push(await createSlot(this.fileId, { type: 'recovery', code: recoveryCode }, masterKey, this.slotOptions()));
      await this.underLock(async (state, lockedSlots) => {
        if (lockedSlots.some((slot) => !types.has(slot.type))) {
          throw new RefusedError('Another coffer added a key slot during the rekey.', 'Run the rekey again.');
        }
        return { state: this.withAudit(state, { action: 'vault.rekey' }, options.actor), value: undefined, keys };
      });
    } catch (error) {
      masterKey.fill(0);
      keychainKek?.kek.fill(0);
      throw error;
    }
    const warnings: string[] = [];
    if (keychainKek?.isNew) {
      // After the file: a keychain write that fails leaves a slot nobody can open yet, never a
      // keychain key with no slot; the new recovery code (and passphrase) open the vault.
      await this.options.keychain.set(this.fileId, keychainKek.kek).catch((error: unknown) => {
        warnings.push(`The OS keychain could not store the new key (${error instanceof Error ? error.message : String(error)}); unlock with the passphrase or recovery code, then run \`coffer rekey\` again.`);
      });
    }
    keychainKek?.kek.fill(0);
    return { recoveryCode, warnings };
  }

  /** Reads the file as it is now (no lock) and remembers its fingerprint key. */
  private async readFresh(): Promise<VaultFileData> {
    await this.db.read();
    if (this.adapter.missing) throw new VaultNotFoundError(this.location);
    this.fingerprintKey = this.db.data.fingerprintKey;
    return this.db.data;
  }

  /**
   * The one way anything is saved: lock, read the file fresh, compute the next state from it,
   * write it (under new keys if given), unlock. A failure at any step leaves the file as it was.
   */
  private async underLock<T>(
    work: (state: VaultFileData, slots: readonly Slot[]) => Promise<{ state: VaultFileData; value: T; keys?: VaultKeys }>,
  ): Promise<T> {
    return withVaultLock(this.location, this.options.lock ?? {}, async (lock) => {
      await removeAbandonedTempFiles(this.location);
      const fresh = await this.readFresh();
      const next = await work(fresh, this.adapter.slots);
      lock.assertHeld();
      this.db.data = next.state;
      if (next.keys) await this.adapter.writeWithKeys(next.state, next.keys);
      else await this.db.write();
      return next.value;
    });
  }

  private async replaceSlots(actor: string, audit: AuditDraft | undefined, change: (slots: readonly Slot[]) => Slot[]): Promise<void> {
    await this.underLock(async (state, slots) => {
      const keys: VaultKeys = { fileId: this.fileId, keyId: this.adapter.keyId, masterKey: this.adapter.masterKey, slots: change(slots) };
      return { state: audit ? this.withAudit(state, audit, actor) : state, value: undefined, keys };
    });
  }

  private withAudit(state: VaultFileData, draft: AuditDraft, actor: string): VaultFileData {
    return applyCommit(state, { changes: [], expected: {}, audit: [draft], actor }, this.stamp()).state;
  }

  private stamp() {
    return { revision: this.adapter.nextSeq, at: this.now().toISOString(), otherWriter: 'another coffer writing to the same file' };
  }

  private newSlot(secret: Parameters<typeof createSlot>[1]): Promise<Slot> {
    return createSlot(this.fileId, secret, this.adapter.masterKey, this.slotOptions());
  }

  private slotOptions() {
    return this.options.scryptCost ? { now: this.now(), scryptCost: this.options.scryptCost } : { now: this.now() };
  }

  private async opensAKeychainSlot(kek: Buffer): Promise<boolean> {
    for (const slot of without(this.adapter.slots, 'passphrase', 'recovery')) {
      try {
        (await openSlot(this.location, this.fileId, slot, { type: 'keychain', kek })).fill(0);
        return true;
      } catch {
        // try the next one
      }
    }
    return false;
  }
}

function without(slots: readonly Slot[], ...types: SlotType[]): Slot[] {
  return slots.filter((slot) => !types.includes(slot.type));
}
