#!/usr/bin/env node
// Bundles the program into dist/ with esbuild.
//
//   dist/cli.cjs      entry: src/cli/main.ts (exports main(argv) → exit code); bin/coffer.cjs
//                     requires it. CommonJS: Node starts a CommonJS program without its ES module
//                     loader (~20 internal modules, compiled at every start), so `coffer get`
//                     and `coffer run` start faster. The parts a command may not need (team
//                     vaults, the TUI's launcher, age) are inside it, evaluated on first use.
//   dist/tui.js       entry: src/ui/run.tsx, reached only through the CLI's dynamic import().
//                     An ES module, since Ink and yoga-layout use top-level await. It takes the
//                     domain (src/domain/index.ts) from cli.cjs, which re-exports it, so both
//                     halves share one copy: the TUI tells errors apart with instanceof.
//   dist/chunks/*.js  what the TUI loads later still (React's devtools stand-in, a wordlist).
//   dist/age.cjs     age-encryption, for team vaults, required by cli.cjs on first use.
//   dist/early.cjs   what bin/coffer.cjs runs before cli.cjs: the keychain read of a command
//                     that will need it, begun while cli.cjs loads (src/cli/early.ts).
//   dist/code-cache.cjs  runs cli.cjs from V8's code cache (dist/cli.cjs.cache, written by the
//                     first run that finds none): src/platform/code-cache.ts.
//   dist/esm-import.cjs  imports dist/tui.js for cli.cjs (code run from the cache cannot).
//
// React and Ink must never be inside cli.cjs: the build checks that on its metafile.
//
// Usage: node scripts/build.mjs [--cli PATH] [--tui PATH] [--outdir DIR] [--no-minify] [--quiet]
// (the entry overrides exist to try the build on stand-in entries; `npm run build` uses none).
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// Packages that must never be inside dist/cli.cjs.
const TUI_ONLY = /(^|\/)node_modules\/(react|react-reconciler|scheduler|ink|ink-[\w-]+|yoga-layout)\//;

const cliEntry = resolve(opts.cli);
const tuiEntry = resolve(opts.tui);
const outdir = resolve(opts.outdir);
if (!existsSync(cliEntry)) {
  console.error(`build: ${relative(root, cliEntry)} does not exist; nothing to bundle.`);
  process.exit(1);
}
const withTui = existsSync(tuiEntry);
if (!withTui) say(`build: note: ${relative(root, tuiEntry)} not found; building the CLI alone.`);

/**
 * The CLI reaches the TUI through `import('../ui/run.js')` in src/cli/tui.ts: in dist/ that is
 * the TUI's own bundle, an ES module. bin/coffer.cjs runs cli.cjs from V8's code cache, and code
 * compiled that way cannot call import() on Node 20 (not without --experimental-vm-modules), so
 * cli.cjs has no import() at all (see `supported` below): the TUI is imported by
 * dist/esm-import.cjs, a one-line module Node compiles itself.
 */
const UI_ENTRY_IMPORT = '../ui/run.js';
const ESM_IMPORT_FILE = 'esm-import.cjs';
const tuiBundleImport = {
  name: 'tui-bundle-import',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/ui\/run\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path.replace(/\.js$/, '.tsx')) === tuiEntry ? { path: 'tui.js', namespace: 'tui-bundle' } : undefined,
    );
    b.onResolve({ filter: /.*/, namespace: 'tui-bundle' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'tui-bundle' }, () => ({
      contents:
        // Loading starts when src/cli/tui.ts asks for it, as its import() would, and runs while
        // the vault unlocks; runTui waits for it.
        `const loading = require(${JSON.stringify(`./${ESM_IMPORT_FILE}`)})('./tui.js');\n` +
        'loading.catch(() => undefined); // runTui reports it\n' +
        'export async function runTui(...args) {\n  return (await loading).runTui(...args);\n}\n',
      loader: 'js',
    }));
  },
};

