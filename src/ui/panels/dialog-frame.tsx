// The frame dialogs draw in: the detail pane's place, with a coloured border so it is obvious
// that keys now answer the dialog.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { theme } from '../theme.js';

export interface DialogFrameProps {
  title: string;
  width: number;
  rows: number;
  tone?: 'normal' | 'danger';
  /** Muted text after the title (a legend), dropped first when the line is too short. */
  note?: string;
  children: ReactNode;
}

export function DialogFrame({ title, width, rows, tone = 'normal', note, children }: DialogFrameProps) {
  const colour = tone === 'danger' ? theme.danger : theme.accent;
  return (
    <Box flexDirection="column" width={width} height={rows} borderStyle="round" borderColor={colour} paddingX={1} overflow="hidden">
      <Text bold color={colour} wrap="truncate-end">
        {title}
        {note ? <Text color={theme.muted} bold={false}>{`   ${note}`}</Text> : null}
      </Text>
      {children}
    </Box>
  );
}
