// A list that renders only its visible window (the reducer keeps the window in state), padded to
// a fixed height so the layout never jumps.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Row } from '../presenters/rows.js';
import { ROW_COLOURS, theme } from '../theme.js';

export interface WindowedListProps {
  /** Only the visible rows. */
  rows: Row[];
  /** Index within `rows` of the cursor, or -1. */
  cursor: number;
  focused: boolean;
  width: number;
  height: number;
  empty: string;
}

function ListRow({ row, selected, focused, width }: { row: Row; selected: boolean; focused: boolean; width: number }) {
  const background = selected ? (focused ? theme.selectedBackground : theme.idleSelectedBackground) : undefined;
  const colour = selected ? (focused ? theme.selectedText : theme.idleSelectedText) : ROW_COLOURS[row.tone ?? 'normal'];
  return (
    <Box width={width} height={1} paddingRight={1} {...(background ? { backgroundColor: background } : {})}>
      {/* The marker keeps the cursor visible without colour (NO_COLOR, monochrome terminals). */}
      <Text {...(colour ? { color: colour } : {})}>{selected ? (focused ? '▸' : '›') : ' '}</Text>
      {/* An explicit width: the label truncates and the right part always keeps its gap. */}
      <Box width={Math.max(1, width - 2 - (row.right ? row.right.length + 1 : 0))} flexShrink={0}>
        <Text wrap="truncate-end" {...(colour ? { color: colour } : {})} bold={selected}>
          {row.text}
        </Text>
      </Box>
      {row.right ? (
        <Box flexShrink={0} flexGrow={1} justifyContent="flex-end">
          <Text {...(colour ? { color: colour } : {})}>{row.right}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

export const WindowedList = memo(function WindowedList({ rows, cursor, focused, width, height, empty }: WindowedListProps) {
  return (
    <Box flexDirection="column" width={width} height={height}>
      {rows.length === 0 ? (
        <Box paddingX={1}>
          <Text color={theme.muted} wrap="truncate-end">
            {empty}
          </Text>
        </Box>
      ) : (
        rows.map((row, index) => (
          <ListRow key={index} row={row} selected={index === cursor} focused={focused} width={width} />
        ))
      )}
    </Box>
  );
});
