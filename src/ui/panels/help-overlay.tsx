// ?: every key, by group, from the keymap; greyed commands say why they do not apply here.
import { Box, Text } from 'ink';
import type { HelpLine } from '../presenters/help.js';
import { theme } from '../theme.js';

const KEYS_WIDTH = 20;

export function HelpOverlay({ lines, scroll, width, rows }: { lines: HelpLine[]; scroll: number; width: number; rows: number }) {
  const height = rows - 3;
  const top = Math.max(0, Math.min(scroll, lines.length - height));
  const shown = lines.slice(top, top + height);
  return (
    <Box flexDirection="column" width={width} height={rows} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold color={theme.accent}>
        Keys{lines.length > height ? <Text color={theme.muted}>{`  ${top + 1}–${top + shown.length} of ${lines.length} · j/k scroll`}</Text> : null}
      </Text>
      {shown.map((line, i) =>
        line.type === 'heading' ? (
          <Text key={i} bold underline>
            {line.text}
          </Text>
        ) : (
          <Box key={i} height={1}>
            <Box width={KEYS_WIDTH} flexShrink={0}>
              <Text color={line.disabled ? theme.muted : line.danger ? theme.danger : theme.accent} bold={!line.disabled}>
                {line.keys}
              </Text>
            </Box>
            <Text wrap="truncate-end" color={line.disabled ? theme.muted : undefined}>
              {line.description}
              {line.disabled ? <Text color={theme.muted}>{` — ${line.disabled}`}</Text> : null}
            </Text>
          </Box>
        ),
      )}
    </Box>
  );
}
