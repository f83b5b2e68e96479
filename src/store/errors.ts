// Typed errors of the local vault store. Each says what happened in words a user can act on and
// gives a next step as its hint. None ever carries a secret value, a key or a passphrase: they
// only name files, record ids, slot types and library error texts that contain no secrets.
import { CofferError } from '../domain/errors.js';
import type { KeychainFailure, UnlockMethod } from '../domain/ports.js';

/**
 * The file is not a readable coffer vault: bad magic, a damaged or unparsable header, wrong
 * lengths, truncation or trailing bytes. Nothing was decrypted.
 */
export class CorruptVaultError extends CofferError {
  constructor(path: string, problem: string, hint = backupHint(path)) {
    super('integrity', `${path} is damaged: ${problem}.`, hint);
  }
}

/**
 * The key-derivation parameters in a slot are outside what coffer accepts. Checked before
 * deriving, so a crafted header can neither make coffer spin for minutes nor derive a weak key.
 */
export class UnsafeKdfParamsError extends CorruptVaultError {
  constructor(path: string, problem: string) {
    super(path, `its ${problem}`, 'The header was altered or written by an incompatible tool. ' + backupHint(path));
  }
}

/** The header is intact but the encrypted payload (or a key wrapped in it) fails authentication. */
export class TamperedVaultError extends CofferError {
  constructor(path: string, part = 'its encrypted contents', hint = backupHint(path)) {
    super(
      'integrity',
      `${path} failed its integrity check: ${part} were modified after coffer wrote them.`,
      hint,
    );
  }
}

/** The key offered (passphrase, recovery code, keychain key) does not unlock this vault. */
export class WrongKeyError extends CofferError {
  readonly method: UnlockMethod;
  constructor(method: UnlockMethod) {
    super('auth', WRONG_KEY_MESSAGES[method], WRONG_KEY_HINTS[method]);
    this.method = method;
  }
}

const WRONG_KEY_MESSAGES: Record<UnlockMethod, string> = {
  passphrase: 'That passphrase does not unlock this vault.',
  recovery: 'That recovery code does not unlock this vault.',
  keychain: 'The key in the OS keychain does not unlock this vault.',
};
const WRONG_KEY_HINTS: Record<UnlockMethod, string> = {
  passphrase: 'Check the keyboard layout and Caps Lock, or unlock with the recovery code.',
  recovery: 'Check the code you wrote down at `coffer init` (dashes and case do not matter).',
  keychain: 'Unlock with the passphrase or the recovery code, then run `coffer rekey` to store a new keychain key.',
};

/** The file was written in a format version this coffer does not know. */
export class UnsupportedVersionError extends CofferError {
  readonly version: number;
  constructor(path: string, version: number) {
    super(
      'integrity',
      `${path} uses vault format ${version}, made by a newer coffer.`,
      'Upgrade coffer to open it; this version will not touch the file.',
    );
    this.version = version;
  }
}

/**
 * The file claims an older format than it should: below the oldest this coffer accepts, older
 * than this machine has seen for this vault, or its framing and header disagree. Refused because
 * an older format could be one with weaker protection.
 */
export class DowngradeError extends CofferError {
  constructor(path: string, problem: string) {
    super('integrity', `${path} was refused: ${problem}.`, backupHint(path));
  }
}

/** The file is older than one this machine already saw: an earlier copy was put back. */
export class RollbackDetectedError extends CofferError {
  readonly fileSeq: number;
  readonly seenSeq: number;
  constructor(path: string, fileSeq: number, seenSeq: number) {
    super(
      'integrity',
      `${path} is an older copy of this vault (save ${fileSeq}; this machine has already seen save ${seenSeq}). ` +
        'Changes made since then would be lost.',
      'If you restored a backup on purpose, open it once with --accept-rollback; otherwise find the newer file.',
    );
    this.fileSeq = fileSeq;
    this.seenSeq = seenSeq;
  }
}

/** Another coffer changed the vault's master key (rekey) after this one unlocked it. */
export class VaultRekeyedError extends CofferError {
  constructor(path: string) {
    super('auth', `${path} was re-keyed by another coffer since you unlocked it.`, 'Unlock the vault again.');
  }
}

