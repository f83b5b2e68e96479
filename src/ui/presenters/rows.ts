// One display row per list item, for each of the four columns. Names go through the sanitiser:
// they were validated when written, but a vault file is input like any other.
import { currentVersion, rotationStatus, secretStatus } from '../../domain/index.js';
import type { App, Environment, Secret, Version } from '../../domain/index.js';
import { shortAge } from './format.js';
import { sanitise } from './sanitise.js';

export type RowTone = 'normal' | 'muted' | 'warning' | 'danger' | 'success';

export interface Row {
  text: string;
  /** Right-aligned detail (counts, version number, markers). */
  right?: string;
  tone?: RowTone;
}

/** Just the name: the Apps column is the narrowest, and its environments show next door. */
export function appRow(app: App): Row {
  return { text: sanitise(app.name) };
}

export const PROTECTED_MARK = '◆';

/** A team environment this member holds no key for: its values are never fetched. */
export const LOCKED_MARK = 'locked';

export function envRow(env: Environment, secretCount: number, locked = false): Row {
  if (locked) return { text: sanitise(env.name), right: `${LOCKED_MARK}${env.protected ? ` ${PROTECTED_MARK}` : ''}`, tone: 'muted' };
  return { text: sanitise(env.name), right: `${secretCount}${env.protected ? ` ${PROTECTED_MARK}` : ''}` };
}

export const MARK = '●';
export const PERSONAL_MARK = 'P';
export const CHANGED_MARK = '↻';

export interface SecretRowFlags {
  /** Marked (space) for rotating together. */
  marked?: boolean;
  /** This member's personal override is used instead of the shared value. */
  personal?: boolean;
  /** Someone else just changed it. */
  changed?: boolean;
}

/**
 * Markers: ! rotation overdue, ~ due soon, × reads as deleted (current version not live); ● before
 * the key when the row is marked (space) for rotating together; P your personal value overrides
 * the shared one; ↻ someone else just changed it.
 */
export function secretRow(secret: Secret, now: Date, flags: SecretRowFlags = {}): Row {
  const current = currentVersion(secret);
  const status = secretStatus(secret);
  const rotation = rotationStatus(secret, now).state;
  const shared = current ? `v${current.n}` : '—';
  const version = `${flags.changed ? `${CHANGED_MARK} ` : ''}${flags.personal ? `${PERSONAL_MARK} ` : ''}${shared}`;
  const text = flags.marked ? `${MARK} ${sanitise(secret.key)}` : sanitise(secret.key);
  if (flags.changed && status === 'live') return { text, right: version, tone: 'success' };
  if (status !== 'live') return { text, right: `× ${version}`, tone: 'muted' };
  if (rotation === 'overdue') return { text, right: `! ${version}`, tone: 'danger' };
  if (rotation === 'due') return { text, right: `~ ${version}`, tone: 'warning' };
  return { text, right: version };
}

export function originText(version: Version): string {
  switch (version.origin.type) {
    case 'rollback':
      return `←v${version.origin.of}`;
    case 'generate':
      return 'gen';
    case 'import':
      return 'imp';
    default:
      return 'set';
  }
}

const STATE_TONE: Record<Version['state'], RowTone> = { live: 'normal', deleted: 'warning', destroyed: 'muted' };

/**
 * `v7*  live    20d ←v3 bob`: number (* = current), state, age, origin, author. A plain `set` is
 * the usual origin and is left out so narrow columns keep what is unusual.
 */
export function versionRow(version: Version, isCurrent: boolean, now: Date): Row {
  const number = `v${version.n}${isCurrent ? '*' : ''}`.padEnd(4);
  const origin = version.origin.type === 'set' ? '' : `${originText(version)} `;
  const text = `${number} ${version.state.padEnd(7)} ${shortAge(version.createdAt, now).padStart(3)} ${origin}${sanitise(version.author)}`;
  return { text, tone: STATE_TONE[version.state] };
}
