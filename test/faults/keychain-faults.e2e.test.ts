// Keychain faults through the built program: every way the OS keychain can fail ends, within
// 2 s, in exit 6 and a message that says which way it failed and how else to unlock — never a
// hang, a stack trace, or a silent fallback. And when the keychain entry is gone, the recovery
// code still opens the vault and `rekey` puts a new key in the keychain.
//
//   no D-Bus session               DBUS_SESSION_BUS_ADDRESS unset, no $DISPLAY to autolaunch one
//   D-Bus but no Secret Service    a private session bus whose config activates no services
//   keyring locked                 a throwaway keyring whose collection is locked over D-Bus
//                                  (getPassword then answers null: "no key … or locked")
//   entry deleted behind our back  the item removed with keytar between two commands
//   library missing                a copy of the build with no @github/keytar next to it, and
//                                  one whose native addon cannot be loaded (ERR_DLOPEN_FAILED)
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startCoffer } from '../helpers/tmux.js';
import { cofferBin, requireKeyring, Workspace } from './helpers/cli.js';
import { paneEnv } from './helpers/tui.js';
import type { Run } from './helpers/cli.js';

const WITHIN_MS = 2_000;
let ws: Workspace;

beforeAll(() => {
  requireKeyring();
  ws = new Workspace('coffer-faults-keychain-');
});
afterAll(() => ws?.remove());

/** The vault's fileId, its keychain account, read from the header (no key needed). */
function fileIdOf(vault: string): string {
  const bytes = readFileSync(vault);
  const length = bytes.readUInt32BE(10);
  return (JSON.parse(bytes.subarray(14, 14 + length).toString('utf8')) as { fileId: string }).fileId;
}

/** Runs a program (a script, in the end); it reports the timed call as a line "RESULT <exit> <ms>". */
function shell(argv: string[], env: Record<string, string | undefined> = ws.env()): Promise<{ code: number; ms: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
    const child = spawn(argv[0]!, argv.slice(1), { env: clean, cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', () => {
      const result = /RESULT (\d+) (\d+)/.exec(out);
      if (!result) reject(new Error(`the script reported no result:\n${out}\n${err}`));
      else resolve({ code: Number(result[1]), ms: Number(result[2]), out, err });
    });
  });
}

/** A bash snippet that times one coffer call, its stderr into $COFFER_ERR. */
const timed = (args: string) =>
  `s=$(date +%s%N); ${JSON.stringify(process.execPath)} ${JSON.stringify(cofferBin)} ${args} 2>"$COFFER_ERR"; rc=$?; e=$(date +%s%N); echo "RESULT $rc $(( (e - s) / 1000000 ))"`;

function expectClearFailure(run: { code: number; ms: number }, stderr: string, message: RegExp, label: string): void {
  expect(run.code, `${label}: exit ${run.code}, stderr: ${stderr}`).toBe(6);
  expect(stderr, `${label}: the message does not say why`).toMatch(message);
  expect(stderr, `${label}: no way out is offered`).toMatch(/hint: .*(--recovery|passphrase)/);
  expect(stderr, `${label}: a stack trace was printed`).not.toMatch(/\n\s+at /);
  expect(run.ms, `${label}: took ${run.ms} ms`).toBeLessThan(WITHIN_MS);
}

