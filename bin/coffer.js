#!/usr/bin/env node
// Thin entry: everything else lives in the bundle that `npm run build` writes to dist/.
// NODE_ENV is set before anything imports React, so a TUI run never picks its development build.
import { existsSync } from 'node:fs';

process.env.NODE_ENV ??= 'production';
// Stack traces that point into src/ when asked for them (COFFER_DEBUG=1); reading the maps
// costs start-up time, so not otherwise.
if (process.env.COFFER_DEBUG) process.setSourceMapsEnabled(true);

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'coffer: the program is not built (dist/cli.js is missing). Run `npm run build` in the coffer folder.\n',
  );
  process.exitCode = 70; // EX_SOFTWARE
} else {
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv.slice(2));
}
