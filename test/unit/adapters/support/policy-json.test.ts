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
