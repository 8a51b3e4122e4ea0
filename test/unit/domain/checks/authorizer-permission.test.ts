import { describe, expect, it } from 'vitest';
import type { FunctionPolicyInfo, PolicyStatement } from '../../../../shared/ports/account-reader.ts';
import {
  checkAuthorizerPermission,
  runAuthorizerPermission,
  type AuthorizerContext,
  type AuthorizerPermissionInput,
} from '../../../../shared/domain/checks/authorizer-permission.ts';
import { lambdaTargetFromUri, type LambdaTarget } from '../../../../shared/domain/checks/lambda-target.ts';
import type { StageRef } from '../../../../shared/domain/checks/check-support.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const API = 'r8d2k5v9qe';
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bookings-authorizer`;
const URI = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FN}/invocations`;
const SOURCE_ARN = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/authorizers/n4t7qa`;
const STAGE: StageRef = { restApiId: API, stageName: 'prod', region: REGION, account: ACCOUNT };

function target(uri = URI): LambdaTarget {
  const t = lambdaTargetFromUri(uri);
  if (t === null) throw new Error('not a Lambda uri');
  return t;
}

function grant(sid: string, sourceArn: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: 'apigateway.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: FN,
    Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
  };
}

function policy(...statements: PolicyStatement[]): FunctionPolicyInfo {
  return { policy: { Version: '2012-10-17', Statement: statements }, sizeBytes: 300, RevisionId: 'rev-1' };
}

function input(overrides: Partial<AuthorizerPermissionInput> = {}): AuthorizerPermissionInput {
  return {
    account: ACCOUNT,
    region: REGION,
    apiId: API,
    authorizerId: 'n4t7qa',
    authorizerName: 'bookings-token',
    usedBy: ['GET /bookings', 'POST /bookings'],
    target: target(),
    policy: policy(grant('exact', SOURCE_ARN)),
    ...overrides,
  };
}

function context(overrides: Partial<AuthorizerContext> = {}): AuthorizerContext {
  return {
    authorizerId: 'n4t7qa',
    authorizationType: 'CUSTOM',
    usedBy: ['GET /bookings'],
    authorizer: { id: 'n4t7qa', name: 'bookings-token', type: 'TOKEN', authorizerUri: URI },
    target: target(),
    policy: policy(grant('exact', SOURCE_ARN)),
    role: undefined,
    simulation: undefined,
    functionConfiguration: undefined,
    concurrency: undefined,
    alsoIntegration: false,
    ...overrides,
  };
}

describe('checkAuthorizerPermission', () => {
  it('passes a statement for exactly this authorizer', () => {
    // Prepare / Act
    const result = checkAuthorizerPermission(input());

    // Assess
    expect(result).toEqual({
      id: 'authorizer-permission',
      status: 'pass',
      resource: FN,
      message: `API Gateway may invoke ${FN} as Lambda authorizer bookings-token (n4t7qa) (used by GET /bookings, POST /bookings) with SourceArn ${SOURCE_ARN} (statement exact).`,
    });
  });

  it('passes a wildcard SourceArn for the whole API (`<api>/*` covers /authorizers/<id>)', () => {
    // Prepare / Act
    const result = checkAuthorizerPermission(input({ policy: policy(grant('any', `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/*`)) }));

    // Assess
    expect(result.status).toBe('pass');
    expect(result.message).toContain('(statement any)');
  });

  it('fails a policy that names the authorizer\'s old id, with the AddPermission for the new one', () => {
    // Prepare
    const given = input({ policy: policy(grant('old', `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/authorizers/c2m9xe`)) });

    // Act
    const result = checkAuthorizerPermission(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.supports).toEqual(['missing_invoke_permission', 'authorizer_error']);
    expect(result.message).toContain(`does not allow apigateway.amazonaws.com with SourceArn ${SOURCE_ARN}; its policy names authorizer c2m9xe of this API, not n4t7qa`);
    expect(result.message).toContain('500 (AuthorizerConfigurationException)');
    expect(result.fix?.requests).toEqual([
      {
        service: 'lambda',
        operation: 'AddPermission',
        region: REGION,
        input: {
          FunctionName: 'bookings-authorizer',
          StatementId: expect.stringMatching(/^apigw-doctor-[0-9a-f]{8}$/) as unknown as string,
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: SOURCE_ARN,
          RevisionId: 'rev-1',
        },
      },
    ]);
    expect(result.fix?.cli).toContain(`--source-arn ${SOURCE_ARN}`);
    expect(result.fix?.iac).toContain(`source_arn    = "${SOURCE_ARN}"`);
    expect(result.fix?.iac).toContain(`SourceArn: '${SOURCE_ARN}'`);
    expect(result.fix?.iac).toContain(`sourceArn: '${SOURCE_ARN}'`);
  });

  it('fails a grant for every method (`<api>/*/*/*`): it does not reach the authorizers path', () => {
    // Prepare / Act
    const result = checkAuthorizerPermission(input({ policy: policy(grant('methods', `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/*/*/*`)) }));

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`the SourceArn of the only statement for API Gateway is arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/*/*/*`);
  });

  it('fails a permission for another API\'s authorizer and says the API was re-created', () => {
    // Prepare / Act
    const result = checkAuthorizerPermission(input({ policy: policy(grant('other', `arn:aws:execute-api:${REGION}:${ACCOUNT}:h3j8d2w6ze/authorizers/n4t7qa`)) }));

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`allows API h3j8d2w6ze, not ${API}`);
  });

  it('fails a function with no resource policy at all', () => {
    // Prepare / Act
    const result = checkAuthorizerPermission(input({ policy: null }));

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain('the function has no resource policy at all');
    expect(result.fix?.requests[0]?.input['RevisionId']).toBeUndefined();
  });

  it('skips when the policy read is denied, naming the read', () => {
    // Prepare / Act
    const result = checkAuthorizerPermission(input({ policy: { kind: 'denied', operation: 'lambda:GetPolicy', message: 'AccessDeniedException: not authorized' } }));

    // Assess
    expect(result).toEqual({
      id: 'authorizer-permission',
      status: 'skip',
      resource: FN,
      message: 'Skipped: lambda:GetPolicy failed (denied): AccessDeniedException: not authorized',
    });
  });

  it('warns with the command to run there when the function is in another account and its policy cannot be read', () => {
    // Prepare
    const other = target(`arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:210987654321:function:shared-auth/invocations`);

    // Act
    const result = checkAuthorizerPermission(input({ target: other, policy: { kind: 'denied', operation: 'lambda:GetPolicy', message: 'AccessDeniedException' } }));

    // Assess
    expect(result.status).toBe('warn');
    expect(result.fix?.requests).toEqual([]);
    expect(result.fix?.cli).toContain('run with credentials of account 210987654321');
  });

  it('skips an authorizerUri whose function is an unset stage variable', () => {
    // Prepare
    const unresolved = lambdaTargetFromUri(`arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:\${stageVariables.authFn}/invocations`, {});
    if (unresolved === null) throw new Error('not a Lambda uri');

    // Act
    const result = checkAuthorizerPermission(input({ target: unresolved }));

    // Assess
    expect(result.status).toBe('skip');
    expect(result.message).toContain('stageVariables.authFn, which has no value on this stage');
  });
});

describe('runAuthorizerPermission', () => {
  it('says a Cognito user pool authorizer is not checked, without failing', () => {
    // Prepare
    const cognito = context({ authorizationType: 'COGNITO_USER_POOLS', authorizer: undefined, target: null, policy: undefined });

    // Act
    const results = runAuthorizerPermission(cognito, STAGE);

    // Assess
    expect(results).toEqual([
      {
        id: 'authorizer-permission',
        status: 'skip',
        resource: `arn:aws:apigateway:${REGION}::/restapis/${API}/authorizers/n4t7qa`,
        message: 'Not applicable: authorizer n4t7qa (used by GET /bookings) is COGNITO_USER_POOLS: apigw-doctor checks Lambda (TOKEN/REQUEST) authorizers only; a Cognito user pool authorizer invokes no function of yours',
      },
    ]);
  });

  it('skips when GetAuthorizer is denied', () => {
    // Prepare / Act
    const [result] = runAuthorizerPermission(context({ authorizer: { kind: 'denied', operation: 'apigateway:GetAuthorizer', message: 'AccessDeniedException' }, target: null }), STAGE);

    // Assess
    expect(result?.status).toBe('skip');
    expect(result?.message).toBe('Skipped: apigateway:GetAuthorizer failed (denied): AccessDeniedException');
  });

  it('leaves the resource policy alone when the authorizer invokes with a credentials role', () => {
    // Prepare / Act
    const results = runAuthorizerPermission(context({ authorizer: { id: 'n4t7qa', type: 'REQUEST', authorizerUri: URI, authorizerCredentials: `arn:aws:iam::${ACCOUNT}:role/auth-invoker` }, policy: undefined }), STAGE);

    // Assess
    expect(results).toEqual([]);
  });

  it('reports a deleted authorizer function as function-exists, and adds no permission to it', () => {
    // Prepare
    const missing = context({ functionConfiguration: null, concurrency: {}, policy: null });

    // Act
    const results = runAuthorizerPermission(missing, STAGE);

    // Assess
    expect(results.map((r) => [r.id, r.status])).toEqual([['function-exists', 'fail'], ['reserved-concurrency', 'pass'], ['authorizer-permission', 'skip']]);
    expect(results[0]?.supports).toEqual(['function_not_found', 'authorizer_error']);
    expect(results[0]?.message).toContain('It is the function of Lambda authorizer bookings-token (n4t7qa)');
    expect(results[0]?.fix?.cli).toContain(`aws apigateway update-authorizer --rest-api-id ${API} --authorizer-id n4t7qa`);
  });

  it('fails a switched-off authorizer function (reserved concurrency 0) as an authorizer error too', () => {
    // Prepare / Act
    const results = runAuthorizerPermission(context({ functionConfiguration: { FunctionName: 'bookings-authorizer', State: 'Active' }, concurrency: { ReservedConcurrentExecutions: 0 } }), STAGE);

    // Assess
    const concurrency = results.find((r) => r.id === 'reserved-concurrency');
    expect(concurrency?.status).toBe('fail');
    expect(concurrency?.supports).toEqual(['lambda_throttled', 'authorizer_error']);
    expect(results.find((r) => r.id === 'authorizer-permission')?.status).toBe('pass');
  });

  it('lists the function checks once, with the integration, when the authorizer function is also an integration', () => {
    // Prepare / Act
    const results = runAuthorizerPermission(context({ functionConfiguration: { State: 'Active' }, concurrency: {}, alsoIntegration: true }), STAGE);

    // Assess
    expect(results.map((r) => r.id)).toEqual(['authorizer-permission']);
  });
});
