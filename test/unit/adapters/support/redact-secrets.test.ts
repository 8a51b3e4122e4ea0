import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../../../../shared/adapters/support/redact-secrets.ts';

describe('redactSecrets', () => {
  it.each([
    [
      'an execution-log header map (SigV4 Authorization, security token)',
      '(r1) Endpoint request headers: {x-amzn-lambda-integration-tag=r1, Authorization=AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef0123456789abcdef, X-Amz-Date=20260101T000000Z, X-Amz-Security-Token=IQoJb3JpZ2luX2Vj+/AbC== [TRUNCATED]',
      '(r1) Endpoint request headers: {x-amzn-lambda-integration-tag=r1, Authorization=[REDACTED], SignedHeaders=host;x-amz-date, Signature=[REDACTED], X-Amz-Date=20260101T000000Z, X-Amz-Security-Token=[REDACTED]',
    ],
    ['a bearer token anywhere', 'token was Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln and more', 'token was Bearer [REDACTED] and more'],
    ['an HTTP header line', 'Authorization: Basic dXNlcjpwYXNz', 'Authorization: [REDACTED]'],
    ['query-string credentials', 'GET /x?X-Amz-Security-Token=abc&X-Amz-Signature=def&page=2', 'GET /x?X-Amz-Security-Token=[REDACTED]&X-Amz-Signature=[REDACTED]&page=2'],
    [
      'JSON secret fields, including a multi-value header list',
      '{"user":"bob","password":"hunter2","apiKey":"k1","multiValueHeaders":{"Authorization":["tok"]},"x-api-key":"k2"}',
      '{"user":"bob","password":"[REDACTED]","apiKey":"[REDACTED]","multiValueHeaders":{"Authorization":["[REDACTED]"]},"x-api-key":"[REDACTED]"}',
    ],
    [
      'a JSON body logged inside a JSON string',
      'body: {\\"user\\":\\"bob\\",\\"client_secret\\":\\"s3cr\\\\\\"et\\"}',
      'body: {\\"user\\":\\"bob\\",\\"client_secret\\":\\"[REDACTED]\\"}',
    ],
    ['back-to-back signatures', 'Signature=0123456789abcdefSignature=0123456789abcdef', 'Signature=[REDACTED]Signature=[REDACTED]'],
    ['access key ids', 'keys AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A', `keys AKIA${REDACTED} and ASIA${REDACTED}`],
    [
      'a line with nothing secret',
      '(r1) Execution failed due to configuration error: Malformed Lambda proxy response',
      '(r1) Execution failed due to configuration error: Malformed Lambda proxy response',
    ],
  ])('redacts %s', (_case, text, expected) => {
    // Prepare
    const line = text;

    // Act
    const redacted = redactSecrets(line);

    // Assess
    expect(redacted).toBe(expected);
  });

  it('removes any token from a header map and keeps the other headers', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9+/=._-]{8,60}$/), fc.constantFrom('Authorization', 'X-Amz-Security-Token', 'x-api-key', 'Cookie'), (token, header) => {
        // Prepare
        const line = `Method request headers: {Host=api.example.com, ${header}=${token}, Accept=*/*}`;

        // Act
        const redacted = redactSecrets(line);

        // Assess
        expect(redacted).toBe(`Method request headers: {Host=api.example.com, ${header}=${REDACTED}, Accept=*/*}`);
      }),
    );
  });

  it('redacts a password of any content in JSON and in JSON-inside-JSON, leaving valid JSON', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (secret) => {
        // Prepare
        const body = JSON.stringify({ user: 'bob', password: secret });
        const nested = JSON.stringify({ message: `body ${body}` });

        // Act
        const plain = JSON.parse(redactSecrets(body)) as unknown;
        const inner = (JSON.parse(redactSecrets(nested)) as { message: string }).message;

        // Assess
        expect(plain).toStrictEqual({ user: 'bob', password: REDACTED });
        expect(JSON.parse(inner.slice('body '.length))).toStrictEqual({ user: 'bob', password: REDACTED });
      }),
    );
  });

  it('is idempotent, also on text built from the pieces the rules look for', () => {
    const pieces = ['Authorization', 'Cookie', 'password', 'Bearer', 'AKIA', 'ABCDEFGHIJKLMNOP', 'Signature=', '0123456789abcdef', '[REDACTED]', '=', ':', ' ', '"', '\\', '[', ',', '}', '&', 'x'];
    const suspicious = fc.array(fc.constantFrom(...pieces), { maxLength: 20 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), suspicious), (text) => {
        // Prepare
        const once = redactSecrets(text);

        // Act
        const twice = redactSecrets(once);

        // Assess
        expect(twice).toBe(once);
      }),
    );
  });
});
