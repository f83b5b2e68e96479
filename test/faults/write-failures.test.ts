// A save that fails midway — the disk full (ENOSPC) or failing (EIO) at each step of the durable
// write — leaves the previous file byte for byte as it was, says what happened (a typed
// VaultIoError with the reason and a hint), leaves no temp file or lock behind, and the same
// repository saves fine once the disk is back. A real full disk (a small tmpfs) is tested end to
// end in disk-full.e2e.test.ts; here the faults are injected into node:fs/promises, so every step
// can be hit exactly.
import type { FileHandle } from 'node:fs/promises';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VaultIoError } from '../../src/store/errors.js';
import type { FileVaultRepository } from '../../src/store/file-repository.js';
import { lockPathOf } from '../../src/store/lock.js';
import { createVault, fileFixture } from '../store/file-fixture.js';
import type { FileFixture } from '../store/file-fixture.js';
import { ids, put, secretRecord } from '../store/fixtures.js';

type Op = 'open' | 'writev' | 'sync' | 'link' | 'copyFile' | 'rename';
interface Fault {
  op: Op;
  errno: 'ENOSPC' | 'EIO' | 'EDQUOT' | 'EPERM';
  /** Which file the call is about (for rename: its destination). */
  match: (path: string) => boolean;
  /** Matching calls to let through before failing. */
  skip: number;
  fired: number;
}

const faults = vi.hoisted(() => ({ armed: [] as Fault[] }));

