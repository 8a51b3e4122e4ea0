/**
 * HTTP API (API Gateway v2) scenarios of events/accounts/. The shared builder is REST-shaped, so a scenario
 * here is a `Scenario` with `apiType: 'HTTP'` (GetRestApi then answers NotFoundException and no REST record
 * is written) whose v2 records (GetApi, GetStage, GetStages, GetRoutes, GetIntegrations) and access log are
 * built below, shaped exactly like `@aws-sdk/client-apigatewayv2` outputs (PascalCase fields, dates as ISO).
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from '../../shared/domain/model.ts';
import type { RecordedCall } from '../../shared/adapters/recorded/recorded-account.ts';
import { ACCESS_FAILURE_PATTERN } from '../../shared/domain/logs/failure-patterns.ts';
import { ACCOUNT, REGION, executeApi, filterEvents, type LogLine, type Scenario } from './build.ts';

/** The API's id before CloudFormation replaced it; the function's permission still names it. */
const OLD_API = 'q3m8v5k1zd';
/** The API's id now. */
const NEW_API = 'h7tq2xk9wb';
const FUNCTION = 'orders-handler';
const INTEGRATION = 'x7k2m9p';
const ACCESS_LOG_GROUP = '/aws/http-api/orders-http-api';

/** The access-log format of the stage: JSON with the API, stage, route and the integration's error. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  apiId: '$context.apiId',
  stage: '$context.stage',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLatency: '$context.responseLatency',
  integrationErrorMessage: '$context.integrationErrorMessage',
  sourceIp: '$context.identity.sourceIp',
});

/** The text an HTTP API writes into `$context.integrationErrorMessage` when it may not invoke the function (docs/facts.md (b)). */
const NO_PERMISSION = 'The IAM role configured on the integration or API Gateway doesn’t have permissions to call the integration. Check the permissions and try again.';

