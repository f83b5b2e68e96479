// The opened vault: header, the four columns, the detail pane (or a dialog in its place), the
// status line and the footer. State lives in the reducer; this component only lays out panels
// and wires their callbacks to actions.
import { Box, Text } from 'ink';
import { useCallback, useEffect, useMemo } from 'react';
import type { Context, VaultSession } from '../domain/index.js';
import type { Clock } from './clock.js';
import { useDetail } from './hooks/use-detail.js';
import { useEffectRunner } from './hooks/use-effect-runner.js';
import { useKeyPresses } from './hooks/use-key-input.js';
import { useNow } from './hooks/use-now.js';
import { useSessionEvents } from './hooks/use-session-events.js';
import { useUiStore } from './hooks/use-ui-store.js';
import { isBrowse } from './keymap/contexts.js';
import { breadcrumb } from './presenters/breadcrumb.js';
import { footerHints } from './presenters/footer.js';
import { helpLines } from './presenters/help.js';
import { paletteChoices } from './presenters/palette.js';
import { Columns } from './panels/columns.js';
import { ConfirmDialog, TypedConfirmDialog } from './panels/confirm-dialog.js';
import { DetailPane } from './panels/detail-pane.js';
import { Footer } from './panels/footer.js';
import { Header } from './panels/header.js';
import { HelpOverlay } from './panels/help-overlay.js';
import { MetaEditor } from './panels/meta-editor.js';
import { NamePrompt } from './panels/name-prompt.js';
import { Palette } from './panels/palette.js';
import { StatusLine } from './panels/status-line.js';
import { ValueEditor } from './panels/value-editor.js';
import { contextOf } from './state/context.js';
import { initialState } from './state/initial.js';
import { layoutFor, MIN_COLUMNS, MIN_ROWS } from './state/layout.js';
import { derive } from './state/selectors.js';
import type { UiState, Viewport } from './state/types.js';
import { theme } from './theme.js';

export interface MainScreenProps {
  session: VaultSession;
  context: Context;
  clock: Clock;
  viewport: Viewport;
  location: string;
  onQuit: () => void;
}

export function MainScreen({ session, context, clock, viewport, location, onQuit }: MainScreenProps) {
  const runEffect = useEffectRunner(session, clock, onQuit);
  const [state, dispatch] = useUiStore(() => initialState(session.state, viewport), runEffect);
  useKeyPresses(useCallback(({ key, pasted }) => dispatch({ type: 'key', key, pasted }), [dispatch]));
  useSessionEvents(session, context, dispatch);
  useEffect(() => dispatch({ type: 'resize', viewport }), [dispatch, viewport.columns, viewport.rows]);
  const now = useNow(clock);
  const derived = derive(state);
  const detail = useDetail(session, state.vault, derived, state.reveal, now);
  const layout = layoutFor(state.viewport);
  const onDraft = useCallback((text: string) => dispatch({ type: 'draft', text }), [dispatch]);
  const onPick = useCallback((value: string) => dispatch({ type: 'pick', value }), [dispatch]);
  const keyContext = contextOf(state);
  const hints = useMemo(() => footerHints(keyContext, { state, derived }), [keyContext, state, derived]);

  if (layout.tooSmall) {
    return (
      <Box width={viewport.columns} height={layout.height} alignItems="center" justifyContent="center">
        <Text color={theme.warning}>
          coffer needs at least {MIN_COLUMNS}×{MIN_ROWS}; this terminal is {viewport.columns}×{viewport.rows}. q quits.
        </Text>
      </Box>
    );
  }

  const bodyRows = layout.height - 4;
  const detailBox = { width: layout.detail.width, rows: layout.detail.rows };
  const body = fullBody(state, derived, bodyRows, layout.width, now, onDraft, onPick, keyContext);
  const side = dialogInDetail(state, onDraft, detailBox) ?? (
    <DetailPane
      {...(detail && { detail })}
      width={detailBox.width}
      rows={detailBox.rows}
      placement={layout.detail.placement}
      revealSeconds={state.vault.meta.settings.revealSeconds}
    />
  );
  const columns = (
    <Columns
      vault={state.vault}
      derived={derived}
      lists={state.lists}
      focus={state.focus}
      layout={layout}
      now={now}
      {...(state.mode.type === 'filter' && { filtering: state.mode.column })}
    />
  );
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <Header crumbs={breadcrumb(derived)} location={location} width={layout.width} />
      {body ?? (
        <Box flexDirection={layout.detail.placement === 'right' ? 'row' : 'column'} height={bodyRows}>
          {columns}
          {side}
        </Box>
      )}
      <StatusLine
        width={layout.width}
        saving={state.saving}
        {...(state.toast && { toast: state.toast })}
        {...(state.mode.type === 'filter' && { filter: { value: state.lists[state.mode.column].filter, onChange: onDraft } })}
      />
      <Footer hints={hints} width={layout.width} />
    </Box>
  );
}

/** Help, the palette and the metadata form take the whole body. */
function fullBody(
  state: UiState,
  derived: ReturnType<typeof derive>,
  rows: number,
  width: number,
  now: number,
  onDraft: (text: string) => void,
  onPick: (value: string) => void,
  context: ReturnType<typeof contextOf>,
) {
  const { mode } = state;
  switch (mode.type) {
    case 'help':
      return <HelpOverlay lines={helpLines(isBrowse(context) ? context : state.focus, { state, derived })} scroll={mode.scroll} width={width} rows={rows} />;
    case 'palette':
      return <Palette page={mode.page} choices={paletteChoices(mode.page, state, derived, new Date(now))} onPick={onPick} width={width} rows={rows} />;
    case 'edit-meta':
      return <MetaEditor mode={mode} onChange={onDraft} onPick={onPick} width={width} rows={rows} />;
    default:
      return undefined;
  }
}

/** Editors, prompts and confirmations take the detail pane's place, next to what they act on. */
function dialogInDetail(state: UiState, onDraft: (text: string) => void, size: { width: number; rows: number }) {
  const { mode } = state;
  switch (mode.type) {
    case 'edit-value':
      return <ValueEditor mode={mode} onChange={onDraft} {...size} />;
    case 'confirm':
      return <ConfirmDialog mode={mode} {...size} />;
    case 'confirm-typed':
      return <TypedConfirmDialog mode={mode} onChange={onDraft} {...size} />;
    case 'prompt':
      return <NamePrompt mode={mode} onChange={onDraft} {...size} />;
    default:
      return undefined;
  }
}
