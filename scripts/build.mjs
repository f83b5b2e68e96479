#!/usr/bin/env node
// Bundles the CLI into dist/ with esbuild.
//
//   dist/cli.js       entry: src/cli/main.ts (exports main(argv) → exit code); bin/coffer.js loads it
//   dist/tui.js       entry: src/ui/run.tsx, reached only through the CLI's dynamic import()
//   dist/chunks/*.js  code shared by both (domain, store, …)
//
// Code splitting keeps React and Ink out of everything `dist/cli.js` imports statically, so the
// scripting paths (`coffer get`, `coffer run`) start without paying ~0.5 s for them. The build
// checks that property on its metafile and fails if it is broken.
//
// Usage: node scripts/build.mjs [--cli PATH] [--tui PATH] [--outdir DIR] [--no-minify] [--quiet]
// (the entry overrides exist to try the build on stand-in entries; `npm run build` uses none).
import { build } from 'esbuild';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    cli: { type: 'string', default: join(root, 'src/cli/main.ts') },
    tui: { type: 'string', default: join(root, 'src/ui/run.tsx') },
    outdir: { type: 'string', default: join(root, 'dist') },
    'no-minify': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});
const say = (msg) => opts.quiet || console.error(msg);

// Packages that must never be statically reachable from dist/cli.js.
const TUI_ONLY = /(^|\/)node_modules\/(react|react-reconciler|scheduler|ink|ink-[\w-]+|yoga-layout)\//;

const cliEntry = resolve(opts.cli);
const tuiEntry = resolve(opts.tui);
const outdir = resolve(opts.outdir);
if (!existsSync(cliEntry)) {
  console.error(`build: ${relative(root, cliEntry)} does not exist; nothing to bundle.`);
  process.exit(1);
}
const entryPoints = [{ in: cliEntry, out: 'cli' }];
// Naming the TUI as an entry gives it a stable file name (dist/tui.js); the CLI's dynamic
// import() of it is rewritten by esbuild to point there.
if (existsSync(tuiEntry)) entryPoints.push({ in: tuiEntry, out: 'tui' });
else say(`build: note: ${relative(root, tuiEntry)} not found; building the CLI alone.`);

/**
 * yoga-layout (Ink's layout engine) embeds its WebAssembly as a data: URL and, when a global
 * fetch exists, loads it with fetch() — which on Node starts undici, ~40 ms of the TUI's start-up
 * for one data: URL. Its own fallback decodes the same base64 with atob: take that path.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const uses = source.split('"function"!=typeof fetch').length - 1;
      if (uses === 0) {
        return { contents: source, warnings: [{ text: 'yoga-layout no longer checks for fetch as expected: check its start-up time (scripts/build.mjs)' }] };
      }
      return { contents: source.replaceAll('"function"!=typeof fetch', 'true') };
    });
  },
};

/**
 * Ink 6.8 paints every frame into a grid rebuilt from scratch (its Output class): ~7 of the
 * ~14 ms a keystroke cost. src/ui/terminal/ink-output.ts paints the same bytes with caches kept
 * across frames (test/ui/ink-output.test.ts compares the two); it takes Output's place, compiled
 * where Ink's file is so that its imports resolve to Ink's own dependencies. Ink's measureText
 * and wrapText keep every text they saw for ever (revealed values too): measure-text.ts and
 * wrap-text.ts keep them while frames use them. All share src/ui/terminal/frame-cache.ts. Only
 * for the Ink they were written against: another version keeps its own files, with a warning.
 */
const INK_REPLACED_FOR = /^6\.8\./;
const INK_REPLACEMENTS = {
  'output.js': 'src/ui/terminal/ink-output.ts',
  'measure-text.js': 'src/ui/terminal/measure-text.ts',
  'wrap-text.js': 'src/ui/terminal/wrap-text.ts',
};
const inkReplacements = {
  name: 'ink-replacements',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/](output|measure-text|wrap-text)\.js$/ }, async (args) => {
      const { version } = JSON.parse(await readFile(join(dirname(args.path), '../package.json'), 'utf8'));
      if (!INK_REPLACED_FOR.test(version)) {
        return { warnings: [{ text: `Ink ${version}: keeping its own ${basename(args.path)} (src/ui/terminal/ was written for ${INK_REPLACED_FOR.source})` }] };
      }
      const ours = join(root, INK_REPLACEMENTS[basename(args.path)]);
      return { contents: await readFile(ours, 'utf8'), loader: 'ts', resolveDir: dirname(args.path), watchFiles: [ours] };
    });
    // The replacements' shared caches, imported as './frame-cache.js' from Ink's folder.
    b.onResolve({ filter: /^\.\/frame-cache\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]build$/.test(args.resolveDir) ? { path: join(root, 'src/ui/terminal/frame-cache.ts') } : undefined,
    );
  },
};

