import { describe, expect, it } from 'vitest';
import type { PolicyDocument, RoleInfo } from '../../../../shared/ports/account-reader.ts';
import type { CredentialsRoleInput } from '../../../../shared/domain/checks/credentials-role.ts';
import {
  checkCredentialsRole,
  invokePolicyDocument,
  roleNameFromArn,
  trustPolicyWithApiGateway,
} from '../../../../shared/domain/checks/credentials-role.ts';
import { lambdaTargetFromUri } from '../../../../shared/domain/checks/lambda-target.ts';

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/service/apigw-invoke`;
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`;
const TARGET = lambdaTargetFromUri(FN);

const TRUSTED: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const EC2_ONLY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

function role(trust: PolicyDocument | undefined): RoleInfo {
  return { RoleName: 'apigw-invoke', Arn: ROLE_ARN, ...(trust === undefined ? {} : { AssumeRolePolicyDocument: trust }) };
}

function input(overrides: Partial<CredentialsRoleInput> = {}): CredentialsRoleInput {
  return {
    credentials: ROLE_ARN,
    usedBy: 'GET /items integration',
    account: ACCOUNT,
    region: 'us-east-1',
    target: TARGET,
    role: role(TRUSTED),
    simulation: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FN, EvalDecision: 'allowed' }],
    ...overrides,
  };
}

describe('checkCredentialsRole', () => {
  it('passes a role trusted by API Gateway and allowed to invoke', () => {
    // Prepare
    const given = input();

    // Act
    const result = checkCredentialsRole(given);

    // Assess
    expect(result).toEqual({
      id: 'credentials-role',
      status: 'pass',
      resource: ROLE_ARN,
      message: `The GET /items integration uses role ${ROLE_ARN}: its trust policy lets apigateway.amazonaws.com assume it (statement #0); it may call lambda:InvokeFunction on ${FN}.`,
    });
  });

  it('fails a role that API Gateway cannot assume, with a merged trust policy fix', () => {
    // Prepare
    const given = input({ role: role(EC2_ONLY) });

    // Act
    const result = checkCredentialsRole(given);

    // Assess
    const merged = { Version: '2012-10-17', Statement: [...EC2_ONLY.Statement, ...TRUSTED.Statement] };
    expect(result.status).toBe('fail');
    expect(result.supports).toEqual(['credentials_role_error']);
    expect(result.message).toContain('no statement trusts apigateway.amazonaws.com for sts:AssumeRole');
    expect(result.message).toContain('"API Gateway does not have permission to assume the provided role"');
    expect(result.fix?.cli).toBe(`aws iam update-assume-role-policy --role-name apigw-invoke --policy-document '${JSON.stringify(merged)}'`);
    expect(result.fix?.iac).toContain(JSON.stringify(merged, null, 2));
  });

  it('fails a trust policy whose SourceAccount condition names another account', () => {
    // Prepare
    const conditioned: PolicyDocument = {
      Statement: [
        { Sid: 'gw', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '999999999999' } } },
      ],
    };
    const given = input({ role: role(conditioned) });

    // Act
    const result = checkCredentialsRole(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`Allow gw: StringEquals aws:SourceAccount "999999999999" does not hold for ${ACCOUNT}`);
  });

  it('fails a role the simulation denies lambda:InvokeFunction, with a role policy fix', () => {
    // Prepare
    const given = input({ simulation: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FN, EvalDecision: 'implicitDeny' }] });

    // Act
    const result = checkCredentialsRole(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.supports).toEqual(['credentials_role_error', 'missing_invoke_permission']);
    expect(result.message).toContain(`it may not call lambda:InvokeFunction on ${FN} (simulation: implicitDeny)`);
    expect(result.fix?.cli).toBe(
      `aws iam put-role-policy --role-name apigw-invoke --policy-name apigw-doctor-invoke --policy-document '${JSON.stringify(invokePolicyDocument(FN))}'`,
    );
    expect(result.fix?.iac).toContain('fn.grantInvoke(role);');
  });

  it('combines both fixes when trust and invoke both fail', () => {
    // Prepare
    const given = input({ role: role(undefined), simulation: [{ EvalActionName: 'lambda:InvokeFunction', EvalDecision: 'explicitDeny' }] });

    // Act
    const result = checkCredentialsRole(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.fix?.cli.split('\n').map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([
      'aws iam update-assume-role-policy',
      'aws iam put-role-policy',
    ]);
  });

  it('fails a role that does not exist', () => {
    // Prepare
    const given = input({ role: null });

    // Act
    const result = checkCredentialsRole(given);

    // Assess
    expect(result.status).toBe('fail');
    expect(result.message).toContain('which does not exist');
    expect(result.fix?.cli.split('\n')[0]).toBe(
      `aws iam create-role --role-name apigw-invoke --assume-role-policy-document '${JSON.stringify(trustPolicyWithApiGateway(undefined))}'`,
    );
  });

  it('warns about caller credentials instead of checking a role', () => {
    // Prepare
    const given = input({ credentials: 'arn:aws:iam::*:user/*', role: null, simulation: null });

    // Act
    const result = checkCredentialsRole(given);

    // Assess
    expect(result.status).toBe('warn');
    expect(result.message).toBe(
      `The GET /items integration invokes Lambda with each caller's own credentials (arn:aws:iam::*:user/*): the caller's IAM identity needs lambda:InvokeFunction on ${FN}, or it gets "Invalid permissions on Lambda function" (500). apigw-doctor cannot check the callers' roles.`,
    );
  });

  it('skips when the role cannot be read', () => {
    // Prepare
    const given = input({ role: { kind: 'denied', operation: 'iam:GetRole', message: 'no' } });

    // Act
    const result = checkCredentialsRole(given);

    // Assess
    expect(result).toEqual({ id: 'credentials-role', status: 'skip', resource: ROLE_ARN, message: 'Skipped: iam:GetRole failed (denied): no' });
  });

  it('skips (partly checked) when the trust is fine but the simulation could not run', () => {
    // Prepare
    const given = input({ simulation: { kind: 'denied', operation: 'iam:SimulatePrincipalPolicy', message: 'no' } });

    // Act
    const result = checkCredentialsRole(given);

    // Assess
    expect(result.status).toBe('skip');
    expect(result.message).toContain('whether it may invoke the function is unknown (iam:SimulatePrincipalPolicy failed (denied): no)');
  });

  it('checks only the trust for a non-Lambda integration', () => {
    // Prepare
    const given = input({ target: null, simulation: null, usedBy: 'POST /queue integration' });

    // Act
    const result = checkCredentialsRole(given);

    // Assess
    expect(result.status).toBe('pass');
    expect(result.message).toBe(`The POST /queue integration uses role ${ROLE_ARN}: its trust policy lets apigateway.amazonaws.com assume it (statement #0).`);
  });
});

describe('roleNameFromArn', () => {
  it('drops the path', () => {
    // Prepare
    const arns = [ROLE_ARN, `arn:aws:iam::${ACCOUNT}:role/plain`];

    // Act
    const names = arns.map(roleNameFromArn);

    // Assess
    expect(names).toEqual(['apigw-invoke', 'plain']);
  });
});
