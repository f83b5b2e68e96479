// Creating apps, environments and secrets; editing values and metadata; revealing.
import {
  CofferError,
  currentValue,
  currentVersion,
  secretId,
  validateAppName,
  validateEnvName,
  validateKeyName,
} from '../../../domain/index.js';
import type { Secret, SecretAddress, VaultState } from '../../../domain/index.js';
import { Command } from '../../keymap/commands.js';
import { needsSanitising } from '../../presenters/sanitise.js';
import type { CommitEffect, Update } from '../actions.js';
import { journalChangeFor } from '../journal.js';
import { metaPatch, metaDraftOf, META_FIELDS, parseTags } from '../meta-form.js';
import { andToast, toast } from '../toast.js';
import type { ColumnId, EditValueMode, Mode, Path, PromptMode, PromptPurpose, UiState } from '../types.js';
import type { WriteOp } from '../write-ops.js';
import type { CommandHandlers } from './types.js';
import { personalOf } from '../team.js';

function addressOf(secret: Secret): SecretAddress {
  return { app: secret.app, env: secret.env, key: secret.key };
}

function isMultiline(secret: Pick<Secret, 'kind'>): boolean {
  return secret.kind === 'file' || secret.kind === 'tls';
}

/**
 * The editor starts empty for secret and sealed values, so pasting a new value into a field you
 * cannot see never silently appends to the old one; config values are visible, so they start
 * filled in for editing in place (unless they hold characters that would not display as typed).
 */
export function valueEditorFor(secret: Secret): EditValueMode {
  const mode: EditValueMode = {
    type: 'edit-value',
    address: addressOf(secret),
    expectedVersion: currentVersion(secret)?.n ?? 0,
    draft: '',
    showTyping: secret.type === 'config',
    multiline: isMultiline(secret),
    creating: false,
  };
  const value = currentValue(secret);
  if (secret.type === 'config' && value !== undefined) {
    if (needsSanitising(value, { keepNewlines: mode.multiline })) {
      mode.note = 'The current value holds control or invisible characters: type the new value.';
    } else {
      mode.draft = value;
    }
  }
  return mode;
}

export function newPrompt(purpose: PromptPurpose, app?: string, env?: string): PromptMode {
  const mode: PromptMode = { type: 'prompt', purpose, draft: '' };
  if (purpose !== 'app' && app) mode.app = app;
  if (purpose === 'secret' && env) mode.env = env;
  return mode;
}

const PROMPT_BY_COLUMN: Record<ColumnId, PromptPurpose> = { apps: 'app', envs: 'env', secrets: 'secret', versions: 'secret' };

function errorText(error: unknown): string {
  if (error instanceof CofferError) return error.hint ? `${error.message} ${error.hint}` : error.message;
  throw error;
}

function submitPrompt(state: UiState, mode: PromptMode): Update {
  const name = mode.draft.trim();
  const fail = (error: string): Update => [{ ...state, mode: { ...mode, error } }, []];
  try {
    if (mode.purpose === 'app') {
      validateAppName(name);
      if (state.vault.apps[name]) return fail(`An app named ${name} already exists.`);
      return commit({ ...state, mode: { type: 'browse' } }, { kind: 'add-app', name }, `Created app ${name}`, { app: name });
    }
    const app = mode.app as string;
    if (mode.purpose === 'env') {
      validateEnvName(name);
      if (state.vault.apps[app]?.envs.some((e) => e.name === name)) return fail(`${app} already has ${name}.`);
      return commit({ ...state, mode: { type: 'browse' } }, { kind: 'add-env', app, name }, `Created ${app}/${name}`, { app, env: name });
    }
    const env = mode.env as string;
    validateKeyName(name);
    if (state.vault.secrets[secretId(app, env, name)]) return fail(`${name} already exists here: select it and press e.`);
    const editor: EditValueMode = {
      type: 'edit-value',
      address: { app, env, key: name },
      expectedVersion: 0,
      draft: '',
      showTyping: false,
      multiline: false,
      creating: true,
    };
    return [{ ...state, mode: editor }, []];
  } catch (error) {
    return fail(errorText(error));
  }
}

/** `back`: where a conflict's cancel returns (the editor, with its draft). */
export function commit(state: UiState, op: WriteOp, message: string, select?: Path, back?: Mode): Update {
  if (state.saving) return toast(state, 'Still saving the previous change…', 'warning');
  const effect: CommitEffect = { type: 'commit', op, message };
  if (select) effect.select = select;
  if (back) effect.back = back;
  const journal = journalChangeFor(op);
  if (journal) effect.journal = journal;
  if (op.kind === 'set-many' && op.purpose === 'rotate') effect.clearMarks = true;
  return [{ ...state, saving: true }, [effect]];
}

