// The TUI's entry point, called by the CLI for `coffer` and `coffer --demo`. Owns the terminal:
// checks it is interactive, enters the alternate screen and guarantees leaving it, renders the
// app, and resolves with the exit code.
import { render } from 'ink';
import type { Context, VaultOpener } from '../domain/index.js';
import { App } from './app.js';
import { TUI_EXIT } from './exit-codes.js';
import { altScreen, CLEAR_SCREEN, guardExits } from './terminal/screen.js';
import type { ProcessLike } from './terminal/screen.js';

export interface RunTuiOptions {
  opener: VaultOpener;
  context: Context;
  demo?: boolean;
}

const NOT_A_TERMINAL =
  'coffer: the terminal UI needs an interactive terminal (stdin and stdout must be a TTY).\n' +
  'In scripts, use the subcommands: `coffer --help` lists them.\n';

export async function runTui({ opener, context }: RunTuiOptions): Promise<number> {
  const { stdin, stdout, stderr } = process;
  // Ink's useInput throws "Raw mode is not supported" without a TTY: say it in words instead.
  if (!stdin.isTTY || !stdout.isTTY) {
    stderr.write(NOT_A_TERMINAL);
    return 2;
  }
  const screen = altScreen(stdout);
  screen.enter();
  let code: number = TUI_EXIT.ok;
  let unmount = () => {};
  const unguard = guardExits(screen, process as unknown as ProcessLike, () => unmount());
  // On resize, start from a clean screen: the terminal has reflowed the old frame.
  let instance: ReturnType<typeof render> | undefined;
  const onResize = () => {
    stdout.write(CLEAR_SCREEN);
    instance?.clear();
  };
  stdout.prependListener('resize', onResize);
  try {
    instance = render(<App opener={opener} context={context} onExit={(c) => (code = c)} />, {
      exitOnCtrlC: false,
      patchConsole: true,
      maxFps: 60,
    });
    unmount = () => instance?.unmount();
    await instance.waitUntilExit();
    return code;
  } finally {
    stdout.off('resize', onResize);
    unguard();
    screen.leave();
  }
}
