// Drives a program in a real terminal: a private tmux server per session, for end-to-end tests
// of the built program and for the screenshot script.
//
//   const t = await startCoffer(['--vault', vault], { cols: 120, rows: 36 });
//   await t.waitFor('Apps');
//   await t.press('j', 'j', 'Enter');
//   expect(await t.waitExit()).toBe(0);
//
// Every session gets its own server (`tmux -L <unique socket>`), so tests never see each other's
// panes or the user's tmux. Deliberately free of vitest imports: scripts bundle it too. In tests,
// test/helpers/e2e-setup.ts calls killAll() after each test; an exit hook catches the rest.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cofferBin = join(repoRoot, 'bin/coffer.cjs');

export interface StartOptions {
  cols?: number;
  rows?: number;
  /** Added to the pane's environment, which otherwise is ours minus CI markers (see tmuxEnv). */
  env?: Record<string, string>;
  cwd?: string;
  /** Pause between keys sent by press(); Ink reads keys that arrive together as one input. */
  keyDelayMs?: number;
}

export interface WaitOptions {
  /** Milliseconds before giving up; default 10 s. */
  timeout?: number;
  /** Search the whole history (scrollback()) instead of the visible screen. */
  scrollback?: boolean;
}

export type Pattern = string | RegExp;

const POLL_MS = 20;
// The pane runs the command under a shell that outlives it by a moment, keeping its exit status.
// tmux 3.3a closes a pane as soon as its own process has exited and the pty looks empty; output
// written just before a fast exit can still be on its way through the kernel then, and is lost
// (seen: 8 in 100 runs of a one-line printf). The pause lets it arrive. The shell catches
// Ctrl-C itself (a handler, not an ignore, so the program still gets the default) to outlive it.
const LINGER = 'trap : INT QUIT; status=0; "$@" || status=$?; sleep 0.05; exit "$status"';
const DEFAULT_TIMEOUT_MS = 10_000;
const live = new Set<TmuxSession>();
let sequence = 0;

/** Runs a shell command line, or an argv (quoted for the shell), in a fresh tmux server. */
export async function start(cmd: string | readonly string[], options: StartOptions = {}): Promise<TmuxSession> {
  // An argv replaces the inner shell (exec): dash, unlike bash, dies of a Ctrl-C that arrived
  // while it waited, even when the program caught it and exited normally.
  const session = new TmuxSession(typeof cmd === 'string' ? cmd : `exec ${shellQuote(cmd)}`, options);
  live.add(session);
  try {
    await session.launch();
  } catch (error) {
    session.killSync();
    throw error;
  }
  return session;
}

/** Runs the built program: `node bin/coffer.cjs ...args` (build first: `npm run build`). */
export function startCoffer(args: readonly string[], options: StartOptions = {}): Promise<TmuxSession> {
  return start([process.execPath, cofferBin, ...args], { cwd: repoRoot, ...options });
}

/** Kills every session still running. Safe to call any time, and more than once. */
export function killAll(): void {
  for (const session of [...live]) session.killSync();
}

process.once('exit', killAll);

