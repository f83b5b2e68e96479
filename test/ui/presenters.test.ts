// Presenters are pure: table-driven tests of sanitising, masking, ages and rows.
import { describe, expect, it } from 'vitest';
import { findSecret } from '../../src/domain/index.js';
import type { Secret, Version } from '../../src/domain/index.js';
import { breadcrumb, fitBreadcrumb } from '../../src/ui/presenters/breadcrumb.js';
import { secretDetail } from '../../src/ui/presenters/detail.js';
import { layoutFooter } from '../../src/ui/presenters/footer.js';
import { longAge, rotationText, shortAge } from '../../src/ui/presenters/format.js';
import { secretRow, versionRow } from '../../src/ui/presenters/rows.js';
import { needsSanitising, sanitise, stripControls } from '../../src/ui/presenters/sanitise.js';
import { MASK, presentValue } from '../../src/ui/presenters/value.js';
import { displayWidth, fitText } from '../../src/ui/presenters/width.js';
import { rowText } from '../../src/ui/components/windowed-list.js';
import { derive } from '../../src/ui/state/selectors.js';
import { NOW, smallVault, ui } from './fixtures.js';
import { connectionText } from '../../src/ui/presenters/connection.js';
import { accessText } from '../../src/ui/presenters/members.js';
import { environmentScopes } from '../../src/ui/state/commands/members.js';

describe('sanitise', () => {
  it.each([
    ['plain text', 'postgres://u:p@h/db', 'postgres://u:p@h/db'],
    ['clear screen', '\u001b[2J\u001b[H', '␛[2J␛[H'],
    ['OSC title (Ink keeps OSC)', '\u001b]0;pwned\u0007', '␛]0;pwned␇'],
    ['OSC 52 clipboard write', '\u001b]52;c;ZXZpbA==\u0007', '␛]52;c;ZXZpbA==␇'],
    ['SGR colour (Ink keeps SGR)', '\u001b[31mred', '␛[31mred'],
    ['8-bit CSI', '\u009b2J', '\\x9b2J'],
    ['carriage return overwrite', 'safe\rEVIL', 'safe␍EVIL'],
    ['newline in a one-line view', 'a\nb', 'a␊b'],
    ['backspace and DEL', 'a\bb\u007f', 'a␈b␡'],
    ['NUL and tab', '\u0000\t', '␀␉'],
    ['bidi override (Trojan Source)', 'admin\u202e\u2066', 'admin⟨U+202E⟩⟨U+2066⟩'],
    ['zero-width space and joiner', 'to\u200bken\u200d', 'to⟨U+200B⟩ken⟨U+200D⟩'],
    ['BOM and soft hyphen', '\ufeffkey\u00ad', '⟨U+FEFF⟩key⟨U+00AD⟩'],
    ['tag characters', 'a\u{e0041}', 'a⟨U+E0041⟩'],
    ['unicode letters stay', 'café ünïcödé 日本', 'café ünïcödé 日本'],
  ])('%s', (_what, input, expected) => {
    expect(sanitise(input)).toBe(expected);
    expect(sanitise(input)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);
  });

  it('keeps newlines when asked (multi-line values shown line by line)', () => {
    expect(sanitise('a\nb\u001b', { keepNewlines: true })).toBe('a\nb␛');
  });

  it('drops controls from typed input rather than storing them', () => {
    expect(stripControls('ab\u001b[Dc\u0007')).toBe('ab[Dc');
    expect(stripControls('l1\nl2\r', { keepNewlines: true })).toBe('l1\nl2');
    expect(needsSanitising('ok')).toBe(false);
    expect(needsSanitising('\u200b')).toBe(true);
  });
});

describe('ages and rotation', () => {
  const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
  it.each([
    [10_000, 'now', 'just now'],
    [5 * 60_000, '5m', '5 minutes ago'],
    [3 * 3_600_000, '3h', '3 hours ago'],
    [86_400_000, '1d', '1 day ago'],
    [45 * 86_400_000, '45d', '45 days ago'],
    [120 * 86_400_000, '4mo', '120 days ago'],
    [800 * 86_400_000, '2y', '800 days ago'],
  ])('%i ms → %s / %s', (ms, short, long) => {
    expect(shortAge(ago(ms), NOW)).toBe(short);
    expect(longAge(ago(ms), NOW)).toBe(long);
  });

  it.each([
    [undefined, { state: 'none' as const }, 'no rotation policy'],
    [90, { state: 'ok' as const, daysLeft: 70 }, 'every 90 days · due in 70 days'],
    [30, { state: 'due' as const, daysLeft: 0 }, 'every 30 days · due today'],
    [30, { state: 'overdue' as const, daysLeft: -18 }, 'every 30 days · overdue by 17 days'],
    [30, { state: 'overdue' as const, daysLeft: -1 }, 'every 30 days · overdue by 1 day'],
  ])('rotation every %s days %j → %s', (every, status, text) => {
    expect(rotationText(every, status)).toBe(text);
  });
});

