import { describe, expect, test } from 'vitest';
import { parseCount, parseList, parseScope, parseSecretAddress, parseVersionNumber } from '../../src/cli/address.js';
import { CofferError } from '../../src/domain/errors.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof CofferError) return error.code;
    throw error;
  }
}

describe('parseSecretAddress', () => {
  test.each([
    ['api/production/DATABASE_URL', { app: 'api', env: 'production', key: 'DATABASE_URL' }],
    ['shared/production/SENTRY_DSN', { app: 'shared', env: 'production', key: 'SENTRY_DSN' }],
    ['billing-api/qa_2/_TOKEN', { app: 'billing-api', env: 'qa_2', key: '_TOKEN' }],
    ['api/staging/KEY/', { app: 'api', env: 'staging', key: 'KEY' }],
  ])('%s', (text, expected) => {
    expect(parseSecretAddress(text)).toEqual(expected);
  });

  test.each([
    ['api', 'usage'],
    ['api/production', 'usage'],
    ['api/production/KEY/extra', 'usage'],
    ['api//KEY', 'usage'],
    ['/production/KEY', 'usage'],
    ['', 'usage'],
    ['API/production/KEY', 'invalid'],
    ['api/Prod/KEY', 'invalid'],
    ['api/production/database_url', 'invalid'],
    ['api/production/1KEY', 'invalid'],
  ])('%j is refused (%s)', (text, code) => {
    expect(codeOf(() => parseSecretAddress(text))).toBe(code);
  });

  test('a lowercase key gets the domain hint with the uppercase spelling', () => {
    try {
      parseSecretAddress('api/production/database_url');
      expect.unreachable();
    } catch (error) {
      expect((error as CofferError).hint).toContain('DATABASE_URL');
    }
  });
});

describe('parseScope', () => {
  test.each([
    [undefined, {}],
    ['', {}],
    ['api', { app: 'api' }],
    ['api/', { app: 'api' }],
    ['api/production', { app: 'api', env: 'production' }],
    ['shared/staging', { app: 'shared', env: 'staging' }],
  ])('%j', (text, expected) => {
    expect(parseScope(text)).toEqual(expected);
  });

  test.each([
    ['api/production/KEY', 'usage'],
    ['api//', 'usage'],
    ['/production', 'usage'],
    ['Api', 'invalid'],
    ['api/PROD', 'invalid'],
  ])('%j is refused (%s)', (text, code) => {
    expect(codeOf(() => parseScope(text))).toBe(code);
  });
});

describe('numbers and lists', () => {
  test.each([
    ['3', 3],
    ['v3', 3],
    ['V12', 12],
    [' 7 ', 7],
  ])('version %j', (text, n) => {
    expect(parseVersionNumber(text)).toBe(n);
  });

  test.each(['0', '-1', '1.5', 'x', '', 'v', '1e3'])('version %j is a usage error', (text) => {
    expect(codeOf(() => parseVersionNumber(text))).toBe('usage');
  });

  test('counts have a floor', () => {
    expect(parseCount('0', '--rotate-days')).toBe(0);
    expect(parseCount('90', '--rotate-days')).toBe(90);
    expect(codeOf(() => parseCount('0', '--max-versions', 1))).toBe('usage');
    expect(codeOf(() => parseCount('ten', '--limit'))).toBe('usage');
  });

  test('lists are trimmed and drop empty items', () => {
    expect(parseList('dev, staging ,,prod')).toEqual(['dev', 'staging', 'prod']);
    expect(parseList('')).toEqual([]);
  });
});
