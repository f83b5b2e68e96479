// The TUI's entry point, called by the CLI for `coffer` and `coffer --demo`. Owns the terminal:
// checks it is interactive, enters the alternate screen and guarantees leaving it, renders the
// app, and resolves with the exit code.
import { render } from 'ink';
import type { Context, VaultOpener, VaultSession } from '../domain/index.js';
import { App } from './app.js';
import { ClipboardGuard } from './clipboard/guard.js';
import type { ClipboardPort } from './clipboard/guard.js';
import { systemClock } from './clock.js';
import { TUI_EXIT } from './exit-codes.js';
import type { TeamConsole } from './team/port.js';
import { altScreen, CLEAR_SCREEN, guardExits } from './terminal/screen.js';
import type { ProcessLike } from './terminal/screen.js';

export interface RunTuiOptions {
  opener: VaultOpener;
  context: Context;
  demo?: boolean;
  /** The system clipboard (or OSC 52); without one, y and Y say there is none. */
  clipboard?: ClipboardPort;
  /** A vault already unlocked and open: the UI starts on the main screen. */
  session?: VaultSession;
  /** A team vault's console (members, access, personal overrides, connection state). */
  team?: TeamConsole;
}

const NOT_A_TERMINAL =
  'coffer: the terminal UI needs an interactive terminal (stdin and stdout must be a TTY).\n' +
  'In scripts, use the subcommands: `coffer --help` lists them.\n';

export async function runTui({ opener, context, clipboard, session, team }: RunTuiOptions): Promise<number> {
  const { stdin, stdout, stderr } = process;
  // Ink's useInput throws "Raw mode is not supported" without a TTY: say it in words instead.
  if (!stdin.isTTY || !stdout.isTTY) {
    stderr.write(NOT_A_TERMINAL);
    return 2;
  }
  const screen = altScreen(stdout);
  screen.enter();
  let code: number = TUI_EXIT.ok;
  const guard = new ClipboardGuard(clipboard, systemClock);
  let unmount = () => {};
  const unguard = guardExits(screen, process as unknown as ProcessLike, () => unmount());
  // On resize, start from a clean screen: the terminal has reflowed the old frame.
  let instance: ReturnType<typeof render> | undefined;
  const onResize = () => {
    stdout.write(CLEAR_SCREEN);
    instance?.clear();
  };
  stdout.prependListener('resize', onResize);
  let frames = 0;
  try {
    performance.mark('coffer:tui render');
    instance = render(<App opener={opener} context={context} clipboard={guard} onExit={(c) => (code = c)} {...(session && { session })} {...(team && { team })} />, {
      exitOnCtrlC: false,
      patchConsole: true,
      maxFps: 60,
      // The first frames' times, for COFFER_TIMINGS (see bin/coffer.cjs).
      ...(process.env.COFFER_TIMINGS && { onRender: () => void (frames++ < 5 && performance.mark(`coffer:frame ${frames}`)) }),
    });
    unmount = () => instance?.unmount();
    await instance.waitUntilExit();
    // A copied value still waiting to be cleared goes now: nothing is left to clear it later.
    await guard.clearNow();
    return code;
  } finally {
    stdout.off('resize', onResize);
    unguard();
    screen.leave();
  }
}
