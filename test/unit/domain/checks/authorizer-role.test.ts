import { describe, expect, it } from 'vitest';
import type { PolicyDocument, RoleInfo } from '../../../../shared/ports/account-reader.ts';
import { checkAuthorizerRole, runAuthorizerRole, type AuthorizerRoleInput } from '../../../../shared/domain/checks/authorizer-role.ts';
import type { AuthorizerContext } from '../../../../shared/domain/checks/authorizer-permission.ts';
import { lambdaTargetFromUri, type LambdaTarget } from '../../../../shared/domain/checks/lambda-target.ts';
import type { StageRef } from '../../../../shared/domain/checks/check-support.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const API = 'r8d2k5v9qe';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/auth-invoker`;
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bookings-authorizer`;
const URI = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FN}/invocations`;
const STAGE: StageRef = { restApiId: API, stageName: 'prod', region: REGION, account: ACCOUNT };

function target(): LambdaTarget {
  const t = lambdaTargetFromUri(URI);
  if (t === null) throw new Error('not a Lambda uri');
  return t;
}

const TRUSTED: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const LAMBDA_ONLY: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'lambda', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function role(trust: PolicyDocument): RoleInfo {
  return { RoleName: 'auth-invoker', Arn: ROLE_ARN, AssumeRolePolicyDocument: trust };
}

function input(overrides: Partial<AuthorizerRoleInput> = {}): AuthorizerRoleInput {
  return {
    account: ACCOUNT,
    region: REGION,
    apiId: API,
    authorizerId: 'n4t7qa',
    authorizerName: 'bookings-token',
    usedBy: ['GET /bookings'],
    credentials: ROLE_ARN,
    target: target(),
    role: role(TRUSTED),
    simulation: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FN, EvalDecision: 'allowed' }],
    ...overrides,
  };
}

function context(overrides: Partial<AuthorizerContext> = {}): AuthorizerContext {
  return {
    authorizerId: 'n4t7qa',
    authorizationType: 'CUSTOM',
    usedBy: ['GET /bookings'],
    authorizer: { id: 'n4t7qa', name: 'bookings-token', type: 'TOKEN', authorizerUri: URI, authorizerCredentials: ROLE_ARN },
    target: target(),
    policy: undefined,
    role: role(TRUSTED),
    simulation: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FN, EvalDecision: 'allowed' }],
    functionConfiguration: undefined,
    concurrency: undefined,
    alsoIntegration: false,
    ...overrides,
  };
}

describe('checkAuthorizerRole', () => {
  it('passes a role API Gateway may assume and that may invoke the authorizer function', () => {
    // Prepare / Act
    const result = checkAuthorizerRole(input());

    // Assess
    expect(result).toEqual({
      id: 'authorizer-role',
      status: 'pass',
      resource: ROLE_ARN,
      message: `The Lambda authorizer bookings-token (n4t7qa) of GET /bookings uses role ${ROLE_ARN}: its trust policy lets apigateway.amazonaws.com assume it (statement #0); it may call lambda:InvokeFunction on ${FN}.`,
    });
  });

  it('fails a role that does not trust API Gateway, with the trust-policy fix, as an authorizer error', () => {
    // Prepare / Act
    const result = checkAuthorizerRole(input({ role: role(LAMBDA_ONLY) }));

    // Assess
    expect(result.status).toBe('fail');
    expect(result.supports).toEqual(['credentials_role_error', 'authorizer_error']);
    expect(result.message).toContain('API Gateway does not have permission to assume the provided role');
    expect(result.message).toContain('500 (AuthorizerConfigurationException)');
    expect(result.fix?.requests.map((r) => [r.operation, r.input['RoleName']])).toEqual([['UpdateAssumeRolePolicy', 'auth-invoker']]);
    // The existing statement stays: update-assume-role-policy replaces the whole document.
    expect(JSON.parse(String(result.fix?.requests[0]?.input['PolicyDocument'])).Statement).toHaveLength(2);
  });

  it('fails a role that may not invoke the authorizer function, with the role-policy fix', () => {
    // Prepare / Act
    const result = checkAuthorizerRole(input({ simulation: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FN, EvalDecision: 'implicitDeny' }] }));

    // Assess
    expect(result.status).toBe('fail');
    expect(result.supports).toEqual(['credentials_role_error', 'missing_invoke_permission', 'authorizer_error']);
    expect(result.fix?.requests.map((r) => r.operation)).toEqual(['PutRolePolicy']);
    expect(String(result.fix?.requests[0]?.input['PolicyDocument'])).toContain(FN);
  });

  it('skips when the role cannot be read', () => {
    // Prepare / Act
    const result = checkAuthorizerRole(input({ role: { kind: 'denied', operation: 'iam:GetRole', message: 'AccessDenied' } }));

    // Assess
    expect(result).toEqual({ id: 'authorizer-role', status: 'skip', resource: ROLE_ARN, message: 'Skipped: iam:GetRole failed (denied): AccessDenied' });
  });
});

describe('runAuthorizerRole', () => {
  it('checks the role of an authorizer with authorizerCredentials', () => {
    // Prepare / Act
    const results = runAuthorizerRole(context({ role: role(LAMBDA_ONLY) }), STAGE);

    // Assess
    expect(results.map((r) => [r.id, r.status, r.resource])).toEqual([['authorizer-role', 'fail', ROLE_ARN]]);
  });

  it('has nothing to say without authorizerCredentials, or for a Cognito authorizer', () => {
    // Prepare
    const resourcePolicy = context({ authorizer: { id: 'n4t7qa', type: 'TOKEN', authorizerUri: URI }, role: undefined, simulation: undefined });
    const cognito = context({ authorizationType: 'COGNITO_USER_POOLS', authorizer: undefined, target: null });

    // Act / Assess
    expect(runAuthorizerRole(resourcePolicy, STAGE)).toEqual([]);
    expect(runAuthorizerRole(cognito, STAGE)).toEqual([]);
  });
});
