import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkProxyResponse,
  HTTP_API_ERROR_BODY,
  REST_ERROR_BODY,
  type ProxyResponseOptions,
  type ProxyResponseVerdict,
} from '../../../../shared/domain/proxy-response/index.ts';

const REST: ProxyResponseOptions = { api: 'rest', binaryMediaTypes: [] };
const HTTP_V1: ProxyResponseOptions = { api: 'http', payloadFormat: '1.0' };
const HTTP_V2: ProxyResponseOptions = { api: 'http', payloadFormat: '2.0' };

/** `[path, rule]` of every violation, in order: the part of a verdict most tests pin down. */
const found = (verdict: ProxyResponseVerdict): string[][] => verdict.violations.map((v) => [v.path, v.rule]);
const noteIds = (verdict: ProxyResponseVerdict): string[] => verdict.notes.map((n) => n.slice(0, n.indexOf(':')));

describe('checkProxyResponse — REST (AWS_PROXY)', () => {
  it.each([
    ['{}', 200, ''],
    ['{"statusCode":200}', 200, ''],
    ['{"headers":{"test-header":"value"}}', 200, ''],
    ['{"statusCode":200,"headers":null}', 200, ''],
    ['{"statusCode":"201"}', 201, ''],
    ['{"statusCode":404,"headers":{"Content-Type":"text/plain"},"body":"not here","isBase64Encoded":false}', 404, 'not here'],
  ])('accepts %s with status %i', (text, status, body) => {
    // Prepare
    const options = REST;

    // Act
    const verdict = checkProxyResponse(text, options);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.violations).toEqual([]);
    expect(verdict.status).toBe(status);
    expect(verdict.clientBody).toBe(body);
  });

  it('accepts a boolean header value and says it is sent as text', () => {
    // Prepare
    const text = '{"statusCode":200,"headers":{"test-header":"value","header-bool":true}}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.notes).toEqual(['header-value-coerced: headers.header-bool is the boolean true; API Gateway sends it as the text "true" (verified for booleans).']);
  });

  it('rejects a non-numeric statusCode string with 502 and the exact REST error body', () => {
    // Prepare
    const text = '{"statusCode":"test"}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(502);
    expect(verdict.valid).toBe(false);
    expect(found(verdict)).toEqual([['statusCode', 'status-code-not-integer']]);
    expect(verdict.violations[0]?.message).toBe(
      'statusCode is the string "test", not an integer or a string of digits. API Gateway rejects the response ("Execution failed due to configuration error: Malformed Lambda proxy response") and the client gets 502.',
    );
    expect(verdict.clientBody).toBe('{"message": "Internal server error"}');
  });

  it.each([['200.5'], ['true'], ['{"code":200}']])('rejects statusCode %s as not an integer', (value) => {
    // Prepare
    const text = `{"statusCode":${value}}`;

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(found(verdict)).toEqual([['statusCode', 'status-code-not-integer']]);
    expect(verdict.status).toBe(502);
  });

  it('rejects a statusCode outside 100-599: the client gets 502, never the number (observed behaviour)', () => {
    // Prepare
    const text = '{"statusCode":42}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.valid).toBe(false);
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['statusCode', 'status-code-out-of-range']]);
  });

  it('rejects an unknown top-level key', () => {
    // Prepare
    const text = '{"statusCode":200,"wrongValue":"value"}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['wrongValue', 'unknown-key']]);
    expect(verdict.violations[0]?.fix).toContain('Node.js: return { statusCode: 200, body: JSON.stringify({ ...extra }) };');
    expect(verdict.violations[0]?.fix).toContain("Python: return {'statusCode': 200, 'body': json.dumps(extra)}");
  });

  it('rejects cookies, a payload-2.0 field, with its own rule', () => {
    // Prepare
    const text = '{"statusCode":200,"cookies":["a=1"],"body":""}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['cookies', 'cookies-not-allowed']]);
    expect(verdict.violations[0]?.fix).toContain("multiValueHeaders: { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'] }");
  });

  it('rejects a multiValueHeaders value that is not an array', () => {
    // Prepare
    const text = '{"statusCode":200,"multiValueHeaders":{"test-multi-invalid":"value1"}}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['multiValueHeaders.test-multi-invalid', 'multi-value-header-not-array']]);
  });

  it('rejects multiValueHeaders that is not an object', () => {
    // Prepare
    const text = '{"statusCode":200,"multiValueHeaders":["Set-Cookie"]}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(found(verdict)).toEqual([['multiValueHeaders', 'multi-value-headers-not-object']]);
  });

  it('rejects a structured value inside a multiValueHeaders array, naming its index', () => {
    // Prepare
    const text = '{"statusCode":200,"multiValueHeaders":{"Set-Cookie":["a=1",{"b":2}]}}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(found(verdict)).toEqual([['multiValueHeaders.Set-Cookie[1]', 'header-value-not-scalar']]);
  });

  it('rejects headers that are not an object and header values that are not scalars', () => {
    // Prepare
    const notObject = '{"statusCode":200,"headers":["X-Foo: 1"]}';
    const nested = '{"statusCode":200,"headers":{"X-Foo":{"a":1},"X-Bar":["1","2"]}}';

    // Act
    const first = checkProxyResponse(notObject, REST);
    const second = checkProxyResponse(nested, REST);

    // Assess
    expect(found(first)).toEqual([['headers', 'headers-not-object']]);
    expect(found(second)).toEqual([
      ['headers.X-Foo', 'header-value-not-scalar'],
      ['headers.X-Bar', 'header-value-not-scalar'],
    ]);
  });

  it.each([
    ['"justAString"', '$', 'not-an-object'],
    ['[{"statusCode":200}]', '$', 'not-an-object'],
    ['200', '$', 'not-an-object'],
    ['true', '$', 'not-an-object'],
    ['null', '$', 'null-response'],
  ])('rejects the bare value %s', (text, path, rule) => {
    // Prepare
    const options = REST;

    // Act
    const verdict = checkProxyResponse(text, options);

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([[path, rule]]);
    expect(verdict.clientBody).toBe(REST_ERROR_BODY);
  });

  it.each([['{"a":1}'], ['[1]'], ['42'], ['false']])('rejects body %s because it is not a string', (body) => {
    // Prepare
    const text = `{"statusCode":200,"body":${body}}`;

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['body', 'body-not-string']]);
    expect(verdict.violations[0]?.fix).toContain('JSON.stringify(data)');
    expect(verdict.violations[0]?.fix).toContain('json.dumps(data)');
  });

  it('rejects isBase64Encoded that is not a boolean', () => {
    // Prepare
    const text = '{"statusCode":200,"body":"aGk=","isBase64Encoded":"true"}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(found(verdict)).toEqual([['isBase64Encoded', 'is-base64-encoded-not-boolean']]);
  });

  it('reports every violation, in field order after statusCode', () => {
    // Prepare
    const text = '{"body":{},"foo":1,"statusCode":"x","headers":7}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(found(verdict)).toEqual([
      ['statusCode', 'status-code-not-integer'],
      ['foo', 'unknown-key'],
      ['headers', 'headers-not-object'],
      ['body', 'body-not-string'],
    ]);
    expect(verdict.status).toBe(502);
  });

  it('passes base64 text through unchanged when the API has no binary media types', () => {
    // Prepare
    const text = '{"statusCode":200,"body":"dGVzdC1kYXRh","isBase64Encoded":true}';

    // Act
    const verdict = checkProxyResponse(text, { api: 'rest', binaryMediaTypes: [] });

    // Assess
    expect(verdict.status).toBe(200);
    expect(verdict.valid).toBe(true);
    expect(verdict.clientBody).toBe('dGVzdC1kYXRh');
    expect(noteIds(verdict)).toEqual(['base64-not-decoded']);
  });

  it('says the body is unknown when the binary media types are unknown', () => {
    // Prepare
    const text = '{"statusCode":200,"body":"dGVzdC1kYXRh","isBase64Encoded":true}';

    // Act
    const verdict = checkProxyResponse(text, { api: 'rest' });

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.clientBody).toBeNull();
    expect(noteIds(verdict)).toEqual(['binary-media-types-unknown']);
  });

  it('decodes the body when */* is a binary media type', () => {
    // Prepare
    const text = '{"statusCode":200,"body":"dGVzdC1kYXRh","isBase64Encoded":true}';

    // Act
    const verdict = checkProxyResponse(text, { api: 'rest', binaryMediaTypes: ['*/*'] });

    // Assess
    expect(verdict.clientBody).toBe('test-data');
    expect(verdict.notes).toEqual([]);
  });

  it('decodes only when a specific binary media type matches the Content-Type, and mentions the Accept header', () => {
    // Prepare
    const png = '{"statusCode":200,"headers":{"content-type":"image/png"},"body":"aGk=","isBase64Encoded":true}';
    const text = '{"statusCode":200,"headers":{"Content-Type":"text/plain"},"body":"aGk=","isBase64Encoded":true}';
    const options: ProxyResponseOptions = { api: 'rest', binaryMediaTypes: ['image/*'] };

    // Act
    const matched = checkProxyResponse(png, options);
    const unmatched = checkProxyResponse(text, options);

    // Assess
    expect(matched.clientBody).toBe('hi');
    expect(noteIds(matched)).toEqual(['binary-accept-header']);
    expect(unmatched.clientBody).toBe('aGk=');
    expect(noteIds(unmatched)).toEqual(['base64-not-decoded']);
  });

  it('fails with 500 when the body must be decoded but is not base64', () => {
    // Prepare
    const text = '{"statusCode":200,"body":"not base64!","isBase64Encoded":true}';

    // Act
    const verdict = checkProxyResponse(text, { api: 'rest', binaryMediaTypes: ['*/*'] });

    // Assess
    expect(verdict.status).toBe(500);
    expect(found(verdict)).toEqual([['body', 'invalid-base64']]);
    expect(verdict.clientBody).toBe(REST_ERROR_BODY);
  });

  it('notes that multiValueHeaders win over headers for the same name', () => {
    // Prepare
    const text = '{"statusCode":200,"multiValueHeaders":{"tesT-Multi":["value-multi"]},"headers":{"test-multi":"value-solo"}}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.notes).toEqual([
      'merged-headers: headers.test-multi is also set in multiValueHeaders.tesT-Multi; API Gateway merges the two and only ["value-multi"] reaches the client.',
    ]);
  });

  it.each([['hello world'], ['<html>oops</html>'], ['{"statusCode":200,']])('rejects non-JSON text %s', (text) => {
    // Prepare
    const options = REST;

    // Act
    const verdict = checkProxyResponse(text, options);

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['$', 'not-json']]);
  });

  it('rejects empty input as not JSON', () => {
    // Prepare
    const text = '   ';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(found(verdict)).toEqual([['$', 'not-json']]);
    expect(verdict.violations[0]?.message).toBe(
      'The response is empty, not JSON. API Gateway rejects the response ("Execution failed due to configuration error: Malformed Lambda proxy response") and the client gets 502.',
    );
  });

  it("explains a Lambda function-error object as a function error, not a malformed response", () => {
    // Prepare
    const text = '{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading \'id\')","trace":["TypeError: x"]}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['$', 'function-error-payload']]);
    expect(verdict.violations[0]?.message).toContain("(TypeError: Cannot read properties of undefined (reading 'id'))");
    expect(verdict.violations[0]?.message).toContain('when Lambda sets X-Amz-Function-Error');
    expect(verdict.violations[0]?.message).toContain('"Lambda execution failed with status 200 due to customer function error"');
  });

  it("recognises the function's own timeout and says it is not a 504", () => {
    // Prepare
    const text = '{"errorMessage":"2019-02-26T16:48:40.123Z 5cb7 Task timed out after 3.00 seconds"}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(found(verdict)).toEqual([['$', 'function-error-payload']]);
    expect(verdict.violations[0]?.message).toContain("It is the function's own Lambda timeout, so the client gets 502, not 504.");
    expect(verdict.violations[0]?.fix).toContain("raise the function's Timeout");
    expect(verdict.violations[0]?.fix).toContain('context.get_remaining_time_in_millis()');
  });

  it('reports a throttled invocation as 500 (the 2018 body)', () => {
    // Prepare
    const text = '{"Reason": "ReservedFunctionConcurrentInvocationLimitExceeded","Type": "User","message": "Rate Exceeded."}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(500);
    expect(found(verdict)).toEqual([['$', 'throttled']]);
    expect(verdict.violations[0]?.message).toContain('a reserved concurrency of 0 disables it entirely');
    expect(verdict.violations[0]?.fix).toContain("put_function_concurrency(FunctionName='my-fn', ReservedConcurrentExecutions=50)");
    expect(verdict.clientBody).toBe(REST_ERROR_BODY);
  });

  it('reports another Lambda user error (e.g. function not found) as an invoke error with 500', () => {
    // Prepare
    const text = '{"Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:orders","Type":"User"}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(500);
    expect(found(verdict)).toEqual([['$', 'lambda-invoke-error']]);
  });

  it('does not mistake a real response with statusCode for a Lambda error', () => {
    // Prepare
    const text = '{"statusCode":400,"body":"{\\"errorMessage\\":\\"bad input\\"}"}';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.status).toBe(400);
    expect(verdict.clientBody).toBe('{"errorMessage":"bad input"}');
  });
});

