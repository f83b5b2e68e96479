// The header: coffer › api › production › DATABASE_URL › v7.
import type { Derived } from '../state/selectors.js';
import { sanitise } from './sanitise.js';

export const SEPARATOR = ' › ';

export function breadcrumb(derived: Derived): string[] {
  const parts = ['coffer'];
  if (derived.app) parts.push(sanitise(derived.app.name));
  if (derived.env) parts.push(sanitise(derived.env.name));
  if (derived.secret) parts.push(sanitise(derived.secret.key));
  if (derived.version) parts.push(`v${derived.version.n}`);
  return parts;
}

/** Drops leading parts (keeping "coffer") until the crumb fits; the deepest parts matter most. */
export function fitBreadcrumb(parts: string[], width: number): string {
  let shown = [...parts];
  let text = shown.join(SEPARATOR);
  while (text.length > width && shown.length > 2) {
    shown = [shown[0] as string, '…', ...shown.slice(shown[1] === '…' ? 3 : 2)];
    text = shown.join(SEPARATOR);
  }
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}
