// The root: start-up screens until a session is open, then the main screen.
import { useApp } from 'ink';
import { useCallback } from 'react';
import type { Context, VaultOpener } from '../domain/index.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { exitCodeForError, TUI_EXIT } from './exit-codes.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { MainScreen } from './main-screen.js';
import { StartupScreen } from './startup/startup-screen.js';
import type { ErrorInfo } from './startup/startup-state.js';
import { useStartup } from './startup/use-startup.js';
import type { Viewport } from './state/types.js';

export interface AppProps {
  opener: VaultOpener;
  context: Context;
  /** Called once with the exit code when the operator quits. */
  onExit: (code: number) => void;
  clock?: Clock;
  /** A fixed size (tests); otherwise the terminal's, following resizes. */
  size?: Viewport;
}

export function App({ opener, context, onExit, clock = systemClock, size }: AppProps) {
  const { exit } = useApp();
  const viewport = useTerminalSize(size);
  const finish = useCallback(
    (code: number) => {
      onExit(code);
      exit();
    },
    [onExit, exit],
  );
  const quitStartup = useCallback(
    (why: 'cancelled' | 'error', error?: ErrorInfo) => finish(why === 'cancelled' ? TUI_EXIT.cancelled : exitCodeForError(error?.code)),
    [finish],
  );
  const startup = useStartup(opener, context, quitStartup);
  const quit = useCallback(() => finish(TUI_EXIT.ok), [finish]);
  if (startup.session) {
    return <MainScreen session={startup.session} context={context} clock={clock} viewport={viewport} location={opener.location} onQuit={quit} />;
  }
  return <StartupScreen state={startup.state} dispatch={startup.dispatch} location={opener.location} viewport={viewport} />;
}
