// The system clipboard, for the TUI's copy keys. Three ways, picked once from the environment:
//
//   system  a clipboard program: wl-copy/wl-paste on Wayland, xclip or xsel with an X DISPLAY,
//           pbcopy/pbpaste on macOS. The value goes to the program's stdin, never its argv
//           (argv is readable by every local user in /proc and ps).
//   osc52   no clipboard program or display (typically over SSH): the terminal's own clipboard,
//           set with the escape sequence OSC 52 (ESC ] 52 ; c ; <base64> BEL) written to the
//           terminal. It cannot be read back, so clearing is done blind with an empty OSC 52.
//           Inside tmux, tmux must pass it on: `set -g set-clipboard on` in ~/.tmux.conf.
//   none    neither: copying fails with a sentence saying so.
//
// Every call is bounded by a timeout, so a wedged clipboard program (an X server that stopped
// answering) cannot hang the UI.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CofferError } from '../domain/errors.js';

export type ClipboardMethod = 'system' | 'osc52' | 'none';

/**
 * - cleared: the clipboard still held our text and is now empty;
 * - changed: it holds something else (or nothing) now, and was left alone;
 * - unknown: it could not be read back. With OSC 52 (which can never be read) the clear was
 *   sent anyway; with a clipboard program whose read failed, nothing was done.
 */
export type ClearOutcome = 'cleared' | 'changed' | 'unknown';

export interface Clipboard {
  readonly method: ClipboardMethod;
  /** What does the copying, for the status line: "xclip", "wl-copy", "pbcopy", "OSC 52", "none". */
  readonly via: string;
  /** Something the operator may need to know about this clipboard (tmux settings), if anything. */
  readonly note?: string;
  copy(text: string): Promise<void>;
  clearIfStillHolds(text: string): Promise<ClearOutcome>;
}

export class ClipboardError extends CofferError {
  constructor(message: string, hint?: string) {
    super('io', message, hint);
  }
}

/** Where OSC 52 is written: the terminal the UI runs in. */
export interface TerminalOutput {
  readonly isTTY?: boolean;
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
}

export interface ClipboardOptions {
  env?: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  /** The terminal for OSC 52; without a TTY there, OSC 52 is not offered. */
  terminal?: TerminalOutput;
  /** Upper bound for each call, in ms (default 2000). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 2000;
const NEVER = /(?!)/;
const ESC = '\u001b';
const BEL = '\u0007';

/** A clipboard program's command lines; `clear` = argv to run with empty stdin. */
interface ProgramSet {
  via: string;
  copy: string[];
  paste: string[];
  clear: string[];
  /** stderr of a paste that failed because the clipboard is empty or holds no text. */
  emptyPaste: RegExp;
}

function onPath(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

function detectPrograms(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): ProgramSet | undefined {
  const has = (...names: string[]) => names.every((name) => onPath(name, env) !== undefined);
  if (platform === 'darwin' && has('pbcopy', 'pbpaste')) {
    return { via: 'pbcopy', copy: ['pbcopy'], paste: ['pbpaste'], clear: ['pbcopy'], emptyPaste: NEVER };
  }
  if (env.WAYLAND_DISPLAY && has('wl-copy', 'wl-paste')) {
    return {
      via: 'wl-copy',
      copy: ['wl-copy'],
      paste: ['wl-paste', '--no-newline'],
      clear: ['wl-copy', '--clear'],
      emptyPaste: /nothing is copied|no selection|no suitable type/i,
    };
  }
  if (env.DISPLAY && has('xclip')) {
    return {
      via: 'xclip',
      copy: ['xclip', '-selection', 'clipboard', '-in'],
      paste: ['xclip', '-selection', 'clipboard', '-out'],
      clear: ['xclip', '-selection', 'clipboard', '-in'],
      emptyPaste: /target \S+ not available/i,
    };
  }
  if (env.DISPLAY && has('xsel')) {
    return {
      via: 'xsel',
      copy: ['xsel', '--clipboard', '--input'],
      paste: ['xsel', '--clipboard', '--output'],
      clear: ['xsel', '--clipboard', '--clear'],
      emptyPaste: NEVER,
    };
  }
  return undefined;
}

/** Picks the clipboard this environment offers (see the top of this file). */
export function createClipboard(options: ClipboardOptions = {}): Clipboard {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const programs = detectPrograms(env, options.platform ?? process.platform);
  if (programs) return new ProgramClipboard(programs, env, timeoutMs);
  if (options.terminal?.isTTY) return new Osc52Clipboard(options.terminal, timeoutMs, env.TMUX ? TMUX_NOTE : undefined);
  return NO_CLIPBOARD;
}

const TMUX_NOTE = 'Copying uses OSC 52 through tmux: it reaches your clipboard only with `set -g set-clipboard on` in ~/.tmux.conf.';

const NO_CLIPBOARD: Clipboard = {
  method: 'none',
  via: 'none',
  copy: () =>
    Promise.reject(
      new ClipboardError(
        'No clipboard is available here.',
        'Install wl-clipboard (Wayland) or xclip (X11), or use a terminal that supports OSC 52.',
      ),
    ),
  clearIfStillHolds: () => Promise.resolve('unknown'),
};

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a clipboard program with `input` on stdin. Waits for the process to exit, not for its
 * pipes to close: xclip, xsel and wl-copy fork a child that keeps serving the selection, and it
 * inherits them.
 */
function runProgram(argv: string[], input: string, env: Readonly<Record<string, string | undefined>>, timeoutMs: number): Promise<Ran> {
  const [file, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The forked server may hold our pipes open; let go of them so nothing keeps us alive.
      child.stdout.destroy();
      child.stderr.destroy();
      outcome();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(new ClipboardError(`${argv[0]} did not answer within ${timeoutMs / 1000} s.`, 'Is the display (X server or Wayland compositor) still running?')));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish(() => reject(new ClipboardError(`Could not run ${argv[0]}: ${error.code ?? error.message}.`))),
    );
    // 'exit' can come before the last stdout chunk of a paste: wait for stdout's end as well.
    let exitCode: number | null | undefined;
    let stdoutEnded = false;
    const maybeDone = () => {
      if (exitCode !== undefined && stdoutEnded) finish(() => resolve({ code: exitCode ?? null, stdout, stderr }));
    };
    child.stdout.on('end', () => {
      stdoutEnded = true;
      maybeDone();
    });
    child.on('exit', (code) => {
      exitCode = code;
      // A forked server keeps stdout open: do not wait for its end for long.
      setTimeout(() => {
        stdoutEnded = true;
        maybeDone();
      }, 50).unref();
      maybeDone();
    });
    child.stdin.on('error', () => undefined); // a program that exits without reading: its exit code says enough
    child.stdin.end(input);
  });
}

