// How a value shows in the detail pane: masked with its length, revealed, plain (config), or
// unavailable (sealed, deleted, destroyed). Every shown character goes through the sanitiser.
import type { Secret, Version } from '../../domain/index.js';
import { sanitise } from './sanitise.js';

export const MASK = '•'.repeat(12);

export type ValueView =
  /** Hidden: a fixed-width mask (never one bullet per character) and the length in words. */
  | { kind: 'masked'; text: string; size: string }
  /** Shown in clear: config values always, secret values while revealed. */
  | { kind: 'shown'; lines: string[]; size: string; revealed: boolean }
  | { kind: 'unavailable'; text: string; size?: string };

export function sizeText(value: string): string {
  const chars = Array.from(value).length;
  const lines = value.split('\n').length;
  return `${chars} char${chars === 1 ? '' : 's'}${lines > 1 ? `, ${lines} lines` : ''}`;
}

export function presentValue(secret: Secret, version: Version, revealed: boolean): ValueView {
  if (version.state === 'destroyed' || version.value === null) {
    return { kind: 'unavailable', text: `destroyed — v${version.n}'s value is gone for good` };
  }
  const size = sizeText(version.value);
  if (secret.type === 'sealed') return { kind: 'unavailable', text: 'sealed — never shown after saving', size };
  if (version.state === 'deleted') return { kind: 'unavailable', text: `deleted — u undeletes v${version.n}`, size };
  if (secret.type === 'config' || revealed) {
    return {
      kind: 'shown',
      lines: version.value.split('\n').map((line) => sanitise(line)),
      size,
      revealed: secret.type !== 'config',
    };
  }
  return { kind: 'masked', text: MASK, size };
}
