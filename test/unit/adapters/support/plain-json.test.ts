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

  it('agree with each other and with JSON.parse for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (left, right) => {
        // Prepare
        const a = left as JsonValue;
        const b = right as JsonValue;

        // Act
        const equal = jsonEqual(a, b);
        const sameText = stableStringify(a) === stableStringify(b);

        // Assess
        expect(equal).toBe(sameText);
        expect(jsonEqual(a, JSON.parse(stableStringify(a)) as JsonValue)).toBe(true);
      }),
    );
  });
});
