import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatEnvironment, parseDotenv } from '../../src/domain/index.js';

const parsed = (text: string) => Object.fromEntries(parseDotenv(text).entries.map((e) => [e.key, e.value]));

describe('parseDotenv', () => {
  it.each([
    ['plain', 'A=1', { A: '1' }],
    ['export prefix', 'export A=1', { A: '1' }],
    ['spaces around =', 'A = 1 ', { A: '1' }],
    ['inline comment', 'A=1 # note', { A: '1' }],
    ['hash inside a value', 'A=abc#def', { A: 'abc#def' }],
    ['comments and blanks', '# top\n\n  # indented\nA=1\n', { A: '1' }],
    ['empty', 'A=', { A: '' }],
    ['single quotes are literal', "A='x\\n$y # z'", { A: 'x\\n$y # z' }],
    ['double quote escapes', 'A="a\\nb\\t\\"c\\"\\\\ \\$d"', { A: 'a\nb\t"c"\\ $d' }],
    ['unknown escapes kept', 'A="\\q"', { A: '\\q' }],
    ['multi-line double quoted', 'A="line1\nline2"\nB=2', { A: 'line1\nline2', B: '2' }],
    ['multi-line single quoted PEM', "KEY='-----BEGIN X-----\nabc\n-----END X-----'", { KEY: '-----BEGIN X-----\nabc\n-----END X-----' }],
    ['CRLF line endings', 'A=1\r\nB="2"\r\n', { A: '1', B: '2' }],
    ['BOM', '\uFEFFA=1', { A: '1' }],
    ['comment after quotes', 'A="1" # c', { A: '1' }],
  ])('%s', (_label, text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });

  it('last definition wins and duplicates are reported', () => {
    const result = parseDotenv('A=1\nB=2\nA=3');
    expect(result.entries.map((e) => [e.key, e.value])).toEqual([['B', '2'], ['A', '3']]);
    expect(result.duplicates).toEqual(['A']);
  });

  it.each([
    ['no equals sign', 'JUSTTEXT', 'line 1: expected KEY=value'],
    ['bad key', 'a-b=1', 'line 1: "a-b" is not a valid key name'],
    ['unterminated quote', 'A=1\nB="open\nC=3', 'line 2: unterminated double quote for B'],
    ['a value-like key, not quoted', 'postgres://u:p@h/db?a=1', 'line 1: the text before = is not a valid key name'],
    ['text after quotes', 'A="1" x', 'unexpected text after the quoted value of A'],
  ])('rejects %s with the line number', (_label, text, message) => {
    expect(() => parseDotenv(text)).toThrow(message);
  });

  it('never quotes a malformed line, which may hold a value', () => {
    expect(() => parseDotenv('DATABASE_URL: postgres://user:hunter2@db/app')).toThrow(/^line 1: expected KEY=value$/);
  });
});

const nasty = [
  '',
  'plain',
  ' leading and trailing ',
  'quotes \' and " and `backticks`',
  'dollar $HOME ${PATH} $(id)',
  'back\\slash \\n not a newline',
  'multi\nline\r\nvalue\twith tab',
  '# not a comment',
  'ünïcödé ✓ 🔑 \u202Ertl \u200Bzw',
  '\x1b[2J\x1b[31mescape codes\x07',
  'trailing backslash \\',
  "it's",
];

describe('formatEnvironment', () => {
  it.each(['dotenv', 'shell'] as const)('%s round-trips every nasty value through the parser', (format) => {
    const entries = nasty.map((value, i) => ({ key: `K${i}`, value }));
    const text = formatEnvironment(entries, format);
    expect(parsed(text)).toEqual(Object.fromEntries(entries.map((e) => [e.key, e.value])));
  });

  it('shell output round-trips through a POSIX shell', () => {
    const entries = nasty.map((value, i) => ({ key: `K${i}`, value }));
    const keys = JSON.stringify(entries.map((e) => e.key));
    const script = `${formatEnvironment(entries, 'shell')}exec "$NODE" -e 'console.log(JSON.stringify(${keys}.map((k) => process.env[k])))'`;
    const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8', env: { NODE: process.execPath, PATH: process.env.PATH } });
    expect(JSON.parse(out)).toEqual(nasty);
  });

  it('json is plain JSON', () => {
    expect(JSON.parse(formatEnvironment([{ key: 'A', value: 'x"y' }], 'json'))).toEqual({ A: 'x"y' });
  });

  it('refuses NUL bytes where a shell or environment cannot hold them', () => {
    expect(() => formatEnvironment([{ key: 'A', value: 'a\0b' }], 'shell')).toThrow('NUL');
    expect(formatEnvironment([{ key: 'A', value: 'a\0b' }], 'json')).toContain('\\u0000');
  });
});
