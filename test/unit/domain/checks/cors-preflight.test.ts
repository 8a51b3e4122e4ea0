import { describe, expect, it } from 'vitest';
import { checkCorsPreflight, templateStatusCode, type PreflightMethod } from '../../../../shared/domain/checks/cors-preflight.ts';
import type { Finding } from '../../../../shared/domain/model.ts';

const stage = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const options = { resourceId: 'res123', resourcePath: '/orders', httpMethod: 'OPTIONS' };
const get: PreflightMethod = {
  method: { resourceId: 'res123', resourcePath: '/orders', httpMethod: 'GET' },
  integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations' },
};
const goodMock = {
  type: 'MOCK',
  requestTemplates: { 'application/json': '{"statusCode": 200}' },
  integrationResponses: { '200': { statusCode: '200' } },
};

function preflightFailure(path: string, status = 500): Finding {
  return { cause: 'unknown', requestId: `req-${path}`, status, evidence: ['Method completed with status: 500'], details: { method: 'OPTIONS', resourcePath: path } };
}

describe('checkCorsPreflight', () => {
  it('says nothing about an API without OPTIONS methods and without failing preflights', () => {
    // Act
    const results = checkCorsPreflight({ stage, methods: [get], findings: [] });
    // Assess
    expect(results).toEqual([]);
  });

  it('passes once for a stage whose MOCK preflights answer 200 with an integration response', () => {
    // Act
    const results = checkCorsPreflight({ stage, methods: [get, { method: options, integration: goodMock }], findings: [] });
    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: 'cors-preflight', status: 'pass', resource: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod' });
  });

  it('fails an OPTIONS method with no integration: CreateDeployment refuses the API; the fix puts a MOCK integration, its responses, and deploys', () => {
    // Act
    const [result] = checkCorsPreflight({ stage, methods: [get, { method: options, integration: null }], findings: [preflightFailure('/orders')] });
    // Assess
    expect(result?.status).toBe('fail');
    expect(result?.resource).toBe('OPTIONS /orders');
    expect(result?.message).toContain('No integration defined for method');
    expect(result?.message).toContain('1 preflight request failed with 500');
    expect(result?.fix?.requests.map((r) => r.operation)).toEqual(['PutMethodResponse', 'PutIntegration', 'PutIntegrationResponse', 'CreateDeployment']);
    expect(result?.fix?.requests[1]?.input).toEqual({
      restApiId: 'a1b2c3', resourceId: 'res123', httpMethod: 'OPTIONS', type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' }, passthroughBehavior: 'WHEN_NO_MATCH',
    });
    // Allow-Methods names the resource's own verbs.
    expect(result?.fix?.requests[2]?.input['responseParameters']).toMatchObject({ 'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS'" });
    expect(result?.fix?.cli).toContain("aws apigateway put-integration --rest-api-id a1b2c3 --resource-id res123 --http-method OPTIONS --type MOCK --request-templates '{\"application/json\":\"{\\\"statusCode\\\": 200}\"}'");
    expect(result?.fix?.iac).toContain('addCorsPreflight');
  });

  it('does not declare a method response the method already has', () => {
    // Act
    const [result] = checkCorsPreflight({ stage, methods: [{ method: options, integration: null, methodResponses: { '200': { statusCode: '200' } } }], findings: [] });
    // Assess
    expect(result?.fix?.requests.map((r) => r.operation)).toEqual(['PutIntegration', 'PutIntegrationResponse', 'CreateDeployment']);
  });

  it('skips an OPTIONS method whose integration could not be read, saying why', () => {
    // Act
    const [result] = checkCorsPreflight({
      stage,
      methods: [{ method: options, integration: null, integrationFailure: { kind: 'denied', operation: 'apigateway:GetIntegration', message: 'not authorized' } }],
      findings: [],
    });
    // Assess
    expect(result).toMatchObject({ status: 'skip', message: 'Skipped: apigateway:GetIntegration failed (denied): not authorized' });
  });

  it('fails a MOCK without an application/json template giving a statusCode, with the UpdateIntegration that sets it', () => {
    // Act
    const [none] = checkCorsPreflight({ stage, methods: [{ method: options, integration: { ...goodMock, requestTemplates: {} } }], findings: [] });
    const [wrong] = checkCorsPreflight({ stage, methods: [{ method: options, integration: { ...goodMock, requestTemplates: { 'application/json': '{}' } } }], findings: [] });
    // Assess
    expect(none?.status).toBe('fail');
    expect(none?.message).toContain('Unable to parse statusCode');
    expect(none?.fix?.requests[0]).toEqual({
      service: 'api-gateway', operation: 'UpdateIntegration', region: 'us-east-1',
      input: { restApiId: 'a1b2c3', resourceId: 'res123', httpMethod: 'OPTIONS', patchOperations: [{ op: 'add', path: '/requestTemplates/application~1json', value: '{"statusCode": 200}' }] },
    });
    expect(wrong?.fix?.requests[0]?.input['patchOperations']).toEqual([{ op: 'replace', path: '/requestTemplates/application~1json', value: '{"statusCode": 200}' }]);
  });

  it('fails a MOCK with no integration response selected for its status, naming the status', () => {
    // Prepare
    const noResponses = { ...goodMock, integrationResponses: {} };
    const onlyOther = { ...goodMock, requestTemplates: { 'application/json': '{"statusCode": 204}' }, integrationResponses: { '200': { statusCode: '200', selectionPattern: '2\\d\\d' }, '500': { statusCode: '500', selectionPattern: '5\\d{2}' } } };
    const unmatched = { ...goodMock, requestTemplates: { 'application/json': '{"statusCode": 204}' }, integrationResponses: { '500': { statusCode: '500', selectionPattern: '5\\d{2}' } } };
    // Act
    const [a] = checkCorsPreflight({ stage, methods: [{ method: options, integration: noResponses }], findings: [] });
    const [b] = checkCorsPreflight({ stage, methods: [{ method: options, integration: onlyOther }], findings: [] });
    const [c] = checkCorsPreflight({ stage, methods: [{ method: options, integration: unmatched }], findings: [] });
    // Assess
    expect(a?.status).toBe('fail');
    expect(a?.message).toContain('No match for output mapping and no default output mapping configured. Endpoint Response Status Code: 200');
    expect(a?.fix?.requests.map((r) => r.operation)).toEqual(['PutMethodResponse', 'PutIntegrationResponse', 'CreateDeployment']);
    expect(b?.status).toBe('pass');
    expect(c?.status).toBe('fail');
    expect(c?.fix?.requests[1]?.input['statusCode']).toBe('204');
  });

  it('warns when OPTIONS requests fail on a path answered by a Lambda proxy or an ANY method', () => {
    // Prepare
    const proxyOptions: PreflightMethod = { method: options, integration: get.integration };
    const any: PreflightMethod = { method: { resourceId: 'res999', resourcePath: '/items', httpMethod: 'ANY' }, integration: get.integration };
    // Act
    const results = checkCorsPreflight({ stage, methods: [proxyOptions, any], findings: [preflightFailure('/orders', 502), preflightFailure('/items'), preflightFailure('/items')] });
    // Assess
    expect(results.map((r) => [r.resource, r.status])).toEqual([['OPTIONS /orders', 'warn'], ['OPTIONS /items', 'warn']]);
    expect(results[0]?.message).toContain('1 preflight request failed with 502');
    expect(results[1]?.message).toContain('its ANY method (AWS_PROXY) answers them');
    expect(results[1]?.message).toContain('2 preflight requests failed');
  });

  it('reads a literal status code from a request template, VTL around it or not', () => {
    expect(templateStatusCode('{"statusCode": 200}')).toBe('200');
    expect(templateStatusCode("#if($x)\n{ 'statusCode': 204 }\n#end")).toBe('204');
    expect(templateStatusCode('{"statusCode": $input.params("code")}')).toBeNull();
  });
});
