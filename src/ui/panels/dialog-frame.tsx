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
  children: ReactNode;
}

export function DialogFrame({ title, width, rows, tone = 'normal', children }: DialogFrameProps) {
  const colour = tone === 'danger' ? theme.danger : theme.accent;
  return (
    <Box flexDirection="column" width={width} height={rows} borderStyle="round" borderColor={colour} paddingX={1} overflow="hidden">
      <Text bold color={colour} wrap="truncate-end">
        {title}
      </Text>
      {children}
    </Box>
  );
}
