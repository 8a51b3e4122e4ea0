/**
 * Check `tracing`: with X-Ray active tracing off, a failing stage leaves no trace of where the time went
 * (the gateway's own overhead, the integration, the function's segments) and its execution log lines
 * carry no `X-ray Tracing ID`. It only matters when something fails, so the check speaks only then:
 * - a stage with failing requests and tracing off: warn, with the UpdateStage that turns it on;
 * - tracing on: pass;
 * - a healthy stage with tracing off: no result at all (X-Ray is optional and billed per trace; a
 *   stage nobody is debugging is not a finding).
 * API Gateway samples by X-Ray's default rule once tracing is on: 1 request per second plus 5 % of the
 * rest (docs/facts.md (i)). Turning it on also creates the service-linked role AWSServiceRoleForAPIGateway
 * if the account has none.
 */
import type { CheckResult } from '../model.ts';
import type { StageInfo } from '../../ports/account-reader.ts';
import type { StageRef } from './check-support.ts';
import { iacText, stageArn, updateStageRequest } from './check-support.ts';
import { requestsFix } from './sdk-request.ts';

/** What `checkTracing` needs. */
export interface TracingInput {
  readonly stage: StageInfo;
  readonly ref: StageRef;
  /** Failing requests of the diagnosed window (0 = a healthy stage, or an audit without failures). */
  readonly failingRequests: number;
}

/** The result for the stage (resource = stage ARN), or none on a healthy stage with tracing off. */
export function checkTracing(input: TracingInput): CheckResult[] {
  const { ref } = input;
  const resource = stageArn(ref);
  const where = `stage ${ref.stageName} of API ${ref.restApiId}`;
  if (input.stage.tracingEnabled === true) {
    return [{ id: 'tracing', status: 'pass', resource, message: `X-Ray active tracing is on for ${where}.` }];
  }
  if (input.failingRequests <= 0) return [];
  const n = input.failingRequests;
  return [
    {
      id: 'tracing',
      status: 'warn',
      resource,
      message:
        `X-Ray tracing is off on ${where}, which has ${n} failing request${n === 1 ? '' : 's'} in the window: there is no trace showing ` +
        `whether the time went to the gateway, the integration or the function, and the execution log carries no X-ray Tracing ID to follow. ` +
        `Turn it on (sampled by X-Ray's default rule: 1 request/s plus 5 % of the rest; billed per trace).`,
      supports: [],
      fix: requestsFix(
        [updateStageRequest(ref, [{ op: 'replace', path: '/tracingEnabled', value: 'true' }])],
        iacText({
          cdk: `new apigateway.RestApi(this, 'Api', { deployOptions: { stageName: '${ref.stageName}', tracingEnabled: true } });`,
          cloudFormation: ['Type: AWS::ApiGateway::Stage', 'Properties:', `  StageName: ${ref.stageName}`, '  TracingEnabled: true'].join('\n'),
          terraform: `resource "aws_api_gateway_stage" "${ref.stageName.replace(/[^A-Za-z0-9_]/g, '_')}" {\n  xray_tracing_enabled = true\n}`,
        }),
      ),
    },
  ];
}