function fsError(errno: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${errno}: injected fault, ${syscall} '${path}'`), { code: errno, errno: -1, syscall, path });
}

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const trip = (op: Op, path: string) => {
    const fault = faults.armed.find((f) => f.op === op && f.match(path));
    if (!fault) return undefined;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return undefined;
    }
    fault.fired += 1;
    return fsError(fault.errno, op, path);
  };
  const wrapHandle = (handle: FileHandle, path: string): FileHandle =>
    new Proxy(handle, {
      get(target, prop, receiver) {
        if (prop === 'writev') {
          return async (buffers: Uint8Array[], position?: number) => {
            const error = trip('writev', path);
            if (!error) return target.writev(buffers, position);
            // A short write first, as a filling disk does, then the failure.
            const first = buffers[0];
            if (first && first.length > 1) await target.write(first.subarray(0, Math.floor(first.length / 2)));
            throw error;
          };
        }
        if (prop === 'sync') {
          return async () => {
            const error = trip('sync', path);
            if (error) throw error;
            return target.sync();
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  return {
    ...real,
    async open(path: string, flags?: string | number, mode?: number) {
      const error = trip('open', path);
      if (error) throw error;
      return wrapHandle(await real.open(path, flags, mode), path);
    },
    async link(existing: string, target: string) {
      const error = trip('link', target);
      if (error) throw error;
      return real.link(existing, target);
    },
    async copyFile(source: string, target: string, mode?: number) {
      const error = trip('copyFile', target);
      if (error) throw error;
      return real.copyFile(source, target, mode);
    },
    async rename(from: string, to: string) {
      const error = trip('rename', to);
      if (error) throw error;
      return real.rename(from, to);
    },
  };
});

afterEach(() => {
  faults.armed = [];
});

const isTemp = (path: string) => /\.vault\.coffer\.[0-9a-f]{16}\.tmp$/.test(path);
const KEY = ids.secret('api', 'production', 'TOKEN');

async function vaultWithHistory(): Promise<{ fixture: FileFixture; repository: FileVaultRepository; recoveryCode: string }> {
  const fixture = await fileFixture();
  const { repository, recoveryCode } = await createVault(fixture, [put(KEY, secretRecord('api', 'production', 'TOKEN', ['v1']))]);
  await commitValue(repository, ['v1', 'v2']); // a second save, so a .bak exists
  return { fixture, repository, recoveryCode };
}

async function commitValue(repository: FileVaultRepository, values: string[]) {
  const current = (await repository.load()).records.get(KEY);
  return repository.commit({ changes: [put(KEY, secretRecord('api', 'production', 'TOKEN', values))], expected: { [KEY]: current?.revision ?? null }, audit: [{ action: 'secret.set' }], actor: 't' });
}

async function valuesIn(repository: FileVaultRepository): Promise<string[]> {
  const record = (await repository.load()).records.get(KEY)?.record;
  return record?.type === 'secret' ? record.value.versions.map((v) => v.value ?? '') : [];
}

function arm(op: Op, errno: Fault['errno'], match: (path: string) => boolean, skip = 0): Fault {
  const fault: Fault = { op, errno, match, skip, fired: 0 };
  faults.armed.push(fault);
  return fault;
}

// Each step of writeFileDurably before the rename that makes the new file current.
const BEFORE_RENAME: Array<[string, Op, (vault: string) => (path: string) => boolean]> = [
  ['creating the temp file', 'open', () => isTemp],
  ['writing the temp file (a short write, then the error)', 'writev', () => isTemp],
  ['syncing the temp file', 'sync', () => isTemp],
  ['keeping the backup (hard link, then the copy fallback)', 'link', () => isTemp],
  ['renaming the backup into place', 'rename', (vault) => (path) => path === `${vault}.bak`],
  ['syncing the folder after the backup', 'sync', (vault) => (path) => path === dirname(vault)],
  ['renaming the new file over the vault', 'rename', (vault) => (path) => path === vault],
];

describe('a save that fails before the new file is in place', () => {
  for (const [step, op, match] of BEFORE_RENAME) {
    for (const errno of ['ENOSPC', 'EIO'] as const) {
      it(`${errno} while ${step}: previous file intact, typed error, no leftovers, next save works`, async () => {
        const { fixture, repository, recoveryCode } = await vaultWithHistory();
        try {
          const before = await fixture.folderFiles();
          const fault = arm(op, errno, match(fixture.path));
          if (op === 'link') arm('copyFile', errno, isTemp); // the fallback fails the same way
          const error = await commitValue(repository, ['v1', 'v2', 'lost']).catch((e: unknown) => e);
          expect(fault.fired, `the ${op} fault was never reached`).toBeGreaterThan(0);

          expect(error, `a failed ${op} must surface as VaultIoError`).toBeInstanceOf(VaultIoError);
          const io = error as VaultIoError;
          expect(io).toMatchObject({ code: 'io', errno });
          expect(io.message).toContain(fixture.path);
          expect(io.message).toMatch(errno === 'ENOSPC' ? /the disk is full/ : /input\/output error/);
          expect(io.hint).toMatch(/the vault file was left as it was/);

          const after = await fixture.folderFiles();
          expect(after.get('vault.coffer')?.equals(before.get('vault.coffer')!), 'the vault file changed').toBe(true);
          expect([...after.keys()].filter((name) => isTemp(`${dirname(fixture.path)}/${name}`)), 'temp files left behind').toEqual([]);
          await expect(stat(lockPathOf(fixture.path)), 'the lock was not released').rejects.toMatchObject({ code: 'ENOENT' });

          faults.armed = [];
          expect(await valuesIn(repository), 'the failed change is visible').toEqual(['v1', 'v2']);
          await commitValue(repository, ['v1', 'v2', 'v3']);
          const reopened = await fixture.opener().unlockWithRecoveryCode(recoveryCode);
          expect(await valuesIn(reopened)).toEqual(['v1', 'v2', 'v3']);
          expect(await reopened.verifyAudit()).toMatchObject({ ok: true });
        } finally {
          faults.armed = [];
          await fixture.dir.remove();
        }
      });
    }
  }

  it('EDQUOT while writing says the quota is exceeded', async () => {
    const { fixture, repository } = await vaultWithHistory();
    try {
      arm('writev', 'EDQUOT', isTemp);
      const error = await commitValue(repository, ['x']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VaultIoError);
      expect((error as VaultIoError).message).toMatch(/quota is exceeded/);
      expect((error as VaultIoError).hint).toMatch(/Free some disk space/);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('a file system without hard links falls back to copying the backup', async () => {
    const { fixture, repository, recoveryCode } = await vaultWithHistory();
    try {
      const fault = arm('link', 'EPERM', isTemp);
      await commitValue(repository, ['v1', 'v2', 'v3']);
      expect(fault.fired).toBe(1);
      const reopened = await fixture.opener().unlockWithRecoveryCode(recoveryCode);
      expect(await valuesIn(reopened)).toEqual(['v1', 'v2', 'v3']);
      expect((await stat(`${fixture.path}.bak`)).mode & 0o777).toBe(0o600);
    } finally {
      await fixture.dir.remove();
    }
  });
});

describe('a save whose folder cannot be flushed after the rename', () => {
  it('EIO on the folder fsync: the new file is in place and opens, and the error says it may not be on disk', async () => {
    const { fixture, repository, recoveryCode } = await vaultWithHistory();
    try {
      const folder = dirname(fixture.path);
      // The folder is synced twice per save: after the backup's rename, then after the new file's.
      const fault = arm('sync', 'EIO', (path) => path === folder, 1);
      const error = await commitValue(repository, ['v1', 'v2', 'v3']).catch((e: unknown) => e);
      expect(fault.fired).toBeGreaterThan(0);
      expect(error).toBeInstanceOf(VaultIoError);
      expect((error as VaultIoError).message).toMatch(/Could not finish saving .*input\/output error/);
      expect((error as VaultIoError).hint).toMatch(/new contents are in place, but were not confirmed on disk/);
      faults.armed = [];
      // This process knows its own save: no false "changed by another coffer", no rollback alarm.
      expect(await valuesIn(repository)).toEqual(['v1', 'v2', 'v3']);
      await commitValue(repository, ['v1', 'v2', 'v3', 'v4']);
      const reopened = await fixture.opener().unlockWithRecoveryCode(recoveryCode);
      expect(await valuesIn(reopened)).toEqual(['v1', 'v2', 'v3', 'v4']);
    } finally {
      await fixture.dir.remove();
    }
  });
});

describe('what a failed save leaves for the rollback record', () => {
  it('ENOSPC writing seen.json does not fail the save (the record is best effort)', async () => {
    const { fixture, repository, recoveryCode } = await vaultWithHistory();
    try {
      const fault = arm('open', 'ENOSPC', (path) => basename(dirname(path)) === 'coffer' && path.includes('seen.json'));
      await commitValue(repository, ['v1', 'v2', 'v3']);
      expect(fault.fired).toBeGreaterThan(0);
      faults.armed = [];
      const reopened = await fixture.opener().unlockWithRecoveryCode(recoveryCode);
      expect(await valuesIn(reopened)).toEqual(['v1', 'v2', 'v3']);
      expect((await readdir(dirname(fixture.seenSavesPath))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await fixture.dir.remove();
    }
  });
});
