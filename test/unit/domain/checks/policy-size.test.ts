import { describe, expect, it } from 'vitest';
import type { FunctionPolicyInfo, PolicyStatement } from '../../../../shared/ports/account-reader.ts';
import { checkPolicySize, POLICY_SIZE_LIMIT_BYTES } from '../../../../shared/domain/checks/policy-size.ts';
import { lambdaTargetFromUri } from '../../../../shared/domain/checks/lambda-target.ts';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const TARGET = lambdaTargetFromUri(FN);
if (TARGET === null) throw new Error('test target did not parse');

function statement(sid: string, sourceArn: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: 'apigateway.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: FN,
    Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
  };
}

function sized(sizeBytes: number, statements: PolicyStatement[] = []): FunctionPolicyInfo {
  return { policy: { Version: '2012-10-17', Statement: statements }, sizeBytes };
}

const check = (policy: FunctionPolicyInfo | null) => checkPolicySize({ target: TARGET, region: 'us-east-1', policy });

describe('checkPolicySize', () => {
  it('passes at exactly 80% and warns just above it', () => {
    // Prepare
    const eighty = POLICY_SIZE_LIMIT_BYTES * 0.8;

    // Act
    const [at, above] = [check(sized(eighty)), check(sized(eighty + 1))];

    // Assess
    expect(at.status).toBe('pass');
    expect(at.message).toBe("The resource policy is 16384 bytes (80% of Lambda's 20480-byte limit, 0 statement(s)).");
    expect(above.status).toBe('warn');
    expect(above.supports).toBeUndefined();
  });

  it('fails at and over the limit, supporting a missing permission', () => {
    // Prepare
    const sizes = [POLICY_SIZE_LIMIT_BYTES - 1, POLICY_SIZE_LIMIT_BYTES, POLICY_SIZE_LIMIT_BYTES + 500];

    // Act
    const results = sizes.map((size) => check(sized(size)));

    // Assess
    expect(results.map((r) => r.status)).toEqual(['warn', 'fail', 'fail']);
    expect(results[1]?.supports).toEqual(['missing_invoke_permission']);
    expect(results[1]?.message).toContain('AddPermission fails');
  });

  it('passes a function without a policy', () => {
    // Prepare / Act
    const result = check(null);

    // Assess
    expect(result.status).toBe('pass');
  });

  it('skips when the policy cannot be read', () => {
    // Prepare / Act
    const result = checkPolicySize({ target: TARGET, region: 'us-east-1', policy: { kind: 'throttled', operation: 'lambda:GetPolicy', message: 'slow down' } });

    // Assess
    expect(result).toEqual({ id: 'policy-size', status: 'skip', resource: FN, message: 'Skipped: lambda:GetPolicy failed (throttled): slow down' });
  });

  it('offers to fold per-method statements into one per API, adding before removing', () => {
    // Prepare
    const base = 'arn:aws:execute-api:us-east-1:123456789012:abc123';
    const statements = [statement('s1', `${base}/*/GET/items`), statement('s2', `${base}/*/POST/items`), statement('s3', 'arn:aws:execute-api:us-east-1:123456789012:solo/*/GET/')];

    // Act
    const result = check(sized(19_000, statements));

    // Assess
    expect(result.status).toBe('warn');
    expect(result.fix?.cli.split('\n')).toEqual([
      `aws lambda add-permission --function-name orders --statement-id apigw-doctor-api-abc123 --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn '${base}/*' --region us-east-1`,
      'aws lambda remove-permission --function-name orders --statement-id s1 --region us-east-1',
      'aws lambda remove-permission --function-name orders --statement-id s2 --region us-east-1',
    ]);
    expect(result.fix?.iac).toContain('scopePermissionToMethod: false');
  });
});
