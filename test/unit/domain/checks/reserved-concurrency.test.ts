import { describe, expect, it } from 'vitest';
import { checkReservedConcurrency } from '../../../../shared/domain/checks/reserved-concurrency.ts';

const fn = { functionName: 'orders', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders', region: 'us-east-1' };

describe('checkReservedConcurrency', () => {
  it('fails at 0: the function is switched off', () => {
    // Prepare
    const concurrency = { ReservedConcurrentExecutions: 0 };
    // Act
    const result = checkReservedConcurrency(concurrency, fn);
    // Assess
    expect(result.status).toBe('fail');
    expect(result.resource).toBe('arn:aws:lambda:us-east-1:123456789012:function:orders');
    expect(result.supports).toEqual(['lambda_throttled']);
    expect(result.message).toBe(
      'Lambda function orders has reserved concurrency 0: the function is switched off and every invoke is throttled, ' +
        'which API Gateway returns as 500 ("Rate Exceeded."). Remove the reservation or set it above 0.',
    );
    expect(result.fix?.cli.split('\n')).toEqual([
      'aws lambda delete-function-concurrency --function-name orders --region us-east-1',
      '# or keep a cap, above 0:',
      'aws lambda put-function-concurrency --function-name orders --reserved-concurrent-executions 10 --region us-east-1',
    ]);
    expect(result.fix?.iac).toContain('reserved_concurrent_executions = -1');
    expect(result.fix?.iac).toContain('ReservedConcurrentExecutions: 10');
  });

  it('passes with no reservation', () => {
    // Prepare / Act
    const result = checkReservedConcurrency({}, fn);
    // Assess
    expect(result).toEqual({
      id: 'reserved-concurrency',
      status: 'pass',
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      message: "Lambda function orders has no reserved concurrency: it shares the account's unreserved concurrency.",
    });
  });

  it('passes a positive reservation, naming the cap', () => {
    // Prepare / Act
    const result = checkReservedConcurrency({ ReservedConcurrentExecutions: 5 }, { functionName: 'orders', region: 'us-east-1' });
    // Assess
    expect(result).toEqual({
      id: 'reserved-concurrency',
      status: 'pass',
      resource: 'orders',
      message: 'Lambda function orders has 5 reserved concurrent executions: more than 5 requests at once are throttled (500 from a REST API).',
    });
  });

  it('skips when GetFunctionConcurrency failed', () => {
    // Prepare
    const failure = { kind: 'denied' as const, operation: 'lambda:GetFunctionConcurrency', message: 'AccessDeniedException' };
    // Act
    const result = checkReservedConcurrency(failure, fn);
    // Assess
    expect(result).toEqual({
      id: 'reserved-concurrency',
      status: 'skip',
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
      message: 'Skipped: lambda:GetFunctionConcurrency failed (denied): AccessDeniedException',
    });
  });
});
