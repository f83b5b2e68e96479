// Starting the terminal UI. React and Ink load only here, through dynamic imports (bundled as
// dist/tui.js), so the scripting commands never pay for them.
import type { Context, VaultOpener } from '../domain/ports.js';

export async function launchTui(request: { opener: VaultOpener; context: Context; demo: boolean }): Promise<number> {
  const { runTui } = await import('../ui/run.js');
  if (request.demo) {
    const { createDemoOpener } = await import('./demo.js');
    return runTui({ opener: createDemoOpener(request.context), context: request.context, demo: true });
  }
  return runTui({ opener: request.opener, context: request.context });
}
