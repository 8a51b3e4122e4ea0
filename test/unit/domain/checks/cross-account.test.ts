import { describe, expect, it } from 'vitest';
import { crossAccountResults, isInOtherAccount } from '../../../../shared/domain/checks/cross-account.ts';
import { lambdaTargetFromUri, type LambdaTarget } from '../../../../shared/domain/checks/lambda-target.ts';

const stage = { restApiId: 'a1b2c3', stageName: 'prod', region: 'eu-west-1', account: '123456789012' };
const method = { resourceId: 'res1', resourcePath: '/items/{id}', httpMethod: 'GET' };

function target(fn: string): LambdaTarget {
  const t = lambdaTargetFromUri(`arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${fn}/invocations`);
  if (t === null) throw new Error(`not a Lambda uri: ${fn}`);
  return t;
}

describe('isInOtherAccount', () => {
  it('is true only for an ARN naming another account; a bare name lives in the API’s account', () => {
    expect(isInOtherAccount(target('arn:aws:lambda:eu-west-1:999988887777:function:items'), stage.account)).toBe(true);
    expect(isInOtherAccount(target('arn:aws:lambda:eu-west-1:123456789012:function:items'), stage.account)).toBe(false);
    expect(isInOtherAccount(target('items'), stage.account)).toBe(false);
  });
});

describe('crossAccountResults', () => {
  it('skips invoke-permission with get-policy and the add-permission that pins SourceArn and SourceAccount', () => {
    // Act
    const results = crossAccountResults({
      stage, method, target: target('arn:aws:lambda:eu-west-1:999988887777:function:items:live'),
      integration: { type: 'AWS_PROXY' }, requestPath: '/items/42', inDepth: false, firstForFunction: false,
    });
    // Assess
    expect(results.map((r) => [r.id, r.status])).toEqual([['invoke-permission', 'skip']]);
    const [result] = results;
    expect(result?.message).toMatch(/^Not checked: function in account 999988887777, not this API's account 123456789012/);
    expect(result?.message).toContain('(request path /items/42)');
    expect(result?.fix?.cli.split('\n')).toEqual([
      "# run with credentials of account 999988887777 (the function's account)",
      'aws lambda get-policy --function-name arn:aws:lambda:eu-west-1:999988887777:function:items --qualifier live --region eu-west-1',
      '# if no statement allows apigateway.amazonaws.com with that SourceArn (and SourceAccount 123456789012), add it:',
      expect.stringMatching(/^aws lambda add-permission --function-name arn:aws:lambda:eu-west-1:999988887777:function:items --statement-id apigw-doctor-[0-9a-f]{8} --action lambda:InvokeFunction --principal apigateway\.amazonaws\.com --source-arn 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3\/\*\/GET\/items\/\*' --source-account 123456789012 --qualifier live --region eu-west-1$/) as unknown as string,
    ]);
    expect(result?.fix?.requests).toEqual([]);
  });

  it('with a credentials role, asks for a statement that lets the role invoke the function', () => {
    // Act
    const [result] = crossAccountResults({
      stage, method, target: target('arn:aws:lambda:eu-west-1:999988887777:function:items'),
      integration: { type: 'AWS_PROXY', credentials: 'arn:aws:iam::123456789012:role/apigw-invoke' }, requestPath: null, inDepth: false, firstForFunction: false,
    });
    // Assess
    expect(result?.fix?.cli).toContain('--principal arn:aws:iam::123456789012:role/apigw-invoke');
    expect(result?.fix?.cli).not.toContain('--source-arn');
  });

  it('for an in-depth method, skips integration-timeout, and once per function the existence, concurrency and policy size', () => {
    // Act
    const first = crossAccountResults({
      stage, method, target: target('arn:aws:lambda:eu-west-1:999988887777:function:items:live'),
      integration: { type: 'AWS_PROXY', timeoutInMillis: 10_000 }, requestPath: null, inDepth: true, firstForFunction: true,
    });
    const again = crossAccountResults({
      stage, method: { ...method, httpMethod: 'PUT' }, target: target('arn:aws:lambda:eu-west-1:999988887777:function:items:live'),
      integration: { type: 'AWS_PROXY' }, requestPath: null, inDepth: true, firstForFunction: false,
    });
    // Assess
    expect(first.map((r) => r.id)).toEqual(['invoke-permission', 'integration-timeout', 'function-exists', 'reserved-concurrency', 'policy-size']);
    expect(first.every((r) => r.status === 'skip')).toBe(true);
    expect(first[1]?.message).toContain('integration timeout of 10000 ms');
    expect(first[2]?.fix?.cli).toContain('aws lambda get-alias --function-name arn:aws:lambda:eu-west-1:999988887777:function:items --name live --region eu-west-1');
    // Concurrency is per function, never per alias.
    expect(first[3]?.resource).toBe('arn:aws:lambda:eu-west-1:999988887777:function:items');
    expect(again.map((r) => r.id)).toEqual(['invoke-permission', 'integration-timeout']);
  });
});
