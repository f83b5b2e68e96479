// The keymap table is the single source for keys, footer and help: check it is complete and
// unambiguous.
import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS, Command } from '../../src/ui/keymap/commands.js';
import { appliesIn, LEAF_CONTEXTS, TEXT_CONTEXTS } from '../../src/ui/keymap/contexts.js';
import { GROUPS, KEYMAP } from '../../src/ui/keymap/keymap.js';
import { isTextKey, keyBytes, keyPresses, keysFromInk } from '../../src/ui/keymap/keys.js';
import { matchKey } from '../../src/ui/keymap/match.js';
import { FOOTER_ORDER } from '../../src/ui/presenters/footer.js';
import type { Key } from 'ink';

describe('keymap completeness', () => {
  it('binds every command exactly once, with keys, a description and a group', () => {
    const counts = new Map<string, number>();
    for (const b of KEYMAP) counts.set(b.command, (counts.get(b.command) ?? 0) + 1);
    expect(ALL_COMMANDS.filter((c) => counts.get(c) !== 1)).toEqual([]);
    for (const b of KEYMAP) {
      expect(b.keys.length, b.command).toBeGreaterThan(0);
      expect(b.description.length, b.command).toBeGreaterThan(3);
      expect(GROUPS, b.command).toContain(b.group);
      expect(b.where.length, b.command).toBeGreaterThan(0);
    }
  });

  it.each(LEAF_CONTEXTS)('binds no key twice in the %s context', (context) => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const b of KEYMAP.filter((binding) => appliesIn(binding.where, context))) {
      for (const key of b.keys) {
        const other = seen.get(key);
        if (other) clashes.push(`${key}: ${other} and ${b.command}`);
        seen.set(key, b.command);
      }
    }
    expect(clashes).toEqual([]);
  });

  it.each([...TEXT_CONTEXTS])('leaves printable keys to the text field in %s', (context) => {
    const typing = KEYMAP.filter((b) => appliesIn(b.where, context) && !b.handledBy).flatMap((b) =>
      b.keys.filter((k) => isTextKey(k) && !b.where.includes('global')),
    );
    expect(typing).toEqual([]);
  });

  it('orders every group in the footer', () => {
    expect([...FOOTER_ORDER].sort()).toEqual([...GROUPS].sort());
  });

  it('never deletes on ctrl-d', () => {
    expect(matchKey('secrets', 'ctrl-d')).toMatchObject({ type: 'command', binding: { command: Command.HalfPageDown } });
    for (const b of KEYMAP.filter((binding) => binding.danger)) expect(b.keys).not.toContain('ctrl-d');
  });

  it('answers keys that belong to another column with where they work', () => {
    expect(matchKey('apps', 'R')).toMatchObject({ type: 'elsewhere', binding: { command: Command.Rollback } });
  });

  it('ignores pasted text and Enter inside a paste in text fields', () => {
    expect(matchKey('edit-line', 'enter', true)).toEqual({ type: 'none' });
    expect(matchKey('edit-line', 'enter', false)).toMatchObject({ binding: { command: Command.EditorSave } });
    expect(matchKey('filter', 'q')).toEqual({ type: 'none' });
  });
});

const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

describe('keys from Ink input', () => {
  it.each([
    ['j', {}, ['j']],
    ['jjj', {}, ['j', 'j', 'j']],
    ['gG', {}, ['g', 'G']],
    ['j\u0004k', {}, ['j', 'ctrl-d', 'k']],
    ['u', { ctrl: true }, ['ctrl-u']],
    ['', { downArrow: true }, ['down']],
    ['', { return: true }, ['enter']],
    ['', { escape: true, meta: true }, ['esc']],
    ['', { tab: true, shift: true }, ['shift-tab']],
    ['', { delete: true }, ['backspace']],
    [' ', {}, ['space']],
  ] as [string, Partial<Key>, string[]][])('%j %j → %j', (input, key, expected) => {
    expect(keysFromInk(input, { ...noKey, ...key })).toEqual(expected);
  });

  it('lets an Enter that ends a typed chunk submit, but not one inside a paste', () => {
    expect(keyPresses('shop\r', noKey).map((p) => [p.key, p.pasted])).toEqual([
      ['s', true], ['h', true], ['o', true], ['p', true], ['enter', false],
    ]);
    expect(keyPresses('a\rb', noKey).map((p) => p.pasted)).toEqual([true, true, true]);
    expect(keyPresses('q', noKey)).toEqual([{ key: 'q', pasted: false }]);
  });

  it('writes the bytes terminals send', () => {
    expect(['down', 'enter', 'esc', 'ctrl-u', 'shift-tab', 'G'].map(keyBytes)).toEqual(['\u001b[B', '\r', '\u001b', '\u0015', '\u001b[Z', 'G']);
  });
});
