// A list that renders only its visible window (the reducer keeps the window in state), padded to
// a fixed height so the layout never jumps. Each row is one text node laid out here: Ink's cost
// per frame grows with its nodes, and a column moves on every keystroke.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Row } from '../presenters/rows.js';
import { displayWidth, fitText } from '../presenters/width.js';
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

/** `▸LABEL……… right ` in exactly `width` cells; the marker shows the cursor without colour. */
export function rowText(row: Row, selected: boolean, focused: boolean, width: number): string {
  const marker = selected ? (focused ? '▸' : '›') : ' ';
  const right = row.right ? ` ${row.right}` : '';
  const labelWidth = Math.max(1, width - 2 - displayWidth(right));
  return `${marker}${fitText(row.text, labelWidth)}${right} `;
}

function ListRow({ row, selected, focused, width }: { row: Row; selected: boolean; focused: boolean; width: number }) {
  const background = selected ? (focused ? theme.selectedBackground : theme.idleSelectedBackground) : undefined;
  const colour = selected ? (focused ? theme.selectedText : theme.idleSelectedText) : ROW_COLOURS[row.tone ?? 'normal'];
  return (
    <Text wrap="truncate-end" bold={selected} {...(colour ? { color: colour } : {})} {...(background ? { backgroundColor: background } : {})}>
      {rowText(row, selected, focused, width)}
    </Text>
  );
}

export const WindowedList = memo(function WindowedList({ rows, cursor, focused, width, height, empty }: WindowedListProps) {
  return (
    <Box flexDirection="column" width={width} height={height}>
      {rows.length === 0 ? (
        <Text color={theme.muted} wrap="truncate-end">
          {` ${empty}`}
        </Text>
      ) : (
        rows.map((row, index) => <ListRow key={index} row={row} selected={index === cursor} focused={focused} width={width} />)
      )}
    </Box>
  );
});
