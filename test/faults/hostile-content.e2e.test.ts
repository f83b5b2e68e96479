// Hostile content through the built program. Values and comments are free text: escape
// sequences, every control character, bidirectional overrides, zero-width characters, 1 MB
// values — each must round-trip exactly (set → get, --json listings), while every listing,
// history and error prints them escaped, never raw. Names (apps, environments, keys, tags,
// paths) are validated: hostile ones are refused, and the refusal itself prints them escaped.
// Bytes that are not UTF-8 are refused (values are text), never stored altered.
// (How the TUI shows the same values is the TUI's test, test/faults/tui-*.e2e.test.ts.)
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoffer } from '../helpers/tmux.js';
import { requireKeyring, Workspace } from './helpers/cli.js';
import { paneEnv } from './helpers/tui.js';

/** What must never reach a terminal raw: C0 and C1 controls, DEL, bidi overrides and isolates. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * What JSON for scripts must not carry raw either, since it is printed to terminals too: all of the
 * above (the layout's own line feeds aside) plus bidi marks, zero-width characters, line and
 * paragraph separators and the BOM.
 * (JSON.stringify escapes only C0 controls; the rest is the CLI's doing.)
 */
const RAW_IN_JSON = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

function describeRaw(text: string, unsafe: RegExp = RAW_CONTROL): string {
  const match = unsafe.exec(text);
  return match ? `U+${match[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${match.index}: …${JSON.stringify(text.slice(Math.max(0, match.index - 20), match.index + 20))}…` : '';
}

function allControls(): string {
  let text = '';
  for (let c = 0; c < 0x20; c++) text += String.fromCharCode(c);
  text += '\u007f';
  for (let c = 0x80; c < 0xa0; c++) text += String.fromCharCode(c);
  return text;
}

function randomText(length: number): string {
  // Printable ASCII with some multi-byte and astral characters mixed in.
  const pool = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', 'é', 'ß', '漢', '🔑', '\u0301'];
  const bytes = randomBytes(length);
  let text = '';
  for (let i = 0; i < length; i++) text += pool[bytes[i]! % pool.length];
  return text;
}

const VALUES: Array<[string, string]> = [
  ['terminal escape sequences', '\u001b[2J\u001b[H\u001b]0;pwned\u0007\u001b[31mred\u001b[0m\u001bP+q\u001b\\\u009b6n'],
  ['every C0 and C1 control, DEL and NUL', `a${allControls()}z`],
  ['right-to-left overrides and isolates', 'user\u202eexe.txt\u202c \u2066isolated\u2069 \u202bembedded\u202c'],
  ['zero-width characters and a BOM', '\ufeffto\u200bken\u200c\u200d\u2060\ufeff'],
  ['CRLF and lone CR line endings', 'line1\r\nline2\rline3\n\n'],
  ['only whitespace', ' \t \u00a0\u3000 '],
  ['astral and combining characters', 'e\u0301\u0301\u0301 🔑👩‍👩‍👧 𝕊 \ud83d\ude00'],
  ['1 MB of text', randomText(1 << 20)],
];

let ws: Workspace;
let vault: Awaited<ReturnType<Workspace['vault']>>;

beforeAll(async () => {
  requireKeyring();
  ws = new Workspace('coffer-faults-hostile-');
  vault = await ws.vault();
}, 60_000);
afterAll(() => ws?.remove());

describe('hostile values and comments round-trip exactly', () => {
  VALUES.forEach(([label, value], i) => {
    it(`${label}: set from stdin, get to a pipe, byte for byte`, async () => {
      const { at } = vault;
      const address = `api/production/HOSTILE_${i}`;
      const comment = value.replace(/\u0000/g, '').slice(0, 2000); // argv cannot carry NUL; comments stop at 2000
      const set = await ws.run(at('set', address, '--keep-newline', '--comment', comment), { input: value });
      expect(set.code, `set refused ${label}: ${set.stderr}`).toBe(0);
      expect(set.stdout).toBe(`${address}: v1 (new secret)\n`);
      expect(describeRaw(set.stderr), 'set printed the comment raw').toBe('');

      const get = await ws.run(at('get', address));
      expect(get.code, get.stderr).toBe(0);
      expect(get.stdoutBytes.equals(Buffer.from(value, 'utf8')), `${label}: get returned other bytes (${get.stdoutBytes.length} vs ${Buffer.byteLength(value)})`).toBe(true);

      const json = await ws.run(at('ls', 'api/production', '--json'));
      const listed = (JSON.parse(json.stdout) as Array<{ key: string; comment: string }>).find((s) => s.key === `HOSTILE_${i}`);
      expect(listed?.comment, `${label}: the comment did not round-trip through ls --json`).toBe(comment);
      for (const args of [['ls', 'api/production', '--json'], ['versions', address, '--json'], ['log', 'api/production', '--json']]) {
        const run = await ws.run(at(...args));
        expect(run.code, run.stderr).toBe(0);
        expect(describeRaw(run.stdout, RAW_IN_JSON), `coffer ${args.join(' ')} printed ${label} raw`).toBe('');
        JSON.parse(run.stdout);
      }

      for (const args of [['ls'], ['ls', 'api/production'], ['versions', address], ['log', 'api/production']]) {
        const run = await ws.run(at(...args));
        expect(run.code, run.stderr).toBe(0);
        expect(describeRaw(run.stdout + run.stderr), `coffer ${args.join(' ')} printed ${label} raw`).toBe('');
      }
    });
  });

  it('a second version and a rollback keep the exact bytes', async () => {
    const { at } = vault;
    const [, first] = VALUES[0]!;
    const [, second] = VALUES[2]!;
    await ws.run(at('set', 'api/staging/ROLL', '--keep-newline'), { input: first });
    await ws.run(at('set', 'api/staging/ROLL', '--keep-newline'), { input: second });
    expect((await ws.run(at('rollback', 'api/staging/ROLL', '1'))).code).toBe(0);
    expect((await ws.run(at('get', 'api/staging/ROLL'))).stdout).toBe(first);
    expect((await ws.run(at('get', 'api/staging/ROLL', '--version', '2'))).stdout).toBe(second);
  });
});