const KEYCHAIN_MESSAGES: Record<KeychainFailure, string> = {
  'library-missing': 'The OS keychain library could not be loaded (libsecret is missing or keytar failed to load).',
  'no-secret-service': 'No OS keychain is reachable: there is no D-Bus session or no Secret Service (gnome-keyring, KWallet) running.',
  'locked-or-denied': 'The OS keychain refused the request: it is locked or access was denied.',
  'entry-missing': "The OS keychain has no key for this vault (it was deleted, or the keyring is locked or has no default collection).",
  timeout: 'The OS keychain did not answer in time (it may be waiting for an unlock prompt).',
};
const KEYCHAIN_HINTS: Record<KeychainFailure, string> = {
  'library-missing': 'Install libsecret-1-0, or unlock with your passphrase (COFFER_PASSPHRASE_FILE for scripts) or recovery code.',
  'no-secret-service': 'Start a desktop session or gnome-keyring, or unlock with your passphrase or recovery code.',
  'locked-or-denied': 'Unlock your keyring and try again, or unlock with your passphrase or recovery code.',
  'entry-missing': 'Unlock with your passphrase or recovery code, then run `coffer rekey` to store a new keychain key.',
  timeout: 'Unlock your keyring and try again, or unlock with your passphrase or recovery code.',
};

/** The OS keychain could not be used; `failure` says why, and the message says it in words. */
export class KeychainUnavailableError extends CofferError {
  readonly failure: KeychainFailure;
  /** The keychain library's own error text, for `--verbose` output. Contains no secrets. */
  readonly detail?: string;
  constructor(failure: KeychainFailure, detail?: string) {
    super('keychain', KEYCHAIN_MESSAGES[failure], KEYCHAIN_HINTS[failure]);
    this.failure = failure;
    if (detail !== undefined) this.detail = detail;
  }
}

/** Another process holds the vault's lock and did not let go within the wait. */
export class VaultLockedError extends CofferError {
  constructor(path: string, holder: string | undefined) {
    super(
      'locked',
      `${path} is being written by another coffer${holder ? ` (${holder})` : ''} and stayed locked.`,
      'Wait for it to finish and try again. A lock left by a killed coffer expires by itself after a few seconds.',
    );
  }
}

/** There is no vault file where one was expected. */
export class VaultNotFoundError extends CofferError {
  constructor(path: string) {
    super('not-found', `No vault at ${path}.`, 'Create one with `coffer init`, or point to yours with --vault PATH or COFFER_VAULT.');
  }
}

/** The operating system refused a file operation (permissions, disk full, read-only file system). */
export class VaultIoError extends CofferError {
  readonly errno?: string;
  constructor(action: string, path: string, cause: unknown, hint?: string) {
    const errno = errnoOf(cause);
    super('io', `Could not ${action} ${path}: ${IO_REASONS[errno ?? ''] ?? (cause instanceof Error ? cause.message : String(cause))}.`, hint ?? IO_HINTS[errno ?? '']);
    if (errno !== undefined) this.errno = errno;
  }
}

const IO_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EDQUOT: 'the disk quota is exceeded',
  EIO: 'the disk reported an input/output error',
};
const IO_HINTS: Record<string, string> = {
  EACCES: 'Check the owner and permissions of the vault file and its folder.',
  EPERM: 'Check the owner and permissions of the vault file and its folder.',
  ENOSPC: 'Free some disk space; the vault file was left as it was.',
  EDQUOT: 'Free some disk space; the vault file was left as it was.',
  EROFS: 'Point coffer at a writable location with --vault PATH or COFFER_VAULT.',
  EIO: 'The disk may be failing; the vault file was left as it was. Copy it and its .bak to another disk.',
};

/** The hint when a save replaced the file but could not confirm it on disk (FolderNotFlushedError). */
export function unflushedSaveHint(path: string): string {
  return `The new contents are in place, but were not confirmed on disk: a power loss could still undo them. The disk may be failing; copy ${path} and ${path}.bak to another disk.`;
}

export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function backupHint(path: string): string {
  return `The previous version is kept as ${path}.bak if coffer saved this vault before; restore it, or restore from your backups.`;
}

const METHOD_NAMES: Record<UnlockMethod, string> = {
  keychain: 'the OS keychain',
  passphrase: 'a passphrase',
  recovery: 'a recovery code',
};

/** The vault cannot be unlocked this way: it has no slot of that type. */
export class NoSuchSlotError extends CofferError {
  constructor(method: UnlockMethod, available: readonly UnlockMethod[]) {
    super(
      'not-found',
      `This vault cannot be unlocked with ${METHOD_NAMES[method]}: it has no ${method} slot.`,
      available.length > 0 ? `Unlock it with ${available.map((m) => METHOD_NAMES[m]).join(' or ')}.` : undefined,
    );
  }
}
