// The TUI benchmark's measurements, run inside a throwaway keyring (scripts/bench/tui.mjs starts
// it through test/helpers/with-keyring.sh): builds file vaults of N secrets × V versions with
// the real store and OS keychain, then times the BUILT program (bin/coffer.cjs) in a pty.
// Prints one JSON line: { coldStart: {label: ms[]}, keystroke: {label: ms[]} }.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addApp, applyChanges, appId, newVaultRecords, secretId, setSecret, stateFromRecords } from '../../../src/domain/index.js';
import type { Context, RecordChange, Secret, VaultRecord, VaultState } from '../../../src/domain/index.js';
import { FileVaultOpener, OsKeychain } from '../../../src/store/index.js';
import { Pty } from './pty.js';

const ctx: Context = { actor: 'bench', now: () => new Date() };
const SIZE = { cols: 120, rows: 40 };
const SMALL = { cols: 80, rows: 24 };

function emptyState(): VaultState {
  const records = new Map<string, { record: VaultRecord; revision: string }>();
  for (const change of newVaultRecords(ctx, 'bench')) if (change.record) records.set(change.id, { record: change.record, revision: '1' });
  return stateFromRecords({ records }).state;
}

/** App "big", its production holding `count` secrets of `versions` versions each. */
function records(count: number, versions: number): RecordChange[] {
  let state = applyChanges(emptyState(), addApp(emptyState(), ctx, { name: 'big' }).changes);
  for (let v = 1; v <= versions; v++) {
    state = applyChanges(state, setSecret(state, ctx, { app: 'big', env: 'production', key: 'TEMPLATE', value: `value-v${v}`, meta: { maxVersions: Math.max(10, versions) } }).changes);
  }
  const template = state.secrets[secretId('big', 'production', 'TEMPLATE')] as Secret;
  const out: RecordChange[] = [
    ...newVaultRecords(ctx, 'bench').filter((c) => c.id === 'meta' || c.id === appId('shared')),
    { id: appId('big'), record: { type: 'app', value: state.apps.big! } },
  ];
  for (let i = 0; i < count; i++) {
    const key = `KEY_${String(i).padStart(5, '0')}`;
    const secret: Secret = { ...template, key, versions: template.versions.map((v) => ({ ...v, value: `${v.value}-${i}-${'x'.repeat(40)}` })) };
    out.push({ id: secretId('big', 'production', key), record: { type: 'secret', value: secret } });
  }
  return out;
}

async function makeVault(dir: string, count: number, versions: number): Promise<string> {
  const path = join(dir, `vault-${count}x${versions}.coffer`);
  const opener = new FileVaultOpener({ path, keychain: new OsKeychain(), seenSavesPath: join(dir, 'seen.json') });
  const { repository } = await opener.create({ useKeychain: true, initial: records(count, versions), actor: 'bench' });
  await repository.close();
  return path;
}

function start(vault: string, size = SIZE): Pty {
  return new Pty([process.execPath, join(process.cwd(), 'bin/coffer.cjs'), '--vault', vault], { ...size, env: process.env });
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 25)); // a fast typist, above Ink's frame budget

/**
 * Opens big › production › Secrets and times `count` keystrokes: j all the way for a long list
 * (the window scrolls on every key), j/k back and forth for a list shorter than the count.
 */
async function keystrokes(vault: string, secrets: number, count: number, size = SIZE): Promise<number[]> {
  const pty = start(vault, size);
  const samples: number[] = [];
  try {
    await pty.waitForText('1 Apps');
    // Ink attaches key handlers in effects that run just after a frame is written: a key sent the
    // moment the main view appears can reach the start-up screen's handler instead.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const key of ['j', 'l', 'G', 'l']) await pty.send(key);
    let down = true;
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at === secrets - 1) down = false;
      if (at === 0) down = true;
      samples.push(await pty.keystroke(down ? 'j' : 'k'));
      at += down ? 1 : -1;
      await pause();
    }
  } finally {
    pty.kill();
    await pty.exited;
  }
  return samples;
}

async function coldStart(vault: string): Promise<number> {
  const pty = start(vault);
  try {
    return await pty.waitForText('1 Apps');
  } finally {
    pty.kill();
    await pty.exited;
  }
}

const runs = Number(process.argv[2] ?? 10);
const keys = Number(process.argv[3] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'coffer-bench-tui-'));
try {
  const vaults = { '1500x10': await makeVault(dir, 1500, 10), '10000x10': await makeVault(dir, 10_000, 10) };
  const coldStartMs: Record<string, number[]> = { '1500x10': [], '10000x10': [] };
  await coldStart(vaults['1500x10']); // warm the file cache and the keyring once
  for (let i = 0; i < runs; i++) {
    for (const [label, vault] of Object.entries(vaults)) coldStartMs[label]!.push(await coldStart(vault));
  }

  const small = await makeVault(dir, 10, 10);
  const keystroke = {
    '10000': await keystrokes(vaults['10000x10'], 10_000, keys),
    '10': await keystrokes(small, 10, keys),
    '10000@80x24': await keystrokes(vaults['10000x10'], 10_000, keys, SMALL),
  };
  process.stdout.write(`${JSON.stringify({ coldStart: coldStartMs, keystroke })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