describe('bytes that are not UTF-8', () => {
  const BINARY: Array<[string, Buffer]> = [
    ['random binary', Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x80]), randomBytes(4096)])],
    ['a lone continuation byte in text', Buffer.concat([Buffer.from('almost text '), Buffer.from([0x80]), Buffer.from(' here')])],
    ['an encoded lone surrogate (CESU)', Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62])],
    ['an overlong encoding of /', Buffer.from([0xc0, 0xaf])],
    ['a truncated 4-byte sequence at the end', Buffer.from([0x61, 0xf0, 0x9f, 0x94])],
  ];
  for (const [label, bytes] of BINARY) {
    it(`${label}: refused with exit 2 and a hint, nothing stored`, async () => {
      const { at } = vault;
      const set = await ws.run(at('set', 'api/staging/BINARY'), { input: bytes });
      expect(set.code, `${label} was accepted: ${set.stdout}`).toBe(2);
      expect(set.stderr).toMatch(/^coffer: stdin is not UTF-8 text; nothing was changed\.\nhint: .*base64/m);
      expect((await ws.run(at('get', 'api/staging/BINARY'))).code).toBe(3);
    });
  }

  it('binary data encoded as base64 round-trips', async () => {
    const { at } = vault;
    const bytes = randomBytes(64 * 1024);
    expect((await ws.run(at('set', 'api/staging/BLOB'), { input: bytes.toString('base64') })).code).toBe(0);
    const get = await ws.run(at('get', 'api/staging/BLOB'));
    expect(Buffer.from(get.stdout, 'base64').equals(bytes)).toBe(true);
  });
});

describe('hostile names are refused, and the refusal prints them escaped', () => {
  const HOSTILE = ['\u001b[31mevil', 'a\u202eb', 'zero\u200bwidth', 'new\nline', 'x'.repeat(300), '../../etc', 'ÉTÉ'];
  it('app, environment, key, tag and path names', async () => {
    const { at } = vault;
    for (const name of HOSTILE) {
      const attempts: string[][] = [
        at('app', 'add', name),
        at('env', 'add', 'api', name),
        at('set', `api/production/${name}`, 'v'),
        at('set', 'api/production/TAGGED', 'v', '--tag', name),
        // Paths are labels of letters, digits, dots, dashes and underscores (/../../etc and a
        // long one are valid labels): only the names with characters outside that are hostile.
        ...(/^[\w./-]+$/.test(name) ? [] : [at('set', 'api/production/PATHED', 'v', '--path', `/${name}`)]),
      ];
      for (const args of attempts) {
        const run = await ws.run(args);
        expect(run.code, `coffer ${args.slice(0, 2).join(' ')} accepted ${JSON.stringify(name)}: ${run.stdout}`).toBe(2);
        expect(run.stderr).toMatch(/^coffer: /);
        expect(describeRaw(run.stderr), `the refusal of ${JSON.stringify(name)} printed it raw`).toBe('');
      }
    }
    expect((await ws.run(at('app', 'ls', '--json'))).stdout).not.toContain('evil');
  });
});

describe('in a real terminal', () => {
  it('get shows escape sequences escaped, and they do not act on the terminal', async () => {
    const { at } = vault;
    await ws.run(at('set', 'api/staging/ANSI', '--keep-newline'), { input: '\u001b]0;pwned\u0007\u001b[2J\u001b[31mRED' });
    const t = await startCoffer(at('get', 'api/staging/ANSI'), { cols: 120, rows: 10, env: paneEnv(ws) });
    expect(await t.waitExit()).toBe(0);
    const screen = await t.screen();
    expect(screen).toContain('\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[31mRED');
    expect(screen).toContain('control characters, shown escaped');
    expect(await t.screenAnsi()).not.toMatch(/\u001b\[31mRED/);
  });
});
