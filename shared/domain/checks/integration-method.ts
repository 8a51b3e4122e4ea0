/**
 * Check `integration-method`: Lambda's Invoke API is a POST. An integration that calls it with GET or
 * ANY gets Lambda's 403 "Unable to determine service/operation name to be authorized" and the client a 500,
 * however correct the function and its permissions are.
 */
import type { CheckResult } from '../model.ts';
import type { IntegrationInfo } from '../../ports/account-reader.ts';
import type { CheckInput, MethodRef, StageRef } from './check-support.ts';
import { requestsFix } from './sdk-request.ts';
import {
  createDeploymentRequest,
  iacText,
  isReadFailure,
  methodLabel,
  skipForReadFailure,
  skipNotApplicable,
  updateIntegrationRequest,
} from './check-support.ts';
import { lambdaTargetFromUri } from './lambda-target.ts';

const LAMBDA_TYPES: readonly string[] = ['AWS', 'AWS_PROXY'];

/**
 * Fails when an `AWS` or `AWS_PROXY` integration with a Lambda uri uses an integration HTTP method other
 * than POST (supports `integration_misconfigured`); passes when it is POST; skips other integrations.
 */
export function checkIntegrationMethod(integration: CheckInput<IntegrationInfo | null>, stage: StageRef, method: MethodRef): CheckResult {
  const resource = methodLabel(method);
  if (isReadFailure(integration)) return skipForReadFailure('integration-method', resource, integration);
  if (integration === null) return skipNotApplicable('integration-method', resource, `${resource} has no integration.`);
  const type = (integration.type ?? '').toUpperCase();
  const target = LAMBDA_TYPES.includes(type) ? lambdaTargetFromUri(integration.uri ?? '') : null;
  if (target === null) return skipNotApplicable('integration-method', resource, `${resource} does not integrate with Lambda.`);
  const verb = (integration.httpMethod ?? '').toUpperCase();
  if (verb === 'POST') {
    return {
      id: 'integration-method',
      status: 'pass',
      resource,
      message: `The ${type} integration of ${resource} calls Lambda with POST.`,
    };
  }
  const shown = verb === '' ? 'no HTTP method' : verb;
  return {
    id: 'integration-method',
    status: 'fail',
    resource,
    message:
      `The ${type} integration of ${resource} on API ${stage.restApiId} calls Lambda function ${target.functionName} with ${shown}, ` +
      `but Lambda integrations must use POST: Lambda answers 403 "Unable to determine service/operation name to be authorized" ` +
      `and the client gets 500. The method's own verb (${method.httpMethod.toUpperCase()}) is unaffected by the fix.`,
    supports: ['integration_misconfigured'],
    fix: requestsFix(
      [updateIntegrationRequest(stage, method, { op: 'replace', path: '/httpMethod', value: 'POST' }), createDeploymentRequest(stage)],
      iacText({
        cdk: `new apigateway.LambdaIntegration(fn) // always POSTs; with AwsIntegration set integrationHttpMethod: 'POST'`,
        cloudFormation: [
          `Type: AWS::ApiGateway::Method   # SAM Api events set this for you`,
          `Properties:`,
          `  Integration:`,
          `    Type: ${type}`,
          `    IntegrationHttpMethod: POST`,
        ].join('\n'),
        terraform: `resource "aws_api_gateway_integration" "this" {\n  integration_http_method = "POST"\n}`,
      }),
    ),
  };
}
