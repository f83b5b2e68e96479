// The reducer: update(state, action) → [state, effects]. Pure — no I/O, no timers, no clock —
// so every flow can be tested by feeding it actions. Keys are resolved through the keymap here,
// and a command whose disabled predicate answers gets a toast with the reason instead.
import { secretId } from '../../domain/index.js';
import { COLUMN_TITLES } from '../keymap/contexts.js';
import type { Command } from '../keymap/commands.js';
import { bindingFor } from '../keymap/keymap.js';
import type { Binding } from '../keymap/keymap.js';
import { keyLabel } from '../keymap/keys.js';
import { matchKey } from '../keymap/match.js';
import { stripControls } from '../presenters/sanitise.js';
import type { Action, Update } from './actions.js';
import { editHandlers } from './commands/edit.js';
import { navigateHandlers } from './commands/navigate.js';
import { onCommandLineDraft, paletteHandlers, pickWith } from './commands/palette.js';
import { clearMarks, onGenerated, rotateHandlers } from './commands/rotate.js';
import { idleTimer, onIdle, sessionHandlers } from './commands/session.js';
import { onSettingsDraft, settingsHandlers } from './commands/settings.js';
import type { CommandHandlers } from './commands/types.js';
import { versionHandlers } from './commands/versions.js';
import { onAnalysed, onLogLoaded, onViewFailed, refreshView, viewHandlers } from './commands/views.js';
import { applyJournal } from './journal.js';
import { conflictHandlers, onConflict } from './commands/conflict.js';
import { onChangedExpired, onVaultChanged } from './commands/live.js';
import { memberHandlers, onMembersFailed, onMembersLoaded, onTeamDone, reloadMembers } from './commands/members.js';
import { isView, rewindowView } from './view-nav.js';
import { contextOf } from './context.js';
import { META_FIELDS } from './meta-form.js';
import { pathToKeep, rewindow, selectPath, setFilter } from './navigation.js';
import { derive } from './selectors.js';
import { andToast, toast } from './toast.js';
import { COLUMNS } from './types.js';
import type { UiState } from './types.js';

const HANDLERS: CommandHandlers = {
  ...navigateHandlers,
  ...editHandlers,
  ...versionHandlers,
  ...rotateHandlers,
  ...viewHandlers,
  ...sessionHandlers,
  ...settingsHandlers,
  ...conflictHandlers,
  ...memberHandlers,
  ...paletteHandlers(runCommand),
};

export function runCommand(state: UiState, command: Command): Update {
  const binding = bindingFor(command);
  const derived = derive(state);
  const reason = binding.disabled?.({ state, derived });
  if (reason) {
    const label = typeof binding.hint === 'function' ? binding.hint({ state, derived }) : (binding.hint ?? binding.description);
    return toast(state, `${capitalise(label)}: ${reason}.`, 'warning');
  }
  const handler = HANDLERS[command];
  return handler ? handler(state, derived) : [state, []];
}

const pick = pickWith(runCommand);

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function elsewhere(state: UiState, key: string, binding: Binding): Update {
  const columns = COLUMNS.filter((column) => binding.where.includes(column)).map((column) => COLUMN_TITLES[column]);
  return toast(state, `${keyLabel(key)}: ${binding.description} — works in ${columns.join(', ')}.`, 'info');
}

function onKey(state: UiState, key: string, pasted: boolean): Update {
  const match = matchKey(contextOf(state), key, pasted);
  if (match.type === 'command') return runCommand(state, match.binding.command);
  if (match.type === 'elsewhere') return elsewhere(state, key, match.binding);
  return [state, []];
}

/** The focused text field changed: filter, editor, prompt, typed confirmation or form field. */
function onDraft(state: UiState, raw: string): Update {
  const { mode } = state;
  switch (mode.type) {
    case 'filter':
      return [setFilter(state, mode.column, stripControls(raw)), []];
    case 'edit-value':
      return [{ ...state, mode: { ...mode, draft: stripControls(raw, { keepNewlines: mode.multiline }) } }, []];
    case 'prompt': {
      const { error: _cleared, ...rest } = mode;
      return [{ ...state, mode: { ...rest, draft: stripControls(raw) } }, []];
    }
    case 'confirm-typed':
      return [{ ...state, mode: { ...mode, typed: stripControls(raw) } }, []];
    case 'palette':
      return mode.page === 'root' ? onCommandLineDraft(state, mode, stripControls(raw)) : [state, []];
    case 'settings':
      return onSettingsDraft(state, mode, stripControls(raw));
    case 'edit-meta': {
      const field = META_FIELDS[mode.field];
      if (field?.input !== 'text') return [state, []];
      const { error: _cleared, ...rest } = mode;
      return [{ ...state, mode: { ...rest, draft: { ...mode.draft, [field.name]: stripControls(raw) } } }, []];
    }
    default:
      return [state, []];
  }
}

