import { describe, expect, it } from 'vitest';
import { diagnoseStage, logGroupFromArn } from '../../../../shared/domain/use-cases/diagnose.ts';
// The real reader over a recording built from plain maps (test/support/fake-account.ts).
import { fakeAccount, type FakeAccountData } from '../../../support/fake-account.ts';

const API = 'k7m2p9q4rx';
const NOW = Date.parse('2026-11-20T14:10:00.000Z');
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler';
const URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`;
const RID = '5cb7ee58-39e6-11e9-be7e-29aff96747f2';

function allow(sourceArn: string): FakeAccountData['policies'] {
  return {
    'orders-handler': {
      Version: '2012-10-17',
      Statement: [{ Sid: 's1', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: FN, Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } } }],
    },
  };
}

function account(overrides: Partial<FakeAccountData> = {}): ReturnType<typeof fakeAccount> {
  return fakeAccount({
    apis: { [API]: { id: API, name: 'orders-api', endpointConfiguration: { types: ['REGIONAL'] } } },
    stages: { [`${API}/prod`]: { stageName: 'prod', methodSettings: { '*/*': { loggingLevel: 'ERROR', metricsEnabled: true } }, accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:orders-access', format: '{"requestId":"$context.requestId","status":"$context.status","responseType":"$context.error.responseType","integrationError":"$context.integrationErrorMessage"}' } } },
    resources: {
      [API]: [
        { id: 'r1', path: '/orders', resourceMethods: { GET: { httpMethod: 'GET', methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: URI } } } },
      ],
    },
    cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-cloudwatch',
    policies: allow(`arn:aws:execute-api:us-east-1:123456789012:${API}/*/GET/orders`),
    functions: { 'orders-handler': { FunctionName: 'orders-handler', FunctionArn: FN, Timeout: 10, State: 'Active' } },
    logs: { [`API-Gateway-Execution-Logs_${API}/prod`]: [] },
    ...overrides,
  });
}

const request = { restApiId: API, stageName: 'prod', startTime: NOW - 3_600_000, endTime: NOW };

describe('diagnoseStage', () => {
  it('finds the permission lost after the API was re-created, and ranks it first with the fix', async () => {
    // Prepare
    const reader = account({
      policies: allow('arn:aws:execute-api:us-east-1:123456789012:h3j8d2w6ze/*/GET/orders'),
      logs: { [`API-Gateway-Execution-Logs_${API}/prod`]: [
        { timestamp: NOW - 60_000, message: `(${RID}) HTTP Method: GET, Resource Path: /orders` },
        { timestamp: NOW - 60_000, message: `(${RID}) Execution failed due to configuration error: Invalid permissions on Lambda function` },
        { timestamp: NOW - 60_000, message: `(${RID}) Method completed with status: 500` },
      ] },
    });

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const d = result.value;
    expect(d.api).toEqual({ id: API, name: 'orders-api', stage: 'prod', region: 'us-east-1', account: '123456789012' });
    expect(d.findings.map((f) => [f.cause, f.requestId, f.status])).toEqual([['missing_invoke_permission', RID, 500]]);
    const failing = d.checks.filter((c) => c.status === 'fail');
    expect(failing.map((c) => c.id)).toEqual(['invoke-permission']);
    expect(failing[0]?.fix?.cli).toContain(`--source-arn 'arn:aws:execute-api:us-east-1:123456789012:${API}/*/GET/orders'`);
    expect(d.causes[0]?.cause).toBe('missing_invoke_permission');
    expect(d.causes[0]?.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('reads each failing request in full with a second, id-scoped log query', async () => {
    // Prepare
    const reader = account({
      policies: allow('arn:aws:execute-api:us-east-1:123456789012:h3j8d2w6ze/*/GET/orders'),
      logs: { [`API-Gateway-Execution-Logs_${API}/prod`]: [
        { timestamp: NOW - 60_000, message: `(${RID}) HTTP Method: GET, Resource Path: /orders` },
        { timestamp: NOW - 60_000, message: `(${RID}) Method completed with status: 500` },
        { timestamp: NOW - 60_000, message: `(${RID}) Execution failed due to configuration error: Invalid permissions on Lambda function` },
      ] },
    });

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    expect(reader.reads.filter((r) => r === 'filterLogEvents')).toHaveLength(2);
    expect(result.ok && result.value.findings[0]?.details['resourcePath']).toBe('/orders');
  });

  it('audits every function in depth when no request failed, and finds nothing on a healthy stage', async () => {
    // Prepare
    const reader = account();

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.causes).toEqual([]);
    expect(result.value.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(reader.reads).toContain('getFunctionConfiguration');
    expect(reader.reads).toContain('getFunctionConcurrency');
  });

  it('ranks a latent cause from a failing check when no request failed yet', async () => {
    // Prepare
    const reader = account({ concurrency: { 'orders-handler': { ReservedConcurrentExecutions: 0 } } });

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    expect(result.ok && result.value.causes.map((c) => [c.cause, c.confidence])).toEqual([['lambda_throttled', 0.4]]);
  });

  it('weakens a permission finding when the permission is in place now (removed and re-added during a deploy)', async () => {
    // Prepare
    const reader = account({
      logs: { [`API-Gateway-Execution-Logs_${API}/prod`]: [
        { timestamp: NOW - 60_000, message: `(${RID}) HTTP Method: GET, Resource Path: /orders` },
        { timestamp: NOW - 60_000, message: `(${RID}) Execution failed due to configuration error: Invalid permissions on Lambda function` },
        { timestamp: NOW - 60_000, message: `(${RID}) Method completed with status: 500` },
      ] },
    });

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.causes[0]?.cause).toBe('missing_invoke_permission');
    expect(result.value.causes[0]?.confidence).toBe(0.4);
    expect(result.value.causes[0]?.because.join(' ')).toContain('invoke-permission passes now');
  });

  it('falls back to the access log when the execution log group does not exist', async () => {
    // Prepare
    const reader = account({
      stages: { [`${API}/prod`]: { stageName: 'prod', accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:orders-access:*' } } },
      logs: { 'orders-access': [{ timestamp: NOW - 1_000, message: JSON.stringify({ requestId: RID, status: '504', responseType: 'INTEGRATION_TIMEOUT', message: 'Endpoint request timed out' }) }] },
    });

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.findings.map((f) => f.cause)).toEqual(['integration_timeout']);
    expect(result.value.logSource).toBe('orders-access (access log, 1 rows)');
    expect(result.value.notes[0]).toContain('No execution log group');
    expect(result.value.checks.find((c) => c.id === 'execution-logging')?.status).toBe('fail');
  });

  it('still completes when a read is denied: the check skips with the reason', async () => {
    // Prepare
    const reader = account({ failures: { getFunctionPolicy: { name: 'AccessDeniedException', message: 'User is not authorized to perform: lambda:GetPolicy' } } });

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    expect(result.ok).toBe(true);
    const check = result.ok ? result.value.checks.find((c) => c.id === 'invoke-permission') : undefined;
    expect(check?.status).toBe('skip');
    expect(check?.message).toContain('lambda:GetPolicy');
    expect(check?.message).toContain('denied');
  });

  it('selects the failing requests with the filter pattern CloudWatch would apply, not every line of the log group', async () => {
    // Prepare
    const OTHER = '1f0e2d3c-4b5a-4697-8877-665544332211';
    const reader = account({
      policies: allow('arn:aws:execute-api:us-east-1:123456789012:h3j8d2w6ze/*/GET/orders'),
      logs: { [`API-Gateway-Execution-Logs_${API}/prod`]: [
        { timestamp: NOW - 90_000, message: `(${OTHER}) HTTP Method: GET, Resource Path: /orders` },
        { timestamp: NOW - 90_000, message: `(${OTHER}) Method completed with status: 200` },
        { timestamp: NOW - 60_000, message: `(${RID}) HTTP Method: GET, Resource Path: /orders` },
        { timestamp: NOW - 60_000, message: `(${RID}) Execution failed due to configuration error: Invalid permissions on Lambda function` },
        { timestamp: NOW - 60_000, message: `(${RID}) Method completed with status: 500` },
        // Outside the hour asked about: CloudWatch leaves it out, and so does the recording.
        { timestamp: NOW - 7_200_000, message: '(0a0b0c0d-0000-4000-8000-000000000000) Execution failed due to a timeout error' },
      ] },
    });

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.findings.map((f) => [f.cause, f.requestId])).toEqual([['missing_invoke_permission', RID]]);
    expect(result.value.logSource).toBe(`API-Gateway-Execution-Logs_${API}/prod (1 failing request, 3 lines)`);
  });

  it('checks an integration role with the simulation the account answers (denied → fail, allowed → pass, none → not known)', async () => {
    // Prepare
    const ROLE = 'arn:aws:iam::123456789012:role/apigw-invoke';
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const withRole = (simulations: FakeAccountData['simulations']): ReturnType<typeof fakeAccount> =>
      account({
        resources: { [API]: [{ id: 'r1', path: '/orders', resourceMethods: { GET: { httpMethod: 'GET', methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: URI, credentials: ROLE } } } }] },
        roles: { 'apigw-invoke': { RoleName: 'apigw-invoke', Arn: ROLE, AssumeRolePolicyDocument: trust } },
        ...(simulations === undefined ? {} : { simulations }),
      });

    // Act
    const denied = await diagnoseStage(withRole({ [ROLE]: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FN, EvalDecision: 'implicitDeny' }] }), request);
    const allowed = await diagnoseStage(withRole({ [ROLE]: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FN, EvalDecision: 'allowed' }] }), request);
    const unrecorded = await diagnoseStage(withRole(undefined), request);

    // Assess
    const role = (r: typeof denied) => (r.ok ? r.value.checks.find((c) => c.id === 'credentials-role') : undefined);
    expect(role(denied)?.status).toBe('fail');
    expect(role(denied)?.message).toContain('(simulation: implicitDeny)');
    expect(role(allowed)?.status).toBe('pass');
    expect(role(allowed)?.message).toContain(`it may call lambda:InvokeFunction on ${FN}`);
    expect(role(unrecorded)?.status).not.toBe('pass');
    expect(role(unrecorded)?.message).toContain('no record for iam SimulatePrincipalPolicy');
  });

  it('reads the alias an integration invokes: a missing alias fails function-exists, an existing one passes', async () => {
    // Prepare
    const aliased = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}:live/invocations`;
    const stage = (aliases: FakeAccountData['aliases']): ReturnType<typeof fakeAccount> =>
      account({
        resources: { [API]: [{ id: 'r1', path: '/orders', resourceMethods: { GET: { httpMethod: 'GET', methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: aliased } } } }] },
        policies: { 'orders-handler:live': (allow(`arn:aws:execute-api:us-east-1:123456789012:${API}/*/GET/orders`) ?? {})['orders-handler'] ?? { Statement: [] } },
        ...(aliases === undefined ? {} : { aliases }),
      });

    // Act
    const missing = await diagnoseStage(stage(undefined), request);
    const present = await diagnoseStage(stage({ 'orders-handler:live': { Name: 'live', AliasArn: `${FN}:live`, FunctionVersion: '7' } }), request);

    // Assess
    const exists = (r: typeof missing) => (r.ok ? r.value.checks.find((c) => c.id === 'function-exists') : undefined);
    expect(exists(missing)?.status).toBe('fail');
    expect(exists(missing)?.message).toContain('Alias live of Lambda function orders-handler does not exist');
    expect(exists(present)?.status).toBe('pass');
  });

  it('fails invoke-permission for a function with no resource policy at all (GetPolicy: not found), and still runs its function checks', async () => {
    // Prepare
    const reader = account({ policies: {} });

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    const checks = result.ok ? result.value.checks : [];
    expect(checks.find((c) => c.id === 'invoke-permission')?.status).toBe('fail');
    expect(checks.filter((c) => c.id === 'function-exists').map((c) => c.status)).toEqual(['pass']);
    expect(checks.filter((c) => c.id === 'reserved-concurrency').map((c) => c.status)).toEqual(['pass']);
  });

  it('fails function-exists when the integration names a function that does not exist', async () => {
    // Prepare
    const reader = account({ functions: {} });

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    const exists = result.ok ? result.value.checks.find((c) => c.id === 'function-exists') : undefined;
    expect(exists?.status).toBe('fail');
    expect(exists?.message).toContain(`Lambda function ${FN} does not exist`);
  });

  it('reads the VPC link a private integration uses', async () => {
    // Prepare
    const privateStage = (status: string): ReturnType<typeof fakeAccount> =>
      account({
        resources: { [API]: [{ id: 'r1', path: '/orders', resourceMethods: { GET: { httpMethod: 'GET', methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://orders.internal/orders', connectionType: 'VPC_LINK', connectionId: 'vl7k2m' } } } }] },
        vpcLinks: { vl7k2m: { id: 'vl7k2m', name: 'orders-nlb', status, targetArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/orders/0a1b'] } },
      });

    // Act
    const failed = await diagnoseStage(privateStage('FAILED'), request);
    const available = await diagnoseStage(privateStage('AVAILABLE'), request);

    // Assess
    const link = (r: typeof failed) => (r.ok ? r.value.checks.find((c) => c.id === 'vpc-link-health') : undefined);
    expect(link(failed)?.status).toBe('fail');
    expect(link(failed)?.message).toContain('VPC link vl7k2m (orders-nlb) is FAILED');
    expect(link(available)?.status).toBe('pass');
  });

  it('says so when the API or the stage does not exist, naming the stages there are', async () => {
    // Prepare
    const reader = account();

    // Act
    const noApi = await diagnoseStage(reader, { ...request, restApiId: 'zzzzzzzzzz' });
    const noStage = await diagnoseStage(reader, { ...request, stageName: 'prd' });

    // Assess
    expect(noApi).toEqual({ ok: false, error: { code: 'api-not-found', message: 'no REST API with id zzzzzzzzzz in us-east-1 (account 123456789012)' } });
    expect(noStage).toEqual({ ok: false, error: { code: 'stage-not-found', message: `REST API ${API} has no stage 'prd' (stages: prod)` } });
  });

  it('reports function-level checks once for a function shared by several methods', async () => {
    // Prepare
    const methods = Object.fromEntries(['GET', 'POST', 'PUT', 'DELETE'].map((v) => [v, { httpMethod: v, methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: URI } }]));
    const reader = account({ resources: { [API]: [{ id: 'r1', path: '/orders', resourceMethods: methods }] } });

    // Act
    const result = await diagnoseStage(reader, request);

    // Assess
    const checks = result.ok ? result.value.checks : [];
    expect(checks.filter((c) => c.id === 'reserved-concurrency')).toHaveLength(1);
    expect(checks.filter((c) => c.id === 'function-exists')).toHaveLength(1);
    expect(checks.filter((c) => c.id === 'invoke-permission')).toHaveLength(4);
  });
});

describe('logGroupFromArn', () => {
  it('reads the log group name from an access-log destination ARN, with or without :*', () => {
    expect(logGroupFromArn('arn:aws:logs:us-east-1:123456789012:log-group:API-Gateway-Access/orders:*')).toBe('API-Gateway-Access/orders');
    expect(logGroupFromArn('arn:aws:logs:us-east-1:123456789012:log-group:orders-access')).toBe('orders-access');
    expect(logGroupFromArn('arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-x')).toBeNull();
  });
});
