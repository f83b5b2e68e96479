// The process's standard streams behind a small interface, so commands can be tested with a fake
// terminal and the real one stays in one place. Prompts go to stderr, keeping stdout for data.
import { fstatSync, statSync, writeSync } from 'node:fs';
import { CancelledError, UsageError } from './usage.js';

export interface OutStream {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface PromptOptions {
  /** false hides what is typed (passphrases, values). */
  echo?: boolean;
}

export interface Terminal {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** Whether stdin is a terminal someone can answer prompts on. */
  readonly stdinIsTTY: boolean;
  /** All of stdin, as UTF-8 text. */
  readStdin(): Promise<string>;
  /** Asks one line on the terminal. Only call when stdinIsTTY. Ctrl-C throws CancelledError. */
  prompt(question: string, options?: PromptOptions): Promise<string>;
}

/**
 * Whether fd is a terminal. Asking process.stdout (or stdin) builds its stream, which for a pipe
 * loads ~28 of Node's internal modules (net, streams), and for /dev/null opens a file stream: a
 * few ms of every scripted command. Only a character device can be a terminal, and fstat says
 * that for free; /dev/null (what `< /dev/null` and a service manager give) is one too, told apart
 * by its device number. Anything else is asked of the stream, built only in that case.
 */
function isTerminal(fd: 0 | 1 | 2, stream: () => { isTTY?: boolean }): boolean {
  try {
    const stats = fstatSync(fd);
    if (!stats.isCharacterDevice()) return false;
    if (stats.rdev === devNull()) return false;
  } catch {
    return false; // closed
  }
  return stream().isTTY === true;
}

let devNullDevice: number | undefined;
function devNull(): number | undefined {
  try {
    devNullDevice ??= statSync('/dev/null').rdev;
  } catch {
    // no /dev/null (Windows): the stream decides
  }
  return devNullDevice;
}

/**
 * Output written with write(2) on the descriptor, as Node itself writes to files, pipes and
 * terminals on Linux (synchronously), without building process.stdout. A descriptor another
 * program left non-blocking can refuse with EAGAIN: from then on, the rest goes through Node's
 * stream, which waits for room, so the order of the output is kept.
 *
 * A reader that stops early (`coffer log | head -1`) closes the pipe; the next write fails with
 * EPIPE. Like ripgrep, coffer then stops quietly with success: the reader chose to stop reading.
 * Nobody reading stderr any more is no reason to stop: those writes are dropped.
 */
function fdStream(fd: 1 | 2, stream: () => NodeJS.WriteStream): OutStream {
  let viaStream: NodeJS.WriteStream | undefined;
  let tty: boolean | undefined;
  const readerGone = () => {
    if (fd === 1) process.exit(0);
  };
  const toStream = (rest: Uint8Array | string) => {
    if (!viaStream) {
      viaStream = stream();
      viaStream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') return readerGone();
        throw error;
      });
    }
    viaStream.write(rest);
  };
  return {
    write(text) {
      if (viaStream) return toStream(text);
      const bytes = Buffer.from(text, 'utf8');
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return toStream(bytes.subarray(done));
        if (code === 'EPIPE') return readerGone();
        throw error;
      }
    },
    get isTTY() {
      return (tty ??= isTerminal(fd, stream));
    },
  };
}

/** The real streams; none of Node's stream objects is built unless a terminal or a prompt needs it. */
export function processTerminal(): Terminal {
  let stdinTTY: boolean | undefined;
  return {
    stdout: fdStream(1, () => process.stdout),
    stderr: fdStream(2, () => process.stderr),
    get stdinIsTTY() {
      return (stdinTTY ??= isTerminal(0, () => process.stdin));
    },
    readStdin,
    prompt: (question, options) => promptOnTty(question, options?.echo ?? true),
  };
}

// Values are text (strings, stored as JSON). Bytes that are not UTF-8 cannot be stored exactly,
// and decoding them leniently would store U+FFFD in their place: another value than was given.
// So they are refused; a BOM is kept, like every other character.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  try {
    return UTF8.decode(Buffer.concat(chunks));
  } catch {
    throw new UsageError(
      'stdin is not UTF-8 text; nothing was changed.',
      'coffer keeps values as text: encode binary data first, e.g. base64 < key.bin | coffer set APP/ENV/KEY (and base64 -d after coffer get).',
    );
  }
}

const ESC = '\u001b';

/**
 * Reads one line from the TTY in raw mode, so a hidden answer is never echoed (not even by the
 * terminal's line discipline). Backspace and Ctrl-U edit; escape sequences (arrows) are skipped.
 */
function promptOnTty(question: string, echo: boolean): Promise<string> {
  const stdin = process.stdin;
  const out = process.stderr;
  if (!stdin.isTTY) return Promise.reject(new UsageError('No terminal to ask on.'));
  out.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let answer: string[] = [];
    let inEscape = false;
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      out.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (inEscape) {
          // CSI sequences end with a byte in @..~; a lone ESC followed by one char is also done.
          if (ch !== '[' && ch >= '@' && ch <= '~') inEscape = false;
          continue;
        }
        if (ch === ESC) {
          inEscape = true;
        } else if (ch === '\r' || ch === '\n') {
          finish();
          resolve(answer.join(''));
          return;
        } else if (ch === '\u0003' || (ch === '\u0004' && answer.length === 0)) {
          finish();
          reject(new CancelledError());
          return;
        } else if (ch === '\u007f' || ch === '\b') {
          if (answer.length && echo) out.write('\b \b');
          answer = answer.slice(0, -1);
        } else if (ch === '\u0015') {
          if (echo) out.write('\b \b'.repeat(answer.length));
          answer = [];
        } else if (ch >= ' ') {
          answer.push(ch);
          if (echo) out.write(ch);
        }
      }
    };
    stdin.on('data', onData);
  });
}
