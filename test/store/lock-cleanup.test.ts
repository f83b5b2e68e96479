// A coffer killed while writing the lock's holder file leaves `<vault>.lock-holder.json.<hex>.tmp`
// behind; the next lock holder removes such files (found by the fault suite's crash test: they
// piled up in the vault's folder, one per unlucky kill).
import { readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { holderPathOf, withVaultLock } from '../../src/store/lock.js';
import { createVault, fileFixture } from './file-fixture.js';

it('the next lock holder removes holder temp files a killed coffer left, and nothing else', async () => {
  const fixture = await fileFixture();
  try {
    await createVault(fixture);
    const folder = dirname(fixture.path);
    const abandoned = `${basename(holderPathOf(fixture.path))}.0123456789abcdef.tmp`;
    const unrelated = ['notes.txt', `${basename(holderPathOf(fixture.path))}.tmp`, 'other.lock-holder.json.0123456789abcdef.tmp'];
    for (const name of [abandoned, ...unrelated]) await writeFile(join(folder, name), '{"pid":1}');
    await withVaultLock(fixture.path, {}, async () => undefined);
    const left = await readdir(folder);
    expect(left).not.toContain(abandoned);
    for (const name of unrelated) expect(left).toContain(name);
  } finally {
    await fixture.dir.remove();
  }
});
