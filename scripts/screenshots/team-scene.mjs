#!/usr/bin/env node
// Runs a team-vault screenshot scene (team-scene.ts: live | members) in this terminal: bundles it
// with esbuild into .tmp/screenshots/ (TypeScript sources; Node 20 runs only JavaScript), then
// runs the bundle with the terminal handed over, and exits with its status.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, '.tmp/screenshots/team-scene.mjs');
await build({
  entryPoints: [join(root, 'scripts/screenshots/team-scene.ts')],
  outfile: out,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Loaded from node_modules at run time, as the built program does.
  external: ['@github/keytar', 'etcd3', 'age-encryption'],
  alias: { 'react-devtools-core': join(root, 'scripts/stubs/react-devtools-core.mjs') },
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: { js: "import { createRequire as __sceneCreateRequire } from 'node:module'; const require = __sceneCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