/**
 * age-encryption (team vaults' key exchange) and the ~200 KiB of @noble ciphers and curves it
 * carries: a bundle of their own, dist/age.cjs, required on first use. Inside cli.cjs they would
 * be read, and their functions set up, at every start of every command.
 */
const AGE_BUNDLE = 'age.cjs';
const ageBundle = {
  name: 'age-bundle',
  setup(b) {
    b.onResolve({ filter: /^age-encryption$/ }, () => ({ path: `./${AGE_BUNDLE}`, external: true }));
  },
};

/**
 * The TUI's imports of the domain become a module that takes it from cli.cjs (already loaded:
 * the CLI is what imports the TUI), whose entry re-exports it. Through require(), not an ES
 * import of cli.cjs, which would have Node scan its 400 KiB for export names at every TUI start.
 * The names are the domain's own, listed at build time. Any other module of src/ outside src/ui
 * is refused: the TUI reaches the store through the ports the CLI hands it.
 */
const DOMAIN_ENTRY = join(root, 'src/domain/index.ts');
async function domainExportNames() {
  const result = await build({ entryPoints: [DOMAIN_ENTRY], bundle: true, write: false, format: 'esm', platform: 'node', metafile: true, logLevel: 'warning' });
  const names = Object.values(result.metafile.outputs)[0].exports;
  if (!names.length) throw new Error('build: src/domain/index.ts exports nothing?');
  return names;
}
const domainFromCli = (names) => ({
  name: 'domain-from-cli',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point' || !args.importer.startsWith(join(root, 'src/ui'))) return undefined;
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      if (target === DOMAIN_ENTRY) return { path: 'domain', namespace: 'domain-from-cli' };
      const inSrc = target.startsWith(join(root, 'src') + '/');
      if (inSrc && !target.startsWith(join(root, 'src/ui') + '/')) {
        return { errors: [{ text: `the TUI imports ${relative(root, target)}: outside src/ui it may import only src/domain/index.ts (the one copy it shares with cli.cjs)` }] };
      }
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'domain-from-cli' }, () => ({
      contents:
        "import { createRequire } from 'node:module';\n" +
        "const domain = createRequire(import.meta.url)('./cli.cjs');\n" +
        `export const { ${names.join(', ')} } = domain;\n`,
      loader: 'js',
    }));
  },
});

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
const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // A native addon (prebuilt .node files found relative to its own package): loaded from
  // node_modules at run time, by the store's dynamic import.
  // etcd3 (team vaults only): loaded from node_modules as published, so its error classes keep
  // the names the team store tells failures apart by, which minifying would rename.
  external: ['@github/keytar', 'etcd3'],
  // Pick React's production build at bundle time, whatever NODE_ENV says when it runs.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Whitespace and syntax only: names stay readable in stack traces.
  minifyWhitespace: minify,
  minifySyntax: minify,
  sourcemap: 'linked',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};
