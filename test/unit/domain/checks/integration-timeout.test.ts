import { describe, expect, it } from 'vitest';
import { checkIntegrationTimeout } from '../../../../shared/domain/checks/integration-timeout.ts';
import type { IntegrationTimeoutInput } from '../../../../shared/domain/checks/integration-timeout.ts';

const stage = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const method = { resourceId: 'r00t1d', resourcePath: '/items', httpMethod: 'GET' };
const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations';

function input(overrides: Partial<IntegrationTimeoutInput>): IntegrationTimeoutInput {
  return {
    stage,
    method,
    integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri },
    functionConfiguration: { FunctionName: 'orders', Timeout: 60 },
    ...overrides,
  };
}

describe('checkIntegrationTimeout', () => {
  it('fails when the function may run longer than the default 29 s integration timeout', () => {
    // Prepare
    const value = input({ endpointTypes: ['REGIONAL'] });
    // Act
    const result = checkIntegrationTimeout(value);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.resource).toBe('GET /items');
    expect(result.supports).toEqual(['integration_timeout']);
    expect(result.message).toBe(
      'GET /items on API a1b2c3 invokes Lambda function orders with a 60 s timeout, but the integration gives up after 29000 ms (the default): ' +
        'a request still running after 29000 ms gets 504 "Endpoint request timed out" while the function keeps running (and is billed) ' +
        'for up to 60 s, and its result is thrown away. Lower the function timeout below the integration timeout or raise the integration timeout.',
    );
    expect(result.fix?.cli.split('\n')).toEqual([
      'aws lambda update-function-configuration --function-name orders --timeout 28 --region us-east-1',
      '# or, for a Regional or private API only (not edge-optimized), raise the integration timeout above 29 s ' +
        '(may need a Service Quotas increase and lowers the account throttle quota):',
      'aws apigateway update-integration --rest-api-id a1b2c3 --resource-id r00t1d --http-method GET --patch-operations ' +
        'op=replace,path=/timeoutInMillis,value=61000 --region us-east-1',
      'aws apigateway create-deployment --rest-api-id a1b2c3 --stage-name prod --region us-east-1',
    ]);
    expect(result.fix?.iac).toContain("timeout: Duration.seconds(28)");
    expect(result.fix?.iac).toContain('  Timeout: 28');
    expect(result.fix?.iac).toContain('  timeout = 28');
  });

  it('does not offer a longer integration timeout to an edge-optimized API', () => {
    // Prepare
    const value = input({ endpointTypes: ['EDGE'] });
    // Act
    const result = checkIntegrationTimeout(value);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.message.endsWith('(this edge-optimized API cannot wait longer than 29 s).')).toBe(true);
    expect(result.fix?.cli).toBe('aws lambda update-function-configuration --function-name orders --timeout 28 --region us-east-1');
  });

  it('offers a raise to any API when it stays within 29 s, against an explicit integration timeout', () => {
    // Prepare
    const value = input({
      integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri, timeoutInMillis: 5000 },
      functionConfiguration: { FunctionName: 'orders', Timeout: 10 },
      endpointTypes: ['EDGE'],
    });
    // Act
    const result = checkIntegrationTimeout(value);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain('with a 10 s timeout, but the integration gives up after 5000 ms:');
    expect(result.fix?.cli.split('\n')).toEqual([
      'aws lambda update-function-configuration --function-name orders --timeout 4 --region us-east-1',
      '# or let the integration wait longer than the function:',
      'aws apigateway update-integration --rest-api-id a1b2c3 --resource-id r00t1d --http-method GET --patch-operations ' +
        'op=replace,path=/timeoutInMillis,value=11000 --region us-east-1',
      'aws apigateway create-deployment --rest-api-id a1b2c3 --stage-name prod --region us-east-1',
    ]);
  });

  it('warns when the two timeouts are equal', () => {
    // Prepare
    const value = input({ functionConfiguration: { FunctionName: 'orders', Timeout: 29 } });
    // Act
    const result = checkIntegrationTimeout(value);
    // Assess
    expect(result.status).toBe('warn');
    expect(result.supports).toEqual(['integration_timeout']);
    expect(result.message).toContain(
      "the gateway's clock also counts the invoke overhead, so a function that uses its full time still ends in a 504 rather than its own timeout error.",
    );
  });

  it('mentions publishing a new version when the integration invokes a qualifier', () => {
    // Prepare
    const value = input({
      integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: uri.replace('function:orders', 'function:orders:live') },
    });
    // Act
    const result = checkIntegrationTimeout(value);
    // Assess
    expect(result.message).toContain('The integration invokes qualifier live: a published version');
  });

  it('passes when the function stops first', () => {
    // Prepare
    const value = input({ functionConfiguration: { FunctionName: 'orders', Timeout: 10 } });
    // Act
    const result = checkIntegrationTimeout(value);
    // Assess
    expect(result).toEqual({
      id: 'integration-timeout',
      status: 'pass',
      resource: 'GET /items',
      message: 'GET /items on API a1b2c3 invokes Lambda function orders, whose 10 s timeout ends before the integration timeout of 29000 ms (the default).',
    });
  });

  it('skips non-Lambda integrations, missing functions and failed reads', () => {
    // Prepare
    const http = input({ integration: { type: 'HTTP_PROXY', uri: 'https://example.com/{proxy}' } });
    const gone = input({ functionConfiguration: null });
    const denied = input({ functionConfiguration: { kind: 'denied', operation: 'lambda:GetFunctionConfiguration', message: 'AccessDenied' } });
    // Act
    const results = [http, gone, denied].map(checkIntegrationTimeout);
    // Assess
    expect(results.map((result) => [result.status, result.message])).toEqual([
      ['skip', 'Not applicable: GET /items does not integrate with Lambda.'],
      ['skip', 'Not applicable: function arn:aws:lambda:us-east-1:123456789012:function:orders does not exist (see function-exists).'],
      ['skip', 'Skipped: lambda:GetFunctionConfiguration failed (denied): AccessDenied'],
    ]);
  });
});
