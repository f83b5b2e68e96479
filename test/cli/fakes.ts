// Test doubles for the CLI: a terminal whose streams are strings and whose prompts answer from a
// script, and a harness that runs commands against the real file store in a temp folder, with an
// in-memory keychain that can be told to fail and a cheap scrypt cost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VaultOpener, VaultRepository } from '../../src/domain/ports.js';
import { FileVaultOpener, FileVaultRepository, MemoryKeychain } from '../../src/store/index.js';
import { runCli } from '../../src/cli/program.js';
import type { CliDeps, TuiRequest } from '../../src/cli/runtime.js';
import type { OutStream, PromptOptions, Terminal } from '../../src/cli/terminal.js';
import { CancelledError } from '../../src/cli/usage.js';

export class StringStream implements OutStream {
  text = '';
  constructor(public isTTY = false) {}
  write(text: string): void {
    this.text += text;
  }
}

export interface Prompted {
  question: string;
  echo: boolean;
}

export class FakeTerminal implements Terminal {
  readonly stdout: StringStream;
  readonly stderr: StringStream;
  stdinIsTTY: boolean;
  stdin: string;
  /** Answers for prompt(), in order; running out is Ctrl-C. */
  answers: string[];
  prompted: Prompted[] = [];
  stdinRead = false;

  constructor(options: { tty?: boolean; stdoutTTY?: boolean; stdin?: string; answers?: string[] } = {}) {
    this.stdinIsTTY = options.tty ?? false;
    this.stdout = new StringStream(options.stdoutTTY ?? options.tty ?? false);
    this.stderr = new StringStream(options.tty ?? false);
    this.stdin = options.stdin ?? '';
    this.answers = [...(options.answers ?? [])];
  }

  async readStdin(): Promise<string> {
    this.stdinRead = true;
    return this.stdin;
  }

  async prompt(question: string, options?: PromptOptions): Promise<string> {
    if (!this.stdinIsTTY) throw new Error('prompt() without a TTY');
    this.prompted.push({ question, echo: options?.echo ?? true });
    const answer = this.answers.shift();
    if (answer === undefined) throw new CancelledError();
    return answer;
  }
}

export const TEST_SCRYPT_COST = { N: 2 ** 14, r: 8, p: 1 };

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  terminal: FakeTerminal;
}

export interface Harness {
  dir: string;
  path: string;
  keychain: MemoryKeychain;
  env: Record<string, string | undefined>;
  now: Date;
  tuiRequests: TuiRequest[];
  warnings: string[];
  /** Signals the CLI asked to die of (`run` whose program was killed). */
  reraised: NodeJS.Signals[];
  /** Wraps every repository the CLI unlocks (to fake a broken audit chain, say). */
  wrapRepository?: (repository: VaultRepository) => VaultRepository;
  run(args: string[], terminal?: FakeTerminal): Promise<RunResult>;
  cleanup(): void;
}

const harnesses: Harness[] = [];

/** Removes every harness's temp folder; call from afterEach. */
export function cleanupHarnesses(): void {
  for (const h of harnesses.splice(0)) h.cleanup();
}

/** A CLI over one vault path in a fresh temp folder (no vault yet: run init). */
export function harness(env: Record<string, string | undefined> = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-cli-'));
  const keychain = new MemoryKeychain();
  const h: Harness = {
    dir,
    path: join(dir, 'vault.coffer'),
    keychain,
    env,
    now: new Date('2025-06-01T12:00:00Z'),
    tuiRequests: [],
    warnings: [],
    reraised: [],
    async run(args, terminal = new FakeTerminal()) {
      const deps: CliDeps = {
        terminal,
        env: h.env,
        context: { actor: 'alice', now: () => h.now },
        resolveVaultPath: (flag, env) => flag ?? env.COFFER_VAULT ?? h.path,
        openerFor: (path, options = {}) =>
          wrapOpener(
            new FileVaultOpener({
              path,
              keychain,
              seenSavesPath: join(dir, 'seen.json'),
              scryptCost: TEST_SCRYPT_COST,
              now: () => h.now,
              ...(options.acceptRollback && { acceptRollback: true }),
            }),
            h.wrapRepository,
          ),
        // Team vaults are tested against a real etcd (test/e2e/team*.test.ts), not here.
        teamRun: async (flag, env) => {
          if (flag ?? env['COFFER_TEAM']) throw new Error('the unit harness has no team vaults');
          return undefined;
        },
        teamModule: () => import('../../src/team/index.js'),
        keysOf: (repository: VaultRepository) => (repository instanceof FileVaultRepository ? repository : undefined),
        permissionWarnings: async () => h.warnings,
        launchTui: async (request) => {
          h.tuiRequests.push(request);
          return 0;
        },
        newVaultId: () => 'vault-1',
        reraise: (signal) => h.reraised.push(signal),
      };
      const code = await runCli(args, deps);
      return { code, stdout: terminal.stdout.text, stderr: terminal.stderr.text, terminal };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  harnesses.push(h);
  return h;
}

function wrapOpener(opener: VaultOpener, wrap: ((repository: VaultRepository) => VaultRepository) | undefined): VaultOpener {
  if (!wrap) return opener;
  return {
    location: opener.location,
    exists: () => opener.exists(),
    slots: () => opener.slots(),
    unlockWithKeychain: async () => wrap(await opener.unlockWithKeychain()),
    unlockWithPassphrase: async (passphrase) => wrap(await opener.unlockWithPassphrase(passphrase)),
    unlockWithRecoveryCode: async (code) => wrap(await opener.unlockWithRecoveryCode(code)),
    create: (options) => opener.create(options),
  };
}

/** The recovery code as init and rekey print it. */
export function recoveryCodeIn(output: string): string {
  const match = /Recovery code: (\S+)/.exec(output);
  if (!match?.[1]) throw new Error(`no recovery code in: ${output}`);
  return match[1];
}

/** A harness whose vault was made by `coffer init` (keychain + recovery), with an app "api". */
export async function initialised(env: Record<string, string | undefined> = {}): Promise<Harness & { recoveryCode: string }> {
  const h = harness(env);
  const init = await h.run(['init']);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const add = await h.run(['app', 'add', 'api']);
  if (add.code !== 0) throw new Error(`app add failed: ${add.stderr}`);
  return Object.assign(h, { recoveryCode: recoveryCodeIn(init.stdout) });
}

/** Runs `set` with the value on stdin (a pipe). */
export function setFromPipe(h: Harness, address: string, value: string, ...flags: string[]): Promise<RunResult> {
  return h.run(['set', address, ...flags], new FakeTerminal({ stdin: value }));
}
