import { describe, expect, it } from 'vitest';
import { checkFunctionExists, isAliasQualifier } from '../../../../shared/domain/checks/function-exists.ts';
import type { FunctionExistsInput } from '../../../../shared/domain/checks/function-exists.ts';
import { lambdaTargetFromUri } from '../../../../shared/domain/checks/lambda-target.ts';
import type { LambdaTarget } from '../../../../shared/domain/checks/lambda-target.ts';

const stage = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const method = { resourceId: 'r00t1d', resourcePath: '/items', httpMethod: 'GET' };
const base = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:';

function target(functionPart: string, variables?: Record<string, string>): LambdaTarget {
  const parsed = lambdaTargetFromUri(`${base}${functionPart}/invocations`, variables);
  if (parsed === null) throw new Error(`not a Lambda uri: ${functionPart}`);
  return parsed;
}

function input(overrides: Partial<FunctionExistsInput>): FunctionExistsInput {
  return {
    target: target('orders'),
    region: 'us-east-1',
    functionConfiguration: { FunctionName: 'orders', State: 'Active' },
    integration: { stage, method },
    ...overrides,
  };
}

describe('isAliasQualifier', () => {
  it('tells aliases from versions', () => {
    // Prepare / Act
    const answers = [isAliasQualifier('live'), isAliasQualifier('$LATEST'), isAliasQualifier('12'), isAliasQualifier(null)];
    // Assess
    expect(answers).toEqual([true, false, false, false]);
  });
});

