#!/usr/bin/env node
// Thin entry: everything else lives in the bundle that `npm run build` writes to dist/.
// CommonJS, like dist/cli.cjs: a program started from an ES module pays for Node's ES module
// loader first (~20 more internal modules compiled at every start).
// NODE_ENV is set before anything imports React, so a TUI run never picks its development build.
'use strict';
const { appendFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

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

const dist = join(__dirname, '..', 'dist');
const entry = join(dist, 'cli.cjs');
if (!existsSync(entry)) {
  process.stderr.write(
    'coffer: the program is not built (dist/cli.cjs is missing). Run `npm run build` in the coffer folder.\n',
  );
  process.exitCode = 70; // EX_SOFTWARE
} else {
  const argv = process.argv.slice(2);
  let load;
  if (process.env.COFFER_DEBUG) {
    // Stack traces that point into src/ when asked for them (COFFER_DEBUG=1): Node maps them for
    // modules it compiles itself. Reading the maps costs start-up time, so not otherwise.
    process.setSourceMapsEnabled(true);
    load = (file) => require(file);
  } else {
    // From V8's code cache (src/platform/code-cache.ts): compiled by an earlier run.
    const { requireCached } = require(join(dist, 'code-cache.cjs'));
    load = (file) => {
      const loaded = requireCached(file);
      if (process.env.COFFER_TIMINGS && loaded.fromCache) performance.mark(`coffer:code cache used (${file.slice(dist.length + 1)})`);
      return loaded.exports;
    };
  }
  // The keychain read this command will wait for starts now, and runs while cli.cjs loads.
  const early = load(join(dist, 'early.cjs')).startEarly(argv);
  const cli = load(entry);
  // Only when asked for: the first use of `performance` loads perf_hooks (~10 internal modules).
  if (process.env.COFFER_TIMINGS) performance.mark('coffer:cli loaded');
  cli.main(argv, early).then((code) => {
    process.exitCode = code;
  });
}