/** Every string-width the bundle imports, wrapped in src/ui/terminal/memo-width.ts's memo and loaded lazily. */
const memoisedStringWidth = {
  name: 'memoised-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.unwrapped) return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { unwrapped: true } });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'memoised-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'memoised-string-width' }, (args) => ({
      // require(), not import: the real module (its regexes, its Intl.Segmenter) is evaluated
      // on first need rather than when the bundle loads.
      contents:
        `import { memoisedLazily } from ${JSON.stringify(join(root, 'src/ui/terminal/memo-width.ts'))};\n` +
        `export default memoisedLazily(() => require(${JSON.stringify(args.path)}).default);\n`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * commander requires node:child_process when it loads, for executable subcommands (`git-foo`
 * style), which coffer has none of: that module and what it pulls in (net, dgram, …) were ~2 ms
 * of every command's start-up. Required on first spawn instead; only `.spawn` is used there.
 */
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const lazyCommanderChildProcess = {
  name: 'lazy-commander-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const uses = source.match(/childProcess\.(\w+)/g) ?? [];
      if (!source.includes(COMMANDER_CHILD_PROCESS) || uses.some((use) => use !== 'childProcess.spawn')) {
        return { contents: source, loader: 'js', warnings: [{ text: 'commander loads node:child_process differently now: check its start-up cost (scripts/build.mjs)' }] };
      }
      const lazy = 'let loadedChildProcess; const childProcess = { spawn: (...a) => (loadedChildProcess ??= require(\'node:child_process\')).spawn(...a) };';
      return { contents: source.replace(COMMANDER_CHILD_PROCESS, lazy), loader: 'js' };
    });
  },
};

const started = performance.now();
rmSync(outdir, { recursive: true, force: true }); // hashed chunk names would pile up otherwise
const minify = !opts['no-minify'];
const result = await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // A native addon (prebuilt .node files found relative to its own package): load it from
  // node_modules at run time, by the store's dynamic import.
  // etcd3 (team vaults only): loaded from node_modules as published, so its error classes keep
  // the names the team store tells failures apart by, which minifying would rename.
  external: ['@github/keytar', 'etcd3'],
  alias: { 'react-devtools-core': join(root, 'scripts/stubs/react-devtools-core.mjs') },
  plugins: [yogaWithoutFetch, inkReplacements, memoisedStringWidth, lazyCommanderChildProcess],
  // Pick React's production build at bundle time, whatever NODE_ENV says when it runs.
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __cofferCreateRequire } from 'node:module';\n" +
      'const require = __cofferCreateRequire(import.meta.url);',
  },
  // Whitespace and syntax only: names stay readable in stack traces.
  minifyWhitespace: minify,
  minifySyntax: minify,
  sourcemap: 'linked',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const outputs = result.metafile.outputs;
const key = (abs) => relative(root, abs).split('\\').join('/');
const cliOut = key(join(outdir, 'cli.js'));

// Walk what dist/cli.js loads before main() runs: static imports only, transitively.
const seen = new Set();
const queue = [cliOut];
while (queue.length) {
  const file = queue.pop();
  if (seen.has(file) || !outputs[file]) continue;
  seen.add(file);
  for (const imp of outputs[file].imports) {
    if (imp.kind === 'import-statement' && !imp.external) queue.push(imp.path);
  }
}
const leaked = new Map(); // package → output file that carries it
for (const file of seen) {
  for (const input of Object.keys(outputs[file].inputs)) {
    const pkg = TUI_ONLY.exec(input)?.[2];
    if (pkg && !leaked.has(pkg)) leaked.set(pkg, file);
  }
}
if (leaked.size) {
  console.error(`build: ${cliOut} statically loads TUI-only packages; reach them through a dynamic import():`);
  for (const [pkg, file] of leaked) console.error(`  ${pkg} (in ${file})`);
  process.exit(1);
}

writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
const ms = Math.round(performance.now() - started);
const files = Object.entries(outputs).filter(([file]) => file.endsWith('.js'));
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const total = files.reduce((sum, [, o]) => sum + o.bytes, 0);
const cliStatic = [...seen].reduce((sum, file) => sum + outputs[file].bytes, 0);
say(`build: ${files.length} files, ${kib(total)} in ${key(outdir)}/ (cli.js loads ${kib(cliStatic)} at start) in ${ms} ms`);
