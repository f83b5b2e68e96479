// The conflict dialog, in the detail pane's place: whose newer version refused the save, and
// what yours was, side by side by fingerprint. The footer lists its keys (keep theirs, save
// yours as a newer version, cancel).
import { Box, Text } from 'ink';
import { conflictLines, conflictTitle } from '../presenters/conflict.js';
import type { ConflictMode } from '../state/conflict.js';
import { ROW_COLOURS, theme } from '../theme.js';
import { DialogFrame } from './dialog-frame.js';

const LABEL_WIDTH = 8;

export function ConflictDialog({ mode, now, width, rows }: { mode: ConflictMode; now: number; width: number; rows: number }) {
  const all = conflictLines(mode, new Date(now));
  // A rotation of many rows can conflict on several: what does not fit is counted, not cut silently.
  const room = Math.max(1, rows - 3);
  const lines = all.length <= room ? all : [...all.slice(0, room - 1), { label: '', text: `… ${all.length - room + 1} more lines`, tone: 'muted' as const }];
  return (
    <DialogFrame title={conflictTitle(mode)} width={width} rows={rows} tone="danger">
      {lines.map((line, i) => (
        <Box key={i} height={1}>
          <Box width={LABEL_WIDTH} flexShrink={0}>
            <Text color={theme.muted}>{line.label}</Text>
          </Box>
          <Text wrap="truncate-end" {...(line.tone && { color: ROW_COLOURS[line.tone] })}>
            {line.text}
          </Text>
        </Box>
      ))}
    </DialogFrame>
  );
}