describe('keychain faults: a clear exit 6 within 2 s', () => {
  let vault: Awaited<ReturnType<Workspace['vault']>>;
  beforeAll(async () => {
    vault = await ws.vault();
  }, 30_000);

  it('no D-Bus session at all', async () => {
    const run = await ws.run(vault.at('ls'), { env: { DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined, WAYLAND_DISPLAY: undefined } });
    expectClearFailure(run, run.stderr, /No OS keychain is reachable: there is no D-Bus session or no Secret Service/, 'no D-Bus');
  });

  it('a D-Bus session with no Secret Service on it', async () => {
    // A session bus that activates nothing: the Secret Service name simply has no owner.
    const config = join(ws.root, 'bare-session.conf');
    writeFileSync(
      config,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${ws.tmp}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
    );
    const err = join(ws.root, 'no-service.err');
    const run = await shell(['dbus-run-session', `--config-file=${config}`, '--', 'bash', '-c', timed(`ls --vault ${JSON.stringify(vault.path)}`)], ws.env({ COFFER_ERR: err, DISPLAY: undefined }));
    expectClearFailure(run, readFileSync(err, 'utf8'), /No OS keychain is reachable/, 'no Secret Service');
  });

  it('a locked keyring (its own throwaway keyring, locked over D-Bus)', async () => {
    const err = join(ws.root, 'locked.err');
    const path = join(ws.root, 'locked', 'vault.coffer');
    const script = [
      'set -e',
      `${JSON.stringify(process.execPath)} ${JSON.stringify(cofferBin)} init --vault ${JSON.stringify(path)} >/dev/null`,
      `${JSON.stringify(process.execPath)} ${JSON.stringify(cofferBin)} ls --vault ${JSON.stringify(path)} >/dev/null`, // unlocks fine first
      'for c in login session; do dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/$c >/dev/null; done',
      'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets/collection/login org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked | grep -q "boolean true"',
      'set +e',
      timed(`ls --vault ${JSON.stringify(path)}`),
    ].join('\n');
    const run = await shell(['bash', 'test/helpers/with-keyring.sh', 'bash', '-c', script], ws.env({ COFFER_ERR: err, DISPLAY: undefined }));
    expectClearFailure(run, readFileSync(err, 'utf8'), /The OS keychain has no key for this vault \(.*the keyring is locked/, 'locked keyring');
  }, 30_000);

  it('library missing: a copy of the program without @github/keytar', async () => {
    const copy = join(ws.root, 'no-keytar');
    mkdirSync(copy);
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(repoRoot, part), join(copy, part), { recursive: true });
    const run = await ws.run(vault.at('ls'), { bin: join(copy, 'bin', 'coffer.cjs') });
    expectClearFailure(run, run.stderr, /The OS keychain library could not be loaded/, 'keytar missing');
  });

  it('library broken: keytar whose native addon cannot be loaded (as without libsecret)', async () => {
    const copy = join(ws.root, 'broken-keytar');
    mkdirSync(copy);
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(repoRoot, part), join(copy, part), { recursive: true });
    const keytar = join(copy, 'node_modules', '@github', 'keytar');
    cpSync(join(repoRoot, 'node_modules', '@github', 'keytar'), keytar, { recursive: true, dereference: true });
    // Every place keytar looks for its addon holds a file that is not a shared object.
    for (const dir of ['build/Release', `prebuilds/${process.platform}-${process.arch}`]) {
      mkdirSync(join(keytar, dir), { recursive: true });
      writeFileSync(join(keytar, dir, 'keytar.node'), 'not an ELF file');
      for (const name of ['node.napi.node', 'node.napi.glibc.node', '@github+keytar.node']) writeFileSync(join(keytar, dir, name), 'not an ELF file');
    }
    const run = await ws.run(vault.at('ls'), { bin: join(copy, 'bin', 'coffer.cjs') });
    expectClearFailure(run, run.stderr, /The OS keychain library could not be loaded/, 'keytar broken');
  });
});

describe('the keychain entry deleted behind our back', () => {
  it('exit 6 within 2 s; the recovery code opens the vault; rekey stores a new keychain key', async () => {
    const { path, recoveryCode, at } = await ws.vault();
    expect((await ws.run(at('set', 'api/production/KEPT'), { input: 'still here' })).code).toBe(0);
    const account = fileIdOf(path);
    const removed = await shell([process.execPath, '-e', `require('@github/keytar').deletePassword('coffer', ${JSON.stringify(account)}).then((ok) => console.log('RESULT ' + (ok ? 0 : 1) + ' 0'))`]);
    expect(removed.code, `the keychain entry could not be deleted: ${removed.err}`).toBe(0);

    const denied: Run = await ws.run(at('ls'));
    expectClearFailure(denied, denied.stderr, /The OS keychain has no key for this vault \(it was deleted/, 'entry deleted');

    // The recovery code, typed at the prompt, opens it — and rekey puts a key back.
    const t = await startCoffer(['rekey', '--recovery', '--vault', path], { cols: 120, rows: 20, env: paneEnv(ws) });
    await t.waitFor('Recovery code for');
    await t.type(recoveryCode);
    await t.press('Enter');
    expect(await t.waitExit(), await t.screen()).toBe(0);
    expect(await t.screen()).toMatch(/Recovery code: [0-9A-Z]{4}(-[0-9A-Z]{4}){6}/);

    const back = await ws.run(at('get', 'api/production/KEPT'));
    expect(back, 'the keychain does not unlock the vault after rekey').toMatchObject({ code: 0, stdout: 'still here' });
  }, 30_000);
});
