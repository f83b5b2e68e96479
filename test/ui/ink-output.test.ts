// src/ui/terminal/ink-output.ts stands in for Ink's own Output in the built program (see
// scripts/build.mjs): it must paint exactly what Ink's does. Random frames — styled text with
// nested and overlapping SGR codes, links, wide and combining characters, transformers, clips,
// text past the grid's edges — painted by both, frame after frame so its cross-frame caches are
// exercised, must come out byte for byte equal.
import { describe, expect, it } from 'vitest';
import InkOutput from '../../node_modules/ink/build/output.js';
import Output from '../../src/ui/terminal/ink-output.js';
import { prng } from '../faults/fuzz/prng.js';
import type { Rng } from '../faults/fuzz/prng.js';

const SGR = [
  '\u001b[1m', '\u001b[22m', '\u001b[2m', '\u001b[3m', '\u001b[23m', '\u001b[4m', '\u001b[24m', '\u001b[7m', '\u001b[27m',
  '\u001b[31m', '\u001b[32m', '\u001b[39m', '\u001b[41m', '\u001b[44m', '\u001b[49m', '\u001b[90m',
  '\u001b[38;5;208m', '\u001b[48;5;236m', '\u001b[38;2;200;100;50m', '\u001b[48;2;10;20;30m', '\u001b[0m',
  '\u001b]8;;https://example.com\u0007', '\u001b]8;;\u0007',
];
const TEXT = ['a', 'b', 'KEY_00042', ' ', '  ', '▸', '›', '│', '─', '┌', '…', '•', '漢', '字', '🔑', 'é', 'e\u0301', '\t', 'production', '◆'];

function styledText(rng: Rng, maxParts: number): string {
  let text = '';
  for (let i = rng.range(1, maxParts); i > 0; i--) text += rng.chance(0.35) ? rng.pick(SGR) : rng.pick(TEXT);
  return text;
}

const upper: (line: string, index: number) => string = (line) => line.toUpperCase();
const tagged: (line: string, index: number) => string = (line, index) => `\u001b[32m${index}\u001b[39m${line}`;

type Op =
  | { type: 'write'; x: number; y: number; text: string; transformers: ((line: string, index: number) => string)[] }
  | { type: 'clip'; clip: { x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined } }
  | { type: 'unclip' };

function frame(rng: Rng, width: number, height: number, reuse: string[]): Op[] {
  const ops: Op[] = [];
  let clips = 0;
  for (let i = rng.range(1, 30); i > 0; i--) {
    const roll = rng.next();
    if (roll < 0.1) {
      ops.push({
        type: 'clip',
        clip: {
          x1: rng.chance(0.8) ? rng.range(0, width) : undefined,
          x2: rng.chance(0.8) ? rng.range(0, width + 5) : undefined,
          y1: rng.chance(0.8) ? rng.range(0, height) : undefined,
          y2: rng.chance(0.8) ? rng.range(0, height + 3) : undefined,
        },
      });
      clips++;
    } else if (roll < 0.16 && clips > 0) {
      ops.push({ type: 'unclip' });
      clips--;
    } else {
      const lines = rng.range(1, 4);
      const text =
        reuse.length && rng.chance(0.6)
          ? rng.pick(reuse)
          : Array.from({ length: lines }, () => (rng.chance(0.05) ? '' : styledText(rng, 12))).join('\n');
      reuse.push(text);
      const transformers = rng.chance(0.2) ? [rng.pick([upper, tagged])] : [];
      ops.push({ type: 'write', x: rng.range(-2, width + 2), y: rng.range(-1, height + 1), text, transformers });
    }
  }
  return ops;
}

function paint(output: InkOutput | Output, ops: Op[]) {
  for (const op of ops) {
    if (op.type === 'write') output.write(op.x, op.y, op.text, { transformers: op.transformers });
    else if (op.type === 'clip') output.clip(op.clip);
    else output.unclip();
  }
  return output.get();
}

describe('Output stands in for Ink’s', () => {
  it('paints 800 random frames byte for byte as Ink does', () => {
    const seed = Date.now() >>> 0;
    const rng = prng(seed);
    const reuse: string[] = [];
    for (let n = 0; n < 800; n++) {
      const width = rng.range(0, 40);
      const height = rng.range(0, 12);
      const ops = frame(rng, width, height, reuse);
      if (reuse.length > 200) reuse.splice(0, 100);
      const expected = paint(new InkOutput({ width, height }), ops);
      const actual = paint(new Output({ width, height }), ops);
      if (actual.output !== expected.output || actual.height !== expected.height) {
        expect({ seed, frame: n, ops, actual }).toEqual({ seed, frame: n, ops, actual: expected });
      }
    }
  });

  it('paints a screen of styled rows the same, frame after frame, as a cursor moves down it', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `KEY_${String(i).padStart(5, '0')}`.padEnd(30));
    for (let cursor = 0; cursor < 40; cursor++) {
      const ops: Op[] = rows.map((row, i) => ({
        type: 'write',
        x: 2,
        y: i,
        text: i === cursor ? `\u001b[1m\u001b[48;5;24m\u001b[97m▸${row}\u001b[39m\u001b[49m\u001b[22m` : ` ${row}`,
        transformers: [],
      }));
      ops.push({ type: 'write', x: 0, y: 0, text: '│\n'.repeat(40).trimEnd(), transformers: [] });
      expect(paint(new Output({ width: 60, height: 40 }), ops)).toEqual(paint(new InkOutput({ width: 60, height: 40 }), ops));
    }
  });
});
