import { describe, expect, it } from 'vitest';
import { diagnoseApi, diagnoseHttpStage } from '../../../../shared/domain/use-cases/diagnose-http-api.ts';
import type { CheckResult, Diagnosis } from '../../../../shared/domain/model.ts';
import type { HttpIntegrationInfo, HttpRouteInfo, HttpStageInfo } from '../../../../shared/ports/account-reader.ts';
// The real reader over a recording built from plain maps (test/support/fake-account.ts).
import { fakeAccount, type FakeAccountData, type FakeHttpApi } from '../../../support/fake-account.ts';

const API = 'h7tq2xk9wb';
const REST_API = 'k7m2p9q4rx';
const NOW = Date.parse('2026-11-20T14:10:00.000Z');
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler';
const ACCESS_GROUP = '/aws/http-api/orders';
const NO_PERMISSION = 'The IAM role configured on the integration or API Gateway doesn’t have permissions to call the integration. Check the permissions and try again.';

function allow(...sourceArns: string[]): FakeAccountData['policies'] {
  return {
    'orders-handler': {
      Version: '2012-10-17',
      Statement: sourceArns.map((arn, i) => ({ Sid: `s${i}`, Effect: 'Allow' as const, Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: FN, Condition: { ArnLike: { 'AWS:SourceArn': arn } } })),
    },
  };
}

const STAGE: HttpStageInfo = {
  StageName: '$default',
  AutoDeploy: true,
  AccessLogSettings: { DestinationArn: `arn:aws:logs:us-east-1:123456789012:log-group:${ACCESS_GROUP}`, Format: '{"requestId":"$context.requestId","status":"$context.status","integrationErrorMessage":"$context.integrationErrorMessage"}' },
  DefaultRouteSettings: { DetailedMetricsEnabled: true },
};
const INTEGRATION: HttpIntegrationInfo = { IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: FN, PayloadFormatVersion: '2.0', TimeoutInMillis: 30_000 };
const ROUTES: HttpRouteInfo[] = [
  { RouteId: 'r1', RouteKey: 'GET /orders', Target: 'integrations/i1', AuthorizationType: 'NONE' },
  { RouteId: 'r2', RouteKey: '$default', Target: 'integrations/i1', AuthorizationType: 'NONE' },
];

function httpApi(overrides: Partial<FakeHttpApi> = {}): FakeHttpApi {
  return { api: { ApiId: API, Name: 'orders-http', ProtocolType: 'HTTP' }, stages: [STAGE], routes: ROUTES, integrations: [INTEGRATION], ...overrides };
}

function row(method: string, path: string, status: number, error: string): { timestamp: number; message: string } {
  return { timestamp: NOW - 120_000, message: JSON.stringify({ requestId: `Jx${method}${path.length}AbCdEfGhI=`, httpMethod: method, path, status: String(status), integrationErrorMessage: error, apiId: API, stage: '$default' }) };
}

function account(overrides: Partial<FakeAccountData> = {}): ReturnType<typeof fakeAccount> {
  return fakeAccount({
    httpApis: { [API]: httpApi() },
    policies: allow(`arn:aws:execute-api:us-east-1:123456789012:${API}/*/*`),
    functions: { 'orders-handler': { FunctionName: 'orders-handler', FunctionArn: FN, Timeout: 10, State: 'Active' } },
    logs: { [ACCESS_GROUP]: [] },
    ...overrides,
  });
}

const window = { stageName: '$default', startTime: NOW - 3_600_000, endTime: NOW };

function byId(d: Diagnosis, id: string): CheckResult[] {
  return d.checks.filter((c) => c.id === id);
}

