// A writer that finds the vault locked for more than a moment is told once who holds it, and
// keeps waiting: the CLI prints that, so a person sees why `coffer set` has not finished yet.
import { expect, it } from 'vitest';
import { withVaultLock } from '../../src/store/lock.js';
import { createVault, fileFixture } from './file-fixture.js';

it('a busy lock: onWait is told the holder once, then the wait goes on and the lock is had', async () => {
  const fixture = await fileFixture();
  try {
    await createVault(fixture);
    let told: (holder: string | undefined) => void = () => undefined;
    const waiterTold = new Promise<string | undefined>((resolve) => (told = resolve));
    const notes: Array<string | undefined> = [];
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // The holder keeps the lock until the waiter has been told about it.
    const holder = withVaultLock(fixture.path, {}, async () => {
      holding();
      await waiterTold;
    });
    await held;
    const waiter = await withVaultLock(
      fixture.path,
      {
        onWait: (who) => {
          notes.push(who);
          told(who);
        },
      },
      async () => 'got it',
    );
    await holder;
    expect(waiter).toBe('got it');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(new RegExp(`^pid ${process.pid} of \\S+ on \\S+ since \\d{4}-`));
  } finally {
    await fixture.dir.remove();
  }
});

it('a free lock: onWait is never called', async () => {
  const fixture = await fileFixture();
  try {
    await createVault(fixture);
    const notes: unknown[] = [];
    await withVaultLock(fixture.path, { onWait: (who) => notes.push(who) }, async () => undefined);
    expect(notes).toEqual([]);
  } finally {
    await fixture.dir.remove();
  }
});
