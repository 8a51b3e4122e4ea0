/**
 * Check `access-logging`: the access log is the one log that names the integration's own error
 * (`$context.integrationErrorMessage`) and the gateway response type next to the status, one line per
 * request, and the only log HTTP APIs have. Without those variables a 5xx row says nothing about why.
 */
import type { CheckResult } from '../model.ts';
import type { StageInfo } from '../../ports/account-reader.ts';
import type { CheckInput, StageRef } from './check-support.ts';
import { iacText, isReadFailure, skipForReadFailure, stageArn, updateStageRequest } from './check-support.ts';
import { requestsFix, sdkRequest, type PatchOperation } from './sdk-request.ts';

/** The fields of the recommended format, in order: output key and `$context` variable. */
const RECOMMENDED_FIELDS: readonly (readonly [string, string])[] = [
  ['requestId', '$context.requestId'],
  ['extendedRequestId', '$context.extendedRequestId'],
  ['requestTime', '$context.requestTime'],
  ['httpMethod', '$context.httpMethod'],
  ['resourcePath', '$context.resourcePath'],
  ['status', '$context.status'],
  ['responseLatency', '$context.responseLatency'],
  ['responseLength', '$context.responseLength'],
  ['errorMessage', '$context.error.message'],
  ['errorResponseType', '$context.error.responseType'],
  ['integrationErrorMessage', '$context.integrationErrorMessage'],
  ['integrationStatus', '$context.integration.status'],
  ['integrationServiceStatus', '$context.integration.integrationStatus'],
  ['integrationLatency', '$context.integration.latency'],
  ['integrationRequestId', '$context.integration.requestId'],
  ['authorizerError', '$context.authorizer.error'],
  ['sourceIp', '$context.identity.sourceIp'],
];

/**
 * The access-log format the fix installs: one JSON object per request with the integration's error,
 * the gateway response type, both integration statuses (your code's and the Lambda service's) and the
 * integration request id, so one row explains a 5xx.
 */
export const RECOMMENDED_ACCESS_LOG_FORMAT: string = `{${RECOMMENDED_FIELDS.map(([key, variable]) => `"${key}":"${variable}"`).join(',')}}`;

/** Either spelling of the integration error (they are the same variable). */
const INTEGRATION_ERROR = /\$context\.(?:integrationErrorMessage|integration\.error)(?![A-Za-z0-9_])/;
const RESPONSE_TYPE = /\$context\.error\.responseType(?![A-Za-z0-9_])/;

/** The variables a format lacks, as people should add them (empty = complete). */
export function missingAccessLogVariables(format: string): string[] {
  const missing: string[] = [];
  if (!INTEGRATION_ERROR.test(format)) missing.push('$context.integrationErrorMessage');
  if (!RESPONSE_TYPE.test(format)) missing.push('$context.error.responseType');
  return missing;
}

function accessLogIac(ref: StageRef, logGroupName: string): string {
  const terraformFields = RECOMMENDED_FIELDS.map(([key, variable]) => `      ${key} = "${variable}"`);
  return iacText({
    cdk: [
      `const accessLogs = new logs.LogGroup(this, 'AccessLogs', { logGroupName: '${logGroupName}' });`,
      `new apigateway.RestApi(this, 'Api', {`,
      `  deployOptions: {`,
      `    stageName: '${ref.stageName}',`,
      `    accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),`,
      `    accessLogFormat: apigateway.AccessLogFormat.custom('${RECOMMENDED_ACCESS_LOG_FORMAT}'),`,
      `  },`,
      `});`,
    ].join('\n'),
    cloudFormation: [
      `AccessLogs:`,
      `  Type: AWS::Logs::LogGroup`,
      `  Properties: { LogGroupName: '${logGroupName}' }`,
      `Stage:   # AWS::Serverless::Api takes the same AccessLogSetting`,
      `  Type: AWS::ApiGateway::Stage`,
      `  Properties:`,
      `    StageName: ${ref.stageName}`,
      `    AccessLogSetting:`,
      `      DestinationArn: !GetAtt AccessLogs.Arn`,
      `      Format: '${RECOMMENDED_ACCESS_LOG_FORMAT}'`,
    ].join('\n'),
    terraform: [
      `resource "aws_cloudwatch_log_group" "access" {`,
      `  name = "${logGroupName}"`,
      `}`,
      `resource "aws_api_gateway_stage" "this" {`,
      `  rest_api_id = "${ref.restApiId}"`,
      `  stage_name  = "${ref.stageName}"`,
      `  # deployment_id = ...`,
      `  access_log_settings {`,
      `    destination_arn = aws_cloudwatch_log_group.access.arn`,
      `    format = jsonencode({`,
      ...terraformFields,
      `    })`,
      `  }`,
      `}`,
    ].join('\n'),
  });
}

/**
 * One result for the stage (resource = stage ARN): warn when access logging has no destination, or its
 * format lacks `$context.integrationErrorMessage` (or `$context.integration.error`) or
 * `$context.error.responseType`; the fix installs {@link RECOMMENDED_ACCESS_LOG_FORMAT}.
 */
export function checkAccessLogging(stage: CheckInput<StageInfo | null>, ref: StageRef): CheckResult {
  const resource = stageArn(ref);
  if (isReadFailure(stage)) return skipForReadFailure('access-logging', resource, stage);
  if (stage === null) {
    return {
      id: 'access-logging',
      status: 'skip',
      resource,
      message: `Skipped: stage ${ref.stageName} of API ${ref.restApiId} does not exist.`,
    };
  }
  const where = `stage ${ref.stageName} of API ${ref.restApiId}`;
  const destination = stage.accessLogSettings?.destinationArn ?? '';
  const formatOperation: PatchOperation = { op: 'replace', path: '/accessLogSettings/format', value: RECOMMENDED_ACCESS_LOG_FORMAT };
  if (destination === '') {
    const logGroupName = `API-Gateway-Access-Logs_${ref.restApiId}/${ref.stageName}`;
    const logGroupArn = `arn:aws:logs:${ref.region}:${ref.account}:log-group:${logGroupName}`;
    const operations: PatchOperation[] = [{ op: 'replace', path: '/accessLogSettings/destinationArn', value: logGroupArn }, formatOperation];
    return {
      id: 'access-logging',
      status: 'warn',
      resource,
      message:
        `Access logging is off for ${where} (no accessLogSettings.destinationArn): no per-request line records the status, ` +
        `$context.integrationErrorMessage or $context.error.responseType of a failing request.`,
      supports: [],
      fix: requestsFix(
        [sdkRequest('cloudwatch-logs', 'CreateLogGroup', ref.region, { logGroupName }), updateStageRequest(ref, operations)],
        accessLogIac(ref, logGroupName),
      ),
    };
  }
  const missing = missingAccessLogVariables(stage.accessLogSettings?.format ?? '');
  if (missing.length === 0) {
    return {
      id: 'access-logging',
      status: 'pass',
      resource,
      message: `Access logging for ${where} goes to ${destination} and records the integration error and the response type.`,
    };
  }
  const logGroupName = destination.startsWith('arn:aws:logs:')
    ? destination.replace(/^arn:aws:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '')
    : `API-Gateway-Access-Logs_${ref.restApiId}/${ref.stageName}`;
  return {
    id: 'access-logging',
    status: 'warn',
    resource,
    message:
      `The access-log format of ${where} lacks ${missing.join(' and ')}: a 5xx row cannot say why the request failed.`,
    supports: [],
    fix: requestsFix([updateStageRequest(ref, [formatOperation])], accessLogIac(ref, logGroupName)),
  };
}
