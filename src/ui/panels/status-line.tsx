// One line for toasts ("Saved DATABASE_URL v8"), or the filter being typed; on its right, while a
// copied value waits to be cleared, the clipboard's countdown.
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import type { ClipboardCountdown } from '../hooks/use-clipboard-status.js';
import { sanitise } from '../presenters/sanitise.js';
import type { Toast } from '../state/types.js';
import { connectionText } from '../presenters/connection.js';
import type { ConnectionState } from '../team/port.js';
import { TOAST_COLOURS, theme } from '../theme.js';

const CONNECTION_COLOURS: Record<ConnectionState['state'], string> = { online: theme.success, degraded: theme.warning, offline: theme.danger };

export interface StatusLineProps {
  width: number;
  toast?: Toast;
  filter?: { value: string; onChange: (value: string) => void };
  saving: boolean;
  clipboard?: ClipboardCountdown;
  /** A team vault's connection to its cluster. */
  connection?: ConnectionState;
}

export function StatusLine({ width, toast, filter, saving, clipboard, connection }: StatusLineProps) {
  if (filter) {
    return (
      <Box width={width} height={1} paddingX={1}>
        <Text color={theme.accent} bold>
          /{' '}
        </Text>
        <TextInput value={filter.value} onChange={filter.onChange} placeholder="key, tag or path" />
      </Box>
    );
  }
  return (
    <Box width={width} height={1} paddingX={1}>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end" color={toast ? TOAST_COLOURS[toast.tone] : theme.muted}>
          {toast ? sanitise(toast.text) : saving ? 'Saving…' : ''}
        </Text>
      </Box>
      {clipboard ? (
        <Box flexShrink={0} marginLeft={2}>
          <Text color={theme.warning}>{`clipboard clears in ${clipboard.seconds} s`}</Text>
        </Box>
      ) : null}
      {connection ? (
        <Box flexShrink={0} marginLeft={2}>
          <Text color={CONNECTION_COLOURS[connection.state]}>{connectionText(connection)}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
