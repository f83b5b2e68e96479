// The detail pane's lines for the selection: a secret's version in view, or else a summary of
// the environment or app. Ordered by importance: a short pane shows the first lines.
import { currentVersion, rotationStatus, SHARED_SCOPE } from '../../domain/index.js';
import type { App, Environment, Secret, Version } from '../../domain/index.js';
import { countText, longAge, rotationText } from './format.js';
import { originText, PROTECTED_MARK } from './rows.js';
import type { RowTone } from './rows.js';
import { sanitise } from './sanitise.js';
import { presentValue } from './value.js';
import type { ValueView } from './value.js';

export interface DetailLine {
  label: string;
  text: string;
  tone?: RowTone;
}

export interface SecretDetail {
  kind: 'secret';
  title: string;
  facets: string;
  value: ValueView;
  lines: DetailLine[];
}

export interface SummaryDetail {
  kind: 'summary';
  title: string;
  lines: DetailLine[];
}

export type Detail = SecretDetail | SummaryDetail;

export interface SecretDetailInput {
  secret: Secret;
  version: Version;
  revealed: boolean;
  now: Date;
  /** The value's keyed fingerprint (from the session), when it has a live value. */
  fingerprint?: string;
  /** This member's personal value, shown (and used) instead of the current shared one. */
  personal?: { value: string; updatedAt: string };
}

const ROTATION_TONE: Record<string, RowTone> = { overdue: 'danger', due: 'warning', ok: 'normal', none: 'muted' };

export function secretDetail({ secret, version, revealed, now, fingerprint, personal }: SecretDetailInput): SecretDetail {
  const current = currentVersion(secret);
  const isCurrent = current?.n === version.n;
  const override = isCurrent && personal && version.state === 'live' ? personal : undefined;
  const rotation = rotationStatus(secret, now);
  const versionText = [
    `v${version.n}${isCurrent ? ' (current)' : ` (current v${current?.n})`}`,
    version.state,
    `${longAge(version.createdAt, now)} by ${sanitise(version.author)}`,
    version.origin.type === 'rollback' ? `rollback of v${version.origin.of}` : originText(version),
  ].join(' · ');
  const lines: DetailLine[] = [
    { label: 'version', text: versionText, tone: version.state === 'live' ? 'normal' : 'warning' },
    { label: 'rotate', text: rotationText(secret.rotation?.everyDays, rotation), tone: ROTATION_TONE[rotation.state] ?? 'normal' },
    { label: 'print', text: `${fingerprint ?? '—'}   path ${sanitise(secret.path)}` },
    { label: 'tags', text: secret.tags.length ? secret.tags.map((t) => sanitise(t)).join(', ') : '—', tone: secret.tags.length ? 'normal' : 'muted' },
    { label: 'comment', text: secret.comment ? sanitise(secret.comment) : '—', tone: secret.comment ? 'normal' : 'muted' },
  ];
  if (override) {
    lines.unshift({ label: '', text: `personal — overrides shared v${version.n} · set ${longAge(override.updatedAt, now)}`, tone: 'success' });
  }
  const facets = [secret.type, secret.kind, secret.purpose].filter(Boolean).join(' · ');
  const shown = override ? { ...version, value: override.value } : version;
  return { kind: 'secret', title: sanitise(secret.key), facets, value: presentValue(secret, shown, revealed), lines };
}

/** A team environment this member holds no key for: who can grant it instead of counts. */
export function lockedSummary(app: App, env: Environment, grantors: string): SummaryDetail {
  return {
    kind: 'summary',
    title: `${sanitise(app.name)} › ${sanitise(env.name)}`,
    lines: [
      { label: 'locked', text: 'you hold no key for this environment: its values are never fetched', tone: 'warning' },
      { label: 'access', text: sanitise(grantors) },
    ],
  };
}

export function envSummary(app: App, env: Environment, secretCount: number, sharedCount: number): SummaryDetail {
  const lines: DetailLine[] = [
    { label: 'secrets', text: countText(secretCount, 'secret') },
    {
      label: 'protected',
      text: env.protected ? `yes ${PROTECTED_MARK} — deleting here asks for the typed name` : 'no',
      tone: env.protected ? 'warning' : 'muted',
    },
  ];
  if (app.name !== SHARED_SCOPE) {
    lines.push({ label: 'shared', text: `${countText(sharedCount, 'secret')} inherited from shared/${sanitise(env.name)}` });
  }
  return { kind: 'summary', title: `${sanitise(app.name)} › ${sanitise(env.name)}`, lines };
}

export function appSummary(app: App, secretCount: number): SummaryDetail {
  return {
    kind: 'summary',
    title: sanitise(app.name),
    lines: [
      { label: 'about', text: app.description ? sanitise(app.description) : '—', tone: app.description ? 'normal' : 'muted' },
      { label: 'envs', text: app.envs.map((e) => sanitise(e.name) + (e.protected ? ` ${PROTECTED_MARK}` : '')).join(', ') || '—' },
      { label: 'secrets', text: countText(secretCount, 'secret') },
    ],
  };
}
