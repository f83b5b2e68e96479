// The metadata form (E): its fields, the choices of its picker fields, and the patch it saves.
// Only fields that changed go into the patch, so the audit entry says exactly what changed.
import { PURPOSES, SECRET_KINDS, SECRET_TYPES, typeChangeDisabledReason, validateTag } from '../../domain/index.js';
import type { Purpose, Secret, SecretKind, SecretMetaPatch, SecretType } from '../../domain/index.js';
import type { MetaDraft, MetaField } from './types.js';

export interface PickerChoice {
  label: string;
  value: string;
}

export interface MetaFieldSpec {
  name: MetaField;
  label: string;
  input: 'picker' | 'text';
  choices?: (draft: MetaDraft) => PickerChoice[];
  /** Why this field cannot change for this secret. */
  disabled?: (secret: Secret | undefined) => string | undefined;
}

const ROTATION_PRESETS = [7, 30, 60, 90, 180, 365];

export const META_FIELDS: readonly MetaFieldSpec[] = [
  {
    name: 'type',
    label: 'Type',
    input: 'picker',
    choices: () => SECRET_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] })),
    disabled: (secret) => (secret ? typeChangeDisabledReason(secret) : undefined),
  },
  { name: 'kind', label: 'Kind', input: 'picker', choices: () => SECRET_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })) },
  {
    name: 'purpose',
    label: 'Purpose',
    input: 'picker',
    choices: () => [{ value: '', label: 'none' }, ...PURPOSES.map((p) => ({ value: p, label: p }))],
  },
  {
    name: 'rotationDays',
    label: 'Rotation',
    input: 'picker',
    choices: (draft) => {
      const days = new Set(ROTATION_PRESETS);
      if (draft.rotationDays !== null) days.add(draft.rotationDays);
      return [
        { value: '', label: 'no rotation policy' },
        ...[...days].sort((a, b) => a - b).map((d) => ({ value: String(d), label: `every ${d} days` })),
      ];
    },
  },
  { name: 'tags', label: 'Tags', input: 'text' },
  { name: 'comment', label: 'Comment', input: 'text' },
  { name: 'path', label: 'Path', input: 'text' },
];

export const TYPE_LABELS: Record<SecretType, string> = {
  secret: 'secret — masked, revealable',
  sealed: 'sealed — never shown again (cannot be undone)',
  config: 'config — not sensitive, shown plainly',
};

export const KIND_LABELS: Record<SecretKind, string> = {
  env: 'env — an environment variable',
  file: 'file — multi-line, injected as a file',
  registry: 'registry — container registry credentials',
  tls: 'tls — certificate or key (multi-line)',
};

export function metaDraftOf(secret: Secret): MetaDraft {
  return {
    type: secret.type,
    kind: secret.kind,
    purpose: secret.purpose ?? null,
    rotationDays: secret.rotation?.everyDays ?? null,
    tags: secret.tags.join(', '),
    comment: secret.comment,
    path: secret.path,
  };
}

/** Tags as typed: separated by commas or spaces; each validated by the domain's rule. */
export function parseTags(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((tag) => validateTag(tag));
}

/** A picker's choice, written into the draft. */
export function applyPick(draft: MetaDraft, field: MetaField, value: string): MetaDraft {
  switch (field) {
    case 'type':
      return { ...draft, type: value as SecretType };
    case 'kind':
      return { ...draft, kind: value as SecretKind };
    case 'purpose':
      return { ...draft, purpose: value ? (value as Purpose) : null };
    case 'rotationDays':
      return { ...draft, rotationDays: value ? Number(value) : null };
    default:
      return { ...draft, [field]: value };
  }
}

export function metaPatch(secret: Secret, draft: MetaDraft, tags: string[]): SecretMetaPatch {
  const patch: SecretMetaPatch = {};
  if (draft.type !== secret.type) patch.type = draft.type;
  if (draft.kind !== secret.kind) patch.kind = draft.kind;
  if (draft.purpose !== (secret.purpose ?? null)) patch.purpose = draft.purpose;
  if (draft.rotationDays !== (secret.rotation?.everyDays ?? null)) {
    patch.rotation = draft.rotationDays === null ? null : { everyDays: draft.rotationDays };
  }
  const sortedTags = [...new Set(tags)].sort();
  if (sortedTags.join(',') !== secret.tags.join(',')) patch.tags = sortedTags;
  if (draft.comment !== secret.comment) patch.comment = draft.comment;
  const path = draft.path.trim() || '/';
  if (path !== secret.path) patch.path = path;
  return patch;
}
