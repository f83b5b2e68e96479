// Value generation for rotation. Randomness and the word list are injected (the store/CLI pass
// node:crypto and a published word list), so the rules here stay pure and testable.

export type GeneratorPreset = 'alnum' | 'hex' | 'base64' | 'base64url' | 'words';

export interface GeneratorSpec {
  preset: GeneratorPreset;
  /** Characters for alnum/hex, random bytes for base64/base64url, words for words. */
  length: number;
}

export interface GeneratorPresetInfo {
  preset: GeneratorPreset;
  label: string;
  defaultLength: number;
  min: number;
  max: number;
  unit: 'characters' | 'bytes' | 'words';
}

export const GENERATOR_PRESETS: readonly GeneratorPresetInfo[] = [
  { preset: 'alnum', label: 'letters and digits', defaultLength: 32, min: 12, max: 256, unit: 'characters' },
  { preset: 'hex', label: 'hexadecimal', defaultLength: 64, min: 16, max: 512, unit: 'characters' },
  { preset: 'base64', label: 'random bytes, base64', defaultLength: 32, min: 16, max: 256, unit: 'bytes' },
  { preset: 'base64url', label: 'random bytes, base64url', defaultLength: 32, min: 16, max: 256, unit: 'bytes' },
  { preset: 'words', label: 'word passphrase', defaultLength: 6, min: 4, max: 24, unit: 'words' },
];

export interface Randomness {
  randomBytes(count: number): Uint8Array;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

export function presetInfo(preset: GeneratorPreset): GeneratorPresetInfo {
  const info = GENERATOR_PRESETS.find((p) => p.preset === preset);
  if (!info) throw new Error(`unknown preset ${preset}`);
  return info;
}

/** Clamps a requested length into the preset's range. */
export function clampLength(preset: GeneratorPreset, length: number): number {
  const { min, max } = presetInfo(preset);
  return Math.min(max, Math.max(min, Math.round(length)));
}

/** A uniformly random integer in [0, bound), by rejection sampling (no modulo bias). */
export function randomBelow(random: Randomness, bound: number): number {
  if (bound < 1 || bound > 2 ** 32) throw new RangeError('bound out of range');
  const limit = Math.floor(2 ** 32 / bound) * bound;
  for (;;) {
    const b = random.randomBytes(4);
    const n = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (n < limit) return n % bound;
  }
}

function pick(random: Randomness, alphabet: string, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[randomBelow(random, alphabet.length)];
  return out;
}

function base64(bytes: Uint8Array, url: boolean): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const encoded = btoa(binary);
  return url ? encoded.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : encoded;
}

export function generateValue(spec: GeneratorSpec, random: Randomness, wordlist: readonly string[] = []): string {
  const length = clampLength(spec.preset, spec.length);
  switch (spec.preset) {
    case 'alnum':
      return pick(random, ALNUM, length);
    case 'hex':
      return pick(random, HEX, length);
    case 'base64':
    case 'base64url':
      return base64(random.randomBytes(length), spec.preset === 'base64url');
    case 'words': {
      if (wordlist.length < 1024) throw new Error('a word list of at least 1024 words is needed');
      return Array.from({ length }, () => wordlist[randomBelow(random, wordlist.length)]).join('-');
    }
  }
}

/** Entropy of a generated value in bits, shown next to the preview. */
export function generatedEntropyBits(spec: GeneratorSpec, wordlistSize = 2048): number {
  const length = clampLength(spec.preset, spec.length);
  switch (spec.preset) {
    case 'alnum':
      return Math.floor(length * Math.log2(ALNUM.length));
    case 'hex':
      return length * 4;
    case 'base64':
    case 'base64url':
      return length * 8;
    case 'words':
      return Math.floor(length * Math.log2(wordlistSize));
  }
}
