/**
 * What people paste besides JSON: a statusCode that is no HTTP status, a response as print() or
 * console.log shows it, source code, and bodies API Gateway cut. Each must give a true answer, or
 * say it cannot judge; never "valid" for something it did not see.
 */
import { describe, expect, it } from 'vitest';
import { checkProxyResponse, type ProxyResponseOptions, type ProxyResponseVerdict } from '../../../../shared/domain/proxy-response/index.ts';

const REST: ProxyResponseOptions = { api: 'rest', binaryMediaTypes: [] };
const HTTP_V1: ProxyResponseOptions = { api: 'http', payloadFormat: '1.0' };
const HTTP_V2: ProxyResponseOptions = { api: 'http', payloadFormat: '2.0' };
const LOG_PREFIX = '(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Endpoint response body before transformations: ';

const rules = (verdict: ProxyResponseVerdict): string[][] => verdict.violations.map((v) => [v.path, v.rule]);
const noteIds = (verdict: ProxyResponseVerdict): string[] => verdict.notes.map((n) => n.slice(0, n.indexOf(':')));

describe('checkProxyResponse: statusCode outside 100-599', () => {
  it.each([
    ['{"statusCode":0}', REST, 502],
    ['{"statusCode":0,"body":"x"}', HTTP_V1, 500],
    ['{"statusCode":0,"body":"x"}', HTTP_V2, 500],
    ['{"statusCode":"0","body":"x"}', REST, 502],
    ['{"statusCode":99}', REST, 502],
    ['{"statusCode":600}', REST, 502],
    ['{"statusCode":-1}', HTTP_V2, 500],
  ] as const)('%s (%o) is rejected with %i, not passed on', (text, options, status) => {
    // Prepare: the response as text

    // Act
    const verdict = checkProxyResponse(text, options);

    // Assess
    expect(verdict.valid).toBe(false);
    expect(verdict.status).toBe(status);
    expect(rules(verdict)).toEqual([['statusCode', 'status-code-out-of-range']]);
    expect(verdict.violations[0]?.message).toContain('not documented by AWS');
    expect(verdict.violations[0]?.fix).not.toContain('statusCode: 0');
  });

  it.each([100, 599])('accepts the boundary %i', (statusCode) => {
    // Prepare
    const text = JSON.stringify({ statusCode, body: 'x' });

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict).toMatchObject({ valid: true, status: statusCode, clientBody: 'x' });
  });
});

describe('checkProxyResponse: a Python dict as print() shows it', () => {
  it('is converted to the JSON the Python runtime sends, then checked, with a note saying so', () => {
    // Prepare
    const text = "{'statusCode': 200, 'body': 'x', 'isBase64Encoded': False}";

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict).toMatchObject({ valid: true, status: 200, clientBody: 'x', violations: [] });
    expect(verdict.undetermined).toBeUndefined();
    expect(noteIds(verdict)).toEqual(['python-dict']);
    expect(verdict.notes[0]).toContain('{"statusCode":200,"body":"x","isBase64Encoded":false}');
    expect(verdict.notes[0]).toContain('json.dumps');
    expect(verdict.notes[0]).toContain('a REST API rejects (502)');
  });

  it('is really checked: a dict body is still a 502 after the conversion', () => {
    // Prepare
    const text = "{'statusCode': 201, 'headers': {'Content-Type': 'application/json'}, 'body': {'ok': True}}";

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(502);
    expect(rules(verdict)).toEqual([['body', 'body-not-string']]);
    expect(noteIds(verdict)).toEqual(['python-dict']);
  });

  it('tells what the HTTP API payload 2.0 would do with the printed form returned as a string', () => {
    // Prepare
    const text = "{'statusCode': 404, 'body': 'missing'}";

    // Act
    const verdict = checkProxyResponse(text, HTTP_V2);

    // Assess
    expect(verdict).toMatchObject({ valid: true, status: 404, clientBody: 'missing' });
    expect(verdict.notes[0]).toContain('sends as the body, with status 200');
  });

  it('in an execution-log line is what API Gateway received: not JSON, 502, and says why that can happen', () => {
    // Prepare
    const text = `${LOG_PREFIX}{'statusCode': 200, 'body': 'x', 'isBase64Encoded': False}`;

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(502);
    expect(rules(verdict)).toEqual([['$', 'not-json']]);
    expect(verdict.violations[0]?.message).toContain('a Python dict as Python prints it');
    expect(verdict.violations[0]?.message).toContain('custom runtime');
    expect(verdict.notes).toEqual([]);
  });

  it('returned as a string (the quoted form the log shows for `return str(response)`) is a string, with a note', () => {
    // Prepare
    const text = `${LOG_PREFIX}"{'statusCode': 200, 'body': 'x'}"`;

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(502);
    expect(rules(verdict)).toEqual([['$', 'not-an-object']]);
    expect(noteIds(verdict)).toEqual(['stringified-response']);
    expect(verdict.notes[0]).toContain('str(response)');
  });

  it('notes a whole response serialized to a JSON string, which payload 2.0 sends as a 200 text body', () => {
    // Prepare
    const text = JSON.stringify(JSON.stringify({ statusCode: 500, body: 'boom' }));

    // Act
    const verdict = checkProxyResponse(text, HTTP_V2);

    // Assess
    expect(verdict).toMatchObject({ valid: true, status: 200, clientBody: '{"statusCode":500,"body":"boom"}' });
    expect(noteIds(verdict)).toContain('stringified-response');
  });
});