describe('checkFunctionExists', () => {
  it('fails when the function does not exist, with a way to re-point the integration', () => {
    // Prepare
    const value = input({ functionConfiguration: null });
    // Act
    const result = checkFunctionExists(value);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.resource).toBe('arn:aws:lambda:us-east-1:123456789012:function:orders');
    expect(result.supports).toEqual(['function_not_found']);
    expect(result.message).toBe(
      'Lambda function arn:aws:lambda:us-east-1:123456789012:function:orders does not exist (used by GET /items on stage prod): ' +
        'every invoke fails with ResourceNotFoundException and the client gets a 5xx.',
    );
    expect(result.fix?.cli.split('\n')).toEqual([
      '# deploy the function, or find the one that should be used:',
      "aws lambda list-functions --region us-east-1 --query 'Functions[].FunctionArn'",
      '# then point the integration at a function that exists (and give API Gateway permission to invoke it):',
      'aws apigateway update-integration --rest-api-id a1b2c3 --resource-id r00t1d --http-method GET --patch-operations ' +
        "'op=replace,path=/uri,value=arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/<function-arn>/invocations' --region us-east-1",
      'aws apigateway create-deployment --rest-api-id a1b2c3 --stage-name prod --region us-east-1',
    ]);
    expect(result.fix?.iac).toContain('uri = aws_lambda_function.fn.invoke_arn');
  });

  it('names a missing version', () => {
    // Prepare
    const value = input({ target: target('orders:7'), functionConfiguration: null, integration: undefined });
    // Act
    const result = checkFunctionExists(value);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      'Version 7 of Lambda function orders does not exist: every invoke fails with ResourceNotFoundException and the client gets a 5xx.',
    );
    expect(result.fix?.cli).toBe(
      "# deploy the function, or find the one that should be used:\naws lambda list-functions --region us-east-1 --query 'Functions[].FunctionArn'",
    );
  });

  it('fails when the alias is missing', () => {
    // Prepare
    const value = input({ target: target('orders:live'), alias: null, functionConfiguration: null });
    // Act
    const result = checkFunctionExists(value);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.supports).toEqual(['function_not_found']);
    expect(result.message).toBe(
      'Alias live of Lambda function orders (or the function itself) does not exist (used by GET /items on stage prod): ' +
        'every invoke fails with ResourceNotFoundException and the client gets a 5xx.',
    );
    expect(result.fix?.cli.split('\n')).toEqual([
      '# point the alias at the published version that should serve traffic ($LATEST shown):',
      "aws lambda create-alias --function-name orders --name live --function-version '$LATEST' --region us-east-1",
    ]);
    expect(result.fix?.iac).toContain("new lambda.Alias(this, 'Alias', { aliasName: 'live', version: fn.currentVersion });");
  });

  it('fails a missing alias of an existing function without doubting the function', () => {
    // Prepare
    const value = input({ target: target('orders:live'), alias: null, integration: undefined });
    // Act
    const result = checkFunctionExists(value);
    // Assess
    expect(result.message).toBe(
      'Alias live of Lambda function orders does not exist: every invoke fails with ResourceNotFoundException and the client gets a 5xx.',
    );
  });

  it('warns on a Failed function with its reason', () => {
    // Prepare
    const value = input({
      functionConfiguration: { FunctionName: 'orders', State: 'Failed', StateReason: 'The subnet has no free IP addresses.' },
    });
    // Act
    const result = checkFunctionExists(value);
    // Assess
    expect(result.status).toBe('warn');
    expect(result.supports).toEqual(['lambda_service_error']);
    expect(result.message).toBe(
      'Lambda function orders is Failed (The subnet has no free IP addresses.) (used by GET /items on stage prod): ' +
        'every invoke fails until the cause is fixed and the function is updated.',
    );
    expect(result.fix?.cli.split('\n')[0]).toBe(
      'aws lambda get-function-configuration --function-name arn:aws:lambda:us-east-1:123456789012:function:orders --region us-east-1 ' +
        "--query '[State,StateReason,StateReasonCode,LastUpdateStatus]'",
    );
  });

  it('warns on an Inactive function and waits for it to be Active', () => {
    // Prepare
    const value = input({ functionConfiguration: { FunctionName: 'orders', State: 'Inactive' } });
    // Act
    const result = checkFunctionExists(value);
    // Assess
    expect(result.status).toBe('warn');
    expect(result.message).toContain('Lambda function orders is Inactive (used by GET /items on stage prod): Lambda reclaimed');
    expect(result.fix?.cli.split('\n').slice(1)).toEqual([
      '# the next invoke (any request) starts reactivation; wait until it is Active:',
      'aws lambda wait function-active-v2 --function-name arn:aws:lambda:us-east-1:123456789012:function:orders --region us-east-1',
    ]);
  });

  it('passes an Active function with an existing alias', () => {
    // Prepare
    const value = input({
      target: target('orders:live'),
      alias: { Name: 'live', FunctionVersion: '3' },
      functionConfiguration: { FunctionName: 'orders', State: 'Active' },
    });
    // Act
    const result = checkFunctionExists(value);
    // Assess
    expect(result).toEqual({
      id: 'function-exists',
      status: 'pass',
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:orders:live',
      message: 'Lambda function arn:aws:lambda:us-east-1:123456789012:function:orders:live exists and is Active (used by GET /items on stage prod).',
    });
  });

  it('skips when the name hangs on an unset stage variable', () => {
    // Prepare
    const value = input({ target: target('${stageVariables.fn}', {}) });
    // Act
    const result = checkFunctionExists(value);
    // Assess
    expect(result.status).toBe('skip');
    expect(result.message).toBe(
      'Not applicable: the function name depends on stage variable(s) fn with no value on this stage (see stage-variables).',
    );
  });

  it('skips when GetFunctionConfiguration failed', () => {
    // Prepare
    const value = input({ functionConfiguration: { kind: 'throttled', operation: 'lambda:GetFunctionConfiguration', message: 'Rate exceeded' } });
    // Act
    const result = checkFunctionExists(value);
    // Assess
    expect(result).toEqual({
      id: 'function-exists',
      status: 'skip',
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      message: 'Skipped: lambda:GetFunctionConfiguration failed (throttled): Rate exceeded',
    });
  });
});