/** A reveal lasts only while its version stays selected: moving away masks it again. */
function keepRevealHonest(state: UiState): UiState {
  if (!state.reveal) return state;
  const { secret, version } = derive(state);
  const same = secret && version && secretId(secret.app, secret.env, secret.key) === state.reveal.secretId && version.n === state.reveal.version;
  if (same) return state;
  const { reveal: _dropped, ...masked } = state;
  return masked;
}

function reduce(state: UiState, action: Action): Update {
  switch (action.type) {
    case 'key':
      return onKey(state, action.key, action.pasted ?? false);
    case 'command':
      return runCommand(state, action.command);
    case 'resize': {
      const { columns, rows } = action.viewport;
      if (columns === state.viewport.columns && rows === state.viewport.rows) return [state, []];
      const resized = rewindow({ ...state, viewport: action.viewport });
      return [isView(resized.mode) ? rewindowView(resized, resized.mode) : resized, []];
    }
    case 'draft':
      return onDraft(state, action.text);
    case 'pick':
      return pick(state, action.value);
    case 'committed': {
      const path = action.select ?? pathToKeep(state);
      let next = selectPath({ ...state, vault: action.vault, saving: false, journal: applyJournal(state.journal, action.journal) }, path);
      if (action.clearMarks) next = clearMarks(next);
      return andToast(refreshView(next), action.message, 'success');
    }
    case 'commit-failed': {
      let next: UiState = { ...state, saving: false };
      if (action.vault) next = selectPath({ ...next, vault: action.vault }, pathToKeep(state));
      return andToast(action.vault ? refreshView(next) : [next, []], action.message, action.tone);
    }
    case 'vault-changed':
      return onVaultChanged(state, action.vault, action.by, action.ids);
    case 'changed-expired':
      return onChangedExpired(state, action.token);
    case 'conflict':
      return onConflict(state, action);
    case 'team-snapshot': {
      const next: UiState = { ...state, team: { ...action.team, ...(state.team?.connection && { connection: state.team.connection }) } };
      // Someone asked to join or another admin changed access: an open members view reads again.
      return next.mode.type === 'members' && !next.mode.choosing ? reloadMembers(next, next.mode) : [next, []];
    }
    case 'connection':
      return state.team ? [{ ...state, team: { ...state.team, connection: action.connection } }, []] : [state, []];
    case 'members-loaded':
      return onMembersLoaded(state, action.token, action.members, action.requests);
    case 'members-failed':
      return onMembersFailed(state, action.token, action.message);
    case 'team-done':
      return onTeamDone(state, action.message);
    case 'team-failed':
      return toast(state, action.message, 'error');
    case 'opened':
      return action.resumed ? andToast([state, [idleTimer(state)]], 'Unlocked: back where you were.', 'success') : [state, [idleTimer(state)]];
    case 'idle-expired':
      return onIdle(state);
    case 'generated':
      return onGenerated(state, action.token, action.values);
    case 'analysed':
      return onAnalysed(state, action.token, action.result);
    case 'log-loaded':
      return onLogLoaded(state, action.token, action.entries, action.chain);
    case 'view-failed':
      return onViewFailed(state, action.token, action.message);
    case 'notice':
      return toast(state, action.text, action.tone);
    case 'reveal-expired': {
      if (state.reveal?.token !== action.token) return [state, []];
      const { reveal: _expired, ...masked } = state;
      return andToast([masked, []], 'Masked again.');
    }
    case 'toast-expired': {
      if (state.toast?.id !== action.id) return [state, []];
      const { toast: _gone, ...rest } = state;
      return [rest, []];
    }
  }
}

export function update(state: UiState, action: Action): Update {
  const [next, effects] = reduce(state, action);
  // Every key is activity: the idle lock starts counting again.
  const idle = action.type === 'key' ? [...effects, idleTimer(next)] : effects;
  return [keepRevealHonest(next), idle];
}
