import { describe, expect, it } from 'vitest';
import { checkIntegrationMethod } from '../../../../shared/domain/checks/integration-method.ts';

const stage = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const method = { resourceId: 'r00t1d', resourcePath: '/items', httpMethod: 'GET' };
const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations';

describe('checkIntegrationMethod', () => {
  it('fails a Lambda proxy integration that calls Lambda with GET', () => {
    // Prepare
    const integration = { type: 'AWS_PROXY', httpMethod: 'GET', uri };
    // Act
    const result = checkIntegrationMethod(integration, stage, method);
    // Assess
    expect(result).toEqual({
      id: 'integration-method',
      status: 'fail',
      resource: 'GET /items',
      message:
        'The AWS_PROXY integration of GET /items on API a1b2c3 calls Lambda function orders with GET, but Lambda integrations must use POST: ' +
        'Lambda answers 403 "Unable to determine service/operation name to be authorized" and the client gets 500. ' +
        "The method's own verb (GET) is unaffected by the fix.",
      supports: ['integration_misconfigured'],
      fix: {
        requests: [
          {
            service: 'api-gateway',
            operation: 'UpdateIntegration',
            region: 'us-east-1',
            input: { restApiId: 'a1b2c3', resourceId: 'r00t1d', httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/httpMethod', value: 'POST' }] },
          },
          { service: 'api-gateway', operation: 'CreateDeployment', region: 'us-east-1', input: { restApiId: 'a1b2c3', stageName: 'prod' } },
        ],
        cli: [
          'aws apigateway update-integration --rest-api-id a1b2c3 --resource-id r00t1d --http-method GET --patch-operations ' +
            'op=replace,path=/httpMethod,value=POST --region us-east-1',
          'aws apigateway create-deployment --rest-api-id a1b2c3 --stage-name prod --region us-east-1',
        ].join('\n'),
        iac: [
          '# CDK (TypeScript)',
          "new apigateway.LambdaIntegration(fn) // always POSTs; with AwsIntegration set integrationHttpMethod: 'POST'",
          '',
          '# SAM / CloudFormation',
          'Type: AWS::ApiGateway::Method   # SAM Api events set this for you',
          'Properties:',
          '  Integration:',
          '    Type: AWS_PROXY',
          '    IntegrationHttpMethod: POST',
          '',
          '# Terraform',
          'resource "aws_api_gateway_integration" "this" {',
          '  integration_http_method = "POST"',
          '}',
        ].join('\n'),
      },
    });
  });

  it('fails a non-proxy AWS integration using ANY, and one with no method', () => {
    // Prepare
    const any = { type: 'AWS', httpMethod: 'ANY', uri };
    const none = { type: 'AWS', uri };
    // Act
    const results = [checkIntegrationMethod(any, stage, method), checkIntegrationMethod(none, stage, method)];
    // Assess
    expect(results.map((result) => result.status)).toEqual(['fail', 'fail']);
    expect(results[0]?.message).toContain('calls Lambda function orders with ANY, but');
    expect(results[1]?.message).toContain('calls Lambda function orders with no HTTP method, but');
  });

  it('passes POST (any case)', () => {
    // Prepare
    const integration = { type: 'aws_proxy', httpMethod: 'post', uri };
    // Act
    const result = checkIntegrationMethod(integration, stage, method);
    // Assess
    expect(result).toEqual({
      id: 'integration-method',
      status: 'pass',
      resource: 'GET /items',
      message: 'The AWS_PROXY integration of GET /items calls Lambda with POST.',
    });
  });

  it('skips HTTP and non-Lambda AWS integrations, a missing integration and a failed read', () => {
    // Prepare
    const cases = [
      { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'https://example.com' },
      { type: 'AWS', httpMethod: 'GET', uri: 'arn:aws:apigateway:us-east-1:s3:path/bucket/key' },
      null,
      { kind: 'error' as const, operation: 'apigateway:GetIntegration', message: 'Internal' },
    ];
    // Act
    const results = cases.map((integration) => checkIntegrationMethod(integration, stage, method));
    // Assess
    expect(results.map((result) => [result.status, result.message])).toEqual([
      ['skip', 'Not applicable: GET /items does not integrate with Lambda.'],
      ['skip', 'Not applicable: GET /items does not integrate with Lambda.'],
      ['skip', 'Not applicable: GET /items has no integration.'],
      ['skip', 'Skipped: apigateway:GetIntegration failed (error): Internal'],
    ]);
  });
});
