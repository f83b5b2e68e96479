// audit, diff and log --verify through runCli against the real file store: the grid, findings,
// the exit code that gates pipelines, stable JSON, and no value anywhere in the output.
import { afterEach, describe, expect, test } from 'vitest';
import type { VaultRepository } from '../../src/domain/ports.js';
import { cleanupHarnesses, initialised, setFromPipe } from './fakes.js';

afterEach(cleanupHarnesses);

const STRONG = 'Zq8#vL2m!Rw9xT4@pK7s-canary';
const SHARED_DB = 'postgres://user:pw@db/shared-canary';

async function seeded() {
  const h = await initialised({ NO_COLOR: '1' });
  await setFromPipe(h, 'api/development/DATABASE_URL', 'postgres://user:pw@db/dev-canary');
  await setFromPipe(h, 'api/staging/DATABASE_URL', SHARED_DB);
  await setFromPipe(h, 'api/production/DATABASE_URL', SHARED_DB);
  await setFromPipe(h, 'api/production/API_KEY', STRONG, '--type', 'sealed');
  await setFromPipe(h, 'api/staging/API_KEY', `${STRONG}-2`);
  await setFromPipe(h, 'api/development/API_KEY', `${STRONG}-3`);
  await setFromPipe(h, 'shared/production/SENTRY_DSN', 'https://sentry.example/1');
  return h;
}

/** seeded() plus a key the app sets in production only: a gap the audit must report. */
async function seededWithGap() {
  const h = await seeded();
  await setFromPipe(h, 'api/production/ONLY_PROD', `${STRONG}-4`);
  return h;
}

async function clean() {
  const h = await initialised({ NO_COLOR: '1' });
  for (const env of ['development', 'staging', 'production']) await setFromPipe(h, `api/${env}/TOKEN`, `${STRONG}-${env}`);
  return h;
}

describe('audit', () => {
  test('prints the grid and the findings, never a value, and exits 9', async () => {
    const h = await seededWithGap();
    const run = await h.run(['audit', 'api']);
    expect(run.code).toBe(9);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'api',
      'KEY           development  staging  production*',
      'API_KEY       v1           v1       v1 sealed',
      'DATABASE_URL  v1           v1 =A    v1 =A',
      'ONLY_PROD     missing      missing  v1',
      'SENTRY_DSN    missing      missing  v1 shared',
    ]);
    expect(run.stdout).toContain('=A same value as the other cells marked =A');
    expect(run.stdout).toMatch(/^SEVERITY +KIND +WHERE +MESSAGE$/m);
    expect(run.stdout).toMatch(/^high +prod-reuse +api\/production\/DATABASE_URL +DATABASE_URL in production holds the same value as staging$/m);
    expect(run.stdout).toMatch(/^medium +missing +api\/ONLY_PROD +ONLY_PROD is set in production but not in development, staging$/m);
    // A key only the shared scope provides is the shared scope's business, not the app's.
    expect(run.stdout).not.toMatch(/missing +api\/SENTRY_DSN/);
    expect(run.stdout).toMatch(/\n2 findings: 1 high, 1 medium, 0 low\n$/);
    expect(run.stdout).not.toContain('canary');
  });

  test('all apps when none is named, the shared scope first', async () => {
    const h = await seeded();
    const run = await h.run(['audit']);
    expect(run.code).toBe(9);
    expect(run.stdout.indexOf('shared\nKEY')).toBe(0);
    expect(run.stdout).toContain('\napi\nKEY ');
  });

  test('no findings: exit 0; --fail-on raises the bar', async () => {
    const h = await clean();
    const run = await h.run(['audit', 'api']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/\nNo findings\.\n$/);

    // Only a medium finding left (ONLY_PROD missing outside production).
    const seededVault = await seededWithGap();
    await setFromPipe(seededVault, 'api/production/DATABASE_URL', 'postgres://user:pw@db/prod-canary');
    const high = await seededVault.run(['audit', 'api', '--fail-on', 'high']);
    expect(high.stdout).toMatch(/\n1 finding: 0 high, 1 medium, 0 low\n$/);
    expect(high.code).toBe(0);
    expect((await seededVault.run(['audit', 'api', '--fail-on', 'medium'])).code).toBe(9);
    expect((await seededVault.run(['audit', 'api'])).code).toBe(9);
    const bad = await seededVault.run(['audit', 'api', '--fail-on', 'critical']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('high, medium, low');
  });

  test('--json is the documented shape', async () => {
    const h = await seededWithGap();
    const run = await h.run(['audit', 'api', '--json']);
    expect(run.code).toBe(9);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['apps', 'findings', 'counts']);
    expect(json.apps).toHaveLength(1);
    expect(json.apps[0].app).toBe('api');
    expect(json.apps[0].envs).toEqual([
      { name: 'development', protected: false },
      { name: 'staging', protected: false },
      { name: 'production', protected: true },
    ]);
    const db = json.apps[0].rows.find((r: { key: string }) => r.key === 'DATABASE_URL');
    expect(db.cells).toEqual([
      { env: 'development', state: 'live', version: 1, sealed: false, source: 'app', group: null },
      { env: 'staging', state: 'live', version: 1, sealed: false, source: 'app', group: 'A' },
      { env: 'production', state: 'live', version: 1, sealed: false, source: 'app', group: 'A' },
    ]);
    const sentry = json.apps[0].rows.find((r: { key: string }) => r.key === 'SENTRY_DSN');
    expect(sentry.cells[0]).toEqual({ env: 'development', state: 'missing', version: null, sealed: false, source: null, group: null });
    expect(json.findings).toEqual([
      {
        severity: 'high',
        kind: 'prod-reuse',
        app: 'api',
        env: 'production',
        key: 'DATABASE_URL',
        message: 'DATABASE_URL in production holds the same value as staging',
      },
      {
        severity: 'medium',
        kind: 'missing',
        app: 'api',
        env: null,
        key: 'ONLY_PROD',
        message: 'ONLY_PROD is set in production but not in development, staging',
      },
    ]);
    expect(json.counts).toEqual({ high: 1, medium: 1, low: 0 });
    expect(run.stdout).not.toContain('canary');
  });

  test('an environment instead of an app, or an unknown app, is refused', async () => {
    const h = await seeded();
    expect((await h.run(['audit', 'api/production'])).code).toBe(2);
    const unknown = await h.run(['audit', 'web']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('Apps in this vault: shared, api');
  });
});