describe('diagnoseApi', () => {
  it('finds an HTTP API after REST says no such id, with one extra call (the GetRestApi)', async () => {
    // Prepare
    const reader = account();

    // Act
    const result = await diagnoseApi(reader, { ...window, apiId: API });

    // Assess
    expect(result.ok && result.value.api).toEqual({ id: API, name: 'orders-http', stage: '$default', region: 'us-east-1', account: '123456789012', type: 'HTTP' });
    expect(reader.reads.filter((r) => r === 'getRestApi')).toHaveLength(1);
    expect(reader.reads).not.toContain('getResources');
    expect(reader.callStats().byOperation['apigateway:GetRestApi']).toBe(1);
  });

  it('diagnoses a REST id as REST without any v2 read, and an HTTP-preferred REST id after one GetApi', async () => {
    // Prepare
    const rest = {
      apis: { [REST_API]: { id: REST_API, name: 'orders-api' } },
      stages: { [`${REST_API}/prod`]: { stageName: 'prod' } },
      resources: { [REST_API]: [] },
    };
    const plain = account(rest);
    const preferHttp = account(rest);

    // Act
    const first = await diagnoseApi(plain, { ...window, stageName: 'prod', apiId: REST_API });
    const second = await diagnoseApi(preferHttp, { ...window, stageName: 'prod', apiId: REST_API, prefer: 'HTTP' });

    // Assess
    expect(first.ok && first.value.api.type).toBeUndefined();
    expect(first.ok && first.value.api.name).toBe('orders-api');
    expect(plain.reads.filter((r) => r.startsWith('getHttp'))).toEqual([]);
    // The REST read the dispatcher made is the one diagnoseStage uses: memoised, not repeated.
    expect(plain.callStats().byOperation['apigateway:GetRestApi']).toBe(1);
    expect(second.ok && second.value.api.name).toBe('orders-api');
    expect(preferHttp.callStats().byOperation['apigatewayv2:GetApi']).toBe(1);
  });

  it('answers api-not-found naming both kinds when neither knows the id', async () => {
    // Prepare
    const reader = account({ httpApis: {} });

    // Act
    const result = await diagnoseApi(reader, { ...window, apiId: 'nosuchapi1' });

    // Assess
    expect(result).toEqual({ ok: false, error: { code: 'api-not-found', message: 'no REST API and no HTTP API with id nosuchapi1 in us-east-1 (account 123456789012)' } });
  });

  it('reports a denied lookup as access-denied rather than "not found"', async () => {
    // Prepare
    const reader = account({ failures: { getRestApi: { name: 'AccessDeniedException', message: 'no apigateway:GET' }, getHttpApi: { name: 'AccessDeniedException', message: 'no apigateway:GET' } } });

    // Act
    const result = await diagnoseApi(reader, { ...window, apiId: API });

    // Assess
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('access-denied');
  });
});

