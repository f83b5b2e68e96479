// Which keychain entry a vault file unlocks with, read from its header synchronously: for
// starting that keychain read before anything else (src/cli/early.ts).
import { closeSync, openSync, readSync } from 'node:fs';
import { MAX_HEAD_BYTES, readHeaderOnly } from './envelope.js';

/**
 * The keychain account (the vault's fileId) of the vault at `path` when it has a keychain slot;
 * undefined when it has none, or is missing, unreadable or damaged: the unlock reports those.
 */
export function keychainAccountOf(path: string): string | undefined {
  try {
    const head = Buffer.alloc(MAX_HEAD_BYTES);
    const fd = openSync(path, 'r');
    let length: number;
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    const header = readHeaderOnly(path, head.subarray(0, length));
    return header.slots.some((slot) => slot.type === 'keychain') ? header.fileId : undefined;
  } catch {
    return undefined;
  }
}
