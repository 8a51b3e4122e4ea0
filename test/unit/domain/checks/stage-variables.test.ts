import { describe, expect, it } from 'vitest';
import { checkStageVariables, stageVariableNames } from '../../../../shared/domain/checks/stage-variables.ts';
import type { StageVariablesInput } from '../../../../shared/domain/checks/stage-variables.ts';

const stage = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const method = { resourceId: 'r00t1d', resourcePath: '/items', httpMethod: 'GET' };
const lambdaUri =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations';

function input(overrides: Partial<StageVariablesInput>): StageVariablesInput {
  return {
    stage,
    method,
    stageInfo: { variables: { fn: 'orders' } },
    integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri },
    ...overrides,
  };
}

describe('stageVariableNames', () => {
  it('finds both spellings once each, in order', () => {
    // Prepare / Act
    const names = stageVariableNames('https://${stageVariables.host}/$\\{stageVariables.path}/${stageVariables.host}');
    // Assess
    expect(names).toEqual(['host', 'path']);
  });
});

describe('checkStageVariables', () => {
  it('fails a Lambda uri whose variable has no value on the stage', () => {
    // Prepare
    const value = input({ stageInfo: { variables: { other: 'x' } } });
    // Act
    const result = checkStageVariables(value);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.resource).toBe('GET /items');
    expect(result.supports).toEqual(['function_not_found']);
    expect(result.message).toBe(
      `The integration uri of GET /items (${lambdaUri}) uses stage variable(s) fn with no value on stage prod of API a1b2c3: ` +
        'the function name resolves to "arn:aws:lambda:us-east-1:123456789012:function:" and every request fails with 500 ' +
        '(the test console shows "Invalid stage variable value" or a functionName validation error); ' +
        'once set, that function also needs an invoke permission for this API.',
    );
    expect(result.fix?.cli).toBe(
      "aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations 'op=replace,path=/variables/fn,value=<function-name>' --region us-east-1",
    );
    expect(result.fix?.iac).toContain("variables: { 'fn': '<function-name>' }");
    expect(result.fix?.iac).toContain("  Variables:\n    fn: '<function-name>'");
    expect(result.fix?.iac).toContain('  variables = {\n    fn = "<function-name>"\n  }');
  });

  it('treats an empty value as unset', () => {
    // Prepare
    const value = input({ stageInfo: { variables: { fn: '' } } });
    // Act
    const result = checkStageVariables(value);
    // Assess
    expect(result.status).toBe('fail');
  });

  it('fails an HTTP uri with an unset host as integration_misconfigured', () => {
    // Prepare
    const uri = 'https://${stageVariables.host}/items';
    const value = input({ integration: { type: 'HTTP_PROXY', uri }, stageInfo: {} });
    // Act
    const result = checkStageVariables(value);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.supports).toEqual(['integration_misconfigured']);
    expect(result.message).toBe(
      `The integration uri of GET /items (${uri}) uses stage variable(s) host with no value on stage prod of API a1b2c3: ` +
        'the endpoint address resolves to an invalid value and requests fail with 500 ("Invalid endpoint address").',
    );
    expect(result.fix?.cli).toContain("'op=replace,path=/variables/host,value=<value>'");
  });

  it('passes when every variable resolves', () => {
    // Prepare / Act
    const result = checkStageVariables(input({}));
    // Assess
    expect(result).toEqual({
      id: 'stage-variables',
      status: 'pass',
      resource: 'GET /items',
      message:
        'The integration of GET /items uses stage variables that all have a value on stage prod of API a1b2c3 (fn=orders); ' +
        'it invokes arn:aws:lambda:us-east-1:123456789012:function:orders, which needs its own invoke permission.',
    });
  });

  it('passes a uri without stage variables', () => {
    // Prepare
    const value = input({ integration: { type: 'AWS_PROXY', uri: lambdaUri.replace('${stageVariables.fn}', 'orders') } });
    // Act
    const result = checkStageVariables(value);
    // Assess
    expect(result).toEqual({
      id: 'stage-variables',
      status: 'pass',
      resource: 'GET /items',
      message: 'The integration of GET /items uses no stage variables.',
    });
  });

  it('skips on failed reads, a missing integration and a missing stage', () => {
    // Prepare
    const cases = [
      input({ stageInfo: { kind: 'denied', operation: 'apigateway:GetStage', message: 'AccessDenied' } }),
      input({ integration: null }),
      input({ stageInfo: null }),
    ];
    // Act
    const results = cases.map(checkStageVariables);
    // Assess
    expect(results.map((result) => [result.status, result.message])).toEqual([
      ['skip', 'Skipped: apigateway:GetStage failed (denied): AccessDenied'],
      ['skip', 'Not applicable: GET /items has no integration.'],
      ['skip', 'Not applicable: stage prod of API a1b2c3 does not exist.'],
    ]);
  });
});