function saveValue(state: UiState): Update {
  if (state.mode.type !== 'edit-value') return [state, []];
  const { address, draft, expectedVersion, creating } = state.mode;
  if (draft.length === 0) return toast(state, 'Type a value first (esc cancels).', 'warning');
  const browse: UiState = { ...state, mode: { type: 'browse' }, focus: creating ? 'secrets' : state.focus };
  return commit(
    browse,
    { kind: 'set-value', address, value: draft, expectedVersion },
    creating ? `Created ${address.key} v1` : `Saved ${address.key} v${expectedVersion + 1}`,
    { app: address.app, env: address.env, key: address.key },
    state.mode,
  );
}

function saveMeta(state: UiState, vault: VaultState): Update {
  if (state.mode.type !== 'edit-meta') return [state, []];
  const { address, draft } = state.mode;
  const secret = vault.secrets[secretId(address.app, address.env, address.key)];
  if (!secret) return toast({ ...state, mode: { type: 'browse' } }, `${address.key} no longer exists.`, 'warning');
  let tags: string[];
  try {
    tags = parseTags(draft.tags);
  } catch (error) {
    return [{ ...state, mode: { ...state.mode, error: errorText(error) } }, []];
  }
  const patch = metaPatch(secret, draft, tags);
  const browse: UiState = { ...state, mode: { type: 'browse' } };
  if (Object.keys(patch).length === 0) return toast(browse, 'No changes.');
  return commit(browse, { kind: 'update-meta', address, patch }, `Updated ${address.key}: ${Object.keys(patch).join(', ')}`);
}

export const editHandlers: CommandHandlers = {
  [Command.New]: (s, d) => [{ ...s, mode: newPrompt(PROMPT_BY_COLUMN[s.focus], d.app?.name, d.env?.name) }, []],
  [Command.PromptSubmit]: (s) => (s.mode.type === 'prompt' ? submitPrompt(s, s.mode) : [s, []]),
  [Command.PromptCancel]: (s) => [{ ...s, mode: { type: 'browse' } }, []],

  [Command.EditValue]: (s, d) => {
    const secret = d.secret as Secret;
    const editor = valueEditorFor(secret);
    // The shared value is what e edits; a personal override stays in front of it for this member.
    if (personalOf(s, secret)) {
      const personal = 'This edits the shared value; your personal value still overrides it for you.';
      editor.note = editor.note ? `${editor.note} ${personal}` : personal;
    }
    return [{ ...s, mode: editor }, []];
  },
  [Command.EditorSave]: saveValue,
  [Command.EditorSaveLines]: saveValue,
  [Command.EditorCancel]: (s) => andToast([{ ...s, mode: { type: 'browse' } }, []], 'Edit cancelled: nothing saved.'),
  [Command.EditorToggleTyping]: (s) =>
    s.mode.type === 'edit-value' ? [{ ...s, mode: { ...s.mode, showTyping: !s.mode.showTyping } }, []] : [s, []],

  [Command.EditMeta]: (s, d) => {
    const secret = d.secret as Secret;
    return [{ ...s, mode: { type: 'edit-meta', address: addressOf(secret), draft: metaDraftOf(secret), field: 0, picking: false } }, []];
  },
  [Command.FormNext]: (s) =>
    s.mode.type === 'edit-meta' ? [{ ...s, mode: { ...s.mode, field: (s.mode.field + 1) % META_FIELDS.length } }, []] : [s, []],
  [Command.FormPrev]: (s) =>
    s.mode.type === 'edit-meta'
      ? [{ ...s, mode: { ...s.mode, field: (s.mode.field + META_FIELDS.length - 1) % META_FIELDS.length } }, []]
      : [s, []],
  [Command.FormChoose]: (s) => {
    if (s.mode.type !== 'edit-meta') return [s, []];
    const field = META_FIELDS[s.mode.field];
    if (field?.input === 'picker') {
      const reason = field.disabled?.(s.vault.secrets[secretId(s.mode.address.app, s.mode.address.env, s.mode.address.key)]);
      if (reason) return toast(s, reason, 'warning');
      return [{ ...s, mode: { ...s.mode, picking: true } }, []];
    }
    return saveMeta(s, s.vault);
  },
  [Command.FormCancel]: (s) => andToast([{ ...s, mode: { type: 'browse' } }, []], 'Nothing changed.'),

  [Command.Reveal]: (s, d) => {
    const secret = d.secret as Secret;
    const version = d.version;
    if (!version) return [s, []];
    const id = secretId(secret.app, secret.env, secret.key);
    if (s.reveal && s.reveal.secretId === id && s.reveal.version === version.n) {
      const { reveal: _hidden, ...masked } = s;
      return [masked, []];
    }
    const token = s.serial + 1;
    const seconds = s.vault.meta.settings.revealSeconds;
    const revealed: UiState = { ...s, serial: token, reveal: { secretId: id, version: version.n, token } };
    return andToast(
      [revealed, [{ type: 'schedule', timer: 'reveal', ms: seconds * 1000, action: { type: 'reveal-expired', token } }]],
      `Revealed ${secret.key} v${version.n}: masks again in ${seconds} s (x masks now).`,
    );
  },
};
