// The README's key table is generated from the keymap. Regenerate it with
//   UPDATE_README=1 npx vitest run test/ui/readme.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { keyTableMarkdown } from '../../src/ui/presenters/key-table.js';

const README = join(import.meta.dirname, '../../README.md');
const START = '<!-- keys:start (generated from src/ui/keymap/keymap.ts) -->';
const END = '<!-- keys:end -->';

it('lists exactly the keys of the keymap', () => {
  const text = readFileSync(README, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  expect(from, 'README.md has no key table markers').toBeGreaterThanOrEqual(0);
  const expected = `${START}\n${keyTableMarkdown()}\n${END}`;
  const actual = text.slice(from, to + END.length);
  if (process.env['UPDATE_README'] === '1' && actual !== expected) {
    writeFileSync(README, text.slice(0, from) + expected + text.slice(to + END.length));
    return;
  }
  expect(actual).toBe(expected);
});
