// The opened vault: header, the four columns, the detail pane (or a dialog in its place), the
// status line and the footer. State lives in the reducer; this component only lays out panels
// and wires their callbacks to actions.
import { Box, Text } from 'ink';
import { useCallback, useEffect, useMemo } from 'react';
import type { Context, VaultSession } from '../domain/index.js';
import { dialogInDetail, fullBody } from './body.js';
import type { ClipboardGuard } from './clipboard/guard.js';
import type { Clock } from './clock.js';
import { useClipboardStatus } from './hooks/use-clipboard-status.js';
import { useDetail } from './hooks/use-detail.js';
import { useEffectRunner } from './hooks/use-effect-runner.js';
import { useKeyTarget } from './hooks/use-key-route.js';
import { useNow } from './hooks/use-now.js';
import { useSessionEvents } from './hooks/use-session-events.js';
import { useUiStore } from './hooks/use-ui-store.js';
import { useTeam } from './hooks/use-team.js';
import { teamSnapshot } from './team/snapshot.js';
import type { TeamConsole } from './team/port.js';
import { breadcrumb } from './presenters/breadcrumb.js';
import { footerHints } from './presenters/footer.js';
import { lockNotice } from './presenters/lock.js';
import { Columns } from './panels/columns.js';
import { DetailPane } from './panels/detail-pane.js';
import { Footer } from './panels/footer.js';
import { Header } from './panels/header.js';
import { StatusLine } from './panels/status-line.js';
import type { UiServices } from './services.js';
import { contextOf } from './state/context.js';
import { initialState } from './state/initial.js';
import { layoutFor, MIN_COLUMNS, MIN_ROWS } from './state/layout.js';
import { derive } from './state/selectors.js';
import type { Resume, Viewport } from './state/types.js';
import { theme } from './theme.js';

export interface MainScreenProps {
  session: VaultSession;
  context: Context;
  clock: Clock;
  viewport: Viewport;
  location: string;
  services: UiServices;
  clipboard: ClipboardGuard;
  onQuit: () => void;
  /** Drops this screen and its session; `resume` says where to come back to. */
  onLock: (notice: string, resume: Resume) => void;
  /** Where to open, after an unlock. */
  resume?: Resume;
  /** A team vault's console (members, access, overrides, connection); absent for a local vault. */
  team?: TeamConsole;
}

export function MainScreen({ session, context, clock, viewport, location, services, clipboard, onQuit, onLock, resume, team }: MainScreenProps) {
  const lock = useCallback(
    (reason: 'manual' | 'idle', where: Resume) => onLock(lockNotice(reason, session.state.meta.settings.idleLockMinutes), where),
    [onLock, session],
  );
  const runEffect = useEffectRunner({ session, clock, services, clipboard, quit: onQuit, lock, team });
  const [state, dispatch] = useUiStore(
    () =>
      initialState(session.state, viewport, resume?.path, {
        ...(resume && { focus: resume.focus, journal: resume.journal }),
        ...(team && { team: teamSnapshot(team) }),
      }),
    runEffect,
  );
  useKeyTarget(useCallback(({ key, pasted }) => dispatch({ type: 'key', key, pasted }), [dispatch]));
  useSessionEvents(session, context, dispatch);
  useTeam(team, session, dispatch);
  useEffect(() => dispatch({ type: 'opened', resumed: resume !== undefined }), [dispatch]);
  useEffect(() => dispatch({ type: 'resize', viewport }), [dispatch, viewport.columns, viewport.rows]);
  const now = useNow(clock);
  const copied = useClipboardStatus(clipboard, clock, dispatch);
  const derived = derive(state);
  const detail = useDetail(session, state.vault, derived, state.reveal, now, state.team);
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
  const body = fullBody({ state, derived, rows: bodyRows, width: layout.width, now, onDraft, onPick, context: keyContext });
  const side = dialogInDetail(state, onDraft, detailBox, now) ?? (
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
      {...(state.marks && { marks: state.marks })}
      {...(state.changed && { changed: state.changed.ids })}
      {...(state.team && { team: state.team })}
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
        {...(copied && { clipboard: copied })}
        {...(state.team?.connection && { connection: state.team.connection })}
        {...(state.toast && { toast: state.toast })}
        {...(state.mode.type === 'filter' && { filter: { value: state.lists[state.mode.column].filter, onChange: onDraft } })}
      />
      <Footer hints={hints} width={layout.width} />
    </Box>
  );
}
