// Running a program on coffer's behalf like a good supervisor: it gets our stdio, signals meant
// for it are passed on, and its end is reported the way a shell would see it (exit code, or the
// signal that killed it, which coffer re-raises on itself once it has cleaned up).
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

/** Signals coffer passes on to the program while it runs. */
export const HANDLED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGHUP', 'SIGUSR2'];

/** Keyboard signals: the terminal sends them to its whole foreground process group. */
const KEYBOARD_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGQUIT']);

/** A program killed by one of these makes coffer die of it too (after cleaning up). */
const RERAISED_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);

export function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}

export interface Outcome {
  /** Shell-style: the exit code, 128+N for signal N, 127 not found, 126 not executable. */
  status: number;
  /** The signal that killed the program (or stopped coffer before it started). */
  signal?: NodeJS.Signals;
  /** Whether coffer should die of `signal` itself, so its caller sees what happened. */
  reraise?: boolean;
  startError?: string;
}

/**
 * Whether coffer is in the foreground process group of its controlling terminal: then Ctrl-C
 * and Ctrl-\ reach the program directly, and forwarding them would deliver them twice — which
 * many programs read as "stop now, skip the graceful shutdown". Linux tells us exactly
 * (/proc/self/stat: pgrp vs the terminal's tpgid); elsewhere a terminal on stdin is the guess.
 */
export function inForegroundOfTerminal(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after "(comm)": state ppid pgrp session tty_nr tpgid …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    const tpgid = Number(fields[5]);
    return tpgid > 0 && tpgid === pgrp;
  } catch {
    return process.stdin.isTTY === true;
  }
}

export function shouldForward(signal: NodeJS.Signals, foreground: boolean): boolean {
  return !(KEYBOARD_SIGNALS.has(signal) && foreground);
}

function fromSignal(signal: NodeJS.Signals): Outcome {
  return { status: 128 + signalNumber(signal), signal, reraise: RERAISED_SIGNALS.has(signal) };
}

/**
 * Catches the signals a program should get from the moment it is created — before the program
 * starts, so a SIGTERM that arrives while secrets are being written to files still lets coffer
 * remove them. Until start() a signal just marks the run as cancelled.
 */
export class Supervisor {
  #child: ChildProcess | undefined;
  #cancelledBy: NodeJS.Signals | undefined;
  readonly #listener = (signal: NodeJS.Signals) => this.#onSignal(signal);

  constructor(private readonly foreground: () => boolean = inForegroundOfTerminal) {
    for (const signal of HANDLED_SIGNALS) process.on(signal, this.#listener);
  }

  /** A signal that arrived before the program was started. */
  get cancelledBy(): NodeJS.Signals | undefined {
    return this.#cancelledBy;
  }

  #onSignal(signal: NodeJS.Signals): void {
    if (!this.#child) {
      this.#cancelledBy ??= signal;
      return;
    }
    if (this.#child.exitCode === null && this.#child.signalCode === null && shouldForward(signal, this.foreground())) {
      this.#child.kill(signal);
    }
  }

  /** Runs the program to its end; resolves with its outcome (never rejects for a missing program). */
  async run(file: string, args: readonly string[], env: Record<string, string>): Promise<Outcome> {
    if (this.#cancelledBy) return fromSignal(this.#cancelledBy);
    // Loaded here, not with the module: node:child_process (with net, dgram and streams behind
    // it) is ~2 ms of start-up that only `coffer run` needs. A signal meanwhile cancels the start.
    const { spawn } = await import('node:child_process');
    if (this.#cancelledBy) return fromSignal(this.#cancelledBy);
    return new Promise((resolve, reject) => {
      const child = spawn(file, args, { stdio: 'inherit', env });
      this.#child = child;
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (child.pid !== undefined) return; // an error after start (a failed kill): 'exit' follows
        if (error.code === 'ENOENT') resolve({ status: 127, startError: 'not found' });
        else if (error.code === 'EACCES') resolve({ status: 126, startError: 'permission denied' });
        else reject(error);
      });
      child.on('exit', (code, signal) => resolve(signal ? fromSignal(signal) : { status: code ?? 0 }));
    });
  }

  /** Stops catching signals; call when the run is over and cleaned up. */
  dispose(): void {
    for (const signal of HANDLED_SIGNALS) process.off(signal, this.#listener);
  }
}
