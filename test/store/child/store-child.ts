// A separate coffer process for the multi-process tests, bundled by child-process.ts with
// esbuild and run with plain `node`. Modes:
//   writer VAULT SEEN CODE NAME COUNT SHARED_EVERY  — COUNT commits of own records NAME_i, and
//       every SHARED_EVERY-th a check-and-set increment of one shared record; prints
//       "committed i" per own commit and a JSON summary at the end. COUNT 0 = forever.
//   hold-lock VAULT STALE_MS  — takes the vault's lock, prints "locked", never lets go.
//   probe-keychain  — probes the OS keychain, prints {"failure"?, "ms"}.
import { ConflictError } from '../../../src/domain/errors.js';
import { secretId } from '../../../src/domain/ids.js';
import { KeychainUnavailableError } from '../../../src/store/errors.js';
import { OsKeychain } from '../../../src/store/keychain.js';
import { withVaultLock } from '../../../src/store/lock.js';
import { MemoryKeychain } from '../../../src/store/memory-keychain.js';
import { FileVaultOpener } from '../../../src/store/opener.js';
import { PLAINTEXT_CANARY, SHARED_ID, counterRecord, counterValue } from './records.js';

const [mode, ...args] = process.argv.slice(2);

async function writer(path: string, seenSavesPath: string, code: string, name: string, count: number, sharedEvery: number): Promise<void> {
  const opener = new FileVaultOpener({ path, seenSavesPath, keychain: new MemoryKeychain() });
  const repository = await opener.unlockWithRecoveryCode(code);
  const existing = [...(await repository.load()).records.keys()].filter((id) => id.startsWith(`secret:app/env/${name}_`));
  let i = existing.length;
  const conflicts: string[][] = [];
  let sharedWins = 0;
  console.log('ready');
  while (count === 0 || i < count) {
    i += 1;
    const id = secretId('app', 'env', `${name}_${i}`);
    await repository.commit({ changes: [{ id, record: counterRecord('app', 'env', `${name}_${i}`, `${PLAINTEXT_CANARY}-${i}`) }], expected: { [id]: null }, audit: [{ action: 'secret.set', app: 'app', env: 'env', key: `${name}_${i}` }], actor: name });
    console.log(`committed ${i}`);
    if (sharedEvery > 0 && i % sharedEvery === 0) {
      const current = (await repository.load()).records.get(SHARED_ID);
      const value = counterValue(current?.record);
      try {
        await repository.commit({
          changes: [{ id: SHARED_ID, record: counterRecord('shared', 'production', 'COUNTER', String(value + 1)) }],
          expected: { [SHARED_ID]: current?.revision ?? null },
          audit: [{ action: 'secret.set', app: 'shared', env: 'production', key: 'COUNTER' }],
          actor: name,
        });
        sharedWins += 1;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        conflicts.push(error.stale);
      }
    }
  }
  console.log(JSON.stringify({ done: true, conflicts, sharedWins }));
}

async function holdLock(path: string, staleMs: number): Promise<void> {
  await withVaultLock(path, { staleMs, waitMs: 1000 }, async () => {
    console.log('locked');
    setInterval(() => undefined, 60_000); // keeps the process alive (the lock's own timer is unref'd)
    await new Promise(() => undefined);
  });
}

async function probeKeychain(): Promise<void> {
  const started = performance.now();
  try {
    await new OsKeychain().probe();
    console.log(JSON.stringify({ ms: performance.now() - started }));
  } catch (error) {
    const failure = error instanceof KeychainUnavailableError ? error.failure : `unexpected: ${String(error)}`;
    const message = error instanceof Error ? error.message : '';
    console.log(JSON.stringify({ failure, message, ms: performance.now() - started }));
  }
  process.exit(0); // a hung native call must not keep the child alive
}

const modes: Record<string, () => Promise<void>> = {
  writer: () => writer(args[0]!, args[1]!, args[2]!, args[3]!, Number(args[4]), Number(args[5])),
  'hold-lock': () => holdLock(args[0]!, Number(args[1])),
  'probe-keychain': () => probeKeychain(),
};

if (mode) {
  const run = modes[mode];
  if (!run) throw new Error(`unknown mode ${mode}`);
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    process.exit(1);
  });
}
