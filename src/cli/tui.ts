// Starting the terminal UI. React and Ink load only here, through dynamic imports, so the
// scripting commands never pay for them.
import { CofferError } from '../domain/errors.js';
import type { Context, VaultOpener } from '../domain/ports.js';

interface TuiModule {
  runTui(options: { opener: VaultOpener; context: Context; demo?: boolean }): Promise<number | void>;
}

// Until the UI is in the tree this specifier is kept out of the bundler's sight (a literal
// import() of a missing file fails the build).
const UI_MODULE = '../ui/run.js';

async function load<T>(specifier: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch {
    throw new CofferError('usage', 'The terminal UI is not part of this build yet.', 'Use the subcommands: coffer --help lists them.');
  }
}

export async function launchTui(request: { opener: VaultOpener; context: Context; demo: boolean }): Promise<number> {
  const { runTui } = await load<TuiModule>(UI_MODULE);
  if (request.demo) {
    const { createDemoOpener } = await import('./demo.js');
    return (await runTui({ opener: createDemoOpener(request.context), context: request.context, demo: true })) ?? 0;
  }
  return (await runTui({ opener: request.opener, context: request.context })) ?? 0;
}