describe('checkProxyResponse — HTTP API payload 1.0', () => {
  it.each([['{}'], ['{"headers":{"test-header":"value"}}'], ['{"statusCode":null,"body":"x"}']])(
    'rejects %s because payload 1.0 requires statusCode',
    (text) => {
      // Prepare
      const options = HTTP_V1;

      // Act
      const verdict = checkProxyResponse(text, options);

      // Assess
      expect(verdict.status).toBe(500);
      expect(found(verdict)).toEqual([['statusCode', 'status-code-missing']]);
      expect(verdict.clientBody).toBe('{"message":"Internal Server Error"}');
    },
  );

  it('ignores an unknown key, with a note', () => {
    // Prepare
    const text = '{"statusCode":200,"wrongValue":"value"}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V1);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.status).toBe(200);
    expect(verdict.notes).toEqual(['unknown-key-ignored: "wrongValue" is not a proxy-response field; HTTP APIs ignore it.']);
  });

  it('ignores cookies, with a note that no cookie is set', () => {
    // Prepare
    const text = '{"statusCode":200,"cookies":["a=1"]}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V1);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(noteIds(verdict)).toEqual(['cookies-ignored']);
  });

  it.each([
    ['{"statusCode":"test"}', 'statusCode', 'status-code-not-integer'],
    ['{"statusCode":200,"multiValueHeaders":{"test-multi-invalid":"value1"}}', 'multiValueHeaders.test-multi-invalid', 'multi-value-header-not-array'],
    ['"justAString"', '$', 'not-an-object'],
    ['null', '$', 'null-response'],
    ['{"statusCode":200,"body":{"a":1}}', 'body', 'body-not-string'],
    ['not json', '$', 'not-json'],
  ])('rejects %s with 500', (text, path, rule) => {
    // Prepare
    const options = HTTP_V1;

    // Act
    const verdict = checkProxyResponse(text, options);

    // Assess
    expect(verdict.status).toBe(500);
    expect(found(verdict)).toEqual([[path, rule]]);
    expect(verdict.violations[0]?.message).toContain('the client gets 500');
    expect(verdict.clientBody).toBe(HTTP_API_ERROR_BODY);
  });

  it('accepts a numeric statusCode string', () => {
    // Prepare
    const text = '{"statusCode":"201","body":"created"}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V1);

    // Assess
    expect(verdict.status).toBe(201);
    expect(verdict.clientBody).toBe('created');
  });

  it('decodes base64 bodies, since HTTP APIs have no binary media types', () => {
    // Prepare
    const text = '{"statusCode":200,"body":"dGVzdC1kYXRh","isBase64Encoded":true}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V1);

    // Assess
    expect(verdict.clientBody).toBe('test-data');
  });

  it('reports a function error with 500', () => {
    // Prepare
    const text = '{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module \'index\'"}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V1);

    // Assess
    expect(verdict.status).toBe(500);
    expect(found(verdict)).toEqual([['$', 'function-error-payload']]);
    expect(verdict.violations[0]?.message).toContain('payload 1.0 would still reject it (500) because it has no statusCode');
  });
});

