// :settings — a small form over the vault's settings (clipboard, idle lock, reveal), saved with
// the domain's updateSettings like any other write.
import { Command } from '../../keymap/commands.js';
import type { Update } from '../actions.js';
import { SETTINGS_FIELDS, settingsDraftOf, settingsMessage, settingsPatch } from '../settings-form.js';
import { andToast, toast } from '../toast.js';
import type { SettingsMode, UiState } from '../types.js';
import { commit, editHandlers } from './edit.js';
import type { CommandHandler, CommandHandlers } from './types.js';

export function openSettings(state: UiState): Update {
  const mode: SettingsMode = { type: 'settings', field: 0, draft: settingsDraftOf(state.vault.meta.settings) };
  return [{ ...state, mode }, []];
}

function step(delta: number, fallback: CommandHandler | undefined): CommandHandler {
  return (state, derived) => {
    if (state.mode.type !== 'settings') return fallback ? fallback(state, derived) : [state, []];
    const count = SETTINGS_FIELDS.length;
    const { error: _cleared, ...mode } = state.mode;
    return [{ ...state, mode: { ...mode, field: (mode.field + delta + count) % count } }, []];
  };
}

function save(state: UiState): Update {
  if (state.mode.type !== 'settings') return [state, []];
  const result = settingsPatch(state.vault.meta.settings, state.mode.draft);
  if ('error' in result) return [{ ...state, mode: { ...state.mode, error: result.error, field: result.field } }, []];
  const browse: UiState = { ...state, mode: { type: 'browse' } };
  if (Object.keys(result.patch).length === 0) return toast(browse, 'Settings unchanged.');
  return commit(browse, { kind: 'update-settings', patch: result.patch }, settingsMessage(result.patch));
}

/** The form reuses the metadata form's next/previous/cancel keys. */
export const settingsHandlers: CommandHandlers = {
  [Command.FormNext]: step(1, editHandlers[Command.FormNext]),
  [Command.FormPrev]: step(-1, editHandlers[Command.FormPrev]),
  [Command.FormCancel]: (s, d) => {
    if (s.mode.type !== 'settings') return editHandlers[Command.FormCancel]?.(s, d) ?? [s, []];
    return andToast([{ ...s, mode: { type: 'browse' } }, []], 'Settings unchanged.');
  },
  [Command.SettingsSave]: save,
};

export function onSettingsDraft(state: UiState, mode: SettingsMode, text: string): Update {
  const field = SETTINGS_FIELDS[mode.field];
  if (!field) return [state, []];
  const { error: _cleared, ...rest } = mode;
  return [{ ...state, mode: { ...rest, draft: { ...mode.draft, [field.name]: text.replace(/\D/g, '') } } }, []];
}
