import { describe, expect, it } from 'vitest';
import { appId, secretId } from '../../../src/domain/ids.js';
import { TEAM_SCOPE, TeamLayout, parseScope, prefixEnd, teamPrefix } from '../../../src/store/etcd/layout.js';

const layout = TeamLayout.forTeam('acme');
const P = '/coffer/acme/';

describe('TeamLayout', () => {
  it('puts every row of the README table where the README says', () => {
    expect(layout.prefix).toBe(P);
    expect(layout.team()).toBe(`${P}team`);
    expect(layout.member('alice')).toBe(`${P}members/alice`);
    expect(layout.request('bob')).toBe(`${P}requests/bob`);
    expect(layout.access('api/production')).toBe(`${P}access/api/production`);
    expect(layout.access(TEAM_SCOPE)).toBe(`${P}access/_team`);
    expect(layout.key('api/production', 3, 'alice')).toBe(`${P}keys/api/production/3/alice`);
    expect(layout.key('_personal/bob', 1, 'bob')).toBe(`${P}keys/_personal/bob/1/bob`);
    expect(layout.meta()).toBe(`${P}meta`);
    expect(layout.app('api')).toBe(`${P}apps/api`);
    expect(layout.head('api', 'production', 'DB_URL')).toBe(`${P}s/api/production/DB_URL`);
    expect(layout.version('api', 'production', 'DB_URL', 7)).toBe(`${P}v/api/production/DB_URL/7`);
    expect(layout.chunk('api', 'production', 'DB_URL', 7, 0)).toBe(`${P}c/api/production/DB_URL/7/0`);
    expect(layout.audit(42)).toBe(`${P}audit/000000000042`);
    expect(layout.auditHead()).toBe(`${P}audit-head`);
    expect(layout.personal('bob', 'api', 'production', 'DB_URL')).toBe(`${P}personal/bob/api/production/DB_URL`);
    expect(layout.intent()).toBe(`${P}intent`);
    expect(layout.intentPiece('w1', 4)).toBe(`${P}intents/w1/4`);
  });

  it('parses every kind of key back to what it holds', () => {
    const cases: [string, unknown][] = [
      [layout.team(), { type: 'team' }],
      [layout.member('alice'), { type: 'member', member: 'alice' }],
      [layout.request('bob'), { type: 'request', member: 'bob' }],
      [layout.access('api/production'), { type: 'access', scope: 'api/production' }],
      [layout.access('_team'), { type: 'access', scope: '_team' }],
      [layout.key('api/production', 3, 'alice'), { type: 'key', scope: 'api/production', generation: 3, member: 'alice' }],
      [layout.key('_team', 1, 'alice'), { type: 'key', scope: '_team', generation: 1, member: 'alice' }],
      [layout.key('_personal/bob', 2, 'bob'), { type: 'key', scope: '_personal/bob', generation: 2, member: 'bob' }],
      [layout.meta(), { type: 'meta' }],
      [layout.app('api'), { type: 'app', app: 'api' }],
      [layout.head('api', 'production', 'K'), { type: 'head', app: 'api', env: 'production', key: 'K' }],
      [layout.version('api', 'production', 'K', 12), { type: 'version', app: 'api', env: 'production', key: 'K', n: 12 }],
      [layout.chunk('api', 'production', 'K', 12, 3), { type: 'chunk', app: 'api', env: 'production', key: 'K', n: 12, index: 3 }],
      [layout.audit(1), { type: 'audit', seq: 1 }],
      [layout.auditHead(), { type: 'audit-head' }],
      [layout.personal('bob', 'api', 'production', 'K'), { type: 'personal', member: 'bob', app: 'api', env: 'production', key: 'K' }],
      [layout.intent(), { type: 'intent' }],
      [layout.intentPiece('w1', 0), { type: 'intent-piece', id: 'w1', index: 0 }],
    ];
    for (const [key, parsed] of cases) expect(layout.parse(key), key).toEqual(parsed);
  });

  it('maps keys to the record they belong to and the scope that encrypts them', () => {
    expect(layout.recordIdOf(layout.meta())).toBe('meta');
    expect(layout.recordIdOf(layout.app('api'))).toBe(appId('api'));
    const id = secretId('api', 'production', 'K');
    expect(layout.recordIdOf(layout.head('api', 'production', 'K'))).toBe(id);
    expect(layout.recordIdOf(layout.version('api', 'production', 'K', 2))).toBe(id);
    expect(layout.recordIdOf(layout.chunk('api', 'production', 'K', 2, 1))).toBe(id);
    expect(layout.recordIdOf(layout.auditHead())).toBeUndefined();
    expect(layout.recordIdOf(layout.member('alice'))).toBeUndefined();
    expect(layout.recordKey(id)).toBe(layout.head('api', 'production', 'K'));
    expect(layout.recordKey('meta')).toBe(layout.meta());
    expect(layout.recordKey(appId('web'))).toBe(layout.app('web'));

    expect(layout.scopeOf(layout.meta())).toBe(TEAM_SCOPE);
    expect(layout.scopeOf(layout.audit(3))).toBe(TEAM_SCOPE);
    expect(layout.scopeOf(layout.auditHead())).toBe(TEAM_SCOPE);
    expect(layout.scopeOf(layout.app('api'))).toBe(TEAM_SCOPE);
    expect(layout.scopeOf(layout.version('api', 'staging', 'K', 1))).toBe('api/staging');
    expect(layout.scopeOf(layout.personal('bob', 'api', 'staging', 'K'))).toBe('_personal/bob');
    expect(layout.scopeOf(layout.member('bob'))).toBeUndefined();
    expect(layout.scopeOf(layout.intent())).toBeUndefined();
  });

  it('refuses keys outside its prefix or outside the layout', () => {
    for (const key of [
      '/coffer/other/meta',
      `${P}unknown`,
      `${P}s/api/production`,
      `${P}s/api/production/K/extra`,
      `${P}s/api//K`,
      `${P}v/api/production/K/0`,
      `${P}v/api/production/K/07`,
      `${P}v/api/production/K/x`,
      `${P}audit/42`,
      `${P}keys/api/production/0/alice`,
      `${P}keys/_bogus/x/1/alice`,
      `${P}apps/`,
    ]) {
      expect(layout.parse(key), key).toBeUndefined();
    }
  });

  it('refuses names that would make a path ambiguous', () => {
    expect(() => layout.head('a/b', 'production', 'K')).toThrow();
    expect(() => layout.member('')).toThrow();
    expect(() => layout.version('api', 'production', 'K', 0)).toThrow();
    expect(() => layout.access('not/a/scope')).toThrow();
    expect(() => teamPrefix('a/b')).toThrow();
    expect(() => new TeamLayout('/coffer/acme')).toThrow();
  });

  it('parses scopes', () => {
    expect(parseScope('_team')).toEqual({ type: 'team' });
    expect(parseScope('api/production')).toEqual({ type: 'env', app: 'api', env: 'production' });
    expect(parseScope('_personal/bob')).toEqual({ type: 'personal', member: 'bob' });
    expect(parseScope('api')).toBeUndefined();
    expect(parseScope('_x/y')).toBeUndefined();
  });

  it('gives the range end that covers exactly one prefix', () => {
    expect(prefixEnd('/coffer/acme/s/').toString()).toBe('/coffer/acme/s0');
    expect(prefixEnd('/coffer/acme/audit/').toString()).toBe('/coffer/acme/audit0');
    // audit-head sorts outside the audit/ range.
    expect(Buffer.compare(Buffer.from(`${P}audit-head`), Buffer.from(`${P}audit/`))).toBeLessThan(0);
    expect(prefixEnd(String.fromCharCode(0x61, 0x7f))).toEqual(Buffer.from([0x61, 0x80]));
  });
});
