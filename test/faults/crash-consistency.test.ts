// Crash consistency: a writer process killed with SIGKILL at random moments, over and over.
// After every kill the vault must open and hold every save the writer acknowledged before it
// died (it prints "committed N" only once save N is on disk), with the right values, and at most
// the one save that was in flight beyond them; the .bak must open as an older generation; no
// value may sit in plaintext in anything the kill left behind; the next writer must clean up
// the dead one's temp files. A second writer rewraps the master key (passphrase changes): a kill
// there must never lose a way in.
//
// Lean by default; COFFER_HEAVY=1 kills 1,000 record writers and 100 rewrappers (several
// thousand acknowledged saves). COFFER_CRASH_KILLS / COFFER_CRASH_REWRAPS force the counts.
// test/store/multiprocess.test.ts keeps its own quick kill loop for the store's own suite.
import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretId } from '../../src/domain/ids.js';
import { lockPathOf } from '../../src/store/lock.js';
import { decodeVaultFile } from '../../src/store/vault-codec.js';
import { parseEnvelope } from '../../src/store/envelope.js';
import { runChild } from '../store/child-process.js';
import { createVault, fileFixture } from '../store/file-fixture.js';
import type { FileFixture } from '../store/file-fixture.js';
import { ids, metaRecord, put, secretRecord } from '../store/fixtures.js';
import { CRASH_CANARY, CRASH_PASSPHRASE, CRASH_SCRYPT_COST, crashValue } from './children/crash-records.js';
import { bundleEntry, removeBundle } from './helpers/bundle.js';
import { iterations } from './helpers/heavy.js';

const KILLS = iterations('COFFER_CRASH_KILLS', 16, 1_000);
const REWRAPS = iterations('COFFER_CRASH_REWRAPS', 4, 100);

let writer: string;
beforeAll(async () => {
  writer = await bundleEntry('test/faults/children/crash-writer.ts');
});
afterAll(async () => {
  if (writer) await removeBundle(writer);
});

interface KillReport {
  /** The last "committed N" the writer printed before it died. */
  acknowledged: number;
  /** It had printed "saving N+1": the kill landed inside a save. */
  inFlight: boolean;
}

/** Starts a writer, lets it run for a random while, kills it with SIGKILL. */
async function runAndKill(fixture: FileFixture, mode: 'records' | 'rewrap', code: string, maxDelayMs: number): Promise<KillReport> {
  const child = runChild(writer, [mode, fixture.path, fixture.seenSavesPath, code]);
  await child.waitForLine((line) => line === 'ready');
  await new Promise((done) => setTimeout(done, Math.random() * maxDelayMs));
  child.process.kill('SIGKILL');
  const exit = await child.exited;
  expect(exit.signal, `the writer ended by itself: ${child.stderr()}`).toBe('SIGKILL');
  const committed = child.lines.filter((l) => l.startsWith('committed ')).map((l) => Number(l.slice(10)));
  const saving = child.lines.filter((l) => l.startsWith('saving ')).map((l) => Number(l.slice(7)));
  const acknowledged = Math.max(0, ...committed);
  return { acknowledged, inFlight: Math.max(0, ...saving) > acknowledged };
}

/** Nothing a kill leaves in the vault's folder may hold a value in clear. */
async function expectNoPlaintext(fixture: FileFixture): Promise<string[]> {
  const files = await fixture.folderFiles();
  for (const [name, bytes] of files) expect(bytes.includes(CRASH_CANARY), `${name} holds a value in plaintext`).toBe(false);
  return [...files.keys()].filter((name) => name.endsWith('.tmp'));
}

async function clearDeadLock(fixture: FileFixture): Promise<void> {
  // A killed holder's lock would make the next writer wait for its 10 s stale time; taking over
  // a dead holder's lock is tested by the CLI concurrency suite. Clear it to keep the loop fast.
  await rm(lockPathOf(fixture.path), { recursive: true, force: true });
  await rm(`${fixture.path}.lock-holder.json`, { force: true });
}

