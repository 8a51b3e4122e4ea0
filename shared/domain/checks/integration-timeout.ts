/**
 * Check `integration-timeout`: a Lambda function allowed to run longer than its integration waits turns
 * slow requests into 504s while the function keeps running, billed, for a result nobody receives.
 */
import type { CheckResult } from '../model.ts';
import type { FunctionConfigurationInfo, IntegrationInfo } from '../../ports/account-reader.ts';
import type { CheckInput, MethodRef, StageRef } from './check-support.ts';
import {
  createDeploymentRequest,
  iacText,
  isReadFailure,
  methodLabel,
  skipForReadFailure,
  skipNotApplicable,
  updateIntegrationRequest,
} from './check-support.ts';
import { requestCommand, sdkRequest } from './sdk-request.ts';
import { lambdaTargetFromUri } from './lambda-target.ts';

/** REST integrations wait 29 s unless `timeoutInMillis` says otherwise. */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/** What {@link checkIntegrationTimeout} looks at for one method. */
export interface IntegrationTimeoutInput {
  readonly stage: StageRef;
  readonly method: MethodRef;
  readonly integration: CheckInput<IntegrationInfo | null>;
  /** GetFunctionConfiguration of the function the integration invokes on this stage. */
  readonly functionConfiguration: CheckInput<FunctionConfigurationInfo | null>;
  /** The stage's variables, to name a function chosen by a stage variable. */
  readonly stageVariables?: Readonly<Record<string, string>>;
  /** The API's endpoint types (`EDGE`, `REGIONAL`, `PRIVATE`): only non-edge APIs may wait longer than 29 s. */
  readonly endpointTypes?: readonly string[];
}

/**
 * Fails when the function's Timeout is longer than the integration timeout (default 29 000 ms), warns when
 * they are equal (the gateway's clock also counts the invoke overhead, so the gateway still gives up
 * first), passes when the function stops first. Skips non-Lambda integrations and failed reads.
 */
export function checkIntegrationTimeout(input: IntegrationTimeoutInput): CheckResult {
  const { stage, method, integration, functionConfiguration: config } = input;
  const resource = methodLabel(method);
  if (isReadFailure(integration)) return skipForReadFailure('integration-timeout', resource, integration);
  if (integration === null) return skipNotApplicable('integration-timeout', resource, `${resource} has no integration.`);
  const target = lambdaTargetFromUri(integration.uri ?? '', input.stageVariables);
  if (target === null) return skipNotApplicable('integration-timeout', resource, `${resource} does not integrate with Lambda.`);
  if (isReadFailure(config)) return skipForReadFailure('integration-timeout', resource, config);
  if (config === null) {
    return skipNotApplicable('integration-timeout', resource, `function ${target.functionArn} does not exist (see function-exists).`);
  }
  if (config.Timeout === undefined) {
    return skipNotApplicable('integration-timeout', resource, `GetFunctionConfiguration returned no Timeout for ${target.functionArn}.`);
  }

  const functionName = config.FunctionName ?? target.functionName;
  const functionMs = config.Timeout * 1000;
  const explicit = integration.timeoutInMillis;
  const integrationMs = explicit ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
  const integrationText = `${integrationMs} ms${explicit === undefined ? ' (the default)' : ''}`;
  const subject = `${resource} on API ${stage.restApiId} invokes Lambda function ${functionName}`;

  if (functionMs < integrationMs) {
    return {
      id: 'integration-timeout',
      status: 'pass',
      resource,
      message: `${subject}, whose ${config.Timeout} s timeout ends before the integration timeout of ${integrationText}.`,
    };
  }

  const consequence =
    functionMs > integrationMs
      ? `a request still running after ${integrationMs} ms gets 504 "Endpoint request timed out" while the function keeps running ` +
        `(and is billed) for up to ${config.Timeout} s, and its result is thrown away.`
      : `the gateway's clock also counts the invoke overhead, so a function that uses its full time still ends in a 504 ` +
        `rather than its own timeout error.`;
  const versionNote =
    target.qualifier === null
      ? ''
      : ` The integration invokes qualifier ${target.qualifier}: a published version's timeout cannot change, so publish a new version (and move the alias) after the update.`;

  const newTimeoutSeconds = Math.max(1, Math.ceil(integrationMs / 1000) - 1);
  const wantedIntegrationMs = functionMs + 1000;
  const edge = (input.endpointTypes ?? []).some((type) => type.toUpperCase() === 'EDGE');
  const canRaise = wantedIntegrationMs <= DEFAULT_INTEGRATION_TIMEOUT_MS || !edge;
  const raiseNote =
    wantedIntegrationMs <= DEFAULT_INTEGRATION_TIMEOUT_MS
      ? '# or let the integration wait longer than the function:'
      : '# or, for a Regional or private API only (not edge-optimized), raise the integration timeout above 29 s ' +
        '(may need a Service Quotas increase and lowers the account throttle quota):';
  const lowerFunctionTimeout = sdkRequest('lambda', 'UpdateFunctionConfiguration', stage.region, { FunctionName: functionName, Timeout: newTimeoutSeconds });
  const cli = [
    requestCommand(lowerFunctionTimeout),
    ...(canRaise
      ? [
          raiseNote,
          requestCommand(updateIntegrationRequest(stage, method, { op: 'replace', path: '/timeoutInMillis', value: String(wantedIntegrationMs) })),
          requestCommand(createDeploymentRequest(stage)),
        ]
      : []),
  ].join('\n');

  return {
    id: 'integration-timeout',
    status: functionMs > integrationMs ? 'fail' : 'warn',
    resource,
    message:
      `${subject} with a ${config.Timeout} s timeout, but the integration gives up after ${integrationText}: ${consequence}` +
      ` Lower the function timeout below the integration timeout${canRaise ? ' or raise the integration timeout' : ' (this edge-optimized API cannot wait longer than 29 s)'}.` +
      versionNote,
    supports: ['integration_timeout'],
    fix: {
      requests: [lowerFunctionTimeout],
      cli,
      iac: iacText({
        cdk: [
          `new lambda.Function(this, 'Fn', { /* ... */ timeout: Duration.seconds(${newTimeoutSeconds}) });`,
          ...(canRaise
            ? [`// or: new apigateway.LambdaIntegration(fn, { timeout: Duration.millis(${wantedIntegrationMs}) })`]
            : []),
        ].join('\n'),
        cloudFormation: [
          `Type: AWS::Lambda::Function   # AWS::Serverless::Function: same Timeout property`,
          `Properties:`,
          `  Timeout: ${newTimeoutSeconds}`,
          ...(canRaise ? [`# or on the AWS::ApiGateway::Method: Integration: { TimeoutInMillis: ${wantedIntegrationMs} }`] : []),
        ].join('\n'),
        terraform: [
          `resource "aws_lambda_function" "fn" {`,
          `  timeout = ${newTimeoutSeconds}`,
          `}`,
          ...(canRaise ? [`# or: resource "aws_api_gateway_integration" { timeout_milliseconds = ${wantedIntegrationMs} }`] : []),
        ].join('\n'),
      }),
    },
  };
}
