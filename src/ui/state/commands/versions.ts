// Rollback, delete, undelete and destroy, and the confirmations they go through: y/N (default
// No) for what can be undone, the typed name for what cannot or touches a protected environment.
import { currentVersion, deleteVersionWarning, isProtected, removalConfirmation } from '../../../domain/index.js';
import type { Secret, SecretAddress, Version } from '../../../domain/index.js';
import { Command } from '../../keymap/commands.js';
import type { Update } from '../actions.js';
import type { Derived } from '../selectors.js';
import { andToast } from '../toast.js';
import type { ConfirmMode, Path, TypedConfirmMode, UiState } from '../types.js';
import type { WriteOp } from '../write-ops.js';
import { commit } from './edit.js';
import { startTeamOp } from './members.js';
import { isTeamOp } from '../team-types.js';
import { setManyMessage } from './messages.js';
import type { CommandHandlers } from './types.js';

function addressOf(secret: Secret): SecretAddress {
  return { app: secret.app, env: secret.env, key: secret.key };
}

function confirm(state: UiState, title: string, lines: string[], op: WriteOp, danger = false): Update {
  const mode: ConfirmMode = { type: 'confirm', title, lines, op, danger };
  return [{ ...state, mode }, []];
}

function typed(state: UiState, title: string, lines: string[], expected: string, op: WriteOp): Update {
  const mode: TypedConfirmMode = { type: 'confirm-typed', title, lines, expected, typed: '', op };
  return [{ ...state, mode }, []];
}

function rollback(state: UiState, d: Derived): Update {
  const secret = d.secret as Secret;
  const target = d.version as Version;
  const current = currentVersion(secret) as Version;
  const next = current.n + 1;
  return confirm(
    state,
    `Roll back ${secret.key} to v${target.n}?`,
    [`v${target.n}'s value becomes v${next}.`, `v${current.n} and every other version stay in the history.`],
    { kind: 'rollback', address: addressOf(secret), to: target.n, expectedVersion: current.n },
  );
}

function deleteVersion(state: UiState, secret: Secret, version: Version): Update {
  const warning = deleteVersionWarning(secret, version.n);
  return confirm(
    state,
    `Delete ${secret.key} v${version.n}?`,
    [
      'A soft delete: u undeletes it.',
      ...(warning ? [`Warning: ${warning}.`] : []),
    ],
    { kind: 'delete-version', address: addressOf(secret), version: version.n },
    true,
  );
}

function removal(state: UiState, title: string, lines: string[], name: string, op: WriteOp, level: 'yes-no' | 'type-name'): Update {
  return level === 'yes-no' ? confirm(state, title, lines, op, true) : typed(state, title, lines, name, op);
}

function remove(state: UiState, d: Derived): Update {
  const vault = state.vault;
  switch (state.focus) {
    case 'versions':
      return deleteVersion(state, d.secret as Secret, d.version as Version);
    case 'secrets': {
      const secret = d.secret as Secret;
      const level = removalConfirmation(vault, secret);
      const lines = [`All ${secret.versions.length} versions and the metadata of ${secret.key} go. This cannot be undone.`];
      if (isProtected(vault, secret.app, secret.env)) lines.push(`${secret.env} is a protected environment.`);
      return removal(state, `Delete secret ${secret.key} from ${secret.app}/${secret.env}?`, lines, secret.key, { kind: 'remove-secret', address: addressOf(secret) }, level);
    }
    case 'envs': {
      const app = d.app?.name as string;
      const env = d.env?.name as string;
      const count = d.env ? countSecrets(state, app, env) : 0;
      const lines = [`${app}/${env} and its ${count} secret${count === 1 ? '' : 's'} go. This cannot be undone.`];
      if (d.env?.protected) lines.push(`${env} is a protected environment.`);
      return removal(state, `Delete environment ${env} of ${app}?`, lines, env, { kind: 'remove-env', app, env }, removalConfirmation(vault, { app, env }));
    }
    case 'apps': {
      const app = d.app?.name as string;
      const lines = [`${app}, its environments and every secret in them go. This cannot be undone.`];
      return removal(state, `Delete app ${app}?`, lines, app, { kind: 'remove-app', app }, removalConfirmation(vault, { app }));
    }
  }
}

function countSecrets(state: UiState, app: string, env: string): number {
  const prefix = `secret:${app}/${env}/`;
  return Object.keys(state.vault.secrets).filter((id) => id.startsWith(prefix)).length;
}

/** What to select once a confirmed write is done: the same place, and the newest version after a rollback. */
function selectAfter(op: WriteOp): Path | undefined {
  if (op.kind === 'rollback') return { ...op.address };
  return undefined;
}

function successMessage(op: WriteOp): string {
  switch (op.kind) {
    case 'rollback':
      return `Rolled back ${op.address.key}: v${op.to}'s value is now v${op.expectedVersion + 1}.`;
    case 'delete-version':
      return `Deleted ${op.address.key} v${op.version} (u undeletes).`;
    case 'undelete-version':
      return `Undeleted ${op.address.key} v${op.version}.`;
    case 'destroy-version':
      return `Destroyed ${op.address.key} v${op.version}: its value is gone.`;
    case 'remove-secret':
      return `Deleted secret ${op.address.key}.`;
    case 'remove-env':
      return `Deleted environment ${op.app}/${op.env}.`;
    case 'remove-app':
      return `Deleted app ${op.app}.`;
    case 'set-many':
      return setManyMessage(op);
    default:
      return 'Saved.';
  }
}

function runConfirmed(state: UiState, mode: ConfirmMode | TypedConfirmMode): Update {
  const next: UiState = { ...state, mode: mode.next ?? { type: 'browse' } };
  if (isTeamOp(mode.op)) return startTeamOp(next, mode.op);
  return commit(next, mode.op, successMessage(mode.op), selectAfter(mode.op));
}

function cancelled(state: UiState, mode: ConfirmMode | TypedConfirmMode): Update {
  return andToast([{ ...state, mode: mode.back ?? { type: 'browse' } }, []], 'Cancelled: nothing changed.');
}

export const versionHandlers: CommandHandlers = {
  [Command.Rollback]: rollback,
  [Command.Delete]: remove,
  [Command.Undelete]: (s, d) => {
    const secret = d.secret as Secret;
    const op: WriteOp = { kind: 'undelete-version', address: addressOf(secret), version: (d.version as Version).n };
    return commit(s, op, successMessage(op));
  },
  [Command.Destroy]: (s, d) => {
    const secret = d.secret as Secret;
    const n = (d.version as Version).n;
    return typed(
      s,
      `Destroy ${secret.key} v${n}?`,
      [`v${n}'s value is wiped for good; its number, date and author stay in the history.`],
      secret.key,
      { kind: 'destroy-version', address: addressOf(secret), version: n },
    );
  },
  [Command.ConfirmYes]: (s) => (s.mode.type === 'confirm' ? runConfirmed(s, s.mode) : [s, []]),
  [Command.ConfirmNo]: (s) => (s.mode.type === 'confirm' ? cancelled(s, s.mode) : [s, []]),
  [Command.TypedConfirm]: (s) => (s.mode.type === 'confirm-typed' ? runConfirmed(s, s.mode) : [s, []]),
  [Command.TypedCancel]: (s) => (s.mode.type === 'confirm-typed' ? cancelled(s, s.mode) : [s, []]),
};
