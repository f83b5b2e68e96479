// A really full disk: the vault on a small tmpfs (mounted here, as root — CI runs as root), the
// built program writing to it. A save that does not fit fails with exit 1 and says the disk is
// full; the vault and its .bak stay byte for byte as they were, no temp file or lock is left;
// once space is freed the same command succeeds. Every other failing step (EIO, a short write,
// the renames, the syncs) is injected one by one in write-failures.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireKeyring, Workspace } from './helpers/cli.js';

const IS_ROOT = process.getuid?.() === 0;
let ws: Workspace;
let mount: string | undefined;

beforeAll(() => {
  requireKeyring();
  ws = new Workspace('coffer-faults-disk-');
  if (!IS_ROOT) return;
  mount = join(ws.root, 'small-disk');
  mkdirSync(mount);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k,mode=0700', 'tmpfs', mount]);
});
afterAll(() => {
  if (mount) {
    try {
      execFileSync('umount', [mount]);
    } catch {
      execFileSync('umount', ['-l', mount]);
    }
  }
  ws?.remove();
});

/** Fills the file system to within `leave` bytes of full. */
function fill(dir: string, leave: number): string {
  const filler = join(dir, 'filler');
  const free = Number(execFileSync('df', ['--output=avail', '-B1', dir], { encoding: 'utf8' }).trim().split('\n').pop());
  writeFileSync(filler, Buffer.alloc(Math.max(0, free - leave)));
  return filler;
}

function snapshot(folder: string): Map<string, Buffer> {
  return new Map(readdirSync(folder).filter((name) => !name.startsWith('filler')).map((name) => [name, readFileSync(join(folder, name))]));
}

describe.skipIf(!IS_ROOT)('a vault on a full disk (tmpfs of 512 KiB)', () => {
  it('a save that does not fit: exit 1 "the disk is full", vault and .bak untouched, nothing left; fits again once freed', async () => {
    const path = join(mount!, 'vault', 'vault.coffer');
    const folder = join(mount!, 'vault');
    expect((await ws.run(['init', '--vault', path])).code).toBe(0);
    expect((await ws.run(['app', 'add', 'api', '--vault', path])).code).toBe(0);
    expect((await ws.run(['set', 'api/production/TOKEN', '--vault', path], { input: 'small' })).code).toBe(0);
    const before = snapshot(folder);
    expect([...before.keys()].sort()).toEqual(['vault.coffer', 'vault.coffer.bak']);

    for (const leave of [16 * 1024, 0]) {
      const filler = fill(mount!, leave);
      const value = 'x'.repeat(200 * 1024);
      const set = await ws.run(['set', 'api/production/BIG', '--vault', path], { input: value });
      expect(set.code, `with ${leave} bytes left: ${set.stdout}${set.stderr}`).toBe(1);
      expect(set.stderr).toContain(`coffer: Could not save ${path}: the disk is full.`);
      expect(set.stderr).toContain('hint: Free some disk space; the vault file was left as it was.');
      expect(set.stderr).not.toContain('xxxxxxxx');
      const after = snapshot(folder);
      expect([...after.keys()].sort(), `with ${leave} bytes left, files were left behind`).toEqual(['vault.coffer', 'vault.coffer.bak']);
      for (const [name, bytes] of before) expect(after.get(name)?.equals(bytes), `${name} changed`).toBe(true);
      expect(existsSync(`${path}.lock`)).toBe(false);

      // Reads still work on a full disk.
      const get = await ws.run(['get', 'api/production/TOKEN', '--vault', path]);
      expect(get, get.stderr).toMatchObject({ code: 0, stdout: 'small' });

      rmSync(filler);
      const retry = await ws.run(['set', 'api/production/BIG', '--vault', path], { input: value });
      expect(retry.code, retry.stderr).toBe(0);
      expect((await ws.run(['get', 'api/production/BIG', '--vault', path])).stdout).toBe(value);
      expect((await ws.run(['rm', 'api/production/BIG', '--yes', '--vault', path])).code).toBe(0);
      before.clear();
      for (const [name, bytes] of snapshot(folder)) before.set(name, bytes);
    }
  }, 60_000);
});
