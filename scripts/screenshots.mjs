#!/usr/bin/env node
// Screenshots of the real program: each scene in scripts/screenshots/scenes.mjs runs in a private
// tmux server (the same driver as the end-to-end tests, test/helpers/tmux.ts), is driven by its
// steps, and its final screen becomes screenshots/NAME.png (ANSI capture in .tmp/screenshots/).
//
// Usage (normally through scripts/screenshots.sh, which builds and provides a throwaway keyring):
//   node scripts/screenshots.mjs [--out DIR] [--list] [--selftest] [NAME...]
//     NAME...     only these scenes (default: all)
//     --selftest  photograph scripts/screenshots/testcard.sh instead, to check the pipeline
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cofferBin = join(root, 'bin/coffer.cjs');
const work = join(root, '.tmp/screenshots');

const { values: opts, positionals: names } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: join(root, 'screenshots') },
    list: { type: 'boolean', default: false },
    selftest: { type: 'boolean', default: false },
  },
});

const testcard = {
  name: 'testcard',
  cmd: ['bash', join(root, 'scripts/screenshots/testcard.sh')],
  cols: 100,
  rows: 20,
  steps: [{ waitExit: 0 }],
};

const scenes = opts.selftest ? [testcard] : (await import('./screenshots/scenes.mjs')).default;
if (opts.list) {
  for (const scene of scenes) console.log(`${scene.name}\t${describeCommand(scene)}`);
  process.exit(0);
}
const unknown = names.filter((name) => !scenes.some((scene) => scene.name === name));
if (unknown.length) {
  console.error(`screenshots: no scene named ${unknown.join(', ')} (--list shows them)`);
  process.exit(2);
}
const selected = names.length ? scenes.filter((scene) => names.includes(scene.name)) : scenes;
const outDir = opts.selftest ? work : resolve(opts.out);
mkdirSync(work, { recursive: true });
mkdirSync(outDir, { recursive: true });

const tmux = await loadTmuxDriver();
let failed = 0;
for (const scene of selected) {
  const started = performance.now();
  try {
    await shoot(scene);
    console.error(`screenshots: ${scene.name} in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    failed++;
    console.error(`screenshots: scene "${scene.name}" failed: ${error instanceof Error ? error.message : error}`);
  }
}
process.exitCode = failed ? 1 : 0;

async function shoot(scene) {
  const cols = scene.cols ?? 120;
  const rows = scene.rows ?? 36;
  // A scene starts from nothing: its own folder, vault path and (via screenshots.sh) keyring.
  const dir = mkdtempSync(join(tmpdir(), `coffer-scene-${scene.name}-`));
  const env = { COFFER_VAULT: join(dir, 'vault.coffer'), SCENE_DIR: dir, ...scene.env };
  let session;
  try {
    for (const step of scene.setup ?? []) runSetup(step, env, dir);
    session = await tmux.start(commandOf(scene), { cols, rows, env, cwd: scene.cwd ?? dir });
    for (const step of scene.steps ?? []) await runStep(session, step);
    const ansi = await session.settle();
    const ansiFile = join(work, `${scene.name}.ansi`);
    writeFileSync(ansiFile, ansi);
    const png = join(outDir, `${scene.name}.png`);
    const shot = spawnSync(
      'bash',
      [join(root, 'scripts/screenshot.sh'), ansiFile, png, '--cols', String(cols), '--rows', String(rows)],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (shot.status !== 0) throw new Error(`scripts/screenshot.sh exited with ${shot.status}`);
  } finally {
    await session?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A scene's command: `coffer: [...args]` runs the built program; `cmd` is argv or a shell line. */
function commandOf(scene) {
  if (scene.coffer) return [process.execPath, cofferBin, ...scene.coffer];
  if (scene.cmd) return scene.cmd;
  throw new Error('a scene needs `coffer: [args]` or `cmd`');
}

function describeCommand(scene) {
  if (scene.coffer) return `coffer ${scene.coffer.join(' ')}`;
  return Array.isArray(scene.cmd) ? scene.cmd.join(' ') : String(scene.cmd);
}

/** Setup steps run before the scene, to completion: `{ coffer: [args], input? }` or `{ cmd: [argv], input? }`. */
function runSetup(step, env, cwd) {
  const argv = step.coffer ? [process.execPath, cofferBin, ...step.coffer] : step.cmd;
  if (!Array.isArray(argv)) throw new Error(`bad setup step ${JSON.stringify(step)}`);
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd,
    env: { ...process.env, CI: '0', ...env },
    input: step.input ?? '',
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`setup ${argv.slice(1).join(' ')} exited with ${result.status}: ${result.stderr || result.stdout}`);
  }
}

/**
 * One step: { waitFor: text|RegExp, timeout? } · { waitGone: text|RegExp, timeout? } ·
 * { press: 'j' | ['j', 'Enter'] } · { type: 'text' } · { waitExit: expectedStatus | true } ·
 * { resize: [cols, rows] }.
 */
async function runStep(session, step) {
  const timeout = step.timeout;
  if ('waitFor' in step) await session.waitFor(step.waitFor, { timeout });
  else if ('waitGone' in step) await session.waitGone(step.waitGone, { timeout });
  else if ('press' in step) await session.press(...[step.press].flat());
  else if ('type' in step) await session.type(step.type);
  else if ('resize' in step) await session.resize(...step.resize);
  else if ('waitExit' in step) {
    const status = await session.waitExit({ timeout });
    if (typeof step.waitExit === 'number' && status !== step.waitExit) {
      throw new Error(`exited with ${status}, expected ${step.waitExit}\n${await session.screen()}`);
    }
  } else throw new Error(`unknown step ${JSON.stringify(step)}`);
}

/**
 * test/helpers/tmux.ts is TypeScript and Node 20 runs only JavaScript: bundle it on the fly. The
 * bundle sits two folders below the repository, as the source does, so its own repoRoot holds.
 */
async function loadTmuxDriver() {
  const file = join(work, 'tmux-driver.mjs');
  await build({
    entryPoints: [join(root, 'test/helpers/tmux.ts')],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  if (relative(root, dirname(file)).split(/[\\/]/).length !== 2) throw new Error('driver bundle must sit two levels deep');
  return import(pathToFileURL(file).href);
}
