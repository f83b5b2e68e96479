// etcd3 (and grpc-js under it) costs ~125 ms to load: only connectEtcd() may load it, by dynamic
// import, so local-vault paths never pay for it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('etcd3 loading', () => {
  it('is never imported statically (type-only imports are erased)', () => {
    const offenders = files(root).filter((file) => /^\s*(import|export)\s+(?!type\b)[^;]*from\s+['"](etcd3|@grpc\/grpc-js)['"]/m.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });

  it('is loaded by dynamic import in the client only', () => {
    const loaders = files(root).filter((file) => /import\(\s*['"]etcd3['"]\s*\)/.test(readFileSync(file, 'utf8')));
    expect(loaders.map((file) => relative(root, file))).toEqual(['store/etcd/client.ts']);
  });
});
