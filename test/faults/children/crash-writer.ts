// A writer for the crash-consistency test, bundled and run as its own process, then killed with
// SIGKILL at a random moment. It reports on stdout, line by line:
//   ready          unlocked, about to write
//   saving N       about to start save N (a kill from here to "committed N" lands inside it)
//   committed N    save N is on disk (acknowledged: it must survive any kill after this line)
// Modes:
//   records VAULT SEEN CODE     forever: commit a new record C_N whose value is known from N
//   rewrap  VAULT SEEN CODE     forever: set passphrase "pass-N" (rewraps the master key into a
//                               new slot), acknowledged as "committed N"
import { secretId } from '../../../src/domain/ids.js';
import { FileVaultOpener } from '../../../src/store/opener.js';
import { MemoryKeychain } from '../../../src/store/memory-keychain.js';
import { crashRecord, crashValue, CRASH_PASSPHRASE, CRASH_SCRYPT_COST } from './crash-records.js';

const [mode, path, seenSavesPath, code] = process.argv.slice(2) as [string, string, string, string];

const opener = new FileVaultOpener({ path, seenSavesPath, keychain: new MemoryKeychain(), scryptCost: CRASH_SCRYPT_COST });
const repository = await opener.unlockWithRecoveryCode(code);
const say = (line: string) => process.stdout.write(`${line}\n`);

if (mode === 'records') {
  let n = [...(await repository.load()).records.keys()].filter((id) => id.startsWith('secret:crash/env/C_')).length;
  say('ready');
  for (;;) {
    n += 1;
    const id = secretId('crash', 'env', `C_${n}`);
    say(`saving ${n}`);
    await repository.commit({ changes: [{ id, record: crashRecord(n) }], expected: { [id]: null }, audit: [{ action: 'secret.set', app: 'crash', env: 'env', key: `C_${n}` }], actor: 'crash' });
    say(`committed ${n}`);
  }
} else if (mode === 'rewrap') {
  say('ready');
  for (let n = 1; ; n++) {
    say(`saving ${n}`);
    await repository.changePassphrase(CRASH_PASSPHRASE(n), 'crash');
    say(`committed ${n}`);
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