describe('checkProxyResponse — HTTP API payload 2.0', () => {
  it.each([
    ['"Hello from Lambda!"', 'Hello from Lambda!'],
    ['{"message":"Hello"}', '{"message":"Hello"}'],
    ['{}', '{}'],
    ['[1,2]', '[1,2]'],
    ['42', '42'],
  ])('infers status 200 for %s without statusCode', (text, body) => {
    // Prepare
    const options = HTTP_V2;

    // Act
    const verdict = checkProxyResponse(text, options);

    // Assess
    expect(verdict.status).toBe(200);
    expect(verdict.valid).toBe(true);
    expect(verdict.clientBody).toBe(body);
    expect(noteIds(verdict)).toEqual(['inferred-response']);
  });

  it('defaults to payload 2.0 when the format is not given', () => {
    // Prepare
    const text = '"Hello from Lambda!"';

    // Act
    const verdict = checkProxyResponse(text, { api: 'http' });

    // Assess
    expect(verdict.status).toBe(200);
    expect(verdict.clientBody).toBe('Hello from Lambda!');
  });

  it('warns that a proxy-looking object without statusCode is sent whole', () => {
    // Prepare
    const text = '{"headers":{"Content-Type":"text/html"},"body":"<p>hi</p>"}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V2);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.clientBody).toBe(text);
    expect(noteIds(verdict)).toEqual(['inferred-response', 'status-code-missing']);
  });

  it('infers 200 for null and says it is not verified', () => {
    // Prepare
    const text = 'null';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V2);

    // Assess
    expect(verdict.status).toBe(200);
    expect(verdict.clientBody).toBe('null');
    expect(noteIds(verdict)).toEqual(['inferred-response', 'null-inferred']);
  });

  it('uses the custom format when statusCode is present', () => {
    // Prepare
    const text = '{"statusCode":201,"headers":{"Content-Type":"text/plain"},"cookies":["a=1; Path=/"],"body":"ok"}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V2);

    // Assess
    expect(verdict).toEqual({ status: 201, valid: true, violations: [], clientBody: 'ok', notes: [] });
  });

  it('rejects cookies that are not an array', () => {
    // Prepare
    const text = '{"statusCode":200,"cookies":{"test-cookies-invalid":"value1"}}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V2);

    // Assess
    expect(verdict.status).toBe(500);
    expect(found(verdict)).toEqual([['cookies', 'cookies-not-array']]);
    expect(verdict.clientBody).toBe(HTTP_API_ERROR_BODY);
  });

  it('rejects a cookie that is not a string', () => {
    // Prepare
    const text = '{"statusCode":200,"cookies":["a=1",{"b":"2"}]}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V2);

    // Assess
    expect(found(verdict)).toEqual([['cookies[1]', 'cookie-not-string']]);
    expect(verdict.violations[0]?.fix).toContain("cookies: ['session=abc; Path=/; HttpOnly', 'theme=dark']");
  });

  it('ignores multiValueHeaders and unknown keys, with notes', () => {
    // Prepare
    const text = '{"statusCode":200,"multiValueHeaders":{"X":"not-an-array"},"wrongValue":1,"body":"b"}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V2);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.clientBody).toBe('b');
    expect(noteIds(verdict)).toEqual(['multi-value-headers-ignored', 'unknown-key-ignored']);
  });

  it.each([
    ['{"statusCode":"test"}', 'statusCode', 'status-code-not-integer'],
    ['{"statusCode":200,"body":{"a":1}}', 'body', 'body-not-string'],
    ['{"statusCode":200,"headers":{"X-A":["1"]}}', 'headers.X-A', 'header-value-not-scalar'],
    ['{"errorMessage":"test fake error message"}', '$', 'function-error-payload'],
    ['plain text', '$', 'not-json'],
  ])('rejects %s with 500', (text, path, rule) => {
    // Prepare
    const options = HTTP_V2;

    // Act
    const verdict = checkProxyResponse(text, options);

    // Assess
    expect(verdict.status).toBe(500);
    expect(found(verdict)).toEqual([[path, rule]]);
    expect(verdict.clientBody).toBe('{"message":"Internal Server Error"}');
  });

  it.each([
    ['{"Message":"An error occurred and the request cannot be processed.","Type":"Service"}', 'lambda-service-error'],
    ['{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}', 'throttled'],
  ])('reports the Lambda service answer %s as %s, not as an inferred 200', (text, rule) => {
    // Prepare
    const options = HTTP_V2;

    // Act
    const verdict = checkProxyResponse(text, options);

    // Assess
    expect(verdict.status).toBe(500);
    expect(found(verdict)).toEqual([['$', rule]]);
    expect(verdict.clientBody).toBe(HTTP_API_ERROR_BODY);
  });

  it('decodes a base64 body', () => {
    // Prepare
    const text = '{"statusCode":200,"body":"dGVzdC1kYXRh","isBase64Encoded":true}';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V2);

    // Assess
    expect(verdict.clientBody).toBe('test-data');
  });
});

