import { describe, expect, it } from 'vitest';
import { member, parseJsonTree } from '../../../../shared/domain/proxy-response/json-tree.ts';

describe('parseJsonTree', () => {
  it('parses complete JSON into a tree', () => {
    // Prepare
    const text = '{"a":[1,"x",true,null],"b":{}}';

    // Act
    const parsed = parseJsonTree(text, false);

    // Assess
    expect(parsed).toEqual({
      ok: true,
      value: {
        kind: 'object',
        complete: true,
        entries: [
          ['a', { kind: 'array', complete: true, items: [
            { kind: 'number', value: 1, complete: true },
            { kind: 'string', value: 'x', complete: true },
            { kind: 'boolean', value: true },
            { kind: 'null' },
          ] }],
          ['b', { kind: 'object', complete: true, entries: [] }],
        ],
      },
    });
  });

  it('locates the first non-JSON character', () => {
    // Prepare
    const text = '{"a":1 "b":2}';

    // Act
    const parsed = parseJsonTree(text, false);

    // Assess
    expect(parsed).toEqual({ ok: false, error: { offset: 7, reason: 'expected "," or "}"' } });
  });

  it('says when complete-looking text simply ends early', () => {
    // Prepare
    const text = '{"a":"b';

    // Act
    const parsed = parseJsonTree(text, false);

    // Assess
    expect(parsed).toEqual({ ok: false, error: { offset: 7, reason: 'the text ends before the JSON value does' } });
  });

  it('keeps what is visible of a truncated value', () => {
    // Prepare
    const text = '{"statusCode":200,"body":{"message":"Requ';

    // Act
    const parsed = parseJsonTree(text, true);

    // Assess
    expect(parsed.ok).toBe(true);
    const root = parsed.ok ? parsed.value : { kind: 'cut' as const };
    expect(member(root, 'statusCode')).toEqual({ kind: 'number', value: 200, complete: true });
    expect(member(root, 'body')).toEqual({
      kind: 'object',
      complete: false,
      entries: [['message', { kind: 'string', value: 'Requ', complete: false }]],
    });
  });

  it('marks numbers and literals running into the cut as unknown', () => {
    // Prepare
    const number = '{"statusCode":20';
    const literal = '{"isBase64Encoded":tr';

    // Act
    const n = parseJsonTree(number, true);
    const l = parseJsonTree(literal, true);

    // Assess
    expect(n.ok && member(n.value, 'statusCode')).toEqual({ kind: 'number', value: 20, complete: false });
    expect(l.ok && member(l.value, 'isBase64Encoded')).toEqual({ kind: 'cut' });
  });

  it('survives very deep nesting in both modes', () => {
    // Prepare
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

    // Act
    const complete = parseJsonTree(deep, false);
    const truncated = parseJsonTree(deep.slice(0, 150_000), true);

    // Assess
    expect(complete.ok && complete.value.kind).toBe('array');
    expect(truncated.ok && truncated.value.kind).toBe('array');
  });

  it('returns the last value of a duplicated key, as JSON.parse does', () => {
    // Prepare
    const text = '{"a":1,"a":2,"b":';

    // Act
    const parsed = parseJsonTree(text, true);

    // Assess
    expect(parsed.ok && member(parsed.value, 'a')).toEqual({ kind: 'number', value: 2, complete: true });
    expect(parsed.ok && member(parsed.value, 'b')).toEqual({ kind: 'cut' });
  });
});
