import { describe, expect, it } from 'vitest';
import { readObjectLiteral } from '../../../../shared/domain/proxy-response/literal.ts';

describe('readObjectLiteral', () => {
  it.each([
    ["{'a': 'x', 'b': 1}", 'either', '{"a":"x","b":1}'],
    ["{'ok': True, 'none': None, 'no': False}", 'python', '{"ok":true,"none":null,"no":false}'],
    ["{'pair': (1, 2), 'u': u'text'}", 'python', '{"pair":[1,2],"u":"text"}'],
    ['{ ok: true, n: null, list: [1, 2,], }', 'javascript', '{"ok":true,"n":null,"list":[1,2]}'],
    ["{ 1: 'one' }", 'either', '{"1":"one"}'],
    ["{'s': 'it\\'s \\x41\\u00e9\\n'}", 'either', '{"s":"it\'s Aé\\n"}'],
    ["{'nested': {'deep': [{'x': -1.5e3}]}}", 'either', '{"nested":{"deep":[{"x":-1.5e3}]}}'],
  ])('converts %s (%s)', (text, language, json) => {
    // Prepare: a printed object

    // Act
    const read = readObjectLiteral(text);

    // Assess
    expect(read).toEqual({ kind: 'converted', language, json, droppedUndefined: false });
    expect(JSON.parse(json)).toEqual(JSON.parse(read.kind === 'converted' ? read.json : 'null'));
  });

  it('keeps duplicate keys in order, so JSON.parse keeps the last one as the runtime would', () => {
    // Prepare / Act
    const read = readObjectLiteral("{'a': 1, 'a': 2}");

    // Assess
    expect(read.kind === 'converted' ? JSON.parse(read.json) : null).toEqual({ a: 2 });
  });

  it('writes undefined array items as null and leaves out undefined properties', () => {
    // Prepare / Act
    const read = readObjectLiteral('{ a: [undefined, 1], b: undefined }');

    // Assess
    expect(read).toEqual({ kind: 'converted', language: 'javascript', json: '{"a":[null,1]}', droppedUndefined: true });
  });

  it.each([
    ['{ body: JSON.stringify({ ok: true }) }', 'javascript', 'JSON.stringify({ ok: true })'],
    ['{ statusCode: res.status, body: "x" }', 'javascript', 'res.status'],
    ["{'body': str(data)}", 'python', 'str(data)'],
    ["{ body: 'a' + b }", 'javascript', "a + b"],
  ])('reads %s as source and names the first expression', (text, language, expression) => {
    // Prepare: code, not a printed value

    // Act
    const read = readObjectLiteral(text);

    // Assess
    expect(read).toEqual({ kind: 'source', language, expression });
  });

  it.each([
    ['not an object', 'plain words'],
    ['[1, 2]', 'an array root (a proxy response is an object)'],
    ['{}', 'an object without entries'],
    ["{'a': 1", 'an unterminated object'],
    ["{'a': 1} trailing", 'text after the object'],
    ["{'a': true, 'b': None}", 'Python and JavaScript markers mixed'],
    ['{a b}', 'a key without a colon'],
    ["{'a': 'multi\nline'}", 'a line break inside a quoted string'],
  ])('%s is not a literal (%s)', (text, why) => {
    // Prepare: text that is not a printed response object

    // Act
    const read = readObjectLiteral(text);

    // Assess
    expect(read, why).toEqual({ kind: 'not-a-literal' });
  });

  it('reads JSON that only a trailing comma keeps from parsing (as console output may show it)', () => {
    // Prepare / Act
    const read = readObjectLiteral('{"statusCode": 200, }');

    // Assess
    expect(read).toEqual({ kind: 'converted', language: 'either', json: '{"statusCode":200}', droppedUndefined: false });
  });

  it('refuses absurd nesting instead of exhausting the stack', () => {
    // Prepare
    const text = `{'a': ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

    // Act / Assess
    expect(readObjectLiteral(text)).toEqual({ kind: 'not-a-literal' });
  });
});