describe('checkProxyResponse: a JavaScript object as console.log prints it', () => {
  it('converts unquoted keys and double-quoted strings', () => {
    // Prepare
    const text = '{statusCode: 200, body: "ok"}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict).toMatchObject({ valid: true, status: 200, clientBody: 'ok' });
    expect(noteIds(verdict)).toEqual(['javascript-object']);
    expect(verdict.notes[0]).toContain('JSON.stringify(value)');
  });

  it("joins the '...' + continuations Node prints for long strings, and drops undefined values like JSON.stringify", () => {
    // Prepare
    const text = "{\n  statusCode: 200,\n  headers: undefined,\n  body: '{\"items\":[1,2,3],' +\n    '\"next\":null}'\n}";

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict).toMatchObject({ valid: true, status: 200, clientBody: '{"items":[1,2,3],"next":null}' });
    expect(verdict.notes[0]).toContain('keys whose value is undefined are left out');
  });

  it('is checked after the conversion: an unknown key fails on REST', () => {
    // Prepare
    const text = "{ statusCode: 200, body: 'results', ok: true }";

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(rules(verdict)).toEqual([['ok', 'unknown-key']]);
    expect(verdict.status).toBe(502);
  });
});

describe('checkProxyResponse: source code cannot be judged', () => {
  it.each([
    ['{ statusCode: 200, body: JSON.stringify(x) }', 'JavaScript source', 'JSON.stringify(x)'],
    ["{'statusCode': 200, 'body': json.dumps(data)}", 'Python source', 'json.dumps(data)'],
    ['{ statusCode: 200, body: `id ${id}` }', 'JavaScript source', '`id ${id}`'],
    ['{ statusCode: 200, body: [Object] }', 'console.log shortened a nested value', 'Object'],
  ])('%s is undetermined and names the expression', (text, what, expression) => {
    // Prepare: the text as pasted

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.violations).toEqual([]);
    expect(verdict.clientBody).toBeNull();
    expect(verdict.undetermined).toContain(what);
    expect(verdict.undetermined).toContain(expression);
    expect(noteIds(verdict)).toEqual(['source-code']);
  });

  it('is still "not JSON" when it is not a plausible object at all', () => {
    // Prepare: Python and JavaScript markers mixed, and plain words
    const texts = ["{'a': true, 'b': None}", 'Internal Server Error', "['statusCode', 200]"];

    // Act
    const verdicts = texts.map((t) => checkProxyResponse(t, REST));

    // Assess
    for (const verdict of verdicts) {
      expect(rules(verdict)).toEqual([['$', 'not-json']]);
      expect(verdict.undetermined).toBeUndefined();
    }
  });
});

describe('checkProxyResponse: a body API Gateway cut ([TRUNCATED])', () => {
  it('is undetermined, never a pass, when the visible part breaks no rule', () => {
    // Prepare
    const text = `${LOG_PREFIX}{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\\"items\\":[1,2, [TRUNCATED]`;

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.violations).toEqual([]);
    expect(verdict.clientBody).toBeNull();
    expect(verdict.undetermined).toContain('[TRUNCATED]');
  });

  it('is judged when the visible part already breaks a rule', () => {
    // Prepare
    const text = `${LOG_PREFIX}{"statusCode":200,"body":{"message":"too long to log [TRUNCATED]`;

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(rules(verdict)).toEqual([['body', 'body-not-string']]);
    expect(verdict.status).toBe(502);
    expect(verdict.undetermined).toBeUndefined();
  });

  it('does not read a cut printed dict as code: what API Gateway got is not JSON', () => {
    // Prepare
    const text = `${LOG_PREFIX}{'statusCode': 200, 'body': 'abc [TRUNCATED]`;

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(rules(verdict)).toEqual([['$', 'not-json']]);
  });
});
