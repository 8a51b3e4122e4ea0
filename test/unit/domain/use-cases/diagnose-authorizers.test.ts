import { describe, expect, it } from 'vitest';
import { readAuthorizers, type AuthorizedMethod } from '../../../../shared/domain/use-cases/diagnose-authorizers.ts';
import { createAccountReaderFromRecording, parseRecording, type RecordedCall } from '../../../../shared/adapters/recorded/recorded-account.ts';
import type { MethodInfo } from '../../../../shared/ports/account-reader.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const API = 'r8d2k5v9qe';
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bookings-authorizer`;
const URI = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FN}/invocations`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/auth-invoker`;

function reader(calls: RecordedCall[]) {
  const parsed = parseRecording({ account: ACCOUNT, region: REGION, calls }, 'test');
  if (!parsed.ok) throw parsed.error;
  return createAccountReaderFromRecording(parsed.value);
}

function method(path: string, info: MethodInfo): AuthorizedMethod<string> {
  return { key: path, ref: { resourceId: path.slice(1, 7), resourcePath: path, httpMethod: 'GET' }, method: info };
}

const TOKEN: RecordedCall = { service: 'api-gateway', operation: 'GetAuthorizer', input: { restApiId: API, authorizerId: 'n4t7qa' }, output: { id: 'n4t7qa', name: 'bookings-token', type: 'TOKEN', authType: 'custom', authorizerUri: URI } };
const POLICY: RecordedCall = { service: 'lambda', operation: 'GetPolicy', input: { FunctionName: 'bookings-authorizer' }, output: { Policy: '{"Version":"2012-10-17","Statement":[]}', RevisionId: 'r1' } };
const CONFIG: RecordedCall = { service: 'lambda', operation: 'GetFunctionConfiguration', input: { FunctionName: 'bookings-authorizer' }, output: { FunctionName: 'bookings-authorizer', State: 'Active' } };
const CONCURRENCY: RecordedCall = { service: 'lambda', operation: 'GetFunctionConcurrency', input: { FunctionName: 'bookings-authorizer' }, output: {} };

describe('readAuthorizers', () => {
  it('reads an authorizer once however many methods use it, and attaches it to the first', async () => {
    // Prepare
    const account = reader([TOKEN, POLICY, CONFIG, CONCURRENCY]);
    const custom: MethodInfo = { authorizationType: 'CUSTOM', authorizerId: 'n4t7qa' };

    // Act
    const read = await readAuthorizers(account, {
      restApiId: API, variables: {}, deep: true, integrationFunctions: new Set(),
      methods: [method('/bookings', custom), method('/health', { authorizationType: 'NONE' }), method('/rooms', custom)],
    });

    // Assess
    expect([...read.byMethod.keys()]).toEqual(['/bookings']);
    expect(read.byMethod.get('/bookings')?.usedBy).toEqual(['GET /bookings', 'GET /rooms']);
    expect(read.functions).toEqual([FN]);
    expect(account.callStats().byOperation).toEqual({
      'apigateway:GetAuthorizer': 1, 'lambda:GetPolicy': 1, 'lambda:GetFunctionConfiguration': 1, 'lambda:GetFunctionConcurrency': 1,
    });
  });

  it('reads no function configuration or concurrency when no request failed', async () => {
    // Prepare
    const account = reader([TOKEN, POLICY]);

    // Act
    const read = await readAuthorizers(account, {
      restApiId: API, variables: {}, deep: false, integrationFunctions: new Set(),
      methods: [method('/bookings', { authorizationType: 'CUSTOM', authorizerId: 'n4t7qa' })],
    });

    // Assess
    expect(account.callStats().calls).toBe(2);
    expect(read.byMethod.get('/bookings')?.functionConfiguration).toBeUndefined();
  });

  it('reads nothing for a Cognito authorizer, and the role instead of the policy with authorizerCredentials', async () => {
    // Prepare
    const withRole: RecordedCall = { ...TOKEN, input: { restApiId: API, authorizerId: 'k1r0le' }, output: { id: 'k1r0le', type: 'REQUEST', authorizerUri: URI, authorizerCredentials: ROLE } };
    const account = reader([
      withRole,
      { service: 'iam', operation: 'GetRole', input: { RoleName: 'auth-invoker' }, output: { Role: { RoleName: 'auth-invoker', Arn: ROLE, Path: '/', RoleId: 'AROAEXAMPLE', CreateDate: '2026-01-01T00:00:00.000Z' } } },
      { service: 'iam', operation: 'SimulatePrincipalPolicy', input: { PolicySourceArn: ROLE }, output: { EvaluationResults: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FN, EvalDecision: 'allowed' }] } },
    ]);

    // Act
    const read = await readAuthorizers(account, {
      restApiId: API, variables: {}, deep: false, integrationFunctions: new Set([FN]),
      methods: [method('/admin', { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cg0p01' }), method('/rooms', { authorizationType: 'CUSTOM', authorizerId: 'k1r0le' })],
    });

    // Assess
    expect(read.byMethod.get('/admin')).toMatchObject({ authorizationType: 'COGNITO_USER_POOLS', authorizer: undefined });
    expect(read.byMethod.get('/rooms')).toMatchObject({ policy: undefined, alsoIntegration: true, simulation: [{ EvalDecision: 'allowed' }] });
    expect(account.callStats().byOperation).toEqual({ 'apigateway:GetAuthorizer': 1, 'iam:GetRole': 1, 'iam:SimulatePrincipalPolicy': 1 });
  });
});
