// What shows before a vault is open: progress, the unlock form, the create form, the recovery
// code (once), or an error that stops here.
import { Box, Text } from 'ink';
import { useCallback } from 'react';
import type { ReactNode } from 'react';
import { MaskedInput } from '../components/masked-input.js';
import { useKeyTarget } from '../hooks/use-key-route.js';
import { footerHints } from '../presenters/footer.js';
import { sanitise } from '../presenters/sanitise.js';
import { Footer } from '../panels/footer.js';
import type { Viewport } from '../state/types.js';
import { theme } from '../theme.js';
import { startupContext } from './startup-state.js';
import type { StartupAction, StartupState } from './startup-state.js';

export interface StartupScreenProps {
  state: StartupState;
  dispatch: (action: StartupAction) => void;
  location: string;
  viewport: Viewport;
}

function Frame({ viewport, children, context }: { viewport: Viewport; children: ReactNode; context: ReturnType<typeof startupContext> }) {
  const width = viewport.columns;
  return (
    <Box flexDirection="column" width={width} height={Math.max(5, viewport.rows - 1)}>
      <Box height={1} paddingX={1} backgroundColor={theme.headerBackground}>
        <Text color={theme.headerText} bold>
          coffer
        </Text>
      </Box>
      <Box flexDirection="column" flexGrow={1} paddingX={2} paddingY={1}>
        {children}
      </Box>
      {context ? <Footer hints={footerHints(context)} width={width} /> : null}
    </Box>
  );
}

export function StartupScreen({ state, dispatch, location, viewport }: StartupScreenProps) {
  useKeyTarget(useCallback(({ key, pasted }) => dispatch({ type: 'key', key, pasted }), [dispatch]));
  const onDraft = (text: string) => dispatch({ type: 'draft', text });
  const place = sanitise(location);
  const context = startupContext(state);
  switch (state.phase) {
    case 'checking':
    case 'ready':
      return (
        <Frame viewport={viewport} context={context}>
          <Text color={theme.muted}>Opening {place}…</Text>
        </Frame>
      );
    case 'working':
      return (
        <Frame viewport={viewport} context={context}>
          <Text color={theme.muted}>{state.message}</Text>
        </Frame>
      );
    case 'locked':
      return (
        <Frame viewport={viewport} context={context}>
          <Text bold>coffer is locked</Text>
          <Box marginY={1} flexDirection="column">
            <Text color={theme.warning}>{state.notice}</Text>
            <Text color={theme.muted}>{place}</Text>
          </Box>
          <Text>
            <Text bold color={theme.accent}>enter</Text> unlocks{state.methods?.includes('keychain') === false ? '' : ' with the OS keychain'} ·{' '}
            <Text bold color={theme.accent}>tab</Text> uses the passphrase or recovery code · <Text bold color={theme.accent}>q</Text> quits
          </Text>
          <Text color={theme.muted}>Unlocking returns to where you were.</Text>
        </Frame>
      );
    case 'unlock': {
      const what = state.method === 'passphrase' ? 'passphrase' : 'recovery code';
      return (
        <Frame viewport={viewport} context={context}>
          {state.notice ? <Text color={theme.warning}>{state.notice}</Text> : null}
          <Text bold>Unlock {place}</Text>
          {state.keychainProblem ? (
            <Box flexDirection="column" marginY={1}>
              <Text color={theme.warning}>The OS keychain did not unlock it: {sanitise(state.keychainProblem.message)}</Text>
              {state.keychainProblem.hint ? <Text color={theme.muted}>{sanitise(state.keychainProblem.hint)}</Text> : null}
            </Box>
          ) : null}
          <Box>
            <Text>{what}: </Text>
            {state.busy ? <Text color={theme.muted}>unlocking…</Text> : <MaskedInput value={state.draft} onChange={onDraft} show={false} />}
          </Box>
          {state.error ? <Text color={theme.danger}>{sanitise(state.error)}</Text> : null}
          {state.methods.length > 1 ? (
            <Text color={theme.muted}>tab: use the {state.method === 'passphrase' ? 'recovery code' : 'passphrase'} instead</Text>
          ) : null}
        </Frame>
      );
    }
    case 'create':
      return (
        <Frame viewport={viewport} context={context}>
          <Text bold>No vault at {place} yet. Create one?</Text>
          <Box marginTop={1}>
            <Text color={state.useKeychain ? theme.success : theme.muted}>[{state.useKeychain ? 'x' : ' '}] </Text>
            <Text>keep its key in the OS keychain (unlocks without typing) — tab toggles</Text>
          </Box>
          <Box marginTop={1}>
            <Text color={state.field === 'passphrase' ? theme.accent : theme.muted}>passphrase{state.useKeychain ? ' (optional)' : ''}: </Text>
            {state.field === 'passphrase' ? (
              <MaskedInput value={state.passphrase} onChange={onDraft} show={false} />
            ) : (
              <Text>{'•'.repeat(Math.min(12, state.passphrase.length))}</Text>
            )}
          </Box>
          {state.field === 'repeat' ? (
            <Box>
              <Text color={theme.accent}>again: </Text>
              <MaskedInput value={state.repeat} onChange={onDraft} show={false} />
            </Box>
          ) : null}
          <Box marginTop={1}>
            <Text color={theme.muted}>A recovery code is made too and shown once: it opens the vault if the keychain and passphrase are lost.</Text>
          </Box>
          {state.error ? <Text color={theme.danger}>{sanitise(state.error)}</Text> : null}
        </Frame>
      );
    case 'recovery':
      return (
        <Frame viewport={viewport} context={context}>
          <Text bold>Vault created. Your recovery code:</Text>
          <Box marginY={1} paddingX={2} borderStyle="round" borderColor={theme.warning} alignSelf="flex-start">
            <Text bold color={theme.warning}>
              {sanitise(state.code)}
            </Text>
          </Box>
          <Text>Write it down and keep it somewhere safe. coffer shows it only this once and never stores it in clear.</Text>
          <Text color={theme.muted}>Press enter once you have it.</Text>
        </Frame>
      );
    case 'error':
      return (
        <Frame viewport={viewport} context={context}>
          <Text bold color={theme.danger}>
            coffer cannot open this vault
          </Text>
          <Box marginY={1} flexDirection="column">
            <Text>{sanitise(state.error.message)}</Text>
            {state.error.hint ? <Text color={theme.muted}>{sanitise(state.error.hint)}</Text> : null}
          </Box>
          <Text color={theme.muted}>Nothing was changed{state.error.code === 'integrity' ? ', and the vault was not opened as empty' : ''}. {place}</Text>
        </Frame>
      );
  }
}
