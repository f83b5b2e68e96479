// Recovery codes: 28 random Crockford base32 symbols (140 bits), shown once at init in groups of
// four (`7Q2M-…`) so they can be written down and read back. Input ignores case, dashes and
// spaces, and accepts the look-alikes Crockford defines (I, L → 1; O → 0).
import { randomInt } from 'node:crypto';
import { InvalidInputError } from '../domain/errors.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SYMBOLS = 28;
const GROUP = 4;

export function generateRecoveryCode(): string {
  let symbols = '';
  for (let i = 0; i < SYMBOLS; i++) symbols += ALPHABET[randomInt(ALPHABET.length)];
  return formatRecoveryCode(symbols);
}

/** The canonical form (28 symbols, no dashes) that keys are derived from. */
export function normalizeRecoveryCode(input: string): string {
  const symbols = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (symbols.length !== SYMBOLS || [...symbols].some((c) => !ALPHABET.includes(c))) {
    throw new InvalidInputError(
      'That is not a coffer recovery code.',
      `A recovery code has ${SYMBOLS} letters and digits in groups of ${GROUP}, like ABCD-EFGH-…; dashes and case do not matter.`,
    );
  }
  return symbols;
}

function formatRecoveryCode(symbols: string): string {
  return symbols.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}
