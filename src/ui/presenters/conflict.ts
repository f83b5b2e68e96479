// The conflict dialog's lines: their version and yours, each by number, author, age, size and
// fingerprint — a value itself never appears, masked or not.
import type { ConflictMode, TheirSide, YourSide } from '../state/conflict.js';
import { retryVersion } from '../state/conflict.js';
import { longAge } from './format.js';
import { sanitise } from './sanitise.js';
import { MASK } from './value.js';

export interface ConflictLine {
  label: string;
  text: string;
  tone?: 'warning' | 'muted';
}

function theirText(side: TheirSide, now: Date): string {
  const v = side.version;
  if (!v) return `${sanitise(side.address.key)} was deleted`;
  const value = v.state === 'live' ? `${MASK} ${v.size ?? ''}`.trimEnd() : v.state;
  const print = v.fingerprint ? ` · print ${v.fingerprint}` : '';
  return `v${v.n} · ${longAge(v.at, now)} by ${sanitise(v.author)} · ${value}${print}`;
}

function yourText(side: YourSide): string {
  if (side.fingerprint) return `${MASK} ${side.size ?? ''} · print ${side.fingerprint}`;
  return side.what;
}

export function conflictTitle(mode: ConflictMode): string {
  const authors = [...new Set(mode.theirs.flatMap((t) => (t.version ? [sanitise(t.version.author)] : [])))];
  const keys = mode.theirs.map((t) => sanitise(t.address.key));
  const what = keys.length === 1 ? keys[0] : `${keys.length} secrets`;
  return `Not saved: ${authors.join(', ') || 'someone else'} changed ${what} first`;
}

export function conflictLines(mode: ConflictMode, now: Date): ConflictLine[] {
  const many = mode.theirs.length > 1;
  const lines: ConflictLine[] = [];
  mode.theirs.forEach((theirs, i) => {
    const yours = mode.yours[i];
    const prefix = many ? `${sanitise(theirs.address.key)}: ` : '';
    lines.push({ label: 'theirs', text: prefix + theirText(theirs, now) });
    if (yours) lines.push({ label: 'yours', text: prefix + yourText(yours), tone: 'warning' });
  });
  const n = retryVersion(mode.retry);
  if ('problem' in mode.retry) lines.push({ label: '', text: `Yours cannot be saved again: ${mode.retry.problem}.`, tone: 'muted' });
  else if (n !== undefined) lines.push({ label: '', text: `Saving yours makes v${n}; theirs stays in the history as v${n - 1}.`, tone: 'muted' });
  return lines;
}
