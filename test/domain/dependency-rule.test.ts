// The dependency rule: domain imports nothing of ours and no I/O; store and ui never import
// the CLI; only the CLI's composition root knows concrete store classes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

describe('dependency rule', () => {
  it('domain imports only domain modules: no I/O, crypto, UI or outer layers', () => {
    const offenders = files(join(root, 'domain')).flatMap((file) =>
      imports(file)
        .filter((spec) => !spec.startsWith('./'))
        .map((spec) => `${relative(root, file)} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it.each([
    ['store', ['../ui', '../cli', 'ink', 'react']],
    ['ui', ['../store', '../cli', '../../store', '../../cli']],
  ])('%s does not reach into %j', (layer, banned) => {
    let dir: string;
    try {
      dir = join(root, layer);
      statSync(dir);
    } catch {
      return;
    }
    const offenders = files(dir).flatMap((file) =>
      imports(file)
        .filter((spec) => banned.some((b) => spec === b || spec.startsWith(`${b}/`)))
        .map((spec) => `${relative(root, file)} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