describe('checkProxyResponse — truncated log lines', () => {
  it('judges the visible part: a body that opens an object is already wrong', () => {
    // Prepare
    const text = '(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Endpoint response body before transformations: {"statusCode":500,"body":{"message":"Request failed with status code 502 [TRUNCATED]';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['body', 'body-not-string']]);
    expect(verdict.violations[0]?.fix).toContain('Node.js: return { statusCode: 500,');
    expect(noteIds(verdict)).toEqual(['truncated']);
  });

  it('reports an unknown key seen before the cut', () => {
    // Prepare
    const text = '{"statusCode":200,"data":{"items":[1,2,3 [TRUNCATED]';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(found(verdict)).toEqual([['data', 'unknown-key']]);
  });

  it('keeps a clean visible part free of violations but undetermined, with the visible status and an unknown body', () => {
    // Prepare
    const text = '{"statusCode":201,"headers":{"Content-Type":"application/json"},"body":"{\\"items\\":[1,2, [TRUNCATED]';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict).toEqual({
      status: 201,
      valid: true,
      violations: [],
      clientBody: null,
      notes: [
        'truncated: API Gateway cut this log line ([TRUNCATED]); only the visible part was judged and the full response is unknown, so problems past the cut cannot be ruled out and the client body is unknown.',
      ],
      // A clean visible part is not a pass: the whole response cannot be judged.
      undetermined: expect.stringContaining('[TRUNCATED]') as unknown as string,
    });
  });

  it('says the status is only a default when statusCode itself was cut', () => {
    // Prepare
    const text = '{"statusCode":20 [TRUNCATED]';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.status).toBe(200);
    expect(verdict.notes[1]).toBe('truncated: statusCode is cut off, so the status shown is only the default 200.');
  });

  it('does not judge a key whose name was cut', () => {
    // Prepare
    const text = '{"statusCode":200,"bo [TRUNCATED]';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(verdict.valid).toBe(true);
  });

  it('still rejects text that stopped being JSON before the cut', () => {
    // Prepare
    const text = '{"statusCode":200 "body": [TRUNCATED]';

    // Act
    const verdict = checkProxyResponse(text, REST);

    // Assess
    expect(found(verdict)).toEqual([['$', 'not-json']]);
  });

  it('cannot tell the payload 2.0 format when statusCode is not visible', () => {
    // Prepare
    const text = '{"items":[{"id":1},{"id": [TRUNCATED]';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V2);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.status).toBe(200);
    expect(verdict.clientBody).toBeNull();
    expect(noteIds(verdict)).toEqual(['truncated', 'truncated']);
  });

  it('does not claim statusCode is missing in payload 1.0 when it may be past the cut', () => {
    // Prepare
    const text = '{"body":"abc","headers":{"X": [TRUNCATED]';

    // Act
    const verdict = checkProxyResponse(text, HTTP_V1);

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.clientBody).toBeNull();
  });
});

