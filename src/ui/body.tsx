// Which panel the main screen shows for the mode it is in: views and forms that take the whole
// body, or dialogs that take the detail pane's place next to what they act on.
import { isBrowse } from './keymap/contexts.js';
import type { LeafContext } from './keymap/contexts.js';
import { helpLines } from './presenters/help.js';
import { paletteChoices } from './presenters/palette.js';
import { AuditView } from './panels/audit-view.js';
import { CommandLine } from './panels/command-line.js';
import { ConfirmDialog, TypedConfirmDialog } from './panels/confirm-dialog.js';
import { ConflictDialog } from './panels/conflict-dialog.js';
import { MembersView } from './panels/members-view.js';
import { DiffView } from './panels/diff-view.js';
import { HelpOverlay } from './panels/help-overlay.js';
import { LogView } from './panels/log-view.js';
import { MetaEditor } from './panels/meta-editor.js';
import { NamePrompt } from './panels/name-prompt.js';
import { Palette } from './panels/palette.js';
import { RotatePanel } from './panels/rotate-panel.js';
import { SettingsForm } from './panels/settings-form.js';
import { ValueEditor } from './panels/value-editor.js';
import type { Derived } from './state/selectors.js';
import type { UiState } from './state/types.js';

export interface BodyProps {
  state: UiState;
  derived: Derived;
  rows: number;
  width: number;
  now: number;
  onDraft: (text: string) => void;
  onPick: (value: string) => void;
  context: LeafContext;
}

/** Help, the palette, the metadata form, the rotation panel and the audit views take the whole body. */
export function fullBody({ state, derived, rows, width, now, onDraft, onPick, context }: BodyProps) {
  const { mode } = state;
  const size = { width, rows };
  switch (mode.type) {
    case 'help':
      return <HelpOverlay lines={helpLines(isBrowse(context) ? context : state.focus, { state, derived })} scroll={mode.scroll} {...size} />;
    case 'palette':
      return mode.page === 'root' ? (
        <CommandLine mode={mode} state={state} derived={derived} onChange={onDraft} {...size} />
      ) : (
        <Palette page={mode.page} choices={paletteChoices(mode.page, state, derived, new Date(now))} onPick={onPick} {...size} />
      );
    case 'edit-meta':
      return <MetaEditor mode={mode} onChange={onDraft} onPick={onPick} {...size} />;
    case 'rotate':
      return <RotatePanel mode={mode} vault={state.vault} now={now} {...size} />;
    case 'audit':
      return <AuditView mode={mode} state={state} onPick={onPick} viewport={state.viewport} {...size} />;
    case 'diff':
      return <DiffView mode={mode} viewport={state.viewport} {...size} />;
    case 'log':
      return <LogView mode={mode} viewport={state.viewport} now={now} {...size} />;
    case 'members':
      return <MembersView mode={mode} state={state} onPick={onPick} now={now} {...size} />;
    default:
      return undefined;
  }
}

/** Editors, prompts, confirmations, conflicts and the settings take the detail pane's place. */
export function dialogInDetail(state: UiState, onDraft: (text: string) => void, size: { width: number; rows: number }, now: number) {
  const { mode } = state;
  switch (mode.type) {
    case 'conflict':
      return <ConflictDialog mode={mode} now={now} {...size} />;
    case 'edit-value':
      return <ValueEditor mode={mode} onChange={onDraft} {...size} />;
    case 'confirm':
      return <ConfirmDialog mode={mode} {...size} />;
    case 'confirm-typed':
      return <TypedConfirmDialog mode={mode} onChange={onDraft} {...size} />;
    case 'prompt':
      return <NamePrompt mode={mode} onChange={onDraft} {...size} />;
    case 'settings':
      return <SettingsForm mode={mode} onChange={onDraft} {...size} />;
    default:
      return undefined;
  }
}