const builds = [
  build({
    ...common,
    entryPoints: [{ in: cliEntry, out: 'cli' }],
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    // One file: a dynamic import() of a bundled module becomes code evaluated on first use, and
    // one of a package (keytar, etcd3, node:child_process: all CommonJS) a require().
    splitting: false,
    supported: { 'dynamic-import': false },
    plugins: [tuiBundleImport, ageBundle, lazyCommanderChildProcess],
    define: { ...common.define, 'import.meta.url': '__cofferModuleUrl' },
    banner: { js: 'const __cofferModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  }),
  build({
    ...common,
    outdir: undefined,
    outfile: join(outdir, AGE_BUNDLE),
    stdin: { contents: "export * from 'age-encryption';", resolveDir: root, loader: 'js', sourcefile: 'age-encryption' },
    format: 'cjs',
  }),
  // What bin/coffer.cjs runs before cli.cjs: the keychain read started ahead (src/cli/early.ts).
  build({
    ...common,
    entryPoints: [{ in: join(root, 'src/cli/early.ts'), out: 'early' }],
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    define: { ...common.define, 'import.meta.url': '__cofferModuleUrl' },
    banner: { js: 'const __cofferModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  }),
  // What bin/coffer.cjs runs cli.cjs with: V8's code cache (src/platform/code-cache.ts).
  build({ ...common, entryPoints: [{ in: join(root, 'src/platform/code-cache.ts'), out: 'code-cache' }], format: 'cjs', outExtension: { '.js': '.cjs' } }),
];
if (withTui) {
  builds.push(
    build({
      ...common,
      entryPoints: [{ in: tuiEntry, out: 'tui' }],
      format: 'esm',
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      alias: { 'react-devtools-core': join(root, 'scripts/stubs/react-devtools-core.mjs') },
      plugins: [domainFromCli(await domainExportNames()), yogaWithoutFetch, inkReplacements, memoisedStringWidth],
      // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
      banner: {
        js: "import { createRequire as __cofferCreateRequire } from 'node:module';\n" +
          'const require = __cofferCreateRequire(import.meta.url);',
      },
    }),
  );
}
const results = await Promise.all(builds);
const metafile = {
  inputs: Object.assign({}, ...results.map((r) => r.metafile.inputs)),
  outputs: Object.assign({}, ...results.map((r) => r.metafile.outputs)),
};

const outputs = metafile.outputs;
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const key = (abs) => relative(root, abs).split('\\').join('/');
const cliOut = key(join(outdir, 'cli.cjs'));
const tuiOut = key(join(outdir, 'tui.js'));
const fail = (lines) => {
  for (const line of lines) console.error(line);
  process.exit(1);
};

const leaked = new Set();
for (const input of Object.keys(outputs[cliOut].inputs)) {
  const pkg = TUI_ONLY.exec(input)?.[2];
  if (pkg) leaked.add(pkg);
}
if (leaked.size) fail([`build: ${cliOut} holds TUI-only packages (${[...leaked].join(', ')}); they belong in ${tuiOut}, reached through src/cli/tui.ts's import('${UI_ENTRY_IMPORT}')`]);
// Everything early.cjs holds is compiled before cli.cjs even starts loading: keep it small.
const earlyOut = key(join(outdir, 'early.cjs'));
const EARLY_MAX_BYTES = 48 * 1024;
if (outputs[earlyOut].bytes > EARLY_MAX_BYTES) fail([`build: ${earlyOut} is ${kib(outputs[earlyOut].bytes)}, over ${kib(EARLY_MAX_BYTES)}: what src/cli/early.ts imports has grown`]);
const cliSource = readFileSync(join(root, cliOut), 'utf8');
if (/\bimport\(/.test(cliSource.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""'))) {
  fail([`build: ${cliOut} calls import(), which fails when it runs from the code cache; load ES modules through dist/${ESM_IMPORT_FILE}`]);
}
// One non-ASCII character would make every start hold cli.cjs as a two-byte string, twice the
// size to build and hash (esbuild escapes them by default; this keeps it so).
if (!/^[\x00-\x7f]*$/.test(cliSource)) fail([`build: ${cliOut} is not ASCII`]);
writeFileSync(
  join(outdir, ESM_IMPORT_FILE),
  '// Imports an ES module of dist/ for cli.cjs, which runs from the code cache and cannot (scripts/build.mjs).\n' +
    "'use strict';\nconst { join } = require('node:path');\nconst { pathToFileURL } = require('node:url');\n" +
    'module.exports = (relative) => import(pathToFileURL(join(__dirname, relative)).href);\n',
);
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(metafile));
const ms = Math.round(performance.now() - started);
const files = Object.entries(outputs).filter(([file]) => /\.c?js$/.test(file));
const total = files.reduce((sum, [, o]) => sum + o.bytes, 0);
say(`build: ${files.length} files, ${kib(total)} in ${key(outdir)}/ (cli.cjs ${kib(outputs[cliOut].bytes)}) in ${ms} ms`);