describe('kill -9 of a writer at random moments', () => {
  for (const size of ['small', 'large'] as const) {
    // The large vault (1,500 secrets × 10 versions, ~3 MB) makes each save take long enough that
    // many kills land inside the encryption, the write, the fsyncs or the renames.
    const kills = size === 'small' ? Math.ceil(KILLS * 0.7) : Math.floor(KILLS * 0.3);
    it(`${kills} kills of a record writer on a ${size} vault: every acknowledged save survives, intact`, async () => {
      const fixture = await fileFixture();
      try {
        const initial = [put(ids.meta, metaRecord('crash'))];
        if (size === 'large') {
          for (let i = 0; i < 1_500; i++) {
            initial.push(put(ids.secret('bulk', 'env', `B_${i}`), secretRecord('bulk', 'env', `B_${i}`, Array.from({ length: 10 }, (_, v) => `bulk-${i}-${v}-${'x'.repeat(100)}`))));
          }
        }
        const { repository, recoveryCode } = await createVault(fixture, initial, { useKeychain: false });
        await repository.close();
        let known = 0; // saves we know are on disk
        let killedInside = 0;
        let leftover: string[] = [];
        for (let round = 0; round < kills; round++) {
          const report = await runAndKill(fixture, 'records', recoveryCode, size === 'small' ? 120 : 600);
          if (report.inFlight) killedInside += 1;
          const acknowledged = Math.max(known, report.acknowledged);
          const temps = await expectNoPlaintext(fixture);
          // A temp file from an earlier kill is gone once a later writer has saved.
          if (report.acknowledged > known) for (const name of leftover) expect(temps, `${name} from an earlier kill was never cleaned up`).not.toContain(name);
          leftover = temps;

          const opened = await fixture.opener().unlockWithRecoveryCode(recoveryCode);
          const records = (await opened.load()).records;
          const written = [...records.keys()].filter((id) => id.startsWith('secret:crash/env/C_')).length;
          const where = `round ${round}: ${report.acknowledged} acknowledged by this writer, ${known} known before`;
          expect(written, `${where}: an acknowledged save was lost`).toBeGreaterThanOrEqual(acknowledged);
          expect(written, `${where}: more saves than were ever attempted`).toBeLessThanOrEqual(acknowledged + 1);
          for (let n = 1; n <= written; n++) {
            const record = records.get(secretId('crash', 'env', `C_${n}`))?.record;
            expect(record?.type === 'secret' ? record.value.versions[0]?.value : undefined, `${where}: C_${n} is missing or wrong`).toBe(crashValue(n));
          }
          expect(await opened.verifyAudit(), `${where}: the audit chain`).toMatchObject({ ok: true });

          // The previous generation opens too.
          const bak = await readFile(`${fixture.path}.bak`).catch(() => undefined);
          if (bak) {
            const keys = (opened as unknown as { adapter: { fileId: string; keyId: string; masterKey: Buffer } }).adapter;
            const { header, data } = decodeVaultFile(`${fixture.path}.bak`, bak, keys);
            // Older — or the same generation, when the kill came after the backup was linked and
            // before the new file was renamed over the vault.
            expect(header.seq, `${where}: the .bak is newer than the vault`).toBeLessThanOrEqual(parseEnvelope(fixture.path, await fixture.bytes()).header.seq);
            expect([...data.records.keys()].every((id) => records.has(id)), `${where}: the .bak holds a record the vault lost`).toBe(true);
          }
          await opened.close();
          known = written;
          await clearDeadLock(fixture);
        }
        console.info(`crash (${size}): ${kills} kills, ${known} saves survived, ${killedInside} kills inside a save`);
        expect(known, 'no save was ever acknowledged: the kill delays are too short to test anything').toBeGreaterThan(0);
        if (kills >= 10) expect(killedInside, 'no kill landed inside a save').toBeGreaterThan(0);
      } finally {
        await fixture.dir.remove();
      }
    }, 60_000 + kills * 3_000);
  }

  it(`${REWRAPS} kills while the master key is rewrapped (passphrase changes): never locked out`, async () => {
    const fixture = await fileFixture();
    try {
      const { repository, recoveryCode } = await fixture.opener({ scryptCost: CRASH_SCRYPT_COST }).create({ useKeychain: false, passphrase: CRASH_PASSPHRASE(0), initial: [put(ids.meta, metaRecord('crash'))], actor: 't' });
      await repository.close();
      let known = 0;
      for (let round = 0; round < REWRAPS; round++) {
        const report = await runAndKill(fixture, 'rewrap', recoveryCode, 300);
        // Each writer counts from 1 again: its passphrase N only replaced the previous writer's
        // last one if it was acknowledged, or was the one in flight.
        const candidates = [report.acknowledged, report.acknowledged + 1].filter((n) => n > 0);
        if (report.acknowledged === 0) candidates.push(known);
        const opener = fixture.opener({ scryptCost: CRASH_SCRYPT_COST });
        const opensWith: number[] = [];
        for (const n of new Set(candidates)) {
          if (await opener.unlockWithPassphrase(CRASH_PASSPHRASE(n)).then((r) => (void r.close(), true), () => false)) opensWith.push(n);
        }
        expect(opensWith, `round ${round}: no expected passphrase opens it (tried ${candidates.join(', ')})`).toHaveLength(1);
        if (report.acknowledged > 0) expect(opensWith[0]!, `round ${round}: an acknowledged passphrase change was lost`).toBeGreaterThanOrEqual(report.acknowledged);
        known = opensWith[0]!;
        const recovered = await opener.unlockWithRecoveryCode(recoveryCode);
        expect(await recovered.verifyAudit()).toMatchObject({ ok: true });
        await recovered.close();
        await expectNoPlaintext(fixture);
        await clearDeadLock(fixture);
      }
      expect((await readdir(dirname(fixture.path))).filter((name) => name.endsWith('.tmp')).length).toBeLessThanOrEqual(2);
    } finally {
      await fixture.dir.remove();
    }
  }, 60_000 + REWRAPS * 3_000);
});
