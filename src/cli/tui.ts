// Starting the terminal UI. React and Ink load only here, through dynamic imports (bundled as
// dist/tui.js), so the scripting commands never pay for them.
import type { Context, VaultOpener } from '../domain/ports.js';
import { createClipboard } from '../platform/clipboard.js';
import type { Clipboard } from '../platform/clipboard.js';

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

export async function launchTui(request: { opener: VaultOpener; context: Context; demo: boolean }): Promise<number> {
  performance.mark('coffer:tui import');
  const { runTui } = await import('../ui/run.js');
  performance.mark('coffer:tui loaded');
  const clipboard = clipboardPort(createClipboard({ terminal: process.stdout }));
  const withClipboard = clipboard ? { clipboard } : {};
  if (request.demo) {
    const { createDemoOpener } = await import('./demo.js');
    return runTui({ opener: createDemoOpener(request.context), context: request.context, demo: true, ...withClipboard });
  }
  return runTui({ opener: request.opener, context: request.context, ...withClipboard });
}
