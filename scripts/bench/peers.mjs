// coffer side by side with Debian's `pass` (the standard Unix password store: one GnuPG-encrypted
// file per secret), on the same 50 secrets, in the same run:
//   - handing an environment of 50 secrets to a program: `coffer run` against reading the 50
//     with `pass show` one by one, as pass users script it (`export K=$(pass show …)` each);
//   - a single read: `coffer get` against `pass show`, and against a bare `node -e 0` (the floor
//     of any Node CLI).
// Everything is throwaway: a GnuPG home with a passphrase-less key generated here, a
// PASSWORD_STORE_DIR and a vault in a temp folder, the OS keychain of the runner's private
// keyring. `pass` is installed with apt when missing (as root; otherwise the section says how).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECRETS = 50;
const TARGETS = { runSpeedup: 5, getOverFloor: 1.6 };

function have(command) {
  return spawnSync('bash', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function ensurePass() {
  if (have('pass') && have('gpg')) return;
  if (process.getuid?.() !== 0) throw new Error('the peers section needs Debian\'s pass: apt-get install -y pass (or run the bench as root, which installs it)');
  console.error('bench: installing pass (apt-get install -y pass)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'pass', 'gnupg'], { env, stdio: 'ignore' });
}

function sh(argv, options) {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return result.stdout;
}

export async function run(ctx) {
  if (process.env.COFFER_TEST_KEYRING !== '1') throw new Error('the peers section unlocks coffer through the OS keychain: run it from scripts/bench.mjs (which starts a throwaway keyring)');
  ensurePass();
  const dir = mkdtempSync(join(tmpdir(), 'coffer-bench-peers-'));
  const gnupg = join(dir, 'gnupg');
  mkdirSync(gnupg, { mode: 0o700 });
  const env = { ...process.env, GNUPGHOME: gnupg, PASSWORD_STORE_DIR: join(dir, 'password-store') };
  delete env.NODE_OPTIONS;
  delete env.DISPLAY; // no pinentry window: the key has no passphrase
  const vault = join(dir, 'vault', 'vault.coffer');
  const coffer = (...args) => [ctx.node, ctx.cofferBin, ...args];
  try {
    // GnuPG key and pass store.
    sh(['gpg', '--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'coffer bench <bench@coffer.invalid>', 'default', 'default', 'never'], { env });
    const fingerprint = sh(['gpg', '--batch', '--with-colons', '--list-secret-keys'], { env }).split('\n').find((line) => line.startsWith('fpr:'))?.split(':')[9];
    if (!fingerprint) throw new Error('gpg made no key');
    sh(['pass', 'init', fingerprint], { env });

    // The same 50 secrets in both.
    const values = Array.from({ length: SECRETS }, () => randomBytes(24).toString('base64'));
    const keys = values.map((_, i) => `KEY_${i + 1}`);
    keys.forEach((key, i) => sh(['pass', 'insert', '--multiline', '--force', `bench/production/${key}`], { env, input: `${values[i]}\n` }));
    sh(coffer('init', '--vault', vault), { env });
    sh(coffer('app', 'add', 'bench', '--vault', vault), { env });
    const dotenv = join(dir, 'bench.env');
    writeFileSync(dotenv, keys.map((key, i) => `${key}=${values[i]}\n`).join(''), { mode: 0o600 });
    sh(coffer('import', 'bench/production', dotenv, '--vault', vault), { env });
    rmSync(dotenv);
    if (sh(coffer('get', 'bench/production/KEY_7', '--vault', vault), { env }) !== values[6]) throw new Error('coffer does not return the value it was given');
    if (sh(['pass', 'show', 'bench/production/KEY_7'], { env }).trim() !== values[6]) throw new Error('pass does not return the value it was given');

    // The pass way: one `pass show` per variable, then the program.
    const loop = join(dir, 'pass-env.sh');
    writeFileSync(loop, `set -e\n${keys.map((key) => `export ${key}="$(pass show bench/production/${key})"`).join('\n')}\nexec true\n`);
    chmodSync(loop, 0o700);

    const fifty = ctx.timeCommands(
      {
        coffer: coffer('run', '--vault', vault, '--app', 'bench', '--env', 'production', '--', 'true'),
        pass: ['bash', loop],
      },
      { runs: ctx.runs ?? 10, warmup: 2, env },
    );
    const single = ctx.timeCommands(
      {
        floor: [ctx.node, '-e', '0'],
        get: coffer('get', 'bench/production/KEY_1', '--vault', vault),
        pass: ['pass', 'show', 'bench/production/KEY_1'],
      },
      { runs: ctx.runs ?? 30, env },
    );

    const speedup = { p50: fifty.pass.p50 / fifty.coffer.p50, p95: fifty.pass.p95 / fifty.coffer.p95 };
    const overFloor = { p50: single.get.p50 / single.floor.p50, p95: single.get.p95 / single.floor.p95 };
    return [
      { name: `coffer run: ${SECRETS} secrets into a program`, p50: fifty.coffer.p50, p95: fifty.coffer.p95, unit: 'ms' },
      { name: `pass show × ${SECRETS}, then the program`, p50: fifty.pass.p50, p95: fifty.pass.p95, unit: 'ms' },
      { name: `pass loop ÷ coffer run (${SECRETS} secrets)`, ...speedup, unit: '×', target: `p50 ≥ ${TARGETS.runSpeedup}`, ok: speedup.p50 >= TARGETS.runSpeedup },
      { name: 'node -e 0 (floor)', p50: single.floor.p50, p95: single.floor.p95, unit: 'ms' },
      { name: 'coffer get (one secret)', p50: single.get.p50, p95: single.get.p95, unit: 'ms' },
      { name: 'pass show (one secret)', p50: single.pass.p50, p95: single.pass.p95, unit: 'ms' },
      { name: 'coffer get ÷ node -e 0', ...overFloor, unit: '×', target: `p50 ≤ ${TARGETS.getOverFloor}`, ok: overFloor.p50 <= TARGETS.getOverFloor },
      { name: 'coffer get ÷ pass show', p50: single.get.p50 / single.pass.p50, p95: single.get.p95 / single.pass.p95, unit: '×' },
    ];
  } finally {
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}
