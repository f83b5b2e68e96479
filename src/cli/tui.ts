// Starting the terminal UI. React and Ink load only here, through dynamic imports (bundled as
// dist/tui.js), so the scripting commands never pay for them.
import { setTimeout as delay } from 'node:timers/promises';
import type { Context, VaultOpener } from '../domain/ports.js';
import { VaultSession } from '../domain/session.js';
import { createClipboard } from '../platform/clipboard.js';
import type { Clipboard } from '../platform/clipboard.js';
import { mark } from '../platform/timings.js';
import { unlockEarly } from './early-unlock.js';
import type { EarlyUnlock } from './early-unlock.js';

/** The UI's clipboard port over the platform adapter; OSC 52 clears blind, which counts as done. */
function clipboardPort(clipboard: Clipboard) {
  if (clipboard.method === 'none') return undefined;
  return {
    write: async (text: string) => {
      await clipboard.copy(text);
      return { via: clipboard.via };
    },
    clearIfHolds: async (text: string) => {
      const outcome = await clipboard.clearIfStillHolds(text);
      return outcome === 'cleared' || (outcome === 'unknown' && clipboard.method === 'osc52');
    },
  };
}

/** How long the UI's first frame may wait for the early unlock (see early-unlock.ts). */
const UNLOCK_BEFORE_FIRST_FRAME_MS = 300;

/** The early unlock's vault as an open session, if it is ready in time. */
async function sessionFrom(early: EarlyUnlock, context: Context): Promise<VaultSession | undefined> {
  await Promise.race([early.settled, delay(UNLOCK_BEFORE_FIRST_FRAME_MS)]);
  const repository = early.takeIfOpen();
  if (!repository) return undefined;
  try {
    return await VaultSession.open(repository, context);
  } catch {
    // The UI opens it again through the opener and shows what is wrong.
    await repository.close();
    return undefined;
  }
}

export async function launchTui(request: { opener: VaultOpener; context: Context; demo: boolean; team?: import('../ui/team/port.js').TeamConsole }): Promise<number> {
  // Without a terminal the UI only says it needs one: nothing to unlock for.
  const early = !request.demo && process.stdin.isTTY && process.stdout.isTTY ? unlockEarly(request.opener) : undefined;
  try {
    mark('coffer:tui import');
    const { runTui } = await import('../ui/run.js');
    mark('coffer:tui loaded');
    const clipboard = clipboardPort(createClipboard({ terminal: process.stdout }));
    const withClipboard = clipboard ? { clipboard } : {};
    if (request.demo) {
      const { createDemoOpener } = await import('./demo.js');
      return await runTui({ opener: createDemoOpener(request.context), context: request.context, demo: true, ...withClipboard });
    }
    // Once the vault is open, the UI's first frame is the main view instead of start-up screens
    // drawn first; a keychain that takes its time still gets its screen.
    const session = early ? await sessionFrom(early, request.context) : undefined;
    return await runTui({ opener: early?.opener ?? request.opener, context: request.context, ...withClipboard, ...(session && { session }), ...(request.team && { team: request.team }) });
  } finally {
    await early?.dispose();
  }
}