function hash(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

/** An HTTP API request id (`$context.requestId`): 16 base64 characters ending in `=`, as HTTP APIs write them. */
function httpRequestId(seed: string): string {
  return `${hash(seed).toString('base64').replace(/[+/]/g, 'A').slice(0, 15)}=`;
}

/** One access-log row of the stage. */
function accessRow(at: string, verb: string, routeKey: string, path: string, status: number, error: string | null): LogLine {
  const timestamp = Date.parse(`2026-11-20T${at}Z`);
  const requestTime = new Date(timestamp).toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
  const message = JSON.stringify({
    requestId: httpRequestId(`${NEW_API}/${at}/${verb} ${path}`),
    requestTime,
    apiId: NEW_API,
    stage: '$default',
    httpMethod: verb,
    routeKey,
    path,
    status: String(status),
    responseLatency: status === 200 ? '143' : '11',
    integrationErrorMessage: error ?? '-',
    sourceIp: '198.51.100.24',
  });
  return { timestamp, message };
}

/** The FilterLogEvents answer for the diagnosis's access-log query: the rows CloudWatch selects with the pattern. */
function accessLogCall(rows: readonly LogLine[]): RecordedCall {
  const stream = hash(`${ACCESS_LOG_GROUP}/stream`).toString('hex').slice(0, 32);
  const selected = filterEvents(rows, ACCESS_FAILURE_PATTERN);
  return {
    service: 'cloudwatch-logs',
    operation: 'FilterLogEvents',
    input: { logGroupName: ACCESS_LOG_GROUP, filterPattern: ACCESS_FAILURE_PATTERN },
    output: {
      events: selected.map((row, index) => ({
        logStreamName: stream,
        timestamp: row.timestamp,
        message: row.message,
        ingestionTime: row.timestamp + 380 + index * 27,
        eventId: BigInt(`0x${hash(`${stream}/${row.timestamp}`).toString('hex').slice(0, 30)}`).toString().padEnd(56, '0').slice(0, 56),
      })),
      searchedLogStreams: [],
    },
  };
}

function v2(operation: string, input: JsonObject, output: JsonObject): RecordedCall {
  return { service: 'apigatewayv2', operation, input, output };
}

const stageOutput: JsonObject = {
  AccessLogSettings: { DestinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${ACCESS_LOG_GROUP}`, Format: ACCESS_LOG_FORMAT },
  ApiGatewayManaged: false,
  AutoDeploy: true,
  CreatedDate: '2026-11-20T13:56:12.000Z',
  DefaultRouteSettings: { DetailedMetricsEnabled: false },
  DeploymentId: 'b6r2kd',
  LastUpdatedDate: '2026-11-20T13:56:14.000Z',
  RouteSettings: {},
  StageName: '$default',
  StageVariables: {},
  Tags: {},
};

const recreatedRows: readonly LogLine[] = [
  accessRow('14:01:07.114', 'GET', 'GET /orders', '/orders', 500, NO_PERMISSION),
  accessRow('14:02:44.502', 'POST', '$default', '/checkout', 500, NO_PERMISSION),
  accessRow('14:05:19.930', 'GET', 'GET /orders', '/orders', 500, NO_PERMISSION),
  accessRow('14:06:02.377', 'GET', '$default', '/health', 404, null),
];

/** The HTTP API scenarios, one file each. */
export const HTTP_API_SCENARIOS: readonly Scenario[] = [
  {
    // CloudFormation replaced the HTTP API at 13:56 (a new id); the function's only permission still names the old
    // id, so every route that reaches the function answers 500 and its access log says the gateway may not call it.
    file: 'http-api-recreated.json',
    apiType: 'HTTP',
    api: { id: NEW_API, name: 'orders-http-api', description: 'Orders service (HTTP API)', created: '2026-11-20T13:56:11Z' },
    // REST-shaped fields the builder requires; an HTTP scenario records none of them.
    stage: { name: '$default', deploymentId: 'b6r2kd', loggingLevel: null, metrics: false, accessLogFormat: null, tracing: false },
    methods: [],
    cloudWatchRole: false,
    executionLog: 'missing',
    functions: [{ name: FUNCTION, timeout: 10, memory: 512, permissions: [{ sid: 'orders-http-api-invoke', sourceArn: executeApi(OLD_API, '*/*') }] }],
    extraCalls: [
      v2('GetApi', { ApiId: NEW_API }, {
        ApiEndpoint: `https://${NEW_API}.execute-api.${REGION}.amazonaws.com`,
        ApiId: NEW_API,
        ApiKeySelectionExpression: '$request.header.x-api-key',
        CreatedDate: '2026-11-20T13:56:11.000Z',
        Description: 'Orders service (HTTP API)',
        DisableExecuteApiEndpoint: false,
        IpAddressType: 'ipv4',
        Name: 'orders-http-api',
        ProtocolType: 'HTTP',
        RouteSelectionExpression: '$request.method $request.path',
        Tags: {},
      }),
      v2('GetStage', { ApiId: NEW_API, StageName: '$default' }, stageOutput),
      v2('GetStages', { ApiId: NEW_API }, { Items: [stageOutput] }),
      v2('GetRoutes', { ApiId: NEW_API }, {
        Items: [
          { ApiGatewayManaged: false, ApiKeyRequired: false, AuthorizationScopes: [], AuthorizationType: 'NONE', RequestModels: {}, RouteId: 'r5t8k2a', RouteKey: 'GET /orders', Target: `integrations/${INTEGRATION}` },
          { ApiGatewayManaged: false, ApiKeyRequired: false, AuthorizationScopes: [], AuthorizationType: 'NONE', RequestModels: {}, RouteId: 'd3w9m1c', RouteKey: '$default', Target: `integrations/${INTEGRATION}` },
        ],
      }),
      v2('GetIntegrations', { ApiId: NEW_API }, {
        Items: [{
          ApiGatewayManaged: false,
          ConnectionType: 'INTERNET',
          IntegrationId: INTEGRATION,
          IntegrationMethod: 'POST',
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}`,
          PayloadFormatVersion: '2.0',
          TimeoutInMillis: 30000,
        }],
      }),
      accessLogCall(recreatedRows),
    ],
    cloudTrail: [
      {
        at: '2026-11-20T13:55:58Z', source: 'apigateway.amazonaws.com', name: 'DeleteApi', who: 'orders-deploy-role', invokedBy: 'cloudformation.amazonaws.com',
        parameters: { apiId: OLD_API }, resources: [{ type: 'AWS::ApiGatewayV2::Api', name: OLD_API }],
      },
      {
        at: '2026-11-20T13:56:11Z', source: 'apigateway.amazonaws.com', name: 'CreateApi', who: 'orders-deploy-role', invokedBy: 'cloudformation.amazonaws.com',
        parameters: { name: 'orders-http-api', protocolType: 'HTTP' }, resources: [{ type: 'AWS::ApiGatewayV2::Api', name: NEW_API }],
      },
    ],
    metrics: [
      { namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: { ApiId: NEW_API, Stage: '$default' }, stat: 'Sum', from: '14:00', values: [0, 1, 1, 0, 0, 1, 0, 0] },
      { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: { FunctionName: FUNCTION }, stat: 'Sum', from: '14:00', values: [0, 0, 0, 0, 0, 0, 0, 0] },
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: FUNCTION }, stat: 'Sum', from: '14:00', values: [0, 0, 0, 0, 0, 0, 0, 0] },
    ],
  },
];
