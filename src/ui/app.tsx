// The root: start-up screens until a session is open, then the main screen; after a lock (L, or
// idle) the lock screen again, and unlocking returns to where the operator was.
import { useApp } from 'ink';
import { useCallback, useRef, useState } from 'react';
import type { Context, VaultOpener, VaultSession } from '../domain/index.js';
import { ClipboardGuard } from './clipboard/guard.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { VaultErrorBoundary } from './components/vault-error-boundary.js';
import { exitCodeForError, TUI_EXIT } from './exit-codes.js';
import { KeyRouteContext, useKeyRouteRoot } from './hooks/use-key-route.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { MainScreen } from './main-screen.js';
import { defaultServices } from './services.js';
import type { UiServices } from './services.js';
import { StartupScreen } from './startup/startup-screen.js';
import type { StartupQuit } from './startup/use-startup.js';
import { errorInfo, useStartup } from './startup/use-startup.js';
import type { Resume, Viewport } from './state/types.js';
import type { TeamConsole } from './team/port.js';

export interface AppProps {
  opener: VaultOpener;
  context: Context;
  /** Called once with the exit code when the operator quits. */
  onExit: (code: number) => void;
  clock?: Clock;
  /** A fixed size (tests); otherwise the terminal's, following resizes. */
  size?: Viewport;
  services?: UiServices;
  /** Outlives the main screen, so a lock does not cancel clearing a copied value. */
  clipboard?: ClipboardGuard;
  /** A vault already open (see useStartup): the first frame is the main screen. */
  session?: VaultSession;
  /** A team vault's console; without one every team feature is off, saying why. */
  team?: TeamConsole;
}

export function App({ opener, context, onExit, clock = systemClock, size, services = defaultServices, clipboard, session, team }: AppProps) {
  const { exit } = useApp();
  const viewport = useTerminalSize(size);
  const keys = useKeyRouteRoot();
  const [guard] = useState(() => clipboard ?? new ClipboardGuard(undefined, clock));
  const resume = useRef<Resume | undefined>(undefined);
  const finish = useCallback(
    (code: number) => {
      onExit(code);
      exit();
    },
    [onExit, exit],
  );
  const quitStartup: StartupQuit = useCallback(
    (why, error) => finish(why === 'ok' ? TUI_EXIT.ok : why === 'cancelled' ? TUI_EXIT.cancelled : exitCodeForError(error?.code)),
    [finish],
  );
  const startup = useStartup(opener, context, quitStartup, session);
  const quit = useCallback(() => finish(TUI_EXIT.ok), [finish]);
  const { lock } = startup;
  const onLock = useCallback(
    (notice: string, where: Resume) => {
      resume.current = where;
      lock(notice);
      // A copied value still on the clipboard goes too: a locked coffer holds no plaintext.
      void guard.clearNow();
    },
    [lock, guard],
  );
  const screen =
    startup.session && startup.state.phase !== 'error' ? (
      <VaultErrorBoundary onError={(error) => startup.dispatch({ type: 'fatal', error: errorInfo(error) })}>
        <MainScreen
          session={startup.session}
          context={context}
          clock={clock}
          viewport={viewport}
          location={opener.location}
          services={services}
          clipboard={guard}
          onQuit={quit}
          onLock={onLock}
          {...(resume.current && { resume: resume.current })}
          {...(team && { team })}
        />
      </VaultErrorBoundary>
    ) : (
      <StartupScreen state={startup.state} dispatch={startup.dispatch} location={opener.location} viewport={viewport} />
    );
  return <KeyRouteContext.Provider value={keys}>{screen}</KeyRouteContext.Provider>;
}