describe('values', () => {
  const vault = smallVault();
  const secret = (key: string) => findSecret(vault, 'api', 'production', key);
  const top = (s: Secret) => s.versions[s.versions.length - 1] as Version;

  it.each([
    ['masked secret', 'TOKEN', false, { kind: 'masked', text: MASK, size: '7 chars' }],
    ['revealed secret', 'TOKEN', true, { kind: 'shown', lines: ['token-3'], revealed: true }],
    ['config shown plainly', 'PORT', false, { kind: 'shown', lines: ['8080'], revealed: false }],
    ['sealed never shown, even when asked', 'SEALED_KEY', true, { kind: 'unavailable', text: 'sealed — never shown after saving' }],
  ])('%s', (_what, key, revealed, expected) => {
    expect(presentValue(secret(key), top(secret(key)), revealed)).toMatchObject(expected);
  });

  it('masks with a fixed width, whatever the length', () => {
    const long = { ...top(secret('TOKEN')), value: 'x'.repeat(500) };
    expect(presentValue(secret('TOKEN'), long, false)).toEqual({ kind: 'masked', text: MASK, size: '500 chars' });
  });

  it('says why a deleted or destroyed version shows nothing', () => {
    const t = secret('TOKEN');
    expect(presentValue(t, t.versions[1] as Version, true)).toMatchObject({ kind: 'unavailable', text: 'deleted — u undeletes v2' });
    expect(presentValue(t, { ...(t.versions[0] as Version), state: 'destroyed', value: null }, true)).toMatchObject({ kind: 'unavailable' });
  });

  it('sanitises a hostile config value line by line', () => {
    const hostile = { ...top(secret('PORT')), value: 'ok\n\u001b[2J\u001b]0;x\u0007' };
    expect(presentValue(secret('PORT'), hostile, false)).toMatchObject({ lines: ['ok', '␛[2J␛]0;x␇'] });
  });
});

describe('rows and detail', () => {
  const vault = smallVault();
  const token = findSecret(vault, 'api', 'production', 'TOKEN');

  it('marks a secret whose current version is deleted', () => {
    const deleted = { ...token, versions: token.versions.map((v) => (v.n === 3 ? { ...v, state: 'deleted' as const } : v)) };
    expect(secretRow(deleted, NOW)).toEqual({ text: 'TOKEN', right: '× v3', tone: 'muted' });
    expect(secretRow(token, NOW)).toEqual({ text: 'TOKEN', right: 'v3' });
  });

  it('shows number, state, age, author and origin of a version', () => {
    const rolled: Version = { ...(token.versions[2] as Version), n: 4, origin: { type: 'rollback', of: 1 } };
    expect(versionRow(rolled, true, NOW)).toEqual({ text: 'v4*  live    now ←v1 tester', tone: 'normal' });
    expect(versionRow(token.versions[1] as Version, false, NOW).text).toBe('v2   deleted now tester');
  });

  it('puts the value, version, rotation, fingerprint, tags and comment in the detail', () => {
    const detail = secretDetail({ secret: token, version: token.versions[2] as Version, revealed: false, now: NOW, fingerprint: 'fp1234' });
    expect(detail.title).toBe('TOKEN');
    expect(detail.facets).toBe('secret · env');
    expect(detail.lines.map((l) => l.label)).toEqual(['version', 'rotate', 'print', 'tags', 'comment']);
    expect(detail.lines[0]?.text).toBe('v3 (current) · live · just now by tester · set');
    expect(detail.lines[2]?.text).toBe('fp1234   path /');
  });

  it('builds and shortens the breadcrumb from the deepest end', () => {
    const parts = breadcrumb(derive(ui(vault, { app: 'api', env: 'production', key: 'TOKEN' })));
    expect(parts).toEqual(['coffer', 'api', 'production', 'TOKEN', 'v3']);
    expect(fitBreadcrumb(parts, 80)).toBe('coffer › api › production › TOKEN › v3');
    expect(fitBreadcrumb(parts, 28)).toBe('coffer › … › TOKEN › v3');
  });
});

describe('footer', () => {
  it('packs hints into two lines and lists the reasons of greyed ones', () => {
    const hints = [
      { key: 'j/k', label: 'move' },
      { key: 'R', label: 'rollback', disabled: 'v3 is already the current version' },
      { key: 'q', label: 'quit' },
    ];
    expect(layoutFooter(hints, 25)).toEqual({ lines: [[hints[0], hints[1]]], reasons: 'R: v3 is already the current version' });
    const enabled = hints.filter((h) => !h.disabled);
    expect(layoutFooter(enabled, 10)).toEqual({ lines: [[enabled[0]], [enabled[1]]], reasons: '' });
    expect(layoutFooter(enabled, 10, 1).lines).toEqual([[enabled[0]]]);
  });
});

describe('row layout', () => {
  it.each([
    ['KEY', 6, 'KEY   '],
    ['DATABASE_URL', 8, 'DATABAS…'],
    ['日本語', 5, '日本…'],
    ['日本語', 4, '日… '],
    ['e\u0301te', 4, 'e\u0301te '],
  ])('fits %j into %i cells', (text, width, expected) => {
    expect(fitText(text, width)).toBe(expected);
    expect(displayWidth(fitText(text, width))).toBe(width);
  });

  it('lays out a row in exactly the column width, marker and right part included', () => {
    expect(rowText({ text: 'production', right: '8 ◆' }, true, true, 20)).toBe('▸production     8 ◆ ');
    expect(rowText({ text: 'billing-api-service' }, false, false, 12)).toBe(' billing-a… ');
    expect(displayWidth(rowText({ text: 'X'.repeat(50), right: 'v7' }, false, false, 25))).toBe(25);
  });
});

describe('team presenters', () => {
  it('groups a member’s environments by app, leaving out the team’s own scopes', () => {
    const scopes = environmentScopes(['_team', '_personal/bob', 'web/staging', 'api/production', 'api/development']);
    expect(accessText(scopes)).toBe('api: development production · web: staging');
    expect(accessText([])).toBe('');
  });

  it('words the connection with a glyph, so it reads without colour', () => {
    expect(connectionText({ state: 'online', down: 0, endpoints: 3 })).toBe('● online');
    expect(connectionText({ state: 'degraded', down: 1, endpoints: 3 })).toBe('◐ degraded — 1 of 3 endpoints down');
    expect(connectionText({ state: 'offline', down: 1, endpoints: 1 })).toBe('○ offline — 1 of 1 endpoint down');
  });
});
