// The selection in detail: the value (masked, revealed, plain or unavailable) with its length,
// then version, rotation, fingerprint, tags and comment — as many lines as fit.
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { Detail, DetailLine } from '../presenters/detail.js';
import type { ValueView } from '../presenters/value.js';
import { ROW_COLOURS, theme } from '../theme.js';

const LABEL_WIDTH = 11;

function Line({ label, text, colour, bold }: { label: string; text: string; colour?: string | undefined; bold?: boolean }) {
  return (
    <Box height={1}>
      <Box width={LABEL_WIDTH} flexShrink={0}>
        <Text color={theme.muted}>{label}</Text>
      </Box>
      <Text wrap="truncate-end" bold={bold ?? false} {...(colour ? { color: colour } : {})}>
        {text}
      </Text>
    </Box>
  );
}

interface ValueLine {
  text: string;
  colour?: string;
  bold?: boolean;
}

function valueLines(value: ValueView, room: number): ValueLine[] {
  switch (value.kind) {
    case 'masked':
      return [{ text: `${value.text}  ${value.size} · x reveals` }];
    case 'unavailable':
      return [{ text: value.size ? `${value.text} (${value.size})` : value.text, colour: theme.muted }];
    case 'shown': {
      const colour = value.revealed ? theme.warning : undefined;
      const line = (text: string): ValueLine => (colour ? { text, colour } : { text });
      if (value.lines.length <= Math.max(1, room)) return value.lines.map(line);
      // Too many lines: the last row says how many more. With room for one row only, it follows
      // the first line there, so a revealed value always shows some of itself.
      const shown = value.lines.slice(0, Math.max(1, room - 1));
      const more = `… ${value.lines.length - shown.length} more line${value.lines.length - shown.length === 1 ? '' : 's'} (${value.size})`;
      if (room <= 1) return [line(`${shown[0] ?? ''}  ${more}`)];
      return [...shown.map(line), { text: more, colour: theme.muted }];
    }
  }
}

export interface DetailPaneProps {
  detail?: Detail;
  width: number;
  rows: number;
  placement: 'right' | 'below';
  /** Seconds a reveal lasts, for the hint next to a revealed value. */
  revealSeconds: number;
}

export function DetailPane({ detail, width, rows, placement, revealSeconds }: DetailPaneProps) {
  const inner = rows - (placement === 'below' ? 1 : 0);
  const content: ReactElement[] = [];
  if (!detail) {
    content.push(<Text key="none" color={theme.muted}>Nothing selected.</Text>);
  } else {
    content.push(
      <Box key="title" height={1}>
        <Text bold color={theme.accent} wrap="truncate-end">
          {detail.title}
          {detail.kind === 'secret' ? <Text color={theme.muted}>{`  ${detail.facets}`}</Text> : null}
        </Text>
      </Box>,
    );
    const lines: DetailLine[] = detail.lines;
    if (detail.kind === 'secret') {
      const room = Math.max(1, inner - 1 - lines.length);
      valueLines(detail.value, room).forEach((line, i) =>
        content.push(<Line key={`v${i}`} label={i === 0 ? 'value' : ''} text={line.text} colour={line.colour} bold={line.bold ?? false} />),
      );
      if (detail.value.kind === 'shown' && detail.value.revealed) {
        content.push(<Line key="reveal" label="" text={`revealed · masks again within ${revealSeconds} s · x masks now`} colour={theme.muted} />);
      }
    }
    lines.forEach((line, i) => content.push(<Line key={line.label || `line${i}`} label={line.label} text={line.text} colour={ROW_COLOURS[line.tone ?? 'normal']} />));
  }
  return (
    <Box
      flexDirection="column"
      width={width}
      height={rows}
      paddingX={1}
      borderStyle="single"
      borderColor={theme.border}
      borderTop={placement === 'below'}
      borderLeft={placement === 'right'}
      borderRight={false}
      borderBottom={false}
      overflow="hidden"
    >
      {content.slice(0, inner)}
    </Box>
  );
}
