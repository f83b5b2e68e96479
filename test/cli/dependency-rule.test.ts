// The CLI's side of the dependency rule: only the composition root (and the demo vault, which
// is a composition of its own, and early.ts, the keychain read bin/coffer.cjs begins before the
// CLI exists) knows concrete store classes, and nothing in the CLI imports
// React or Ink statically — scripting start-up must not pay for them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const cliRoot = join(import.meta.dirname, '../../src/cli');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
}

const COMPOSITION_ROOTS = ['compose.ts', 'demo.ts', 'early.ts'];

test('only the composition roots import the store', () => {
  const offenders = files(cliRoot)
    .filter((file) => !COMPOSITION_ROOTS.includes(relative(cliRoot, file)))
    .flatMap((file) => staticImports(file).filter((spec) => /(^|\/)store(\/|$)/.test(spec)).map((spec) => `${relative(cliRoot, file)} → ${spec}`));
  expect(offenders).toEqual([]);
});

test('no CLI module imports React, Ink or the UI statically', () => {
  const offenders = files(cliRoot).flatMap((file) =>
    staticImports(file)
      .filter((spec) => /^(react|ink)(-|\/|$)|(^|\/)ui(\/|$)/.test(spec))
      .map((spec) => `${relative(cliRoot, file)} → ${spec}`),
  );
  expect(offenders).toEqual([]);
});
