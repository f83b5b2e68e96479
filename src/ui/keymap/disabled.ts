// Why a command cannot run right now, as pure predicates over the state. The same predicate greys
// the key in the footer, explains it in the help overlay, and answers with a toast when the key
// is pressed anyway. Vault rules come from the domain's *DisabledReason functions; this file only
// adds "nothing is selected" and where-am-I reasons.
import {
  deleteVersionDisabledReason,
  destroyDisabledReason,
  removeAppDisabledReason,
  revealVersionDisabledReason,
  rollbackDisabledReason,
  undeleteDisabledReason,
} from '../../domain/index.js';
import { copySourceProblem } from '../state/commands/audit-copy.js';
import { markedSecrets } from '../state/commands/rotate.js';
import { undoDisabledReason } from '../state/journal.js';
import { lockedEnv, lockedReason } from '../state/team.js';
import type { Derived } from '../state/selectors.js';
import type { UiState } from '../state/types.js';

export interface CommandContext {
  state: UiState;
  derived: Derived;
}

export type DisabledPredicate = (c: CommandContext) => string | undefined;

export const noSecret: DisabledPredicate = ({ derived }) => (derived.secret ? undefined : 'no secret selected');

export const newDisabled: DisabledPredicate = ({ state, derived }) => {
  if (state.focus === 'envs' && !derived.app) return 'no app selected';
  if (state.focus === 'secrets' && !derived.env) return 'no environment selected';
  const locked = state.focus === 'secrets' ? lockedEnv(state, derived.app?.name, derived.env?.name) : undefined;
  if (locked) return lockedReason(locked);
  return undefined;
};

export const drillInDisabled: DisabledPredicate = ({ state, derived }) => {
  if (state.focus === 'versions') return 'the Versions column is the last one';
  const next = { apps: derived.app, envs: derived.env, secrets: derived.secret }[state.focus];
  return next ? undefined : 'nothing selected to open';
};

export const backDisabled: DisabledPredicate = ({ state }) =>
  state.focus === 'apps' ? 'already in the first column' : undefined;

/** x acts on the version in view: the Versions column's selection (the newest unless moved). */
export const revealDisabled: DisabledPredicate = ({ state, derived }) => {
  const { secret } = derived;
  if (!secret) return 'no secret selected';
  const n = derived.version?.n;
  if (n === undefined) return 'no version selected';
  if (state.reveal?.version === n) return undefined; // masking again is always possible
  return revealVersionDisabledReason(secret, n);
};

function versionRule(rule: (secret: NonNullable<Derived['secret']>, n: number) => string | undefined): DisabledPredicate {
  return ({ derived }) => {
    if (!derived.secret) return 'no secret selected';
    if (!derived.version) return 'no version selected';
    return rule(derived.secret, derived.version.n);
  };
}

export const rollbackDisabled = versionRule(rollbackDisabledReason);
export const undeleteDisabled = versionRule(undeleteDisabledReason);
export const destroyDisabled = versionRule(destroyDisabledReason);

export const deleteDisabled: DisabledPredicate = (c) => {
  const { state, derived } = c;
  switch (state.focus) {
    case 'apps':
      return derived.app ? removeAppDisabledReason(derived.app) : 'no app selected';
    case 'envs':
      return derived.env ? undefined : 'no environment selected';
    case 'secrets':
      return noSecret(c);
    case 'versions':
      return versionRule(deleteVersionDisabledReason)(c);
  }
};

export const typedConfirmDisabled: DisabledPredicate = ({ state }) =>
  state.mode.type === 'confirm-typed' && state.mode.typed !== state.mode.expected
    ? `type ${state.mode.expected} exactly to confirm`
    : undefined;

/** o rotates the marked rows if there are any, else the selected secret. */
export const rotateDisabled: DisabledPredicate = (c) => (markedSecrets(c.state).length ? undefined : noSecret(c));

export const undoDisabled: DisabledPredicate = ({ state }) => undoDisabledReason(state.vault, state.journal);

/** y copies the value of the version in view; sealed values never leave the vault that way. */
export const copyValueDisabled: DisabledPredicate = ({ derived }) => {
  const { secret, version } = derived;
  if (!secret) return 'no secret selected';
  if (!version) return 'no version selected';
  if (secret.type === 'sealed') return 'sealed values cannot be copied';
  if (version.state === 'deleted') return `v${version.n} is deleted: undelete it first`;
  if (version.state === 'destroyed' || version.value === null) return `v${version.n} was destroyed: its value is gone`;
  return undefined;
};

export const lockDisabled: DisabledPredicate = ({ state }) => (state.saving ? 'a change is still being saved' : undefined);

export const auditDisabled: DisabledPredicate = ({ derived }) => (derived.app ? undefined : 'no app selected');

export const auditCopyDisabled: DisabledPredicate = ({ state }) =>
  state.mode.type === 'audit' ? copySourceProblem(state.mode) : undefined;

export const gridColumnDisabled: DisabledPredicate = ({ state }) =>
  state.mode.type === 'audit' && state.mode.pane === 'findings' ? 'the findings list has no columns (tab goes to the grid)' : undefined;
