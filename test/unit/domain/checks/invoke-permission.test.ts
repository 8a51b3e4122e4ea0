import { describe, expect, it } from 'vitest';
import type { FunctionPolicyInfo, PolicyStatement } from '../../../../shared/ports/account-reader.ts';
import type { InvokePermissionInput } from '../../../../shared/domain/checks/invoke-permission.ts';
import {
  checkInvokePermission,
  invokePermissionFix,
  permissionStatementId,
  scopedSourceArn,
} from '../../../../shared/domain/checks/invoke-permission.ts';
import type { LambdaTarget } from '../../../../shared/domain/checks/lambda-target.ts';
import { lambdaTargetFromUri } from '../../../../shared/domain/checks/lambda-target.ts';

const ACCOUNT = '123456789012';
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`;
const URI = (fn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn}/invocations`;

function target(fn: string = FN, variables?: Record<string, string>): LambdaTarget {
  const parsed = lambdaTargetFromUri(URI(fn), variables);
  if (parsed === null) throw new Error(`test uri did not parse: ${fn}`);
  return parsed;
}

function permission(sourceArn: string, extra: Partial<PolicyStatement> = {}): PolicyStatement {
  return {
    Sid: 'perm',
    Effect: 'Allow',
    Principal: { Service: 'apigateway.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: FN,
    Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
    ...extra,
  };
}

function policy(...statements: PolicyStatement[]): FunctionPolicyInfo {
  return { policy: { Version: '2012-10-17', Id: 'default', Statement: statements }, sizeBytes: 400 };
}

function input(overrides: Partial<InvokePermissionInput> = {}): InvokePermissionInput {
  return {
    account: ACCOUNT,
    region: 'us-east-1',
    restApiId: 'abc123',
    stageName: 'prod',
    method: { httpMethod: 'GET', resourcePath: '/items/{id}' },
    target: target(),
    policy: null,
    ...overrides,
  };
}

const SCOPED = `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/items/*`;

describe('permissionStatementId', () => {
  it('is deterministic, short, and differs per API, method and path', () => {
    // Prepare
    const inputs: [string, string, string][] = [
      ['abc123', 'GET', '/items/{id}'],
      ['abc123', 'get', 'items/{id}'],
      ['abc124', 'GET', '/items/{id}'],
      ['abc123', 'POST', '/items/{id}'],
      ['abc123', 'GET', '/items'],
    ];

    // Act
    const ids = inputs.map(([api, method, path]) => permissionStatementId(api, method, path));

    // Assess
    expect(ids[0]).toMatch(/^apigw-doctor-[0-9a-f]{8}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(new Set(ids).size).toBe(4);
    expect(permissionStatementId('abc123', 'GET', '/items/{id}')).toBe(ids[0]);
  });
});

describe('checkInvokePermission', () => {
  it('passes when a permission covers every stage of this method', () => {
    // Prepare
    const given = input({ policy: policy(permission(SCOPED)) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result).toEqual({
      id: 'invoke-permission',
      status: 'pass',
      resource: FN,
      message: `API Gateway may invoke ${FN} for GET /items/{id} on stage prod and in the console test (statement perm).`,
    });
  });

  it('fails when the function has no policy, with the exact add-permission command', () => {
    // Prepare
    const given = input({ policy: null });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    const sid = permissionStatementId('abc123', 'GET', '/items/{id}');
    expect(result.status).toBe('fail');
    expect(result.supports).toEqual(['missing_invoke_permission']);
    expect(result.message).toBe(
      `API Gateway may not invoke ${FN}: the resource policy does not allow apigateway.amazonaws.com with SourceArn arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/GET/items/example (GET /items/{id}, checked with an example path); the function has no resource policy at all (IaC that creates the integration must also add the permission).`,
    );
    expect(result.fix?.cli).toBe(
      `aws lambda add-permission --function-name orders --statement-id ${sid} --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn '${SCOPED}' --region us-east-1`,
    );
  });

  it('says the API was re-created when the only permission names another api id', () => {
    // Prepare
    const given = input({ policy: policy(permission(`arn:aws:execute-api:us-east-1:${ACCOUNT}:old999/*/GET/items/*`)) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain('the only statement for API Gateway allows API old999, not abc123 (the API was re-created?)');
  });

  it('warns (does not fail) when only the console test stage is not covered', () => {
    // Prepare
    const given = input({ policy: policy(permission(`arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/GET/items/*`)) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('warn');
    expect(result.supports).toBeUndefined();
    expect(result.message).toContain(`SourceArn arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/test-invoke-stage/GET/items/example`);
    expect(result.fix?.cli).toContain(`--source-arn '${SCOPED}'`);
  });

  it('fails a permission scoped to another stage and says so', () => {
    // Prepare
    const given = input({
      stageName: 'prod',
      policy: policy(permission(`arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/dev/GET/items/*`)),
    });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`the SourceArn of the only statement for API Gateway is arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/dev/GET/items/* (it is scoped to stage dev, not prod)`);
  });

  it('fails a literal {id} in the SourceArn and explains why', () => {
    // Prepare
    const given = input({ policy: policy(permission(`arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/items/{id}`)) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain('a path parameter must be * in a SourceArn, because API Gateway sends the concrete request path');
  });

  it('uses the concrete request path from a log line when given', () => {
    // Prepare
    const given = input({
      requestPath: '/items/42',
      policy: policy(permission(`arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/items/42`)),
    });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('pass');
  });

  it('checks every verb of an ANY method and fixes it with a * verb', () => {
    // Prepare
    const given = input({
      method: { httpMethod: 'ANY', resourcePath: '/items' },
      policy: policy(permission(`arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/items`)),
    });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`SourceArn arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/prod/POST/items (ANY /items);`);
    expect(result.fix?.cli).toContain(`--source-arn 'arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/*/items'`);
  });

  it('fails an alias integration whose policy only names the unqualified function', () => {
    // Prepare
    const aliasTarget = target(`${FN}:live`);
    const given = input({ target: aliasTarget, policy: policy(permission(SCOPED, { Resource: FN })) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.resource).toBe(`${FN}:live`);
    expect(result.message).toContain(`statement perm (${FN}) is for another resource than ${FN}:live; Lambda checks an alias or version invocation against that qualifier's own policy`);
    expect(result.fix?.cli).toContain('--function-name orders --statement-id');
    expect(result.fix?.cli).toContain(' --qualifier live --region us-east-1');
    expect(result.fix?.iac).toContain('qualifier     = "live"');
  });

  it('passes an alias integration whose alias policy names the alias', () => {
    // Prepare
    const given = input({ target: target(`${FN}:live`), policy: policy(permission(SCOPED, { Resource: `${FN}:live` })) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('pass');
  });

  it('evaluates a stage-variable function per stage', () => {
    // Prepare
    const uriFn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:\${stageVariables.fn}`;
    const prodPolicy = policy(permission(SCOPED, { Resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-prod` }));
    const prod = input({ stageName: 'prod', target: target(uriFn, { fn: 'orders-prod' }), policy: prodPolicy });
    const dev = input({ stageName: 'dev', target: target(uriFn, { fn: 'orders-dev' }), policy: null });

    // Act
    const [prodResult, devResult] = [checkInvokePermission(prod), checkInvokePermission(dev)];

    // Assess
    expect(prodResult.status).toBe('pass');
    expect(devResult.status).toBe('fail');
    expect(devResult.resource).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-dev`);
    expect(devResult.fix?.cli).toContain('--function-name orders-dev ');
  });

  it('skips when a stage variable of the function has no value on the stage', () => {
    // Prepare
    const given = input({ target: target(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:\${stageVariables.fn}`, {}) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('skip');
    expect(result.message).toBe(
      'Skipped: stageVariables.fn has no value on stage prod, so the integration names no function (see the stage-variables check)',
    );
  });

  it('fails a cross-account function and says the command must run in the function\'s account', () => {
    // Prepare
    const other = 'arn:aws:lambda:us-east-1:222222222222:function:billing';
    const given = input({ target: target(other), policy: null });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`The function is in account 222222222222, not the API's account ${ACCOUNT}: run the command there.`);
    expect(result.fix?.cli).toMatch(/# run with credentials of account 222222222222, the function's account$/);
    expect(result.fix?.cli).toContain(`--source-arn 'arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/items/*'`);
  });

  it('warns with the command when a cross-account policy cannot be read', () => {
    // Prepare
    const given = input({
      target: target('arn:aws:lambda:us-east-1:222222222222:function:billing'),
      policy: { kind: 'denied', operation: 'lambda:GetPolicy', message: 'AccessDeniedException' },
    });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('warn');
    expect(result.fix?.cli).toContain('aws lambda add-permission --function-name billing');
  });

  it('skips with the reason when the policy read fails', () => {
    // Prepare
    const given = input({ policy: { kind: 'denied', operation: 'lambda:GetPolicy', message: 'not authorized' } });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result).toEqual({
      id: 'invoke-permission',
      status: 'skip',
      resource: FN,
      message: 'Skipped: lambda:GetPolicy failed (denied): not authorized',
    });
  });

  it('fails on an explicit Deny even with an Allow present', () => {
    // Prepare
    const deny: PolicyStatement = { ...permission(SCOPED), Sid: 'block', Effect: 'Deny' };
    const given = input({ policy: policy(permission(SCOPED), deny) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain('statement block explicitly denies it');
  });

  it('fails when no statement is for API Gateway', () => {
    // Prepare
    const sns = permission('arn:aws:sns:us-east-1:1:t', { Principal: { Service: 'sns.amazonaws.com' } });
    const given = input({ policy: policy(sns) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.message).toContain('none of its 1 statement(s) allows apigateway.amazonaws.com to call lambda:InvokeFunction');
  });

  it('checks the root resource with an empty path after the verb', () => {
    // Prepare
    const given = input({
      method: { httpMethod: 'GET', resourcePath: '/' },
      policy: policy(permission(`arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/*/GET/`)),
    });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('pass');
  });
});

describe('invokePermissionFix', () => {
  it('renders CDK, SAM and Terraform with the same statement id and SourceArn', () => {
    // Prepare
    const fixInput = { region: 'us-east-1', account: ACCOUNT, restApiId: 'abc123', httpMethod: 'GET', resourcePath: '/items/{id}', target: target() };
    const sid = permissionStatementId('abc123', 'GET', '/items/{id}');
    const hash = sid.slice('apigw-doctor-'.length);

    // Act
    const fix = invokePermissionFix(fixInput);

    // Assess
    expect(scopedSourceArn({ region: 'us-east-1', account: ACCOUNT, apiId: 'abc123', method: 'GET', resourcePath: '/items/{id}' })).toBe(SCOPED);
    expect(fix.iac).toBe(
      [
        '# CDK (TypeScript)',
        '// fn: the lambda.IFunction of orders',
        `fn.addPermission('${sid}', {`,
        "  principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),",
        "  action: 'lambda:InvokeFunction',",
        `  sourceArn: '${SCOPED}',`,
        '});',
        '',
        '# SAM / CloudFormation',
        `ApigwDoctor${hash}Permission:`,
        '  Type: AWS::Lambda::Permission',
        '  Properties:',
        `    FunctionName: '${FN}'`,
        '    Action: lambda:InvokeFunction',
        '    Principal: apigateway.amazonaws.com',
        `    SourceArn: '${SCOPED}'`,
        '',
        '# Terraform',
        `resource "aws_lambda_permission" "apigw_doctor_${hash}" {`,
        `  statement_id  = "${sid}"`,
        '  action        = "lambda:InvokeFunction"',
        '  function_name = "orders"',
        '  principal     = "apigateway.amazonaws.com"',
        `  source_arn    = "${SCOPED}"`,
        '}',
      ].join('\n'),
    );
  });
});

describe('checkInvokePermission for a Lambda authorizer', () => {
  const AUTH_ARN = `arn:aws:execute-api:us-east-1:${ACCOUNT}:abc123/authorizers/x1y2`;

  it('passes when the authorizer SourceArn is allowed', () => {
    // Prepare
    const given = input({ authorizerId: 'x1y2', policy: policy(permission(AUTH_ARN)) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('pass');
    expect(result.message).toBe(`API Gateway may invoke ${FN} for authorizer x1y2 of GET /items/{id} on stage prod and in the console test (statement perm).`);
  });

  it('fails a method-scoped permission and grants the authorizer SourceArn', () => {
    // Prepare
    const given = input({ authorizerId: 'x1y2', policy: policy(permission(SCOPED)) });

    // Act
    const result = checkInvokePermission(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`with SourceArn ${AUTH_ARN} (authorizer x1y2 of GET /items/{id});`);
    expect(result.fix?.cli).toContain(`--statement-id ${permissionStatementId('abc123', 'AUTHORIZER', 'x1y2')} `);
    expect(result.fix?.cli).toContain(`--source-arn ${AUTH_ARN} `);
  });
});
