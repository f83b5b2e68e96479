// o: the rotation panel — a preset and a length, the generated value(s) masked until x shows
// them, and the entropy each carries. enter asks once, then saves them all in one commit.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { currentVersion, GENERATOR_PRESETS, generatedEntropyBits, presetInfo, rotationStatus, secretId } from '../../domain/index.js';
import type { VaultState } from '../../domain/index.js';
import { longAge, rotationText } from '../presenters/format.js';
import { sanitise } from '../presenters/sanitise.js';
import { MASK } from '../presenters/value.js';
import { fitText } from '../presenters/width.js';
import type { RotateMode } from '../state/types.js';
import { theme } from '../theme.js';
import { DialogFrame } from './dialog-frame.js';

const LABEL = 10;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box height={1}>
      <Box width={LABEL} flexShrink={0}>
        <Text color={theme.muted}>{label}</Text>
      </Box>
      {children}
    </Box>
  );
}

function preview(mode: RotateMode, index: number): string {
  const value = mode.values[index];
  if (value === undefined) return 'generating…';
  return mode.show ? sanitise(value) : `${MASK}  ${Array.from(value).length} chars · x shows`;
}

/** "v7 · set 20 days ago by bob", and "every 90 days · overdue by 3 days" in its tone. */
function CurrentLine({ vault, mode, now }: { vault: VaultState; mode: RotateMode; now: Date }) {
  const [first] = mode.targets;
  const secret = first && vault.secrets[secretId(first.address.app, first.address.env, first.address.key)];
  const current = secret && currentVersion(secret);
  if (!secret || !current) return null;
  const rotation = rotationStatus(secret, now);
  const tone = rotation.state === 'overdue' ? theme.danger : rotation.state === 'due' ? theme.warning : undefined;
  return (
    <Field label="now">
      <Text wrap="truncate-end">
        {`v${current.n} · set ${longAge(current.createdAt, now)} by ${sanitise(current.author)} · `}
        <Text {...(tone ? { color: tone } : {})}>{rotationText(secret.rotation?.everyDays, rotation)}</Text>
      </Text>
    </Field>
  );
}

export interface RotatePanelProps {
  mode: RotateMode;
  vault: VaultState;
  now: number;
  width: number;
  rows: number;
}

export function RotatePanel({ mode, vault, now, width, rows }: RotatePanelProps) {
  const [first] = mode.targets;
  if (!first) return null;
  const where = `${sanitise(first.address.app)}/${sanitise(first.address.env)}`;
  const single = mode.targets.length === 1;
  const title = single ? `Rotate ${sanitise(first.address.key)} in ${where}` : `Rotate ${mode.targets.length} marked secrets in ${where}`;
  const info = presetInfo(mode.preset);
  const bits = generatedEntropyBits({ preset: mode.preset, length: mode.length });
  const protectedEnv = vault.apps[first.address.app]?.envs.some((e) => e.name === first.address.env && e.protected) ?? false;
  const targetRows = Math.max(1, rows - 2 - 1 - GENERATOR_PRESETS.length - 5);
  const shownTargets = mode.targets.slice(0, targetRows);
  const keyWidth = Math.min(32, Math.max(12, ...mode.targets.map((t) => t.address.key.length + 1)));
  return (
    <DialogFrame title={title} width={width} rows={rows}>
      {mode.targets.length === 1 ? <CurrentLine vault={vault} mode={mode} now={new Date(now)} /> : null}
      {GENERATOR_PRESETS.map((preset, i) => {
        const chosen = preset.preset === mode.preset;
        return (
          <Field key={preset.preset} label={i === 0 ? 'preset' : ''}>
            <Text color={chosen ? theme.accent : undefined} bold={chosen}>
              {`${chosen ? '› ' : '  '}${fitText(preset.label, 26)}`}
              <Text color={theme.muted} bold={false}>{`${preset.defaultLength} ${preset.unit} by default`}</Text>
            </Text>
          </Field>
        );
      })}
      <Field label="length">
        <Text>
          <Text bold>{`${mode.length} ${info.unit}`}</Text>
          <Text color={theme.muted}>{`   − / + (${info.min}–${info.max})`}</Text>
        </Text>
      </Field>
      <Field label="entropy">
        <Text color={bits >= 128 ? theme.success : bits >= 80 ? undefined : theme.warning}>{`${bits} bits${bits < 80 ? ' — short: consider a longer value' : ''}`}</Text>
      </Field>
      {single ? (
        <Field label="preview">
          <Text wrap="truncate-end" color={mode.show ? theme.warning : undefined}>
            {preview(mode, 0)}
          </Text>
        </Field>
      ) : (
        <Box flexDirection="column">
          {shownTargets.map((t, i) => (
            <Field key={t.address.key} label={i === 0 ? 'preview' : ''}>
              <Text wrap="truncate-end">
                <Text bold>{fitText(sanitise(t.address.key), keyWidth)}</Text>
                <Text color={theme.muted}>{`v${t.expectedVersion} → v${t.expectedVersion + 1}  `}</Text>
                <Text color={mode.show ? theme.warning : undefined}>{preview(mode, i)}</Text>
              </Text>
            </Field>
          ))}
          {mode.targets.length > shownTargets.length ? <Text color={theme.muted}>{`          … and ${mode.targets.length - shownTargets.length} more`}</Text> : null}
        </Box>
      )}
      <Text color={theme.muted} wrap="truncate-end">
        {single
          ? `enter saves it as v${first.expectedVersion + 1} (origin generate) after one confirmation${protectedEnv ? `: type the key, ${sanitise(first.address.env)} is protected` : ''}.`
          : `enter saves them in one commit after one confirmation${protectedEnv ? ': type the environment, it is protected' : ''}.`}
      </Text>
      <Text color={theme.muted} wrap="truncate-end">
        ctrl-z undoes it afterwards; the history keeps every earlier version.
      </Text>
      {mode.targets.some((t) => t.type === 'sealed') ? <Text color={theme.warning}>Sealed: after saving, the new value is never shown again.</Text> : null}
    </DialogFrame>
  );
}
