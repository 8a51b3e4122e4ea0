/**
 * The checks that differ for HTTP APIs (API Gateway v2): the access log (their only log), the integration
 * timeout (at most 30 s, fixed ceiling), detailed route metrics, and the REST-only checks that do not apply
 * (`skip` with the reason, never `fail`). Route keys (`GET /orders`, `ANY /{proxy+}`, `$default`) are mapped
 * to the method shape the shared checks take. Pure: plain data in, results out.
 */
import type { CheckId, CheckResult, SdkRequest } from '../model.ts';
import type { FunctionConfigurationInfo, HttpIntegrationInfo, HttpStageInfo } from '../../ports/account-reader.ts';
import type { CheckInput, MethodRef, StageRef } from './check-support.ts';
import { iacText, isReadFailure, skipForReadFailure, skipNotApplicable } from './check-support.ts';
import { DEFAULT_ROUTE } from './invoke-permission.ts';
import type { LambdaTarget } from './lambda-target.ts';
import { requestCommand, sdkRequest } from './sdk-request.ts';

/** HTTP API integrations wait at most 30 s, and 30 s is also the default (docs/facts.md (c), DG http-api-quotas). */
export const HTTP_INTEGRATION_TIMEOUT_MS = 30_000;

/** The reason every execution-log check gives on an HTTP API. */
export const NO_EXECUTION_LOGS = 'HTTP APIs have no execution logs';

/** The API Gateway ARN of an HTTP API (tags, IAM policies). */
export function httpApiArn(region: string, apiId: string): string {
  return `arn:aws:apigateway:${region}::/apis/${apiId}`;
}

/** The API Gateway ARN of an HTTP API stage. */
export function httpStageArn(stage: Pick<StageRef, 'region' | 'restApiId' | 'stageName'>): string {
  return `${httpApiArn(stage.region, stage.restApiId)}/stages/${stage.stageName}`;
}

/**
 * A route key as the method the shared checks take: `GET /orders` → GET `/orders`; `$default` →
 * httpMethod `$default` (invoke-permission's catch-all form). `resourceId` carries the route id.
 */
export function routeMethod(routeKey: string, routeId: string): MethodRef {
  if (routeKey === DEFAULT_ROUTE) return { resourceId: routeId, resourcePath: DEFAULT_ROUTE, httpMethod: DEFAULT_ROUTE };
  const space = routeKey.indexOf(' ');
  return space < 0
    ? { resourceId: routeId, resourcePath: routeKey, httpMethod: 'ANY' }
    : { resourceId: routeId, resourcePath: routeKey.slice(space + 1), httpMethod: routeKey.slice(0, space).toUpperCase() };
}

/**
 * How well a route key matches a request, higher is more specific, null when it does not match. HTTP API
 * routing prefers the most specific path (literal segments over `{param}` over a greedy `{proxy+}`), then an
 * exact verb over `ANY`; `$default` catches what nothing else matches (DG http-api-develop-routes).
 */
export function routeMatchScore(routeKey: string, method: string, path: string): number | null {
  if (routeKey === DEFAULT_ROUTE) return 0;
  const { httpMethod, resourcePath } = routeMethod(routeKey, '');
  if (httpMethod !== 'ANY' && httpMethod !== method.toUpperCase()) return null;
  const want = resourcePath.split('/').filter((s) => s !== '');
  const got = path.split('?')[0]?.split('/').filter((s) => s !== '') ?? [];
  let score = httpMethod === 'ANY' ? 1 : 2;
  for (let i = 0; i < want.length; i += 1) {
    const segment = want[i] ?? '';
    if (/^\{[^{}]+\+\}$/.test(segment)) {
      // Greedy: the rest of the path, at least one segment.
      return i === want.length - 1 && got.length > i ? score + 10 : null;
    }
    const actual = got[i];
    if (actual === undefined) return null;
    if (/^\{[^{}]+\}$/.test(segment)) score += 100;
    else if (segment === actual) score += 1_000;
    else return null;
  }
  return got.length === want.length ? score + 10_000 : null;
}

/** The route a request used: the best-scoring route key, or null when none (not even `$default`) matches. */
export function matchRoute<R extends { readonly RouteKey?: string }>(routes: readonly R[], method: string, path: string): R | null {
  let best: { route: R; score: number } | null = null;
  for (const route of routes) {
    const score = routeMatchScore(route.RouteKey ?? '', method, path);
    if (score !== null && (best === null || score > best.score)) best = { route, score };
  }
  return best?.route ?? null;
}

