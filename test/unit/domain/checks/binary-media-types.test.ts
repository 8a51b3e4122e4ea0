import { describe, expect, it } from 'vitest';
import { checkBinaryMediaTypes } from '../../../../shared/domain/checks/binary-media-types.ts';
import type { BinaryMediaTypesInput, MethodIntegration } from '../../../../shared/domain/checks/binary-media-types.ts';

const stage = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const apiArn = 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3';
const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations';
const nonProxy: MethodIntegration = {
  method: { resourceId: 'r1', resourcePath: '/items', httpMethod: 'POST' },
  integration: { type: 'AWS', httpMethod: 'POST', uri },
};
const proxy: MethodIntegration = {
  method: { resourceId: 'r2', resourcePath: '/files', httpMethod: 'GET' },
  integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri },
};

function input(overrides: Partial<BinaryMediaTypesInput>): BinaryMediaTypesInput {
  return { stage, api: { id: 'a1b2c3', binaryMediaTypes: ['*/*'] }, integrations: [nonProxy, proxy], ...overrides };
}

describe('checkBinaryMediaTypes', () => {
  it('warns for each non-proxy Lambda integration under */*', () => {
    // Prepare
    const value = input({});
    // Act
    const results = checkBinaryMediaTypes(value);
    // Assess
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result?.status).toBe('warn');
    expect(result?.resource).toBe('POST /items');
    expect(result?.supports).toEqual(['mapping_template_error']);
    expect(result?.message).toBe(
      'API a1b2c3 lists */* as a binary media type, so every request body reaches the non-proxy Lambda integration of POST /items as binary, ' +
        'and its mapping template fails ("Unable to transform request", 500). ' +
        'Convert the body to text for this integration, or list only the real binary types instead of */*.',
    );
    expect(result?.fix?.cli.split('\n')).toEqual([
      'aws apigateway update-integration --rest-api-id a1b2c3 --resource-id r1 --http-method POST --patch-operations ' +
        'op=replace,path=/contentHandling,value=CONVERT_TO_TEXT --region us-east-1',
      'aws apigateway create-deployment --rest-api-id a1b2c3 --stage-name prod --region us-east-1',
      '# or drop */* (add the real binary types instead):',
      "aws apigateway update-rest-api --rest-api-id a1b2c3 --patch-operations 'op=remove,path=/binaryMediaTypes/*~1*' --region us-east-1",
    ]);
    expect(result?.fix?.iac).toContain('  ContentHandling: CONVERT_TO_TEXT');
  });

  it('does not warn for a non-proxy integration that already converts to text', () => {
    // Prepare
    const converted = { ...nonProxy, integration: { ...nonProxy.integration, contentHandling: 'CONVERT_TO_TEXT' } };
    // Act
    const results = checkBinaryMediaTypes(input({ integrations: [converted, proxy] }));
    // Assess
    expect(results).toEqual([
      {
        id: 'binary-media-types',
        status: 'pass',
        resource: apiArn,
        message: 'API a1b2c3 has binary media types */*; no method is affected by them.',
      },
    ]);
  });

  it('warns once for the API when a function returns base64 and no binary type is set, suggesting */* without non-proxy integrations', () => {
    // Prepare
    const value = input({
      api: { id: 'a1b2c3' },
      integrations: [proxy],
      base64Responses: [{ resourcePath: 'files', httpMethod: 'get' }, { resourcePath: '/files', httpMethod: 'GET' }],
    });
    // Act
    const results = checkBinaryMediaTypes(value);
    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('warn');
    expect(results[0]?.resource).toBe(apiArn);
    expect(results[0]?.supports).toEqual([]);
    expect(results[0]?.message).toBe(
      'API a1b2c3 has no binary media types, but the function behind GET /files returns isBase64Encoded: true: clients get the base64 text ' +
        'instead of the binary body (status 200, so no 5xx). Add the binary media type (clients must send a matching Accept header) and redeploy.',
    );
    expect(results[0]?.fix?.cli.split('\n')).toEqual([
      "aws apigateway update-rest-api --rest-api-id a1b2c3 --patch-operations 'op=add,path=/binaryMediaTypes/*~1*' --region us-east-1",
      'aws apigateway create-deployment --rest-api-id a1b2c3 --stage-name prod --region us-east-1',
    ]);
    expect(results[0]?.fix?.iac).toContain("binaryMediaTypes: ['*/*']");
  });

  it('suggests a concrete type when non-proxy Lambda integrations would break under */*', () => {
    // Prepare
    const value = input({ api: { id: 'a1b2c3', binaryMediaTypes: [] }, base64Responses: [{ resourcePath: '/files', httpMethod: 'GET' }] });
    // Act
    const results = checkBinaryMediaTypes(value);
    // Assess
    expect(results[0]?.fix?.cli.split('\n')[0]).toBe(
      "aws apigateway update-rest-api --rest-api-id a1b2c3 --patch-operations 'op=add,path=/binaryMediaTypes/application~1octet-stream' --region us-east-1",
    );
  });

  it('passes with no binary types and no base64 responses', () => {
    // Prepare / Act
    const results = checkBinaryMediaTypes(input({ api: { id: 'a1b2c3' } }));
    // Assess
    expect(results).toEqual([
      { id: 'binary-media-types', status: 'pass', resource: apiArn, message: 'API a1b2c3 has no binary media types; no method is affected by them.' },
    ]);
  });

  it('skips when the API could not be read or does not exist', () => {
    // Prepare
    const failure = { kind: 'denied' as const, operation: 'apigateway:GetRestApi', message: 'AccessDenied' };
    // Act
    const failed = checkBinaryMediaTypes(input({ api: failure }));
    const missing = checkBinaryMediaTypes(input({ api: null }));
    // Assess
    expect(failed).toEqual([
      { id: 'binary-media-types', status: 'skip', resource: apiArn, message: 'Skipped: apigateway:GetRestApi failed (denied): AccessDenied' },
    ]);
    expect(missing).toEqual([
      { id: 'binary-media-types', status: 'skip', resource: apiArn, message: 'Not applicable: API a1b2c3 does not exist.' },
    ]);
  });
});
