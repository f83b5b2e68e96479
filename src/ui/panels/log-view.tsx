// :log — the hash-chained audit log of an app, an environment or the whole vault, newest first
// (never values), under the result of checking the chain: a tampered log says so in red.
import { Box, Text } from 'ink';
import { logTarget, logTime } from '../presenters/audit.js';
import { sanitise } from '../presenters/sanitise.js';
import { fitText } from '../presenters/width.js';
import type { Viewport } from '../state/types.js';
import { listViewRows } from '../state/view-layout.js';
import type { LogMode } from '../state/view-types.js';
import { rowStyle, theme } from '../theme.js';
import { DialogFrame } from './dialog-frame.js';

function scopeText(mode: LogMode): string {
  const { app, env } = mode.scope;
  if (app === undefined) return 'the whole vault';
  return env === undefined ? sanitise(app) : `${sanitise(app)}/${sanitise(env)}`;
}

function ChainLine({ mode }: { mode: LogMode }) {
  const chain = mode.chain;
  if (!chain) return <Text color={theme.muted}>Checking the hash chain…</Text>;
  if (chain.ok) {
    return <Text color={theme.success} wrap="truncate-end">{`✓ Hash chain intact: all ${chain.entries} entries of the vault's log verify.`}</Text>;
  }
  const where = chain.brokenAt !== undefined ? ` at entry ${chain.brokenAt}` : '';
  return (
    <Text color={theme.danger} bold wrap="truncate-end">
      {`✗ TAMPERED${where}: ${sanitise(chain.reason ?? 'the hash chain does not verify')} — history was edited outside coffer.`}
    </Text>
  );
}

export function LogView({ mode, viewport, width, rows }: { mode: LogMode; viewport: Viewport; now: number; width: number; rows: number }) {
  const page = listViewRows(viewport);
  const entries = mode.entries ?? [];
  const shown = entries.slice(mode.list.top, mode.list.top + page);
  const count = mode.entries ? ` · ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, newest first (times UTC)` : '';
  return (
    <DialogFrame title={`History of ${scopeText(mode)}${count}`} width={width} rows={rows}>
      <ChainLine mode={mode} />
      <Box flexDirection="column" height={page}>
        {!mode.entries ? <Text color={theme.muted}>Reading the audit log…</Text> : null}
        {mode.entries && entries.length === 0 ? <Text color={theme.muted}> nothing recorded here yet</Text> : null}
        {shown.map((entry, i) => {
          const selected = mode.list.top + i === mode.list.cursor;
          const text = `${selected ? '▸' : ' '}${String(entry.seq).padStart(5)}  ${logTime(entry.at)}  ${fitText(sanitise(entry.actor), 12)} ${fitText(entry.action, 17)}${logTarget(entry)}${entry.detail ? `  ${sanitise(entry.detail)}` : ''}`;
          return (
            <Text key={entry.seq} wrap="truncate-end" {...rowStyle(selected, undefined)}>
              {text}
            </Text>
          );
        })}
      </Box>
    </DialogFrame>
  );
}