describe('diff', () => {
  test('added, removed, changed and same keys, by fingerprint, never values', async () => {
    const h = await seeded();
    await setFromPipe(h, 'api/staging/ONLY_STAGING', 'x');
    await setFromPipe(h, 'api/production/ONLY_PROD', 'x');
    const run = await h.run(['diff', 'api', 'staging', 'production']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      [
        'KEY           staging → production',
        'API_KEY       changed (different values)',
        'DATABASE_URL  same value',
        'ONLY_PROD     added (only in production)',
        'ONLY_STAGING  removed (only in staging)',
        'SENTRY_DSN    added (only in production)',
        'api: staging → production: 2 added, 1 removed, 1 changed, 1 same',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await h.run(['diff', 'api', 'staging', 'production', '--json'])).stdout);
    expect(json).toEqual({
      app: 'api',
      from: 'staging',
      to: 'production',
      added: ['ONLY_PROD', 'SENTRY_DSN'],
      removed: ['ONLY_STAGING'],
      changed: ['API_KEY'],
      same: ['DATABASE_URL'],
    });
  });

  test('unknown environment: exit 3 naming the ones that exist; a slash address: usage', async () => {
    const h = await seeded();
    const run = await h.run(['diff', 'api', 'staging', 'prod']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('development, staging, production');
    expect((await h.run(['diff', 'api/staging', 'production', 'development'])).code).toBe(2);
  });
});

describe('log --verify', () => {
  test('a broken hash chain: exit 7, naming the entry and why', async () => {
    const h = await seeded();
    h.wrapRepository = (repository: VaultRepository) =>
      Object.assign(Object.create(repository) as VaultRepository, {
        verifyAudit: async () => ({ ok: false, entries: 9, brokenAt: 4, reason: 'its hash does not match its content' }),
      });
    const run = await h.run(['log', '--verify']);
    expect(run.code).toBe(7);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'coffer: The audit log is broken at entry 4: its hash does not match its content.\n' +
        'hint: The history was edited outside coffer. Compare with your backups of the vault file.\n',
    );
    const json = await h.run(['log', '--verify', '--json']);
    expect(json.code).toBe(7);
    expect(JSON.parse(json.stdout)).toEqual({ ok: false, entries: 9, brokenAt: 4, reason: 'its hash does not match its content' });
  });
});