describe('checkProxyResponse — real bodies from the corpus', () => {
  it('eric-body-is-object: body is a JSON object -> 502 (ericallam/aws-api-gateway-log-parser)', () => {
    // Prepare
    const line =
      '(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Endpoint response body before transformations: {"statusCode":500,"body":{"message":"Request failed with status code 502\\n\\n\\"Error: Request failed with status code 502\\\\n at createError (/var/task/node_modules/axios/lib/core/createError.js:16:15)\\\\n at settle (/var/task/node_modules/axios/lib/core/settle.js:18:12)\\\\n at IncomingMessage.handleStreamEnd (/var/task/node_modules/axios/lib/adapters/http.js:201:11)\\\\n at emitNone (events.js:111:20)\\\\n at IncomingMessage.emit (events.js:208:7)\\\\n at endReadableNT (_stream_readable.js:1064:12)\\\\n at /opt/nodejs/node_modules/async-listener/glue.js:188:31\\\\n at _combinedTickCallback (internal/process/next_tick.js:138:11)\\\\n at process._tickDomainCallback [as _tickCallback] (internal/process/next_tick.js:218:9)\\""}}';

    // Act
    const verdict = checkProxyResponse(line, { api: 'rest' });

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['body', 'body-not-string']]);
    expect(verdict.clientBody).toBe(REST_ERROR_BODY);
    expect(verdict.notes).toEqual([]);
  });

  it('lambda-proxy-59-body-object: console test output, body object -> 502 (vincentsarago/lambda-proxy#59)', () => {
    // Prepare
    const line =
      'Wed Nov 02 10:19:35 UTC 2022 : Endpoint response body before transformations: {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": {"hey": "dude"}}';

    // Act
    const verdict = checkProxyResponse(line, { api: 'rest' });

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['body', 'body-not-string']]);
  });

  it('ongzhixian-context-succeed-attributeerror: Python function error -> 502 (ongzhixian/mini-aws)', () => {
    // Prepare
    const line =
      'Sat Mar 05 15:50:39 UTC 2022 : Endpoint response body before transformations: {"errorMessage": "\'LambdaContext\' object has no attribute \'succeed\'", "errorType": "AttributeError", "requestId": "c2fdeda4-0849-4da2-bc61-36a9ed8b698d", "stackTrace": ["  File \\"/var/task/web.py\\", line 18, in example_static_content_handler\\n    context.succeed(html)\\n"]}';

    // Act
    const verdict = checkProxyResponse(line, { api: 'rest' });

    // Assess
    expect(verdict.status).toBe(502);
    expect(found(verdict)).toEqual([['$', 'function-error-payload']]);
    expect(verdict.violations[0]?.message).toContain("(AttributeError: 'LambdaContext' object has no attribute 'succeed')");
  });

  it('kyhau-lambda-service-exception-500: Lambda service error over several lines -> 500 (kyhau/aws-notebook)', () => {
    // Prepare
    const lines = [
      'Endpoint response body before transformations:',
      '{',
      '  "Message": "An error occurred and the request cannot be processed.",',
      '  "Type": "Service"',
      '}',
    ].join('\n');

    // Act
    const verdict = checkProxyResponse(lines, { api: 'rest' });

    // Assess
    expect(verdict.status).toBe(500);
    expect(found(verdict)).toEqual([['$', 'lambda-service-error']]);
    expect(verdict.violations[0]?.message).toBe(
      'The Lambda service failed (Type: Service, "An error occurred and the request cannot be processed."); this is not your function\'s output. API Gateway answers 500.',
    );
    expect(verdict.clientBody).toBe(REST_ERROR_BODY);
  });

  it('kc-integration-method-not-post: Lambda AccessDenied XML -> 500 with the POST hint (AWS KC)', () => {
    // Prepare
    const lines = [
      'Mon Oct 14 14:08:49 UTC 2019 : Endpoint response body before transformations: <AccessDeniedException>',
      '<Message>Unable to determine service/operation name to be authorized</Message>',
      '</AccessDeniedException>',
      'Mon Oct 14 14:08:49 UTC 2019 : Lambda invocation failed with status: 403. Lambda request id: abc1d2ef-34ab-56c7-de8f-90123a456789',
      'Mon Oct 14 14:08:49 UTC 2019 : Execution failed due to configuration error:',
      'Mon Oct 14 14:08:49 UTC 2019 : Method completed with status: 500',
    ].join('\n');

    // Act
    const verdict = checkProxyResponse(lines, { api: 'rest' });

    // Assess
    expect(verdict.status).toBe(500);
    expect(found(verdict)).toEqual([['$', 'lambda-invoke-error']]);
    expect(verdict.violations[0]?.message).toContain('integration calls Lambda with a method other than POST');
    expect(verdict.violations[0]?.fix).toContain("patchOperations=[{'op': 'replace', 'path': '/httpMethod', 'value': 'POST'}]");
  });
});

