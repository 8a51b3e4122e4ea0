import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEncodedPolicy, parsePolicyJson, toPolicyDocument } from '../../../../shared/adapters/support/policy-json.ts';

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

describe('policy parsing', () => {
  it('keeps condition values as strings, the way IAM compares them', () => {
    // Prepare
    const text = JSON.stringify({
      Statement: [{ Effect: 'Deny', Action: '*', Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': [10, 20] } } }],
    });

    // Act
    const result = parsePolicyJson(text);

    // Assess
    expect(result).toStrictEqual({
      ok: true,
      value: { Statement: [{ Effect: 'Deny', Action: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' }, NumericLessThan: { 's3:max-keys': ['10', '20'] } } }] },
    });
  });

  it('reads the trust policy URL-encoded, already decoded, or as an object', () => {
    // Prepare
    const forms = [encodeURIComponent(JSON.stringify(trust)), JSON.stringify(trust), trust];

    // Act
    const results = forms.map(parseEncodedPolicy);

    // Assess
    expect(results).toStrictEqual([
      { ok: true, value: trust },
      { ok: true, value: trust },
      { ok: true, value: trust },
    ]);
  });

  it('says why a document is unusable', () => {
    // Prepare
    const badEffect = { Statement: [{ Effect: 'Maybe' }] };

    // Act
    const results = [toPolicyDocument(badEffect), parsePolicyJson('{'), parseEncodedPolicy('%E0%A4%A'), toPolicyDocument({ Version: '2012-10-17' })];

    // Assess
    expect(results.map((result) => (result.ok ? 'ok' : result.error.replace(/\(.*\)/, '(…)')))).toStrictEqual([
      'Statement[0].Effect: expected one of "Allow"|"Deny"',
      'not JSON (…)',
      'not URL-encoded JSON',
      'Statement: expected array, received undefined',
    ]);
  });
});

describe('policy parsing (properties)', () => {
  const list = fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }));
  const statement = fc.record(
    {
      Sid: fc.string({ maxLength: 10 }),
      Effect: fc.constantFrom('Allow', 'Deny'),
      Principal: fc.oneof(fc.constant('*'), fc.record({ Service: list })),
      Action: list,
      Resource: list,
      Condition: fc.dictionary(fc.constantFrom('StringEquals', 'ArnLike', 'Bool'), fc.dictionary(fc.constantFrom('aws:SourceArn', 'aws:SourceAccount'), fc.oneof(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 }))), { maxKeys: 2 }),
    },
    { requiredKeys: ['Effect'] },
  );
  const policy = fc.record({ Version: fc.constant('2012-10-17'), Statement: fc.array(statement, { maxLength: 4 }) });

  it('reads every well-formed policy, in each of its forms, as exactly that policy', () => {
    fc.assert(
      fc.property(policy, (document) => {
        // Prepare
        const text = JSON.stringify(document);

        // Act
        const results = [parsePolicyJson(text), parseEncodedPolicy(encodeURIComponent(text)), parseEncodedPolicy(document), toPolicyDocument(document)];

        // Assess
        // toEqual, not toStrictEqual: fast-check may build the generated objects without a prototype.
        for (const result of results) expect(result).toEqual({ ok: true, value: document });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses text that is not JSON, saying so', () => {
    // Prepare
    const notJson = fc.string({ maxLength: 100 }).filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });

    fc.assert(
      fc.property(notJson, (text) => {
        // Act
        const result = parsePolicyJson(text);

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatch(/^not JSON \(/);
      }),
    );
  });

  it('refuses a statement whose Effect is neither Allow nor Deny, naming the path', () => {
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 3 }), fc.nat(), fc.string({ maxLength: 10 }).filter((e) => e !== 'Allow' && e !== 'Deny'), (statements, at, effect) => {
        // Prepare
        const index = at % (statements.length + 1);
        const bad = [...statements.slice(0, index), { Effect: effect }, ...statements.slice(index)];

        // Act
        const result = toPolicyDocument({ Statement: bad });

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toContain(`Statement[${index}].Effect`);
      }),
    );
  });
});