class ProgramClipboard implements Clipboard {
  readonly method = 'system';
  readonly via: string;

  constructor(
    private readonly programs: ProgramSet,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly timeoutMs: number,
  ) {
    this.via = programs.via;
  }

  async copy(text: string): Promise<void> {
    await this.#run(this.programs.copy, text, 'copy');
  }

  async clearIfStillHolds(text: string): Promise<ClearOutcome> {
    const pasted = await runProgram(this.programs.paste, '', this.env, this.timeoutMs);
    if (pasted.code !== 0) return this.programs.emptyPaste.test(pasted.stderr) ? 'changed' : 'unknown';
    if (pasted.stdout !== text) return 'changed';
    await this.#run(this.programs.clear, '', 'clear');
    return 'cleared';
  }

  async #run(argv: string[], input: string, what: string): Promise<void> {
    const ran = await runProgram(argv, input, this.env, this.timeoutMs);
    if (ran.code !== 0) {
      const why = ran.stderr.trim().split('\n')[0] ?? '';
      throw new ClipboardError(`${argv[0]} could not ${what} (exit ${ran.code ?? 'by signal'})${why ? `: ${why}` : ''}.`);
    }
  }
}

/** The OSC 52 sequence setting the clipboard ("c") to `text`; empty text clears it. */
export function osc52(text: string): string {
  return `${ESC}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${BEL}`;
}

class Osc52Clipboard implements Clipboard {
  readonly method = 'osc52';
  readonly via = 'OSC 52';

  constructor(
    private readonly terminal: TerminalOutput,
    private readonly timeoutMs: number,
    readonly note: string | undefined,
  ) {}

  copy(text: string): Promise<void> {
    return this.#write(osc52(text));
  }

  async clearIfStillHolds(): Promise<ClearOutcome> {
    await this.#write(osc52(''));
    return 'unknown';
  }

  #write(sequence: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new ClipboardError(`The terminal did not take the clipboard sequence within ${this.timeoutMs / 1000} s.`)), this.timeoutMs);
      this.terminal.write(sequence, (error) => {
        clearTimeout(timer);
        if (error) reject(new ClipboardError(`Could not write to the terminal: ${error.message}.`));
        else resolve();
      });
    });
  }
}
