// Runs the CLI's bundle (dist/cli.cjs) from V8's code cache. Compiling ~400 KiB of JavaScript
// (and, later, every function a command calls) is a fixed part of every `coffer get`; V8 can
// instead load what an earlier run compiled. Node 22 does this itself (module.enableCompileCache);
// on Node 20 it takes vm.Script's cachedData, which is what this module does for one file.
//
// The cache sits next to the bundle (FILE.cache) and is written when a run found none it could
// use: the first run after a build, or after Node was upgraded. It holds compiled code only (the
// bundle's functions and literals), never data a run handled. It is keyed on the bundle's size,
// modification time and inode and on Node's version, so a rebuilt or edited bundle never runs
// from another one's cache (V8's own check compares only the source's length), and it carries
// the SHA-256 of its data: V8 does not check that data in release builds, and a damaged byte
// there crashes the process or, worse, runs other code than was compiled. A cache that is
// unreadable, short, stale, damaged or refused by V8 is ignored and rewritten; a folder that
// cannot be written (a system-wide install) just means no cache. Writes go to a temp file renamed
// into place, so two processes never see half of one. (The checksum is against damage, not
// malice: whoever can write the cache can as well rewrite the bundle next to it.)
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

const MAGIC = 'coffer-code-cache 1';
const MAX_KEY_LENGTH = 512;

/** What a cache must have been made from: this Node, this bundle file exactly. */
export function cacheKey(stats: { size: number; mtimeMs: number; ino: number }): string {
  return `${MAGIC} ${process.version} ${process.arch} ${stats.size} ${stats.mtimeMs} ${stats.ino}`;
}

const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The V8 data of a cache file made under `key`; undefined for a missing, stale or damaged one. */
export function readCache(path: string, key: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const newline = bytes.subarray(0, MAX_KEY_LENGTH).indexOf(0x0a);
  if (newline < 0) return undefined;
  const header = bytes.toString('latin1', 0, newline);
  const data = bytes.subarray(newline + 1);
  if (data.length === 0 || header !== `${key} ${digest(data)}`) return undefined;
  return data;
}

/** Writes `data` under `key`, whole or not at all; false when the folder refuses it. */
export function writeCache(path: string, key: string, data: Buffer): boolean {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(`${key} ${digest(data)}\n`, 'latin1'), data]), { mode: 0o644 });
    renameSync(temp, path);
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}

export interface CachedLoad {
  exports: Record<string, unknown>;
  /** Whether V8 took the cache (false: compiled from source, and the cache is written at exit). */
  fromCache: boolean;
}

/**
 * `require(file)` for a CommonJS file, compiled from its code cache when a valid one exists.
 * The module is registered in require.cache like any other, so the TUI's bundle, which requires
 * './cli.cjs' for the domain, gets this same instance. Code compiled this way cannot call import()
 * on Node 20: the bundle must not (scripts/build.mjs checks).
 */
export function requireCached(file: string, cachePath = `${file}.cache`): CachedLoad {
  const fd = openSync(file, 'r');
  let source: string;
  let key: string;
  try {
    key = cacheKey(fstatSync(fd));
    source = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  const cachedData = readCache(cachePath, key);
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData && { cachedData }) });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  const mod = new Module(file);
  mod.filename = file;
  const require = createRequire(file);
  require.cache[file] = mod;
  try {
    const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
    run.call(mod.exports, mod.exports, require, mod, file, dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  mod.loaded = true;
  // At exit, so the cache also holds the functions this run compiled as it went.
  if (!fromCache) process.once('exit', () => writeCache(cachePath, key, script.createCachedData()));
  return { exports: mod.exports as Record<string, unknown>, fromCache };
}