/** The REST-only checks that never apply to an HTTP API, each with why (one `skip` per stage). */
export function httpNotApplicable(stage: StageRef): CheckResult[] {
  const resource = httpStageArn(stage);
  const reasons: readonly (readonly [CheckId, string])[] = [
    ['execution-logging', `${NO_EXECUTION_LOGS}: the access log (see access-logging) is the only record of why a request failed.`],
    ['account-cloudwatch-role', `${NO_EXECUTION_LOGS}, so the account's API Gateway CloudWatch role (which only execution logging needs) is not used.`],
    ['data-trace', `${NO_EXECUTION_LOGS}: there is no full request/response logging to turn off.`],
    ['binary-media-types', 'HTTP APIs have no binary media types setting: the function answers isBase64Encoded per response.'],
  ];
  return reasons.map(([id, reason]) => skipNotApplicable(id, resource, reason));
}

/** The HTTP API access-log fields the fix installs: one JSON row per request that explains a 5xx and names its API and stage. */
const RECOMMENDED_FIELDS: readonly (readonly [string, string])[] = [
  ['requestId', '$context.requestId'],
  ['requestTime', '$context.requestTime'],
  ['apiId', '$context.apiId'],
  ['stage', '$context.stage'],
  ['httpMethod', '$context.httpMethod'],
  ['routeKey', '$context.routeKey'],
  ['path', '$context.path'],
  ['status', '$context.status'],
  ['responseLatency', '$context.responseLatency'],
  ['errorMessage', '$context.error.message'],
  ['errorResponseType', '$context.error.responseType'],
  ['integrationErrorMessage', '$context.integrationErrorMessage'],
  ['integrationStatus', '$context.integration.status'],
  ['integrationServiceStatus', '$context.integration.integrationStatus'],
  ['integrationLatency', '$context.integration.latency'],
  ['authorizerError', '$context.authorizer.error'],
  ['sourceIp', '$context.identity.sourceIp'],
];

/** The access-log format the HTTP API fix installs. */
export const RECOMMENDED_HTTP_ACCESS_LOG_FORMAT: string = `{${RECOMMENDED_FIELDS.map(([key, variable]) => `"${key}":"${variable}"`).join(',')}}`;

const INTEGRATION_ERROR = /\$context\.(?:integrationErrorMessage|integration\.error)(?![A-Za-z0-9_])/;

/** UpdateStage (v2) of the stage. */
function updateHttpStage(stage: StageRef, input: Readonly<Record<string, string | boolean | Readonly<Record<string, string | boolean>>>>): SdkRequest {
  return sdkRequest('apigatewayv2', 'UpdateStage', stage.region, { ApiId: stage.restApiId, StageName: stage.stageName, ...input });
}

/**
 * `access-logging` for an HTTP API stage: warn when it has no access log (then nothing records why a request
 * failed: HTTP APIs have no execution logs) or its format lacks `$context.integrationErrorMessage`; the fix
 * sets {@link RECOMMENDED_HTTP_ACCESS_LOG_FORMAT} with UpdateStage (v2).
 */
