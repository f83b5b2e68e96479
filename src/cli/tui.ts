// Starting the terminal UI. React and Ink load only here, through dynamic imports (bundled as
// dist/tui.js), so the scripting commands never pay for them.
import { setTimeout as delay } from 'node:timers/promises';
import type { Context, VaultOpener } from '../domain/ports.js';
import { createClipboard } from '../platform/clipboard.js';
import type { Clipboard } from '../platform/clipboard.js';
import { unlockEarly } from './early-unlock.js';

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

export async function launchTui(request: { opener: VaultOpener; context: Context; demo: boolean }): Promise<number> {
  // Without a terminal the UI only says it needs one: nothing to unlock for.
  const early = !request.demo && process.stdin.isTTY && process.stdout.isTTY ? unlockEarly(request.opener) : undefined;
  try {
    performance.mark('coffer:tui import');
    const { runTui } = await import('../ui/run.js');
    performance.mark('coffer:tui loaded');
    const clipboard = clipboardPort(createClipboard({ terminal: process.stdout }));
    const withClipboard = clipboard ? { clipboard } : {};
    if (request.demo) {
      const { createDemoOpener } = await import('./demo.js');
      return await runTui({ opener: createDemoOpener(request.context), context: request.context, demo: true, ...withClipboard });
    }
    // Once the vault is open, the UI's first frame can be the main view instead of start-up
    // screens that cost ~40 ms each to draw; a keychain that takes its time still gets one.
    if (early) await Promise.race([early.settled, delay(UNLOCK_BEFORE_FIRST_FRAME_MS)]);
    return await runTui({ opener: early?.opener ?? request.opener, context: request.context, ...withClipboard });
  } finally {
    await early?.dispose();
  }
}