describe('checkProxyResponse — properties', () => {
  const optionsArb: fc.Arbitrary<ProxyResponseOptions> = fc.oneof(
    fc.record({ api: fc.constant('rest' as const), binaryMediaTypes: fc.option(fc.array(fc.constantFrom('*/*', 'image/*', 'application/octet-stream')), { nil: undefined }) }),
    fc.record({ api: fc.constant('http' as const), payloadFormat: fc.constantFrom('1.0' as const, '2.0' as const) }),
  );
  const field = fc.constantFrom('statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded', 'cookies', 'errorMessage', 'Type', 'other');
  const responseLike = fc
    .tuple(fc.dictionary(field, fc.jsonValue({ maxDepth: 3 })), fc.boolean(), fc.nat())
    .map(([obj, cut, at]) => {
      const json = JSON.stringify(obj);
      return cut ? `${json.slice(0, at % (json.length + 1))} [TRUNCATED]` : json;
    });
  const inputArb = fc.oneof(fc.string(), fc.json(), responseLike, fc.string({ unit: 'binary' }));

  it('never throws, and valid is exactly "no violations" (an invalid verdict has the error body and a 5xx)', () => {
    fc.assert(
      fc.property(inputArb, optionsArb, (text, options) => {
        // Prepare: generated input and options

        // Act
        const verdict = checkProxyResponse(text, options);

        // Assess
        expect(verdict.valid).toBe(verdict.violations.length === 0);
        expect(Number.isInteger(verdict.status)).toBe(true);
        if (!verdict.valid) {
          expect(verdict.clientBody).toBe(options.api === 'rest' ? REST_ERROR_BODY : HTTP_API_ERROR_BODY);
          expect(options.api === 'rest' ? [500, 502] : [500]).toContain(verdict.status);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives every violation a fix with a Node.js and a Python example, and every note an id', () => {
    fc.assert(
      fc.property(inputArb, optionsArb, (text, options) => {
        // Prepare: generated input and options

        // Act
        const verdict = checkProxyResponse(text, options);

        // Assess
        for (const v of verdict.violations) {
          expect(v.fix).toMatch(/\nNode\.js:[ \n]\S/);
          expect(v.fix).toMatch(/\nPython:[ \n]\S/);
          expect(v.rule).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        }
        for (const n of verdict.notes) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*: \S/);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts every well-formed response and hands its body and status to the client', () => {
    const wellFormed = fc.record({
      statusCode: fc.integer({ min: 100, max: 599 }),
      headers: fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), fc.string()),
      body: fc.string(),
      isBase64Encoded: fc.constant(false),
    });
    fc.assert(
      fc.property(wellFormed, optionsArb, (response, options) => {
        // Prepare
        const text = JSON.stringify(response);

        // Act
        const verdict = checkProxyResponse(text, options);

        // Assess
        expect(verdict.valid).toBe(true);
        expect(verdict.status).toBe(response.statusCode);
        expect(verdict.clientBody).toBe(response.body);
      }),
      { numRuns: 500 },
    );
  });

  it('judges any proxy response the same whether it is pasted raw or as a log line', () => {
    fc.assert(
      fc.property(responseLike, optionsArb, (text, options) => {
        // Prepare
        const line = `(5cb7ee58-39e6-11e9-be7e-29aff96747f2) Endpoint response body before transformations: ${text}`;

        // Act
        const raw = checkProxyResponse(text, options);
        const logged = checkProxyResponse(line, options);

        // Assess
        expect(logged).toEqual(raw);
      }),
      { numRuns: 500 },
    );
  });
  it('refuses text that is not JSON with the not-json rule (REST and HTTP payload 1.0)', () => {
    // Prepare: text JSON.parse rejects, that carries no log-line prefix or truncation marker to unwrap,
    // and does not open an object or array (a `{`/`[` literal may be pasted source code, judged apart)
    const notJson = fc.string({ maxLength: 200 }).filter((text) => {
      if (text.includes('TRUNCATED') || text.includes('(') || text.includes(':') || /^\s*[[{]/.test(text)) return false;
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
    fc.assert(
      fc.property(notJson, fc.constantFrom(REST, HTTP_V1), (text, options) => {
        // Act
        const verdict = checkProxyResponse(text, options);

        // Assess
        expect(verdict.valid).toBe(false);
        expect(found(verdict)).toEqual([['$', 'not-json']]);
        expect(verdict.status).toBe(options.api === 'rest' ? 502 : 500);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses, on REST only, a well-formed response with an unknown top-level key, naming that key', () => {
    // Prepare
    const known = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded', 'cookies', '__proto__', 'errorMessage', 'errorType', 'Message', 'message', 'Type', 'Reason']);
    const extraKey = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/).filter((k) => !known.has(k));
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 599 }), fc.string({ maxLength: 40 }), extraKey, fc.string({ maxLength: 20 }), (statusCode, body, key, value) => {
        // Prepare
        const text = JSON.stringify({ statusCode, body, [key]: value });

        // Act
        const rest = checkProxyResponse(text, REST);
        const http = checkProxyResponse(text, HTTP_V1);

        // Assess
        expect(found(rest)).toEqual([[key, 'unknown-key']]);
        expect(rest.status).toBe(502);
        expect(http.valid).toBe(true);
        expect(http.status).toBe(statusCode);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a statusCode string that is not a (signed) integer, and reads one that is', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.integer({ min: 100, max: 599 }), (text, status) => {
        // Prepare: a signed integer string ("-0", "-12") is read as a number and then refused as out of range (its own test)
        fc.pre(!/^\s*-?\d+\s*$/.test(text));

        // Act
        const bad = checkProxyResponse(JSON.stringify({ statusCode: text, body: 'x' }), REST);
        const good = checkProxyResponse(JSON.stringify({ statusCode: String(status), body: 'x' }), REST);

        // Assess
        expect(found(bad)).toEqual([['statusCode', 'status-code-not-integer']]);
        expect(bad.status).toBe(502);
        expect(good).toMatchObject({ valid: true, status, clientBody: 'x' });
      }),
      { numRuns: 300 },
    );
  });

  it('reads a negative statusCode string as a number and refuses it as no HTTP status', () => {
    for (const text of ['-0', '-12', '-599']) {
      const verdict = checkProxyResponse(JSON.stringify({ statusCode: text, body: 'x' }), REST);
      expect(found(verdict)).toEqual([['statusCode', 'status-code-out-of-range']]);
      expect(verdict.status).toBe(502);
    }
  });
});