export function checkHttpAccessLogging(stageInfo: HttpStageInfo, stage: StageRef): CheckResult {
  const resource = httpStageArn(stage);
  const destination = stageInfo.AccessLogSettings?.DestinationArn;
  const format = stageInfo.AccessLogSettings?.Format ?? '';
  if (destination !== undefined && destination !== '' && INTEGRATION_ERROR.test(format)) {
    return { id: 'access-logging', status: 'pass', resource, message: `Access logging for HTTP API stage ${stage.restApiId}/${stage.stageName} goes to ${destination} and records $context.integrationErrorMessage.` };
  }
  const groupName = `/aws/http-api/${stage.restApiId}/${stage.stageName.replace(/^\$/, '')}`;
  const target = destination !== undefined && destination !== '' ? destination : `arn:aws:logs:${stage.region}:${stage.account}:log-group:${groupName}`;
  const requests: SdkRequest[] = [
    ...(destination === undefined || destination === '' ? [sdkRequest('cloudwatch-logs', 'CreateLogGroup', stage.region, { logGroupName: groupName })] : []),
    updateHttpStage(stage, { AccessLogSettings: { DestinationArn: target, Format: RECOMMENDED_HTTP_ACCESS_LOG_FORMAT } }),
  ];
  const why =
    destination === undefined || destination === ''
      ? `HTTP API stage ${stage.restApiId}/${stage.stageName} has no access log, and ${NO_EXECUTION_LOGS}: nothing records why a request failed.`
      : `The access log of HTTP API stage ${stage.restApiId}/${stage.stageName} (${destination}) does not record $context.integrationErrorMessage, the only place an HTTP API writes why an integration failed.`;
  return {
    id: 'access-logging',
    status: 'warn',
    resource,
    message: `${why} Set the format below (it also names the API and stage, so apigw-doctor can route each row).`,
    fix: {
      requests,
      cli: requests.map(requestCommand).join('\n'),
      iac: iacText({
        cdk: [
          `const accessLogs = new logs.LogGroup(this, 'AccessLogs', { logGroupName: '${groupName}' });`,
          `const stage = httpApi.defaultStage!.node.defaultChild as apigwv2.CfnStage;`,
          `stage.accessLogSettings = { destinationArn: accessLogs.logGroupArn, format: JSON.stringify(${JSON.stringify(Object.fromEntries(RECOMMENDED_FIELDS))}) };`,
        ].join('\n'),
        cloudFormation: [
          `Stage:   # AWS::Serverless::HttpApi takes the same AccessLogSettings`,
          `  Type: AWS::ApiGatewayV2::Stage`,
          `  Properties:`,
          `    ApiId: ${stage.restApiId}`,
          `    StageName: '${stage.stageName}'`,
          `    AccessLogSettings:`,
          `      DestinationArn: ${target}`,
          `      Format: '${RECOMMENDED_HTTP_ACCESS_LOG_FORMAT}'`,
        ].join('\n'),
        terraform: [
          `resource "aws_apigatewayv2_stage" "this" {`,
          `  api_id = "${stage.restApiId}"`,
          `  name   = "${stage.stageName}"`,
          `  access_log_settings {`,
          `    destination_arn = "${target}"`,
          `    format = jsonencode({`,
          ...RECOMMENDED_FIELDS.map(([key, variable]) => `      ${key} = "${variable}"`),
          `    })`,
          `  }`,
          `}`,
        ].join('\n'),
      }),
    },
  };
}

/** `detailed-metrics` for an HTTP API stage: warn when per-route metrics are off for the routes (DefaultRouteSettings). */
export function checkHttpDetailedMetrics(stageInfo: HttpStageInfo, stage: StageRef): CheckResult {
  const resource = httpStageArn(stage);
  if (stageInfo.DefaultRouteSettings?.DetailedMetricsEnabled === true) {
    return { id: 'detailed-metrics', status: 'pass', resource, message: `Per-route metrics are on for HTTP API stage ${stage.restApiId}/${stage.stageName}.` };
  }
  const request = updateHttpStage(stage, { DefaultRouteSettings: { DetailedMetricsEnabled: true } });
  return {
    id: 'detailed-metrics',
    status: 'warn',
    resource,
    message: `Per-route metrics are off for HTTP API stage ${stage.restApiId}/${stage.stageName}: its 5xx metric cannot tell which route fails.`,
    fix: {
      requests: [request],
      cli: requestCommand(request),
      iac: iacText({
        cdk: `(httpApi.defaultStage!.node.defaultChild as apigwv2.CfnStage).defaultRouteSettings = { detailedMetricsEnabled: true };`,
        cloudFormation: ['Type: AWS::ApiGatewayV2::Stage', 'Properties:', '  DefaultRouteSettings:', '    DetailedMetricsEnabled: true'].join('\n'),
        terraform: ['resource "aws_apigatewayv2_stage" "this" {', '  default_route_settings {', '    detailed_metrics_enabled = true', '  }', '}'].join('\n'),
      }),
    },
  };
}

/** What {@link checkHttpIntegrationTimeout} looks at for one route. */
export interface HttpIntegrationTimeoutInput {
  readonly stage: StageRef;
  readonly routeKey: string;
  readonly integration: HttpIntegrationInfo;
  readonly target: LambdaTarget;
  readonly functionConfiguration: CheckInput<FunctionConfigurationInfo | null>;
  /** The stage deploys changes itself; otherwise an integration change needs CreateDeployment. */
  readonly autoDeploy: boolean;
}

