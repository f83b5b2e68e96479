import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addApp, auditApp, diffEnvironments, estimateEntropyBits, setSecret, updateSecretMeta, weaknessOf } from '../../src/domain/index.js';
import type { VaultState } from '../../src/domain/index.js';
import { emptyState, fixedContext, run } from './fixtures.js';

const ctx = fixedContext();
const fingerprint = (value: string) => createHmac('sha256', 'test-key').update(value).digest('hex').slice(0, 12);
const strong = (tag: string) => `Zq8#vL2m!Rw9${tag}xT4@pK7s`;

function set(app: string, env: string, key: string, value: string, meta = {}) {
  return (s: VaultState) => setSecret(s, ctx, { app, env, key, value, meta });
}

function vault(): VaultState {
  return run(
    emptyState(ctx),
    (s) => addApp(s, ctx, { name: 'api' }),
    set('api', 'development', 'DATABASE_URL', 'postgres://dev'),
    set('api', 'staging', 'DATABASE_URL', 'postgres://shared-db'),
    set('api', 'production', 'DATABASE_URL', 'postgres://shared-db'),
    set('api', 'development', 'STRIPE_KEY', strong('a')),
    set('api', 'staging', 'STRIPE_KEY', strong('b')),
    set('api', 'production', 'STRIPE_KEY', strong('c')),
    set('shared', 'production', 'SENTRY_DSN', 'https://sentry.example/1'),
    set('api', 'development', 'JWT_SECRET', strong('d')),
    set('api', 'staging', 'JWT_SECRET', strong('d')),
  );
}

describe('audit grid', () => {
  it('lists every key across environments with state, version and same-value groups', () => {
    const report = auditApp(vault(), 'api', { now: ctx.now(), fingerprint });
    expect(report.envs).toEqual(['development', 'staging', 'production']);
    const row = (key: string) => report.rows.find((r) => r.key === key)!.cells.map((c) => [c.state, c.version ?? null, c.sameAs ?? null, c.source ?? null]);
    expect(row('DATABASE_URL')).toEqual([
      ['live', 1, null, 'app'],
      ['live', 1, 'A', 'app'],
      ['live', 1, 'A', 'app'],
    ]);
    expect(row('SENTRY_DSN')).toEqual([
      ['missing', null, null, null],
      ['missing', null, null, null],
      ['live', 1, null, 'shared'],
    ]);
  });

  it('never puts a value in the report', () => {
    expect(JSON.stringify(auditApp(vault(), 'api', { now: ctx.now(), fingerprint }))).not.toContain('postgres://');
  });
});

describe('hygiene findings', () => {
  const kinds = (state: VaultState, now = ctx.now()) =>
    auditApp(state, 'api', { now, fingerprint }).findings.map((f) => `${f.severity} ${f.kind} ${f.key}${f.env ? `@${f.env}` : ''}`);

  it('production sharing a value with a non-production environment is a high finding', () => {
    expect(kinds(vault())).toContain('high prod-reuse DATABASE_URL@production');
  });

  it('reuse between non-production environments is a medium finding', () => {
    expect(kinds(vault())).toContain('medium reused JWT_SECRET');
  });

  it('a key set in some environments but not others, worse when production lacks it', () => {
    expect(kinds(vault())).toContain('high missing JWT_SECRET');
    expect(auditApp(vault(), 'api', { now: ctx.now(), fingerprint }).findings.find((f) => f.kind === 'missing')?.message).toBe(
      'JWT_SECRET is set in development, staging but not in production',
    );
  });

  it('a key only the shared scope provides is not reported missing in the app', () => {
    expect(kinds(vault()).filter((k) => k.includes('SENTRY_DSN'))).toEqual([]);
  });

  it.each([
    ['empty', '', 'high empty'],
    ['leading space', ' Zq8#vL2m!Rw9xT4@pK7s', 'medium whitespace'],
    ['trailing newline', 'Zq8#vL2m!Rw9xT4@pK7s\n', 'medium whitespace'],
    ['zero-width', 'Zq8#vL2m\u200B!Rw9xT4@pK7s', 'medium invisible'],
    ['bidi override', 'Zq8#vL2m\u202E!Rw9xT4@pK7s', 'medium invisible'],
    ['common value', 'changeme', 'high weak'],
    ['short', 'a1B2c3', 'high weak'],
    ['low entropy', 'aaaaaaaaaaaaaaaaaaaaaaaa', 'high weak'],
  ])('flags %s values', (_label, value, expected) => {
    const state = run(vault(), set('api', 'production', 'NEW_TOKEN', value));
    expect(kinds(state).filter((k) => k.endsWith('NEW_TOKEN@production'))).toContain(`${expected} NEW_TOKEN@production`);
  });

  it('config values are not judged for strength or reuse', () => {
    const state = run(vault(), set('api', 'production', 'LOG_LEVEL', 'info', { type: 'config' }), set('api', 'staging', 'LOG_LEVEL', 'info', { type: 'config' }), set('api', 'development', 'LOG_LEVEL', 'info', { type: 'config' }));
    expect(kinds(state).filter((k) => k.includes('LOG_LEVEL'))).toEqual([]);
  });

  it('rotation overdue and stale values', () => {
    const at = { app: 'api', env: 'production', key: 'STRIPE_KEY' };
    const state = run(vault(), (s) => updateSecretMeta(s, ctx, at, { rotation: { everyDays: 30 } }));
    const later = new Date(ctx.now().getTime() + 40 * 86_400_000);
    expect(kinds(state, later)).toContain('high rotation-overdue STRIPE_KEY@production');
    const muchLater = new Date(ctx.now().getTime() + 400 * 86_400_000);
    expect(kinds(state, muchLater)).toContain('low stale STRIPE_KEY@staging');
  });

  it.each([
    ['password', 'a common placeholder or default'],
    ['Tr0ub4dor&3', 'only 11 characters'],
    ['correcthorsebatterystaple', undefined],
    ['postgres://user:pw@db:5432/app', undefined],
    ['ababababababababababab', 'low entropy'],
  ])('weaknessOf(%j)', (value, expected) => {
    const result = weaknessOf(value);
    if (expected) expect(result).toContain(expected);
    else expect(result).toBeUndefined();
  });

  it('entropy grows with length and character classes', () => {
    expect(estimateEntropyBits('abcdefghijkl')).toBeLessThan(estimateEntropyBits('aB3$efGh1@kl'));
  });
});

describe('diff between environments', () => {
  it('says which keys were added, removed, changed or kept, by fingerprint', () => {
    const diff = diffEnvironments(vault(), 'api', 'staging', 'production', fingerprint);
    expect(diff).toMatchObject({ added: ['SENTRY_DSN'], removed: ['JWT_SECRET'], changed: ['STRIPE_KEY'], same: ['DATABASE_URL'] });
  });

  it('names the environments that exist when one does not', () => {
    expect(() => diffEnvironments(vault(), 'api', 'staging', 'prod', fingerprint)).toThrow('no environment "prod"');
  });
});
