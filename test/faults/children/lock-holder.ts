// Holds a vault's lock the way a saving coffer does (the store's own withVaultLock), for the CLI
// concurrency tests. Prints "locked" once it holds it, then "released" after HOLD_MS; with
// HOLD_MS = -1 it never lets go (to be killed with SIGKILL).
//   node lock-holder.mjs VAULT HOLD_MS
import { withVaultLock } from '../../../src/store/lock.js';

const [path, holdText] = process.argv.slice(2) as [string, string];
const hold = Number(holdText);
await withVaultLock(path, {}, async () => {
  process.stdout.write('locked\n');
  if (hold < 0) {
    setInterval(() => undefined, 60_000); // the lock's refresh timer is unref'd: stay alive
    await new Promise(() => undefined);
  }
  await new Promise((done) => setTimeout(done, hold));
});
process.stdout.write('released\n');
