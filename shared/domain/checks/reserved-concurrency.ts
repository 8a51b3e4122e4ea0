/**
 * Check `reserved-concurrency`: a reservation of 0 is Lambda's off switch (it is what the console's
 * "Throttle" button sets). Every invoke is throttled and a REST API turns each into a 500.
 */
import type { CheckResult } from '../model.ts';
import type { FunctionConcurrencyInfo } from '../../ports/account-reader.ts';
import type { CheckInput } from './check-support.ts';
import { iacText, isReadFailure, skipForReadFailure } from './check-support.ts';
import { cliCommand } from './fix-text.ts';
import { requestCommand, sdkRequest } from './sdk-request.ts';

/** The function a Lambda check is about. */
export interface FunctionRef {
  /** The name (or ARN) the Lambda API accepts; concurrency is per function, never per qualifier. */
  readonly functionName: string;
  /** Shown as the result's resource when known. */
  readonly functionArn?: string;
  readonly region: string;
}

/**
 * Fails when `ReservedConcurrentExecutions` is 0 (supports `lambda_throttled`); passes when there is no
 * reservation or a positive one (naming the cap, since requests beyond it are throttled too).
 */
export function checkReservedConcurrency(concurrency: CheckInput<FunctionConcurrencyInfo>, fn: FunctionRef): CheckResult {
  const resource = fn.functionArn ?? fn.functionName;
  if (isReadFailure(concurrency)) return skipForReadFailure('reserved-concurrency', resource, concurrency);
  const reserved = concurrency.ReservedConcurrentExecutions;
  if (reserved === undefined) {
    return {
      id: 'reserved-concurrency',
      status: 'pass',
      resource,
      message: `Lambda function ${fn.functionName} has no reserved concurrency: it shares the account's unreserved concurrency.`,
    };
  }
  if (reserved > 0) {
    return {
      id: 'reserved-concurrency',
      status: 'pass',
      resource,
      message:
        `Lambda function ${fn.functionName} has ${reserved} reserved concurrent executions: ` +
        `more than ${reserved} requests at once are throttled (500 from a REST API).`,
    };
  }
  const removeReservation = sdkRequest('lambda', 'DeleteFunctionConcurrency', fn.region, { FunctionName: fn.functionName });
  return {
    id: 'reserved-concurrency',
    status: 'fail',
    resource,
    message:
      `Lambda function ${fn.functionName} has reserved concurrency ${reserved}: the function is switched off and every invoke is ` +
      `throttled, which API Gateway returns as 500 ("Rate Exceeded."). Remove the reservation or set it above 0.`,
    supports: ['lambda_throttled'],
    fix: {
      requests: [removeReservation],
      cli: [
        requestCommand(removeReservation),
        '# or keep a cap, above 0:',
        cliCommand([
          'aws',
          'lambda',
          'put-function-concurrency',
          '--function-name',
          fn.functionName,
          '--reserved-concurrent-executions',
          '10',
          '--region',
          fn.region,
        ]),
      ].join('\n'),
      iac: iacText({
        cdk: `new lambda.Function(this, 'Fn', { /* ... */ }); // remove reservedConcurrentExecutions: 0 (or set it above 0)`,
        cloudFormation: [
          `Type: AWS::Lambda::Function   # AWS::Serverless::Function: same property`,
          `Properties:`,
          `  # remove ReservedConcurrentExecutions: 0, or set it above 0`,
          `  ReservedConcurrentExecutions: 10`,
        ].join('\n'),
        terraform: [
          `resource "aws_lambda_function" "fn" {`,
          `  reserved_concurrent_executions = -1   # -1 = no reservation; 0 disables the function`,
          `}`,
        ].join('\n'),
      }),
    },
  };
}
