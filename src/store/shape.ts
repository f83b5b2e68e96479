// Schemas for what the store reads from untrusted bytes (the header, the decrypted payload, the
// rollback record, the lock holder): small validating parsers built from combinators, with the
// TypeScript type of each inferred from it — the part of zod the store used, without its cost.
//
// Why not zod: every CLI command parses a header, and every session parses every record. The
// full zod bundle costs ~45 ms of start-up before main() runs; zod/mini costs ~15 ms and parses
// records without zod's JIT, ~2× slower than full zod (10,000 records: ~450 ms). These parsers
// are closures that check and copy in one pass.
//
// Semantics follow zod's: `object` keeps only its known keys (unknown ones are dropped),
// `looseObject` keeps every key; optional keys may be absent or undefined; integers are safe
// integers; numbers are finite. parse() returns a new value (never the input) or undefined.

/** A parser of untrusted data: the parsed copy, or FAIL. */
export interface Shape<T> {
  /** @internal */
  readonly run: (value: unknown) => T | typeof FAIL;
  /** Marks keys of an object that may be left out. */
  readonly optional?: true;
  /** The parsed copy, or undefined when `value` does not have this shape. */
  parse(value: unknown): T | undefined;
}

export type Infer<S> = S extends Shape<infer T> ? T : never;

const FAIL: unique symbol = Symbol('fail');

function shape<T>(run: (value: unknown) => T | typeof FAIL, optional?: true): Shape<T> {
  return {
    run,
    ...(optional && { optional }),
    parse(value) {
      const result = run(value);
      return result === FAIL ? undefined : result;
    },
  };
}

interface StringRules {
  pattern?: RegExp;
  min?: number;
  max?: number;
  refine?: (text: string) => boolean;
}

export function string(rules: StringRules = {}): Shape<string> {
  const { pattern, min, max, refine } = rules;
  return shape((v) => {
    if (typeof v !== 'string') return FAIL;
    if (min !== undefined && v.length < min) return FAIL;
    if (max !== undefined && v.length > max) return FAIL;
    if (pattern && !pattern.test(v)) return FAIL;
    if (refine && !refine(v)) return FAIL;
    return v;
  });
}

/** A safe integer, optionally within [min, max]. */
export function int(rules: { min?: number; max?: number } = {}): Shape<number> {
  const { min, max } = rules;
  return shape((v) => {
    if (!Number.isSafeInteger(v)) return FAIL;
    const n = v as number;
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) return FAIL;
    return n;
  });
}

/** A finite number; `positive`: greater than 0. */
export function number(rules: { positive?: boolean } = {}): Shape<number> {
  return shape((v) => (typeof v === 'number' && Number.isFinite(v) && (!rules.positive || v > 0) ? v : FAIL));
}

export const boolean: Shape<boolean> = shape((v) => (typeof v === 'boolean' ? v : FAIL));

export function literal<const L extends string | number | boolean>(literal: L): Shape<L> {
  return shape((v) => (v === literal ? literal : FAIL));
}

export function oneOf<const T extends readonly string[]>(values: T): Shape<T[number]> {
  const allowed = new Set<unknown>(values);
  return shape((v) => (allowed.has(v) ? (v as T[number]) : FAIL));
}

export function optional<T>(inner: Shape<T>): Shape<T | undefined> {
  return shape((v) => (v === undefined ? undefined : inner.run(v)), true);
}

export function nullable<T>(inner: Shape<T>): Shape<T | null> {
  return shape((v) => (v === null ? null : inner.run(v)));
}

export function array<T>(item: Shape<T>, rules: { min?: number; max?: number } = {}): Shape<T[]> {
  const { min, max } = rules;
  return shape((v) => {
    if (!Array.isArray(v)) return FAIL;
    if ((min !== undefined && v.length < min) || (max !== undefined && v.length > max)) return FAIL;
    const out: T[] = new Array<T>(v.length);
    for (let i = 0; i < v.length; i++) {
      const parsed = item.run(v[i]);
      if (parsed === FAIL) return FAIL;
      out[i] = parsed;
    }
    return out;
  });
}

export function tuple<const S extends readonly Shape<unknown>[]>(...items: S): Shape<{ -readonly [K in keyof S]: Infer<S[K]> }> {
  return shape((v) => {
    if (!Array.isArray(v) || v.length !== items.length) return FAIL;
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const parsed = items[i]!.run(v[i]);
      if (parsed === FAIL) return FAIL;
      out.push(parsed);
    }
    return out as { -readonly [K in keyof S]: Infer<S[K]> };
  });
}

type Props = Record<string, Shape<unknown>>;
type OptionalKeys<P extends Props> = { [K in keyof P]: P[K] extends { optional: true } ? K : never }[keyof P];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<P extends Props> = Simplify<
  { [K in Exclude<keyof P, OptionalKeys<P>>]: Infer<P[K]> } & { [K in OptionalKeys<P>]?: Infer<P[K]> }
>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectShape<P extends Props>(props: P, loose: boolean): Shape<ObjectOf<P>> {
  const entries = Object.entries(props);
  const known = new Set(Object.keys(props));
  return shape((v) => {
    if (!isPlainObject(v)) return FAIL;
    const out: Record<string, unknown> = {};
    if (loose) {
      // Unknown keys are kept as they are (a newer coffer's fields survive a save by this one).
      for (const key of Object.keys(v)) if (!known.has(key)) defineOwn(out, key, v[key]);
    }
    for (const [key, prop] of entries) {
      const present = Object.hasOwn(v, key);
      const parsed = prop.run(present ? v[key] : undefined);
      if (parsed === FAIL) return FAIL;
      if (present || parsed !== undefined) defineOwn(out, key, parsed);
    }
    return out as ObjectOf<P>;
  });
}

/** Sets an own property even for "__proto__", which plain assignment would not. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** An object with these keys; unknown keys are dropped. */
export function object<P extends Props>(props: P): Shape<ObjectOf<P>> {
  return objectShape(props, false);
}

/** An object with these keys; unknown keys are kept. */
export function looseObject<P extends Props>(props: P): Shape<ObjectOf<P>> {
  return objectShape(props, true);
}

/** An object whose own keys are strings and values all of one shape. */
export function record<T>(value: Shape<T>): Shape<Record<string, T>> {
  return shape((v) => {
    if (!isPlainObject(v)) return FAIL;
    const out: Record<string, T> = {};
    for (const key of Object.keys(v)) {
      const parsed = value.run(v[key]);
      if (parsed === FAIL) return FAIL;
      defineOwn(out, key, parsed);
    }
    return out;
  });
}

/** One of several object shapes, chosen by the value of `key` (made with `tagged`). */
export function discriminatedUnion<const S extends readonly (Shape<unknown> & { tag: string })[]>(key: string, options: S): Shape<Infer<S[number]>> {
  const byTag = new Map<unknown, Shape<unknown>>(options.map((option) => [option.tag, option]));
  return shape((v) => {
    if (!isPlainObject(v)) return FAIL;
    const option = byTag.get(v[key]);
    return option ? (option.run(v) as Infer<S[number]> | typeof FAIL) : FAIL;
  });
}

/** An object shape whose `key` is the literal `tag`, for discriminatedUnion. */
export function tagged<const K extends string, const L extends string, P extends Props>(key: K, tag: L, props: P, loose = false) {
  type All = P & { [k in K]: Shape<L> };
  const all = { ...props, [key]: literal(tag) } as unknown as All;
  const inner: Shape<ObjectOf<All>> = loose ? looseObject(all) : object(all);
  return Object.assign(inner, { tag });
}
