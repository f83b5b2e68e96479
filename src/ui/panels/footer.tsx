// Key hints from the keymap for where the screen is; greyed keys say why on the last line.
import { Box, Text } from 'ink';
import { Fragment } from 'react';
import type { Hint } from '../presenters/footer.js';
import { layoutFooter } from '../presenters/footer.js';
import { theme } from '../theme.js';

function HintText({ hint, first }: { hint: Hint; first: boolean }) {
  const greyed = hint.disabled !== undefined;
  return (
    <Fragment>
      {first ? null : <Text>{'  '}</Text>}
      <Text bold={!greyed} color={greyed ? theme.muted : hint.danger ? theme.danger : theme.accent} dimColor={greyed}>
        {hint.key}
      </Text>
      <Text color={greyed ? theme.muted : undefined} dimColor={greyed}>
        {' '}
        {hint.label}
      </Text>
    </Fragment>
  );
}

export function Footer({ hints, width }: { hints: Hint[]; width: number }) {
  const inner = width - 2;
  const { lines, reasons } = layoutFooter(hints, inner, 2);
  const rows = lines.map((line, i) => (
    <Box key={i} height={1} paddingX={1}>
      <Text wrap="truncate-end">
        {line.map((hint, j) => (
          <HintText key={hint.key + hint.label} hint={hint} first={j === 0} />
        ))}
      </Text>
    </Box>
  ));
  if (rows.length < 2) {
    rows.push(
      <Box key="reasons" height={1} paddingX={1}>
        <Text color={theme.muted} dimColor wrap="truncate-end">
          {reasons}
        </Text>
      </Box>,
    );
  }
  return (
    <Box flexDirection="column" width={width} height={2}>
      {rows}
    </Box>
  );
}
