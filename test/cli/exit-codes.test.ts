import { describe, expect, test } from 'vitest';
import { EXIT, EXIT_CODE_DESCRIPTIONS, exitCodeFor } from '../../src/cli/exit-codes.js';
import { CancelledError, UsageError } from '../../src/cli/usage.js';
import type { ErrorCode } from '../../src/domain/errors.js';
import {
  AlreadyExistsError,
  CofferError,
  ConflictError,
  InvalidInputError,
  MissingSecretsError,
  NotFoundError,
  RefusedError,
} from '../../src/domain/errors.js';
import {
  CorruptVaultError,
  DowngradeError,
  KeychainUnavailableError,
  RollbackDetectedError,
  TamperedVaultError,
  UnsupportedVersionError,
  VaultIoError,
  VaultLockedError,
  VaultNotFoundError,
  WrongKeyError,
} from '../../src/store/index.js';

describe('exit codes', () => {
  test.each<[string, unknown, number]>([
    ['usage', new UsageError('x'), 2],
    ['invalid name', new InvalidInputError('x'), 2],
    ['cancelled at a prompt', new CancelledError(), 130],
    ['app not found', new NotFoundError('x'), 3],
    ['missing secrets', new MissingSecretsError('api/production', ['A']), 3],
    ['no vault', new VaultNotFoundError('/v'), 3],
    ['already exists', new AlreadyExistsError('x'), 4],
    ['stale write', new ConflictError('x'), 4],
    ['locked by another process', new VaultLockedError('/v', 'pid 1'), 5],
    ['wrong passphrase', new WrongKeyError('passphrase'), 6],
    ['wrong recovery code', new WrongKeyError('recovery'), 6],
    ['keychain unavailable', new KeychainUnavailableError('no-secret-service'), 6],
    ['corrupt', new CorruptVaultError('/v', 'bad magic'), 7],
    ['tampered', new TamperedVaultError('/v'), 7],
    ['unsupported version', new UnsupportedVersionError('/v', 9), 7],
    ['downgrade', new DowngradeError('/v', 'older format'), 7],
    ['rollback detected', new RollbackDetectedError('/v', 3, 5), 7],
    ['refused by a rule', new RefusedError('x'), 8],
    ['io', new VaultIoError('write', '/v', Object.assign(new Error('x'), { code: 'ENOSPC' })), 1],
    ['a bug', new TypeError('x'), 1],
    ['a thrown string', 'x', 1],
  ])('%s → %i', (_name, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });

  test('every domain error code has an exit code', () => {
    const codes: ErrorCode[] = ['usage', 'invalid', 'not-found', 'exists', 'conflict', 'refused', 'locked', 'auth', 'integrity', 'keychain', 'io'];
    for (const code of codes) expect(exitCodeFor(new CofferError(code, 'x'))).toBeGreaterThan(0);
  });

  test('every exit code is described once, for help and README', () => {
    const described = EXIT_CODE_DESCRIPTIONS.map(([code]) => code);
    expect(new Set(described).size).toBe(described.length);
    expect([...described].sort((a, b) => a - b)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
  });
});
