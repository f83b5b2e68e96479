// Recovery codes, vault location, scrypt bounds and durable writes.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTempFileOf, removeAbandonedTempFiles, writeFileDurably } from '../../src/store/durable-write.js';
import { UnsafeKdfParamsError } from '../../src/store/errors.js';
import { checkScryptParams, newScryptParams } from '../../src/store/kdf.js';
import { resolveVaultPath } from '../../src/store/location.js';
import { generateRecoveryCode, normalizeRecoveryCode } from '../../src/store/recovery-code.js';
import { SeenSaves, defaultSeenSavesPath } from '../../src/store/seen-saves.js';
import { tempDir } from './fixtures.js';

describe('recovery codes', () => {
  it('are 7 groups of 4 Crockford symbols (140 bits) and all different', () => {
    const codes = new Set(Array.from({ length: 200 }, generateRecoveryCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/);
  });

  it('read back ignoring case, dashes, spaces and look-alike letters', () => {
    const code = '7Q2M-0ABC-1DEF-GHJK-MNPQ-RSTV-WXYZ';
    expect(normalizeRecoveryCode(code)).toBe('7Q2M0ABC1DEFGHJKMNPQRSTVWXYZ');
    expect(normalizeRecoveryCode('7q2m oabc ldef ghjk mnpq rstv wxyz')).toBe('7Q2M0ABC1DEFGHJKMNPQRSTVWXYZ');
    expect(() => normalizeRecoveryCode('7Q2M-0ABC')).toThrow(expect.objectContaining({ code: 'invalid', hint: expect.stringMatching(/28 letters/) }));
    expect(() => normalizeRecoveryCode('UUUU-0ABC-1DEF-GHJK-MNPQ-RSTV-WXYZ')).toThrow();
  });
});

describe('resolveVaultPath', () => {
  const home = '/home/op';
  it('prefers --vault, then COFFER_VAULT, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(resolveVaultPath({ flag: 'v.coffer', env: { COFFER_VAULT: '/x' }, home, cwd: '/work' })).toBe('/work/v.coffer');
    expect(resolveVaultPath({ env: { COFFER_VAULT: '/srv/team.coffer', XDG_DATA_HOME: '/d' }, home })).toBe('/srv/team.coffer');
    expect(resolveVaultPath({ env: { XDG_DATA_HOME: '/d' }, home })).toBe('/d/coffer/vault.coffer');
    expect(resolveVaultPath({ env: {}, home })).toBe('/home/op/.local/share/coffer/vault.coffer');
    expect(resolveVaultPath({ env: { XDG_DATA_HOME: 'relative' }, home })).toBe('/home/op/.local/share/coffer/vault.coffer');
  });

  it('keeps the rollback record under XDG_STATE_HOME', () => {
    expect(defaultSeenSavesPath({ XDG_STATE_HOME: '/s' }, home)).toBe('/s/coffer/seen.json');
    expect(defaultSeenSavesPath({}, home)).toBe('/home/op/.local/state/coffer/seen.json');
  });
});

describe('scrypt parameters', () => {
  it('default is N=2^17 r=8 p=1 with a 16-byte salt; costs below the floor are refused', () => {
    const params = newScryptParams();
    expect(params).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    expect(Buffer.from(params.salt, 'base64')).toHaveLength(16);
    expect(() => newScryptParams({ N: 2 ** 12, r: 8, p: 1 })).toThrow(UnsafeKdfParamsError);
    expect(() => checkScryptParams('v', { ...params, N: 2 ** 20 })).not.toThrow();
  });
});

describe('writeFileDurably', () => {
  it('writes 0600, keeps the previous generation as .bak, leaves no temp file', async () => {
    const dir = await tempDir();
    try {
      const path = join(dir.path, 'f');
      await writeFileDurably(path, Buffer.from('one'), { backup: true });
      expect(await readdir(dir.path)).toEqual(['f']);
      await writeFileDurably(path, Buffer.from('two'), { backup: true });
      expect(await readFile(path, 'utf8')).toBe('two');
      expect(await readFile(`${path}.bak`, 'utf8')).toBe('one');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await readdir(dir.path)).sort()).toEqual(['f', 'f.bak']);
    } finally {
      await dir.remove();
    }
  });

  it('leaves the old file in place when the write fails', async () => {
    const dir = await tempDir();
    try {
      const path = join(dir.path, 'f');
      await writeFileDurably(path, Buffer.from('one'));
      await mkdir(`${path}.bak`); // rename onto a directory fails
      await mkdir(join(`${path}.bak`, 'x'));
      await expect(writeFileDurably(path, Buffer.from('two'), { backup: true })).rejects.toThrow();
      expect(await readFile(path, 'utf8')).toBe('one');
      expect((await readdir(dir.path)).filter((name) => isTempFileOf(path, name))).toEqual([]);
    } finally {
      await dir.remove();
    }
  });

  it('cleans temp files a killed writer left, and only those', async () => {
    const dir = await tempDir();
    try {
      const path = join(dir.path, 'vault.coffer');
      await writeFile(join(dir.path, '.vault.coffer.0123456789abcdef.tmp'), 'x');
      await writeFile(join(dir.path, '.vault.coffer.notours.tmp'), 'x');
      await writeFile(join(dir.path, '.other.0123456789abcdef.tmp'), 'x');
      await removeAbandonedTempFiles(path);
      expect((await readdir(dir.path)).sort()).toEqual(['.other.0123456789abcdef.tmp', '.vault.coffer.notours.tmp']);
    } finally {
      await dir.remove();
    }
  });
});

describe('SeenSaves', () => {
  it('only moves forward, and survives a damaged state file', async () => {
    const dir = await tempDir();
    try {
      const seen = new SeenSaves(join(dir.path, 'state', 'seen.json'));
      await seen.record('f', { seq: 5, formatVersion: 1 });
      await seen.record('f', { seq: 3, formatVersion: 1 });
      const snapshot = await seen.snapshot();
      expect(() => snapshot.check('v', 'f', { seq: 4, formatVersion: 1 })).toThrow(expect.objectContaining({ name: 'RollbackDetectedError' }));
      expect(() => snapshot.check('v', 'f', { seq: 5, formatVersion: 0 })).toThrow(expect.objectContaining({ name: 'DowngradeError' }));
      expect(() => snapshot.check('v', 'f', { seq: 5, formatVersion: 1 })).not.toThrow();
      expect(() => snapshot.check('v', 'other', { seq: 1, formatVersion: 1 })).not.toThrow();
      await writeFile(join(dir.path, 'state', 'seen.json'), '{not json');
      expect(() => snapshot.check('v', 'f', { seq: 5, formatVersion: 1 })).not.toThrow();
      await expect(seen.snapshot().then((s) => s.check('v', 'f', { seq: 1, formatVersion: 1 }))).resolves.toBeUndefined();
    } finally {
      await dir.remove();
    }
  });
});
