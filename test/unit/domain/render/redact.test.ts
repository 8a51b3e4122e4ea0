import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../../../../shared/domain/render/redact.ts';

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
      'every value of a multi-value cookie list',
      '{"multiValueHeaders":{"Cookie":["session=abc123", "theme=dark"],"Accept":["*/*"]}}',
      '{"multiValueHeaders":{"Cookie":["[REDACTED]", "[REDACTED]"],"Accept":["*/*"]}}',
    ],
    ['a Set-Cookie response header', 'Endpoint response headers: {Set-Cookie=sid=s3cr3t; Path=/; HttpOnly, Content-Type=application/json}', 'Endpoint response headers: {Set-Cookie=[REDACTED], Content-Type=application/json}'],
    [
      'a JWT outside an Authorization header',
      'id_token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl expired',
      'id_token [REDACTED] expired',
    ],
    [
      'secret query parameters, keeping the harmless ones',
      'GET /cb?code_verifier=1&access_token=tok1&id_token=tok2&client_secret=cs&api_key=k&sig=s1&page=2&keyword=shoes',
      'GET /cb?code_verifier=1&access_token=[REDACTED]&id_token=[REDACTED]&client_secret=[REDACTED]&api_key=[REDACTED]&sig=[REDACTED]&page=2&keyword=shoes',
    ],
    [
      'a pre-signed S3 URL',
      'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=abcdef',
      'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[REDACTED]&X-Amz-Signature=[REDACTED]',
    ],
    ['an AWS secret access key assignment', 'env: AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY region=us-east-1', 'env: AWS_SECRET_ACCESS_KEY=[REDACTED] region=us-east-1'],
    [
      'a PEM private key spanning lines',
      'key: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY----- done',
      'key: -----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY----- done',
    ],
    [
      'Slack tokens and webhook URLs',
      'posting with xoxb-1234567890-abcdefghij to https://hooks.slack.com/services/T000/B000/XXXXXXXX failed',
      'posting with [REDACTED] to https://hooks.slack.com/[REDACTED] failed',
    ],
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
    const pieces = ['Authorization', 'Cookie', 'password', 'Bearer', 'AKIA', 'ABCDEFGHIJKLMNOP', 'Signature=', '0123456789abcdef', '[REDACTED]', 'eyJhbGciOi', '.', '?token=', '&sig=', 'xoxb-', '0123456789', '-----BEGIN PRIVATE KEY-----', '"Cookie":', ']', '=', ':', ' ', '"', '\\', '[', ',', '}', '&', 'x'];
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

  describe('never lets a generated secret through, wherever it sits in log text', () => {
    const noise = fc.string({ maxLength: 40, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789:/.-_()[]#@'.split('')) });
    const token = fc.stringMatching(/^[A-Za-z0-9]{24,48}$/);
    const base64url = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/);
    /** Each kind: how a secret is generated and how a log line carries it. */
    const kinds: readonly (readonly [string, fc.Arbitrary<{ readonly secret: string; readonly line: string }>])[] = [
      ['an Authorization header', fc.tuple(token, fc.constantFrom('Authorization', 'authorization', 'Proxy-Authorization')).map(([t, h]) => ({ secret: t, line: `{Host=h, ${h}=Basic ${t}, Accept=*/*}` }))],
      ['an x-api-key header', token.map((t) => ({ secret: t, line: `Method request headers: {x-api-key=${t}}` }))],
      ['a Cookie / Set-Cookie header', fc.tuple(token, fc.constantFrom('Cookie', 'Set-Cookie', 'cookie')).map(([t, h]) => ({ secret: t, line: `${h}: sid=${t}; Path=/` }))],
      ['a bearer token', token.map((t) => ({ secret: t, line: `sent Bearer ${t}` }))],
      ['a JWT', fc.tuple(base64url, base64url, base64url).map(([a, b, c]) => { const jwt = `eyJ${a}.eyJ${b}.${c}`; return { secret: jwt, line: `token=${jwt}` }; })],
      ['an AWS access key id', fc.tuple(fc.constantFrom('AKIA', 'ASIA'), fc.stringMatching(/^[A-Z0-9]{16}$/)).map(([p, id]) => ({ secret: `${p}${id}`, line: `Credential=${p}${id}/20260101/us-east-1/lambda/aws4_request` }))],
      [
        'a secret query parameter',
        fc.tuple(token, fc.constantFrom('token', 'sig', 'signature', 'password', 'secret', 'key', 'X-Amz-Signature', 'X-Amz-Security-Token', 'access_token', 'client_secret', 'api_key')).map(([t, name]) => ({
          secret: t,
          line: `GET /items?page=1&${name}=${t}&sort=asc`,
        })),
      ],
      ['a JSON secret field', fc.tuple(token, fc.constantFrom('password', 'apiKey', 'client_secret', 'Authorization', 'x-api-key', 'sessionId')).map(([t, k]) => ({ secret: t, line: `{"${k}":"${t}"}` }))],
    ];

    it.each(kinds)('%s', (_kind, carrier) => {
      fc.assert(
        fc.property(noise, carrier, noise, (before, { secret, line }, after) => {
          // Prepare
          const text = `${before} ${line} ${after}`;

          // Act
          const redacted = redactSecrets(text);

          // Assess
          expect(redacted).not.toContain(secret);
          expect(redacted).toContain(REDACTED);
        }),
      );
    });
  });
});