/**
 * `integration-timeout` for an HTTP API Lambda route: fails when the function may run longer than the
 * integration waits (TimeoutInMillis, default and ceiling 30 s), warns when equal, passes when the function
 * stops first. The fix lowers the function timeout, or raises the integration's up to 30 s where that is enough.
 */
export function checkHttpIntegrationTimeout(input: HttpIntegrationTimeoutInput): CheckResult {
  const { stage, routeKey, integration, target, functionConfiguration: config } = input;
  const resource = `route ${routeKey}`;
  if (isReadFailure(config)) return skipForReadFailure('integration-timeout', resource, config);
  if (config === null) return skipNotApplicable('integration-timeout', resource, `function ${target.functionArn} does not exist (see function-exists).`);
  if (config.Timeout === undefined) return skipNotApplicable('integration-timeout', resource, `GetFunctionConfiguration returned no Timeout for ${target.functionArn}.`);
  const functionName = config.FunctionName ?? target.functionName;
  const functionMs = config.Timeout * 1000;
  const explicit = integration.TimeoutInMillis;
  const integrationMs = Math.min(explicit ?? HTTP_INTEGRATION_TIMEOUT_MS, HTTP_INTEGRATION_TIMEOUT_MS);
  const payload = integration.PayloadFormatVersion === undefined ? 'no payload format version' : `payload format ${integration.PayloadFormatVersion}`;
  const subject = `Route ${routeKey} of HTTP API ${stage.restApiId} invokes ${functionName} (${payload})`;
  const integrationText = `${integrationMs} ms${explicit === undefined ? ' (the default)' : ''}`;
  if (functionMs < integrationMs) {
    return { id: 'integration-timeout', status: 'pass', resource, message: `${subject}, whose ${config.Timeout} s timeout ends before the integration timeout of ${integrationText}.` };
  }
  const newTimeoutSeconds = Math.max(1, Math.ceil(integrationMs / 1000) - 1);
  const lower = sdkRequest('lambda', 'UpdateFunctionConfiguration', stage.region, { FunctionName: functionName, Timeout: newTimeoutSeconds });
  const wanted = functionMs + 1000;
  const canRaise = wanted <= HTTP_INTEGRATION_TIMEOUT_MS && integration.IntegrationId !== undefined;
  const raise = canRaise ? [sdkRequest('apigatewayv2', 'UpdateIntegration', stage.region, { ApiId: stage.restApiId, IntegrationId: integration.IntegrationId ?? '', TimeoutInMillis: wanted })] : [];
  const deploy = canRaise && !input.autoDeploy ? [sdkRequest('apigatewayv2', 'CreateDeployment', stage.region, { ApiId: stage.restApiId, StageName: stage.stageName })] : [];
  const cli = [requestCommand(lower), ...(canRaise ? ['# or let the integration wait longer than the function (HTTP APIs: at most 30 000 ms):', ...[...raise, ...deploy].map(requestCommand)] : [])].join('\n');
  const consequence =
    functionMs > integrationMs
      ? `a request still running after ${integrationMs} ms fails with a 5xx while the function keeps running (and is billed) for up to ${config.Timeout} s, its result thrown away.`
      : `the gateway's clock also counts the invoke overhead, so a function that uses its full time still ends in a gateway timeout rather than its own error.`;
  return {
    id: 'integration-timeout',
    status: functionMs > integrationMs ? 'fail' : 'warn',
    resource,
    message: `${subject} with a ${config.Timeout} s timeout, but the integration gives up after ${integrationText}: ${consequence} Lower the function timeout${canRaise ? ' or raise the integration timeout' : ' (an HTTP API cannot wait longer than 30 s)'}.`,
    supports: ['integration_timeout'],
    fix: {
      requests: [lower],
      cli,
      iac: iacText({
        cdk: `new lambda.Function(this, 'Fn', { /* ... */ timeout: Duration.seconds(${newTimeoutSeconds}) });`,
        cloudFormation: ['Type: AWS::Lambda::Function   # AWS::Serverless::Function: same Timeout property', 'Properties:', `  Timeout: ${newTimeoutSeconds}`].join('\n'),
        terraform: ['resource "aws_lambda_function" "fn" {', `  timeout = ${newTimeoutSeconds}`, '}'].join('\n'),
      }),
    },
  };
}
