#!/usr/bin/env node
// Thin entry: everything else lives in the bundle that `npm run build` writes to dist/.
// NODE_ENV is set before anything imports React, so a TUI run never picks its development build.
import { appendFileSync, existsSync } from 'node:fs';

process.env.NODE_ENV ??= 'production';
// Where start-up time goes (COFFER_TIMINGS=FILE): the coffer:* performance marks, in ms since the
// process started, appended to FILE as one JSON line at exit. Marks cost ~1 µs; nothing is
// written, and no per-frame mark is taken, unless this is set.
if (process.env.COFFER_TIMINGS) {
  const file = process.env.COFFER_TIMINGS;
  process.on('exit', () => {
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('coffer:'));
    appendFileSync(file, `${JSON.stringify(Object.fromEntries(marks.map((m) => [m.name.slice(7), Math.round(m.startTime * 10) / 10])))}\n`);
  });
}
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
  // Only when asked for: the first use of `performance` loads perf_hooks (~10 internal modules).
  if (process.env.COFFER_TIMINGS) performance.mark('coffer:cli loaded');
  process.exitCode = await main(process.argv.slice(2));
}
