// The code cache's file (src/platform/code-cache.ts) on real files: what is written is read back
// only under the same key and only whole. test/e2e/start-up.test.ts runs the built program on it.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cacheKey, readCache, writeCache } from '../../src/platform/code-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'coffer-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = cacheKey({ size: 408_825, mtimeMs: 1_796_698_610_858.34, ino: 5_326_516 });
const data = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));

describe('the cache key', () => {
  test('names the Node that compiled and the exact bundle file', () => {
    expect(key).toContain(process.version);
    expect(key).toContain(process.arch);
    const other = (change: Partial<{ size: number; mtimeMs: number; ino: number }>) => cacheKey({ size: 408_825, mtimeMs: 1_796_698_610_858.34, ino: 5_326_516, ...change });
    expect(new Set([key, other({ size: 408_826 }), other({ mtimeMs: 1_796_698_610_858.35 }), other({ ino: 5_326_517 })]).size).toBe(4);
    expect(key).not.toContain('\n');
  });
});

describe('reading and writing the cache file', () => {
  test('what is written is read back under the same key', () => {
    const path = join(dir, 'round-trip.cache');
    expect(writeCache(path, key, data)).toBe(true);
    expect(readCache(path, key)?.equals(data)).toBe(true);
  });

  test('under another key: nothing', () => {
    const path = join(dir, 'other-key.cache');
    writeCache(path, key, data);
    expect(readCache(path, cacheKey({ size: 1, mtimeMs: 2, ino: 3 }))).toBeUndefined();
  });

  test('any byte of the data changed, cut short or lengthened: nothing', () => {
    const path = join(dir, 'damaged.cache');
    writeCache(path, key, data);
    const whole = readFileSync(path);
    const start = whole.indexOf(0x0a) + 1;
    for (const at of [start, start + 1, start + 2048, whole.length - 1]) {
      const damaged = Buffer.from(whole);
      damaged[at] = damaged[at]! ^ 0x01;
      writeFileSync(path, damaged);
      expect(readCache(path, key), `byte ${at}`).toBeUndefined();
    }
    for (const bad of [whole.subarray(0, whole.length - 1), Buffer.concat([whole, Buffer.from([0])]), whole.subarray(0, start), whole.subarray(0, start - 1)]) {
      writeFileSync(path, bad);
      expect(readCache(path, key)).toBeUndefined();
    }
  });

  test('missing, empty, a folder, or a file with no header line: nothing', () => {
    expect(readCache(join(dir, 'missing.cache'), key)).toBeUndefined();
    writeFileSync(join(dir, 'empty.cache'), '');
    expect(readCache(join(dir, 'empty.cache'), key)).toBeUndefined();
    mkdirSync(join(dir, 'folder.cache'));
    expect(readCache(join(dir, 'folder.cache'), key)).toBeUndefined();
    writeFileSync(join(dir, 'no-header.cache'), Buffer.alloc(2048, 0x41));
    expect(readCache(join(dir, 'no-header.cache'), key)).toBeUndefined();
  });

  test('a place it cannot be written: false, and no temp file left', () => {
    const blocked = join(dir, 'blocked');
    mkdirSync(join(blocked, 'cli.cjs.cache'), { recursive: true });
    expect(writeCache(join(blocked, 'cli.cjs.cache'), key, data)).toBe(false);
    expect(readdirSync(blocked)).toEqual(['cli.cjs.cache']);
    expect(writeCache(join(dir, 'no-such-folder', 'cli.cjs.cache'), key, data)).toBe(false);
  });

  test('a rewrite replaces the file whole', () => {
    const path = join(dir, 'rewrite.cache');
    writeCache(path, key, data);
    const second = Buffer.from('second compile');
    expect(writeCache(path, key, second)).toBe(true);
    expect(readCache(path, key)?.toString()).toBe('second compile');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