export class TmuxSession {
  readonly socket = `coffer-test-${process.pid}-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;
  readonly name = 'main';
  readonly cols: number;
  readonly rows: number;
  private readonly dir = mkdtempSync(join(tmpdir(), 'coffer-tmux-'));
  /** The server's socket file; removed by kill(). */
  socketPath = '';
  private killed = false;

  constructor(
    readonly command: string,
    private readonly options: StartOptions,
  ) {
    this.cols = options.cols ?? 120;
    this.rows = options.rows ?? 36;
  }

  /** @internal Called by start(). */
  async launch(): Promise<void> {
    // Options in a config file, so they hold before the command runs (remain-on-exit must be on
    // even for a program that exits at once). -f also keeps the user's ~/.tmux.conf out.
    const conf = join(this.dir, 'tmux.conf');
    writeFileSync(
      conf,
      [
        'set -g exit-empty on',
        'set -g remain-on-exit on',
        // The default "Pane is dead" line is written with a line feed at the bottom row, which
        // scrolls the program's first line off the screen. waitExit() reports the status instead.
        'set -g remain-on-exit-format ""',
        'set -g escape-time 0',
        'set -g history-limit 100000',
        'set -g status off',
        'set -g default-terminal tmux-256color',
        'set -g focus-events off',
        '',
      ].join('\n'),
    );
    const envArgs = Object.entries(this.options.env ?? {}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    await this.tmux(
      'new-session', '-d', '-s', this.name, '-x', String(this.cols), '-y', String(this.rows),
      '-c', this.options.cwd ?? process.cwd(), ...envArgs, shellQuote(['/bin/sh', '-c', LINGER, 'pane', '/bin/sh', '-c', this.command]),
    );
    this.socketPath = (await this.display('#{socket_path}')).trim();
  }

  /** Sends tmux key names one at a time: 'j', 'Enter', 'Escape', 'Up', 'C-u', 'BSpace', 'F1'… */
  async press(...keys: string[]): Promise<void> {
    const delay = this.options.keyDelayMs ?? 30;
    for (const [i, key] of keys.entries()) {
      if (i > 0 && delay > 0) await sleep(delay);
      await this.tmux('send-keys', '-t', this.target, key);
    }
  }

  /** Sends text literally in one write, as a paste would arrive. */
  async type(text: string): Promise<void> {
    await this.tmux('send-keys', '-t', this.target, '-l', '--', text);
  }

  /** The visible screen as plain text, one line per row, trailing blanks trimmed. */
  screen(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-t', this.target);
  }

  /** The visible screen with SGR colour and attribute sequences (for screenshots). */
  screenAnsi(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-e', '-N', '-t', this.target);
  }

  /**
   * Everything the normal screen holds, including what scrolled off the top. An alternate-screen
   * program's output is not in it once the program has left the alternate screen.
   */
  scrollback(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-S', '-', '-E', '-', '-t', this.target);
  }

  /** Polls until the screen (or scrollback) matches; resolves to the matching text. */
  async waitFor(pattern: Pattern, options: WaitOptions = {}): Promise<string> {
    return this.poll(`to show ${describe(pattern)}`, options, (text) => matches(text, pattern));
  }

  /** Polls until the screen (or scrollback) no longer matches; resolves to the text then. */
  async waitGone(pattern: Pattern, options: WaitOptions = {}): Promise<string> {
    return this.poll(`to stop showing ${describe(pattern)}`, options, (text) => !matches(text, pattern));
  }

  /**
   * Waits until the screen has not changed for `quietMs` (default 150 ms): the program has
   * finished painting. For screenshots; a test should wait for the text it expects instead.
   */
  async settle(options: { quietMs?: number; timeout?: number } = {}): Promise<string> {
    const quietMs = options.quietMs ?? 150;
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    let last = await this.screenAnsi();
    let since = Date.now();
    for (;;) {
      await sleep(POLL_MS);
      const now = await this.screenAnsi();
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) {
        return now;
      }
      if (Date.now() > deadline) {
        throw new Error(`tmux: the screen kept changing for ${timeout} ms\n${frame(await this.safeScreen())}`);
      }
    }
  }

  /** Whether the program has exited (the pane stays, thanks to remain-on-exit). */
  async exited(): Promise<boolean> {
    return (await this.display('#{pane_dead}')).trim() === '1';
  }

  /** Waits for the program to exit; resolves to its exit status (128 + signal if killed). */
  async waitExit(options: { timeout?: number } = {}): Promise<number> {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    for (;;) {
      const [dead, status, signal] = (await this.display('#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}'))
        .trim()
        .split(':');
      if (dead === '1' && signal) return 128 + Number(signal);
      if (dead === '1' && status) return Number(status);
      // Dead pane (pty closed) but no status: tmux has not reaped the process yet. tmux 3.3a
      // sometimes misses the SIGCHLD of a program that exits within milliseconds and leaves it a
      // zombie; any child of the server that exits makes it reap everything, so start one.
      if (dead === '1') await this.tmux('run-shell', 'true');
      if (Date.now() > deadline) {
        throw new Error(`tmux: program did not exit within ${timeout} ms\n${frame(await this.safeScreen())}`);
      }
      await sleep(POLL_MS);
    }
  }

  async resize(cols: number, rows: number): Promise<void> {
    await this.tmux('resize-window', '-t', this.name, '-x', String(cols), '-y', String(rows));
  }

  /** Stops the program, the private tmux server and removes its socket. Idempotent. */
  async kill(): Promise<void> {
    this.killSync();
  }

  /** @internal Synchronous so that it can run from an exit hook. */
  killSync(): void {
    if (this.killed) return;
    this.killed = true;
    live.delete(this);
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore', env: tmuxEnv() });
    } catch {
      // Already gone (the server exits by itself when its last session ends).
    }
    if (this.socketPath) rmSync(this.socketPath, { force: true });
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get target(): string {
    return `=${this.name}:0.0`;
  }

  private display(format: string): Promise<string> {
    return this.tmux('display-message', '-p', '-t', this.target, format);
  }

  private async safeScreen(): Promise<string> {
    try {
      return await this.screen();
    } catch (error) {
      return `(screen unavailable: ${(error as Error).message})`;
    }
  }

  private async poll(what: string, options: WaitOptions, done: (text: string) => boolean): Promise<string> {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    const read = () => (options.scrollback ? this.scrollback() : this.screen());
    const deadline = Date.now() + timeout;
    for (;;) {
      const text = await read();
      if (done(text)) return text;
      if (Date.now() > deadline) {
        const state = (await this.exited()) ? ' (the program has exited)' : '';
        throw new Error(`tmux: timed out after ${timeout} ms waiting for the screen ${what}${state}\n${frame(text)}`);
      }
      await sleep(POLL_MS);
    }
  }

  private tmux(...args: string[]): Promise<string> {
    if (this.killed) return Promise.reject(new Error('tmux: session already killed'));
    const conf = join(this.dir, 'tmux.conf');
    return new Promise((resolvePromise, reject) => {
      execFile(
        'tmux',
        ['-L', this.socket, '-f', conf, ...args],
        { env: tmuxEnv(), maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`tmux ${args[0]} failed: ${stderr.trim() || error.message}`));
          else resolvePromise(stdout);
        },
      );
    });
  }
}

/**
 * The environment the tmux server (and so the pane) starts from: ours, minus the test runner's
 * and minus CI markers, so the program sees a person's terminal. Under CI=true Ink paints nothing
 * until it exits (is-in-ci). CI=0 would fix that but not colour: chalk's supports-color turns
 * colour off whenever CI is set at all, whatever its value. Unset, both behave as on a desktop.
 */
/** A variable that tells programs they run under CI (and makes Ink paint nothing until exit). */
export function isCiMarker(key: string): boolean {
  return key === 'CI' || key === 'CONTINUOUS_INTEGRATION';
}

function tmuxEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (isCiMarker(key) || /^(TMUX|TMUX_PANE|NODE_ENV|NODE_OPTIONS|FORCE_COLOR|NO_COLOR)$|^VITEST/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

function matches(text: string, pattern: Pattern): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : new RegExp(pattern.source, pattern.flags.replace('g', '')).test(text);
}

function describe(pattern: Pattern): string {
  return typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern);
}

/** Boxes a screen for error messages, so blank rows and trailing text are visible. */
function frame(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const width = Math.max(20, ...lines.map((line) => line.length));
  const rule = '─'.repeat(width);
  return [`screen:`, `┌${rule}┐`, ...lines.map((line) => `│${line.padEnd(width)}│`), `└${rule}┘`].join('\n');
}

export function shellQuote(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}
