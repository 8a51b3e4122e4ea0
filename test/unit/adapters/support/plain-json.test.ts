import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../shared/domain/model.ts';
import { jsonEqual, stableStringify, toPlainJson, toPlainObject } from '../../../../shared/adapters/support/plain-json.ts';

describe('toPlainJson / toPlainObject', () => {
  it('turns dates into ISO strings, drops undefined and $metadata, and keeps the rest', () => {
    // Prepare
    const output = {
      $metadata: { httpStatusCode: 200 },
      createdDate: new Date('2026-11-20T14:10:00.000Z'),
      nested: { list: [1, undefined, 'x'], gone: undefined, flag: false },
      bytes: new Uint8Array([104, 105]),
      count: Number.NaN,
    };

    // Act
    const plain = toPlainObject(output);

    // Assess
    expect(plain).toStrictEqual({
      createdDate: '2026-11-20T14:10:00.000Z',
      nested: { list: [1, null, 'x'], flag: false },
      bytes: 'aGk=',
      count: null,
    });
  });

  it('returns undefined for a function and {} for a non-object output', () => {
    // Prepare
    const fn = () => 1;

    // Act
    const results = [toPlainJson(fn), toPlainObject('text'), toPlainObject(null)];

    // Assess
    expect(results).toStrictEqual([undefined, {}, {}]);
  });
});

describe('stableStringify and jsonEqual', () => {
  it('ignore object key order but not array order', () => {
    // Prepare
    const a = { b: 1, a: [1, 2], c: { y: null, x: 'z' } };
    const b = { c: { x: 'z', y: null }, a: [1, 2], b: 1 };
    const c = { b: 1, a: [2, 1], c: { y: null, x: 'z' } };

    // Act
    const sameKey = stableStringify(a) === stableStringify(b);
    const differentKey = stableStringify(a) === stableStringify(c);

    // Assess
    expect(stableStringify(a)).toBe('{"a":[1,2],"b":1,"c":{"x":"z","y":null}}');
    expect(sameKey).toBe(true);
    expect(differentKey).toBe(false);
    expect(jsonEqual(a, b)).toBe(true);
    expect(jsonEqual(a, c)).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });

  /** A deep copy of `value` with every object's keys in reverse order: equal as JSON, different as text. */
  function reordered(value: JsonValue): JsonValue {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(reordered);
    // Object.fromEntries defines own properties, so a generated "__proto__" key stays a key.
    return Object.fromEntries(Object.keys(value).reverse().map((key) => [key, reordered((value as Record<string, JsonValue>)[key] ?? null)]));
  }

  /** `value` with one thing changed: a scalar replaced, an array element added, or an object member added. */
  function changed(value: JsonValue): JsonValue {
    if (value === null || typeof value !== 'object') return value === 'changed' ? 'changed!' : 'changed';
    if (Array.isArray(value)) return [...value, 'extra'];
    return { ...value, '\u0000extra': true };
  }

  it('call a value and its key-reordered copy equal, with the same stable text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        // Prepare
        const value = raw as JsonValue;
        const copy = reordered(value);

        // Act
        const equal = jsonEqual(value, copy);

        // Assess
        expect(equal).toBe(true);
        expect(stableStringify(copy)).toBe(stableStringify(value));
      }),
    );
  });

  it('call a value and a changed copy different, with different stable text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        // Prepare
        const value = raw as JsonValue;
        const other = changed(value);

        // Act
        const equal = jsonEqual(value, other);

        // Assess
        expect(equal).toBe(false);
        expect(stableStringify(other)).not.toBe(stableStringify(value));
      }),
    );
  });

  it('stableStringify gives JSON text that parses back to an equal value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        // Prepare
        const value = raw as JsonValue;

        // Act
        const back = JSON.parse(stableStringify(value)) as JsonValue;

        // Assess
        expect(jsonEqual(back, value)).toBe(true);
      }),
    );
  });
});