describe('diagnoseHttpStage', () => {
  it('finds the permission of a re-created API for GET /orders and $default, each with its new-id SourceArn', async () => {
    // Prepare
    const reader = account({
      policies: allow('arn:aws:execute-api:us-east-1:123456789012:q3m8v5k1zd/*/*'),
      logs: { [ACCESS_GROUP]: [row('GET', '/orders', 500, NO_PERMISSION), row('POST', '/checkout', 500, NO_PERMISSION)] },
    });

    // Act
    const result = await diagnoseHttpStage(reader, { ...window, apiId: API });

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const d = result.value;
    expect(d.causes[0]?.cause).toBe('missing_invoke_permission');
    const failing = byId(d, 'invoke-permission').filter((c) => c.status === 'fail');
    expect(failing.map((c) => c.fix?.requests[0]?.input['SourceArn']).sort()).toEqual([
      `arn:aws:execute-api:us-east-1:123456789012:${API}/*/$default`,
      `arn:aws:execute-api:us-east-1:123456789012:${API}/*/GET/orders`,
    ]);
    expect(failing.map((c) => c.message).join('\n')).toContain(`${API}/$default/$default (route $default)`);
    expect(failing[0]?.message).toContain(`allows API q3m8v5k1zd, not ${API} (the API was re-created?)`);
    expect(d.logSource).toBe(`${ACCESS_GROUP} (access log, 2 rows)`);
  });

  it('passes invoke-permission for the $default route on the $default stage (SourceArn `<api>/$default/$default`), and says nothing of a console test', async () => {
    // Prepare
    const reader = account({
      httpApis: { [API]: httpApi({ routes: [ROUTES[1] ?? {}] }) },
      // No wildcard: only the exact SourceArn the gateway sends for this route and stage (docs/facts.md (g)).
      policies: allow(`arn:aws:execute-api:us-east-1:123456789012:${API}/$default/$default`),
    });

    // Act
    const result = await diagnoseHttpStage(reader, { ...window, apiId: API });

    // Assess
    const checks = result.ok ? byId(result.value, 'invoke-permission') : [];
    expect(checks.map((c) => c.status)).toEqual(['pass']);
    expect(checks[0]?.message).not.toContain('console');
  });

  it('fails integration-timeout when the function may outlive the 30 s HTTP integration, naming the payload format', async () => {
    // Prepare
    const reader = account({ functions: { 'orders-handler': { FunctionName: 'orders-handler', FunctionArn: FN, Timeout: 60, State: 'Active' } } });

    // Act
    const result = await diagnoseHttpStage(reader, { ...window, apiId: API });

    // Assess
    const timeouts = result.ok ? byId(result.value, 'integration-timeout') : [];
    expect(timeouts.map((c) => [c.resource, c.status])).toEqual([['route $default', 'fail'], ['route GET /orders', 'fail']]);
    expect(timeouts[0]?.message).toContain('payload format 2.0');
    expect(timeouts[0]?.message).toContain('an HTTP API cannot wait longer than 30 s');
    expect(timeouts[0]?.fix?.requests[0]).toEqual({ service: 'lambda', operation: 'UpdateFunctionConfiguration', region: 'us-east-1', input: { FunctionName: 'orders-handler', Timeout: 29 } });
  });

  it('offers to raise a lowered integration timeout up to 30 s, with a deployment when the stage does not auto-deploy', async () => {
    // Prepare
    const reader = account({
      httpApis: { [API]: httpApi({ stages: [{ ...STAGE, AutoDeploy: false }], integrations: [{ ...INTEGRATION, TimeoutInMillis: 5_000 }] }) },
    });

    // Act
    const result = await diagnoseHttpStage(reader, { ...window, apiId: API });

    // Assess
    const timeout = result.ok ? byId(result.value, 'integration-timeout')[0] : undefined;
    expect(timeout?.status).toBe('fail');
    expect(timeout?.fix?.cli).toContain('aws apigatewayv2 update-integration --api-id h7tq2xk9wb --integration-id i1 --timeout-in-millis 11000');
    expect(timeout?.fix?.cli).toContain("aws apigatewayv2 create-deployment --api-id h7tq2xk9wb --stage-name '$default'");
    expect(result.ok && result.value.notes.some((n) => n.includes('does not deploy automatically'))).toBe(true);
  });

  it('skips the REST-only checks with the reason and never fails them', async () => {
    // Prepare
    const reader = account();

    // Act
    const result = await diagnoseHttpStage(reader, { ...window, apiId: API });

    // Assess
    const restOnly = result.ok ? result.value.checks.filter((c) => ['execution-logging', 'account-cloudwatch-role', 'data-trace', 'binary-media-types'].includes(c.id)) : [];
    expect(restOnly.map((c) => c.status)).toEqual(['skip', 'skip', 'skip', 'skip']);
    expect(restOnly.filter((c) => c.id !== 'binary-media-types').every((c) => c.message.includes('HTTP APIs have no execution logs'))).toBe(true);
    expect(result.ok && result.value.checks.some((c) => c.status === 'fail')).toBe(false);
  });

  it('warns about a stage without an access log and says no failing request could be read', async () => {
    // Prepare
    const { AccessLogSettings: _dropped, ...unlogged } = STAGE;
    const reader = account({ httpApis: { [API]: httpApi({ stages: [unlogged] }) } });

    // Act
    const result = await diagnoseHttpStage(reader, { ...window, apiId: API });

    // Assess
    const access = result.ok ? byId(result.value, 'access-logging')[0] : undefined;
    expect(access?.status).toBe('warn');
    expect(access?.fix?.requests.map((r) => `${r.service} ${r.operation}`)).toEqual(['cloudwatch-logs CreateLogGroup', 'apigatewayv2 UpdateStage']);
    expect(result.ok && result.value.notes[0]).toContain('HTTP APIs have no execution logs, and stage $default has no access log');
    // No gateway log to read, so the only log reads are the functions' own groups, one each.
    const functionLogs = result.ok ? result.value.functionLogs ?? [] : [];
    expect(functionLogs.length).toBeGreaterThan(0);
    expect(functionLogs.every((l) => l.logGroup === `/aws/lambda/${l.functionName}`)).toBe(true);
    expect(reader.reads.filter((r) => r === 'filterLogEvents')).toHaveLength(functionLogs.length);
  });

  it('reads the Lambda authorizer of a failing route with one GetAuthorizers and checks its permission', async () => {
    // Prepare
    const authFn = 'arn:aws:lambda:us-east-1:123456789012:function:token-check';
    const reader = account({
      httpApis: {
        [API]: httpApi({
          routes: [{ RouteId: 'r1', RouteKey: 'GET /orders', Target: 'integrations/i1', AuthorizationType: 'CUSTOM', AuthorizerId: 'au1' }],
          authorizers: [{ AuthorizerId: 'au1', Name: 'tokens', AuthorizerType: 'REQUEST', AuthorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${authFn}/invocations` }],
        }),
      },
      logs: { [ACCESS_GROUP]: [row('GET', '/orders', 500, 'The IAM role configured on the authorizer or API Gateway doesn’t have permissions to call the authorizer. Check the permissions and try again.')] },
      functions: {
        'orders-handler': { FunctionName: 'orders-handler', FunctionArn: FN, Timeout: 10, State: 'Active' },
        'token-check': { FunctionName: 'token-check', FunctionArn: authFn, Timeout: 3, State: 'Active' },
      },
    });

    // Act
    const result = await diagnoseHttpStage(reader, { ...window, apiId: API });

    // Assess
    const authorizer = result.ok ? byId(result.value, 'authorizer-permission')[0] : undefined;
    expect(authorizer?.status).toBe('fail');
    expect(authorizer?.fix?.requests[0]?.input['SourceArn']).toBe(`arn:aws:execute-api:us-east-1:123456789012:${API}/authorizers/au1`);
    expect(reader.reads.filter((r) => r === 'getHttpAuthorizers')).toHaveLength(1);
  });

  it('answers stage-not-found with the stages the API has', async () => {
    // Prepare
    const reader = account();

    // Act
    const result = await diagnoseHttpStage(reader, { ...window, stageName: 'prod', apiId: API });

    // Assess
    expect(result).toEqual({ ok: false, error: { code: 'stage-not-found', message: `HTTP API ${API} has no stage 'prod' (stages: $default)` } });
  });
});
