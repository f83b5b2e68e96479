// Runs a program in a real pseudo-terminal (util-linux `script`), so the TUI benchmark measures
// what an operator feels: bytes typed into a terminal until the frame has been written back.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

// eslint-free, small: strips SGR and other CSI/OSC sequences to search the text of the screen.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(\u0007|\u001b\\)|\u001b[()][0-9A-B]|\u001b[=>78]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface PtyOptions {
  cols: number;
  rows: number;
  env: NodeJS.ProcessEnv;
}

export class Pty {
  private readonly child: ChildProcessWithoutNullStreams;
  private output = '';
  private lastData = 0;
  private waiters: (() => void)[] = [];
  readonly startedAt: number;
  exited: Promise<number>;

  constructor(argv: string[], options: PtyOptions) {
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // The pty starts without a size when our stdin is not a terminal: set it before exec.
    const command = `stty cols ${options.cols} rows ${options.rows}; exec ${quoted}`;
    this.startedAt = performance.now();
    this.child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...options.env, CI: '0' } });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.output += chunk;
      this.lastData = performance.now();
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    });
    this.child.stderr.resume();
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code ?? -1)));
  }

  private nextData(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Milliseconds from start until the screen's text contains `text`. */
  async waitForText(text: string, timeoutMs = 20_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (!stripAnsi(this.output).includes(text)) {
      if (performance.now() > deadline) throw new Error(`never saw ${JSON.stringify(text)}:\n${stripAnsi(this.output).slice(-2000)}`);
      await this.nextData(deadline - performance.now());
    }
    return this.lastData - this.startedAt;
  }

  /**
   * Writes `bytes` and waits until output has arrived and then stopped for `quietMs`. Returns the
   * time from the write to the last byte of that output: keystroke → frame on screen.
   */
  async keystroke(bytes: string, quietMs = 12, timeoutMs = 5000): Promise<number> {
    this.output = '';
    const sent = performance.now();
    this.child.stdin.write(bytes);
    if (!(await this.nextData(timeoutMs))) throw new Error(`no frame after ${JSON.stringify(bytes)}`);
    while (await this.nextData(quietMs));
    return this.lastData - sent;
  }

  /** Sends bytes and waits for output to settle, without measuring. */
  async send(bytes: string): Promise<void> {
    await this.keystroke(bytes, 50);
  }

  kill(): void {
    this.child.kill('SIGTERM');
  }
}
