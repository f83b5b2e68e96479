// Writes the TUI asks for, as plain data. The reducer decides *what* to write (and tests can
// assert it without a repository); the effect runner turns an op into the domain operation
// and commits it through VaultSession, the one write path the CLI shares.
import {
  addApp,
  addEnv,
  deleteVersion,
  destroyVersion,
  removeApp,
  removeEnv,
  removeSecret,
  rollbackSecret,
  setMany,
  setSecret,
  undeleteVersion,
  updateSecretMeta,
  updateSettings,
} from '../../domain/index.js';
import type { Context, Mutation, SecretAddress, SecretMetaPatch, SetSecretInput, VaultSettings, VaultState } from '../../domain/index.js';

export type WriteOp =
  | { kind: 'add-app'; name: string }
  | { kind: 'add-env'; app: string; name: string }
  | { kind: 'set-value'; address: SecretAddress; value: string; expectedVersion: number }
  | { kind: 'update-meta'; address: SecretAddress; patch: SecretMetaPatch }
  | { kind: 'rollback'; address: SecretAddress; to: number; expectedVersion: number }
  | { kind: 'delete-version'; address: SecretAddress; version: number }
  | { kind: 'undelete-version'; address: SecretAddress; version: number }
  | { kind: 'destroy-version'; address: SecretAddress; version: number }
  | { kind: 'remove-secret'; address: SecretAddress }
  | { kind: 'remove-env'; app: string; env: string }
  | { kind: 'remove-app'; app: string }
  /** Several new versions in one check-and-set commit: a rotation, a copy between environments, an undo. */
  | { kind: 'set-many'; purpose: 'rotate' | 'copy' | 'undo'; writes: SetSecretInput[]; /** copy: the environment the value came from */ from?: string }
  | { kind: 'update-settings'; patch: Partial<VaultSettings> };

export function mutationFor(op: WriteOp): (state: VaultState, ctx: Context) => Mutation {
  switch (op.kind) {
    case 'add-app':
      return (s, ctx) => addApp(s, ctx, { name: op.name });
    case 'add-env':
      return (s) => addEnv(s, op.app, op.name);
    case 'set-value':
      return (s, ctx) => setSecret(s, ctx, { ...op.address, value: op.value, expectedVersion: op.expectedVersion });
    case 'update-meta':
      return (s, ctx) => updateSecretMeta(s, ctx, op.address, op.patch);
    case 'rollback':
      return (s, ctx) => rollbackSecret(s, ctx, { ...op.address, to: op.to, expectedVersion: op.expectedVersion });
    case 'delete-version':
      return (s, ctx) => deleteVersion(s, ctx, { ...op.address, version: op.version });
    case 'undelete-version':
      return (s, ctx) => undeleteVersion(s, ctx, { ...op.address, version: op.version });
    case 'destroy-version':
      return (s, ctx) => destroyVersion(s, ctx, { ...op.address, version: op.version });
    case 'remove-secret':
      return (s) => removeSecret(s, op.address);
    case 'remove-env':
      return (s) => removeEnv(s, op.app, op.env);
    case 'remove-app':
      return (s) => removeApp(s, op.app);
    case 'set-many':
      return (s, ctx) => setMany(s, ctx, op.writes);
    case 'update-settings':
      return (s) => updateSettings(s, op.patch);
  }
}
