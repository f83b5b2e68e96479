// A vault the CLI already unlocked while the UI loaded (src/cli/early-unlock.ts) is handed to
// the App open: the first frame is the main view, the opener is not asked again, and a lock
// followed by an unlock goes through the opener as usual.
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSession } from '../../src/domain/index.js';
import type { VaultOpener } from '../../src/domain/index.js';
import { App } from '../../src/ui/app.js';
import { Command } from '../../src/ui/keymap/commands.js';
import { bindingFor } from '../../src/ui/keymap/keymap.js';
import { keyBytes } from '../../src/ui/keymap/keys.js';
import type { KeyName } from '../../src/ui/keymap/keys.js';
import { FakeClock, memoryRepository, openerFor, TEST_SIZE, yieldTurns } from '../helpers/ink.js';
import { ctx, smallVault } from './fixtures.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function counting(opener: VaultOpener): { opener: VaultOpener; asked: string[] } {
  const asked: string[] = [];
  const count =
    <A extends unknown[], R>(name: string, call: (...args: A) => R) =>
    (...args: A): R => {
      asked.push(name);
      return call(...args);
    };
  return {
    asked,
    opener: {
      location: opener.location,
      exists: count('exists', () => opener.exists()),
      slots: count('slots', () => opener.slots()),
      unlockWithKeychain: count('keychain', () => opener.unlockWithKeychain()),
      unlockWithPassphrase: count('passphrase', (p: string) => opener.unlockWithPassphrase(p)),
      unlockWithRecoveryCode: count('recovery', (c: string) => opener.unlockWithRecoveryCode(c)),
      create: count('create', (o: Parameters<VaultOpener['create']>[0]) => opener.create(o)),
    },
  };
}

async function until(frame: () => string | undefined, text: string): Promise<void> {
  for (let i = 0; i < 2000 && !(frame() ?? '').includes(text); i++) await yieldTurns(1);
  expect(frame()).toContain(text);
  await yieldTurns(3);
}

describe('an App given an open session', () => {
  it('draws the main view first, asks the opener nothing, and unlocks through it after a lock', async () => {
    const repository = memoryRepository(smallVault(), ctx);
    const session = await VaultSession.open(repository, ctx);
    const { opener, asked } = counting(openerFor(repository));
    const app = render(createElement(App, { opener, context: ctx, clock: new FakeClock(), size: TEST_SIZE, onExit: () => undefined, session }));
    unmount = app.unmount;
    expect(app.frames[0]).toContain('1 Apps');
    expect(app.frames.some((frame) => frame.includes('Opening'))).toBe(false);
    expect(asked).toEqual([]);

    const press = (command: Command) => app.stdin.write(keyBytes(bindingFor(command).keys[0] as KeyName));
    press(Command.Lock);
    await until(app.lastFrame, 'coffer is locked');
    press(Command.LockedUnlock);
    await until(app.lastFrame, 'Unlocked: back where you were.');
    expect(asked).toContain('keychain');
  });
});
