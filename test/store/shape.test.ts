// The store's schema combinators (src/store/shape.ts): the parts of zod's semantics the store
// relies on, checked directly — the schemas built from them are exercised by every other store
// test, the golden file and the fault suite's fuzzers.
import { describe, expect, it } from 'vitest';
import * as s from '../../src/store/shape.js';

describe('shape', () => {
  it('object keeps its known keys only; looseObject keeps every key, "__proto__" as an own one', () => {
    const strict = s.object({ a: s.int() });
    const loose = s.looseObject({ a: s.int() });
    const input = JSON.parse('{"a":1,"extra":"x","__proto__":{"polluted":true}}') as unknown;
    expect(strict.parse(input)).toEqual({ a: 1 });
    const kept = loose.parse(input)!;
    expect(Object.keys(kept).sort()).toEqual(['__proto__', 'a', 'extra']);
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses into a copy and leaves the input alone', () => {
    const schema = s.looseObject({ list: s.array(s.looseObject({ n: s.int() })) });
    const input = { list: [{ n: 1, more: true }] };
    const parsed = schema.parse(input)!;
    expect(parsed).toEqual(input);
    expect(parsed).not.toBe(input);
    expect(parsed.list[0]).not.toBe(input.list[0]);
  });

  it('optional keys may be absent; present ones must match; required ones must be there', () => {
    const schema = s.object({ need: s.string(), may: s.optional(s.int()) });
    expect(schema.parse({ need: 'x' })).toEqual({ need: 'x' });
    expect('may' in schema.parse({ need: 'x' })!).toBe(false);
    expect(schema.parse({ need: 'x', may: 2 })).toEqual({ need: 'x', may: 2 });
    expect(schema.parse({ need: 'x', may: 'two' })).toBeUndefined();
    expect(schema.parse({ may: 2 })).toBeUndefined();
    expect(s.object({ v: s.nullable(s.string()) }).parse({})).toBeUndefined();
    expect(s.object({ v: s.nullable(s.string()) }).parse({ v: null })).toEqual({ v: null });
  });

  it('numbers: int is a safe integer within bounds; number is finite', () => {
    const int = s.int({ min: 1, max: 10 });
    for (const bad of [0, 11, 1.5, '3', null, 2 ** 53, Number.NaN]) expect(int.parse(bad), String(bad)).toBeUndefined();
    expect(int.parse(10)).toBe(10);
    expect(s.int().parse(-(2 ** 53) + 1)).toBe(-(2 ** 53) + 1);
    expect(s.number().parse(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(s.number({ positive: true }).parse(0)).toBeUndefined();
    expect(s.number({ positive: true }).parse(0.5)).toBe(0.5);
  });

  it('strings: pattern, length and refinement', () => {
    const schema = s.string({ pattern: /^[a-z]+$/, min: 2, max: 4, refine: (t) => t !== 'nope' });
    expect(schema.parse('abc')).toBe('abc');
    for (const bad of ['a', 'abcde', 'AB', 'nope', 3, null]) expect(schema.parse(bad), String(bad)).toBeUndefined();
  });

  it('arrays, tuples, records, literals and enums', () => {
    expect(s.array(s.int(), { min: 1, max: 2 }).parse([])).toBeUndefined();
    expect(s.array(s.int(), { min: 1, max: 2 }).parse([1, 2, 3])).toBeUndefined();
    expect(s.array(s.int()).parse([1, 'x'])).toBeUndefined();
    expect(s.tuple(s.string(), s.int()).parse(['a', 1])).toEqual(['a', 1]);
    expect(s.tuple(s.string(), s.int()).parse(['a', 1, 2])).toBeUndefined();
    expect(s.record(s.int()).parse({ a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    expect(s.record(s.int()).parse({ a: 1, b: 'x' })).toBeUndefined();
    expect(s.record(s.int()).parse([1])).toBeUndefined();
    expect(s.literal('x').parse('y')).toBeUndefined();
    expect(s.oneOf(['a', 'b']).parse('b')).toBe('b');
    expect(s.oneOf(['a', 'b']).parse('constructor')).toBeUndefined();
    expect(s.boolean.parse(0)).toBeUndefined();
  });

  it('discriminatedUnion picks the option by its tag', () => {
    const schema = s.discriminatedUnion('type', [s.tagged('type', 'a', { n: s.int() }), s.tagged('type', 'b', { t: s.string() })]);
    expect(schema.parse({ type: 'a', n: 1 })).toEqual({ type: 'a', n: 1 });
    expect(schema.parse({ type: 'b', t: 'x', n: 1 })).toEqual({ type: 'b', t: 'x' });
    expect(schema.parse({ type: 'a', t: 'x' })).toBeUndefined();
    expect(schema.parse({ type: 'c' })).toBeUndefined();
    expect(schema.parse({ type: 'toString' })).toBeUndefined();
    expect(schema.parse(null)).toBeUndefined();
  });
});
