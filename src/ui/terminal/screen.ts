// The terminal's alternate screen. Ink 6.8 has no option for it, so coffer enters it itself and
// leaves it on every way out — quit, signals, crashes, process exit — so a revealed value never
// stays in the scrollback of the terminal the operator returns to.

export const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H\u001b[2J';
export const LEAVE_ALT_SCREEN = '\u001b[?1049l';
export const SHOW_CURSOR = '\u001b[?25h';
/** Clears the screen and homes the cursor (used on resize). */
export const CLEAR_SCREEN = '\u001b[2J\u001b[H';

export interface Writable {
  write(text: string): unknown;
}

export interface AltScreen {
  enter(): void;
  /** Idempotent: the first call restores the normal screen, later ones do nothing. */
  leave(): void;
  readonly active: boolean;
}

export function altScreen(out: Writable): AltScreen {
  let active = false;
  return {
    enter() {
      if (active) return;
      active = true;
      out.write(ENTER_ALT_SCREEN);
    },
    leave() {
      if (!active) return;
      active = false;
      out.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
    },
    get active() {
      return active;
    },
  };
}

export const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ExitSignal = (typeof EXIT_SIGNALS)[number];
const SIGNAL_NUMBERS: Record<ExitSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export interface ProcessLike {
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  exit(code: number): never;
  stderr: Writable;
}

/**
 * Leaves the alternate screen on signals, uncaught errors and process exit. A signal or crash
 * ends the process (128 + signal number, or 70) after `beforeExit` had its chance to unmount.
 * Returns a function that removes the guards.
 */
export function guardExits(screen: AltScreen, proc: ProcessLike, beforeExit: () => void = () => {}): () => void {
  const onSignal = (signal: ExitSignal) => {
    safely(beforeExit);
    screen.leave();
    proc.exit(128 + SIGNAL_NUMBERS[signal]);
  };
  const onCrash = (error: unknown) => {
    safely(beforeExit);
    screen.leave();
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    proc.stderr.write(`coffer: the terminal UI stopped on an unexpected error:\n${text}\n`);
    proc.exit(70);
  };
  const onExit = () => screen.leave();
  const listeners: [string, (...args: never[]) => void][] = [
    ...EXIT_SIGNALS.map((signal): [string, () => void] => [signal, () => onSignal(signal)]),
    ['uncaughtException', onCrash],
    ['unhandledRejection', onCrash],
    ['exit', onExit],
  ];
  for (const [event, listener] of listeners) proc.on(event, listener);
  return () => {
    for (const [event, listener] of listeners) proc.off(event, listener);
  };
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // leaving the screen matters more than a clean unmount
  }
}
