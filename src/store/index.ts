// What the CLI's composition root needs from the local store. Everything else in src/store is an
// implementation detail.
export { FileVaultOpener } from './opener.js';
export type { FileVaultOpenerOptions } from './opener.js';
export { FileVaultRepository } from './file-repository.js';
export type { FileRepositoryOptions, RekeyResult, SlotInfo } from './file-repository.js';
export { MemoryVaultRepository } from './memory-repository.js';
export type { MemoryVaultOptions } from './memory-repository.js';
export { OsKeychain, KEYCHAIN_SERVICE, DEFAULT_KEYCHAIN_TIMEOUT_MS } from './keychain.js';
export type { KeyProvider, OsKeychainOptions } from './keychain.js';
export { MemoryKeychain } from './memory-keychain.js';
export { resolveVaultPath, VAULT_FILE_NAME } from './location.js';
export { permissionWarnings } from './permissions.js';
export { defaultSeenSavesPath } from './seen-saves.js';
export { normalizeRecoveryCode } from './recovery-code.js';
export type { SlotType } from './header.js';
export type { ScryptCost } from './kdf.js';
export {
  CorruptVaultError,
  DowngradeError,
  KeychainUnavailableError,
  NoSuchSlotError,
  RollbackDetectedError,
  TamperedVaultError,
  UnsafeKdfParamsError,
  UnsupportedVersionError,
  VaultIoError,
  VaultLockedError,
  VaultNotFoundError,
  VaultRekeyedError,
  WrongKeyError,
} from './errors.js';
