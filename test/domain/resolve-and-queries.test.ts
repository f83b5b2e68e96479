import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  addApp,
  chainAudit,
  deleteVersion,
  deleteVersionWarning,
  findSecret,
  MissingSecretsError,
  resolveEnvironment,
  revealDisabledReason,
  rotationStatus,
  setSecret,
  updateSecretMeta,
  verifyAuditChain,
} from '../../src/domain/index.js';
import type { AuditEntry, VaultState } from '../../src/domain/index.js';
import { emptyState, fixedContext, run } from './fixtures.js';

const ctx = fixedContext();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function vault(): VaultState {
  return run(
    emptyState(ctx),
    (s) => addApp(s, ctx, { name: 'api' }),
    (s) => setSecret(s, ctx, { app: 'shared', env: 'production', key: 'SENTRY_DSN', value: 'shared-dsn' }),
    (s) => setSecret(s, ctx, { app: 'shared', env: 'production', key: 'LOG_LEVEL', value: 'info' }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'LOG_LEVEL', value: 'debug' }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'DATABASE_URL', value: 'postgres://p' }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'OLD_TOKEN', value: 'gone' }),
    (s) => deleteVersion(s, ctx, { app: 'api', env: 'production', key: 'OLD_TOKEN', version: 1 }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'staging', key: 'DATABASE_URL', value: 'postgres://s' }),
  );
}

describe('resolve(app, env)', () => {
  it('layers the app’s secrets over shared ones and says where each came from', () => {
    const resolved = resolveEnvironment(vault(), 'api', 'production');
    expect(resolved.map((r) => [r.key, r.value, r.source, r.overridesShared ?? false])).toEqual([
      ['DATABASE_URL', 'postgres://p', 'app', false],
      ['LOG_LEVEL', 'debug', 'app', true],
      ['SENTRY_DSN', 'shared-dsn', 'shared', false],
    ]);
  });

  it('skips deleted secrets and environments without shared secrets', () => {
    expect(resolveEnvironment(vault(), 'api', 'staging').map((r) => r.key)).toEqual(['DATABASE_URL']);
  });

  it('fails fast listing every missing name', () => {
    try {
      resolveEnvironment(vault(), 'api', 'production', { only: ['DATABASE_URL', 'NOPE', 'OLD_TOKEN'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MissingSecretsError);
      expect((error as MissingSecretsError).missing).toEqual(['NOPE', 'OLD_TOKEN']);
      expect((error as Error).message).toContain('NOPE, OLD_TOKEN');
    }
  });

  it('keeps the order asked for with --only', () => {
    const keys = resolveEnvironment(vault(), 'api', 'production', { only: ['SENTRY_DSN', 'DATABASE_URL'] }).map((r) => r.key);
    expect(keys).toEqual(['SENTRY_DSN', 'DATABASE_URL']);
  });
});

describe('queries', () => {
  it('reveal is refused for sealed secrets and for secrets without a live value', () => {
    const state = run(vault(), (s) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'SIGNING_KEY', value: 'k', meta: { type: 'sealed' } }));
    expect(revealDisabledReason(findSecret(state, 'api', 'production', 'SIGNING_KEY'))).toContain('sealed');
    expect(revealDisabledReason(findSecret(state, 'api', 'production', 'OLD_TOKEN'))).toContain('no live value');
    expect(revealDisabledReason(findSecret(state, 'api', 'production', 'DATABASE_URL'))).toBeUndefined();
  });

  it('warns that deleting an older version blocks rollbacks to it', () => {
    const state = run(vault(), (s) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'DATABASE_URL', value: 'v2' }));
    const secret = findSecret(state, 'api', 'production', 'DATABASE_URL');
    expect(deleteVersionWarning(secret, 1)).toContain('rollbacks to v1 become impossible');
    expect(deleteVersionWarning(secret, 2)).toContain('read as deleted');
  });

  it.each([
    [undefined, 0, 'none'],
    [90, 10, 'ok'],
    [90, 80, 'due'],
    [90, 91, 'overdue'],
    [7, 6, 'due'],
  ] as const)('rotation every %s days, %i days after the last change → %s', (everyDays, daysLater, state) => {
    const local = fixedContext();
    let vaultState = run(emptyState(local), (s) => addApp(s, local, { name: 'api' }));
    const at = { app: 'api', env: 'production', key: 'TOKEN' };
    vaultState = run(vaultState, (s) => setSecret(s, local, { ...at, value: 'x' }));
    if (everyDays) vaultState = run(vaultState, (s) => updateSecretMeta(s, local, at, { rotation: { everyDays } }));
    const now = new Date(local.now().getTime() + daysLater * 86_400_000);
    expect(rotationStatus(findSecret(vaultState, 'api', 'production', 'TOKEN'), now).state).toBe(state);
  });
});

describe('audit chain', () => {
  const drafts = [
    { action: 'app.add' as const, app: 'api' },
    { action: 'secret.set' as const, app: 'api', env: 'production', key: 'DATABASE_URL', version: 1 },
    { action: 'version.delete' as const, app: 'api', env: 'production', key: 'DATABASE_URL', version: 1 },
  ];
  const chain = (): AuditEntry[] => {
    const first = chainAudit(null, drafts.slice(0, 2), { actor: 'alice', at: '2026-01-01T00:00:00Z' }, sha256);
    const last = first[first.length - 1]!;
    return [...first, ...chainAudit({ seq: last.seq, hash: last.hash }, drafts.slice(2), { actor: 'bob', at: '2026-01-02T00:00:00Z' }, sha256)];
  };

  it('links each entry to the previous one and verifies', () => {
    const entries = chain();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[1]?.prev).toBe(entries[0]?.hash);
    expect(verifyAuditChain(entries, sha256)).toEqual({ ok: true, entries: 3 });
  });

  it.each([
    ['an edited field', (e: AuditEntry[]) => { e[1] = { ...e[1]!, actor: 'mallory' }; }, 2, 'altered'],
    ['a removed entry', (e: AuditEntry[]) => { e.splice(1, 1); }, 3, 'missing'],
    ['a re-hashed edit', (e: AuditEntry[]) => {
      const { hash: _h, ...rest } = { ...e[0]!, key: 'X' };
      e[0] = { ...rest, hash: sha256(JSON.stringify(rest)) };
    }, 1, 'altered'],
    ['reordered entries', (e: AuditEntry[]) => { e.reverse(); }, 3, 'link'],
  ])('detects %s', (_label, tamper, brokenAt, reason) => {
    const entries = chain();
    tamper(entries);
    const report = verifyAuditChain(entries, sha256);
    expect(report.ok).toBe(false);
    expect(report.brokenAt).toBe(brokenAt);
    expect(report.reason).toContain(reason);
  });
});
