// A FileVaultOpener in a throwaway folder, with its own rollback record and an in-memory keychain.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordChange } from '../../src/domain/ports.js';
import { MemoryKeychain } from '../../src/store/memory-keychain.js';
import { FileVaultOpener } from '../../src/store/opener.js';
import type { FileVaultOpenerOptions } from '../../src/store/opener.js';
import { TEST_SCRYPT_COST, tempDir } from './fixtures.js';
import type { TempDir } from './fixtures.js';

export interface FileFixture {
  dir: TempDir;
  path: string;
  keychain: MemoryKeychain;
  seenSavesPath: string;
  opener(extra?: Partial<FileVaultOpenerOptions>): FileVaultOpener;
  bytes(): Promise<Buffer>;
  /** Every file in the vault's folder (vault, .bak, temp files), name → bytes. */
  folderFiles(): Promise<Map<string, Buffer>>;
}

export async function fileFixture(): Promise<FileFixture> {
  const dir = await tempDir();
  const path = join(dir.path, 'vaults', 'vault.coffer');
  const keychain = new MemoryKeychain();
  const seenSavesPath = join(dir.path, 'state', 'coffer', 'seen.json');
  return {
    dir,
    path,
    keychain,
    seenSavesPath,
    opener: (extra = {}) => new FileVaultOpener({ path, keychain, seenSavesPath, scryptCost: TEST_SCRYPT_COST, ...extra }),
    bytes: () => readFile(path),
    async folderFiles() {
      const folder = join(dir.path, 'vaults');
      const files = new Map<string, Buffer>();
      for (const name of await readdir(folder)) {
        const full = join(folder, name);
        try {
          files.set(name, await readFile(full));
        } catch {
          // a directory (the lock) or a file that vanished meanwhile
        }
      }
      return files;
    },
  };
}

export async function createVault(fixture: FileFixture, initial: RecordChange[] = [], options: { passphrase?: string; useKeychain?: boolean } = {}) {
  return fixture.opener().create({ useKeychain: options.useKeychain ?? true, initial, actor: 'tester', ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}) });
}
