import { randomBytes } from 'node:crypto';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { describe, expect, it } from 'vitest';
import { clampLength, generatedEntropyBits, generateValue, randomBelow } from '../../src/domain/index.js';

const random = { randomBytes: (n: number) => new Uint8Array(randomBytes(n)) };

describe('value generation', () => {
  it.each([
    ['alnum', 32, /^[A-Za-z0-9]{32}$/],
    ['hex', 64, /^[0-9a-f]{64}$/],
    ['base64', 32, /^[A-Za-z0-9+/]{43}=$/],
    ['base64url', 32, /^[A-Za-z0-9_-]{43}$/],
    ['words', 6, /^[a-z]+(-[a-z]+){5}$/],
  ] as const)('%s of %i', (preset, length, pattern) => {
    const value = generateValue({ preset, length }, random, wordlist);
    expect(value).toMatch(pattern);
    expect(generateValue({ preset, length }, random, wordlist)).not.toBe(value);
  });

  it('clamps lengths into each preset’s range', () => {
    expect(clampLength('alnum', 3)).toBe(12);
    expect(clampLength('words', 99)).toBe(24);
  });

  it('reports entropy', () => {
    expect(generatedEntropyBits({ preset: 'hex', length: 64 })).toBe(256);
    expect(generatedEntropyBits({ preset: 'words', length: 6 })).toBe(66);
    expect(generatedEntropyBits({ preset: 'alnum', length: 32 })).toBe(190);
  });

  it('draws without modulo bias (rejects values past the last full block)', () => {
    // 2^32 is not a multiple of 3: 0xFFFFFFFF lies past the last full block and must be redrawn.
    const draws = [[0xff, 0xff, 0xff, 0xff], [0, 0, 0, 5]];
    const scripted = { randomBytes: () => new Uint8Array(draws.shift()!) };
    expect(randomBelow(scripted, 3)).toBe(2);
    expect(draws).toEqual([]);
  });

  it('is roughly uniform', () => {
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[randomBelow(random, 6)]++;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});
