/**
 * The Lambda authorizer scenarios of events/accounts/: a REST API whose TOKEN authorizer was re-created
 * by a deploy (new id), while the authorizer function's resource policy still names the old id. Every
 * request to the protected methods fails in the authorizer with API Gateway's own wording for an
 * authorizer it may not invoke (docs/facts.md (d): "Invalid permissions on Lambda function", then
 * "Authorizer error" and AuthorizerConfigurationException, as in serverless/serverless#1784); the
 * unprotected health check keeps working. `scripts/accounts/build.ts` expands each entry.
 */
import type { JsonObject } from '../../shared/domain/model.ts';
import { ACCOUNT, LOGGED_STAGE, REGION, executeApi, requestLines, uuidFrom, type LogLine, type Scenario } from './build.ts';

const API_ID = 'r8d2k5v9qe';
const AUTHORIZER_ID = 'n4t7qa';
/** The id the authorizer had before the deploy re-created it: the permission still names this one. */
const OLD_AUTHORIZER_ID = 'c2m9xe';
const AUTHORIZER_FUNCTION = 'bookings-authorizer';
/** The role CloudFormation deploys the bookings stack as. */
const DEPLOY_ROLE = 'bookings-deploy-role';

function functionArn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}

function invokeUrl(name: string): string {
  return `https://lambda.${REGION}.amazonaws.com/2015-03-31/functions/${functionArn(name)}/invocations`;
}

/** GetAuthorizer as API Gateway answers it for a TOKEN authorizer made by CloudFormation. */
function authorizerOutput(id: string, name: string, fn: string): JsonObject {
  return {
    id,
    name,
    type: 'TOKEN',
    authType: 'custom',
    authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn(fn)}/invocations`,
    identitySource: 'method.request.header.Authorization',
    authorizerResultTtlInSeconds: 300,
  };
}

/**
 * The lines one request writes when its authorizer may not be invoked: the gateway starts the authorizer,
 * calls Lambda, is refused, and ends the request there (the method and integration never run).
 */
function deniedAuthorizerLines(at: string, verb: string, path: string): LogLine[] {
  const id = uuidFrom(`${API_ID}/${at}/${verb} ${path}`);
  const start = Date.parse(`2026-11-20T${at}Z`);
  const extended = uuidFrom(`${id}/extended`).replaceAll('-', '').slice(0, 15);
  const lines: [number, string][] = [
    [0, `Extended Request Id: ${extended}=`],
    [0, `Starting authorizer: ${AUTHORIZER_ID} for request: ${id}`],
    [0, 'Incoming identity: ****************************************************************************Qs9dXw'],
    [1, `Endpoint request URI: ${invokeUrl(AUTHORIZER_FUNCTION)}`],
    [1, `Endpoint request headers: {x-amzn-lambda-integration-tag=${id}, Authorization=********************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************3e1a0c, X-Amz-Date=20261120T${at.slice(0, 8).replaceAll(':', '')}Z, x-amzn-apigateway-api-id=${API_ID}, Accept=application/json, User-Agent=AmazonAPIGateway_${API_ID}, X-Amz-Security-Token=************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************************ [TRUNCATED]`],
    [1, `Endpoint request body after transformations: {"type":"TOKEN","methodArn":"${executeApi(API_ID, `prod/${verb}${path}`)}","authorizationToken":"****************Qs9dXw"}`],
    [1, `Sending request to ${invokeUrl(AUTHORIZER_FUNCTION)}`],
    [8, 'Execution failed due to configuration error: Invalid permissions on Lambda function'],
    [8, 'Execution failed due to configuration error: Authorizer error'],
    [8, 'AuthorizerConfigurationException'],
  ];
  return lines.map(([offset, text]) => ({ timestamp: start + offset, message: `(${id}) ${text}` }));
}

/** The authorizer scenarios, one file each. */
export const AUTHORIZER_SCENARIOS: readonly Scenario[] = [
  {
    // A deploy at 13:51 deleted the TOKEN authorizer c2m9xe and created n4t7qa in its place; the authorizer
    // function's permission still names c2m9xe, so from 13:55 every booking request is a 500. /health has no authorizer.
    file: 'authorizer-without-permission.json',
    api: { id: API_ID, name: 'bookings-api', description: 'Bookings service', created: '2026-05-06T09:12:44Z' },
    stage: { ...LOGGED_STAGE, deploymentId: 'v3p8ks' },
    methods: [
      { verb: 'GET', path: '/bookings', fn: 'bookings-handler', method: { authorizationType: 'CUSTOM', authorizerId: AUTHORIZER_ID } },
      { verb: 'POST', path: '/bookings', fn: 'bookings-handler', method: { authorizationType: 'CUSTOM', authorizerId: AUTHORIZER_ID } },
      { verb: 'GET', path: '/health', fn: 'bookings-handler' },
    ],
    functions: [
      {
        name: 'bookings-handler', timeout: 10, memory: 512,
        permissions: [
          { sid: 'bookings-api-bookings', sourceArn: executeApi(API_ID, '*/*/bookings') },
          { sid: 'bookings-api-health', sourceArn: executeApi(API_ID, '*/GET/health') },
        ],
      },
      {
        name: AUTHORIZER_FUNCTION, timeout: 5, memory: 256,
        permissions: [{ sid: 'bookings-api-authorizer', sourceArn: executeApi(API_ID, `authorizers/${OLD_AUTHORIZER_ID}`) }],
      },
    ],
    cloudWatchRole: true,
    executionLog: {
      events: [
        ...deniedAuthorizerLines('13:55:08.114', 'GET', '/bookings'),
        ...requestLines(API_ID, 'prod', 'bookings-handler', { at: '13:56:30.402', verb: 'GET', resource: '/health', outcome: 'ok' }, true),
        ...deniedAuthorizerLines('13:57:41.870', 'POST', '/bookings'),
        ...deniedAuthorizerLines('14:02:19.655', 'GET', '/bookings'),
      ],
      logStream: 'e4b1c9a07d2f4f3e8a6b5c1d0e9f8a7b',
    },
    extraCalls: [
      { service: 'api-gateway', operation: 'GetAuthorizer', input: { restApiId: API_ID, authorizerId: AUTHORIZER_ID }, output: authorizerOutput(AUTHORIZER_ID, 'bookings-token', AUTHORIZER_FUNCTION) },
    ],
    cloudTrail: [
      {
        at: '2026-11-20T13:51:12Z', source: 'apigateway.amazonaws.com', name: 'DeleteAuthorizer', who: DEPLOY_ROLE,
        invokedBy: 'cloudformation.amazonaws.com', parameters: { restApiId: API_ID, authorizerId: OLD_AUTHORIZER_ID },
        resources: [{ type: 'AWS::ApiGateway::RestApi', name: API_ID }],
      },
      {
        at: '2026-11-20T13:51:14Z', source: 'apigateway.amazonaws.com', name: 'CreateAuthorizer', who: DEPLOY_ROLE,
        invokedBy: 'cloudformation.amazonaws.com',
        parameters: { restApiId: API_ID, name: 'bookings-token', type: 'TOKEN', identitySource: 'method.request.header.Authorization' },
        resources: [{ type: 'AWS::ApiGateway::RestApi', name: API_ID }],
      },
      {
        at: '2026-11-20T13:51:40Z', source: 'apigateway.amazonaws.com', name: 'CreateDeployment', who: DEPLOY_ROLE,
        invokedBy: 'cloudformation.amazonaws.com', parameters: { restApiId: API_ID, stageName: 'prod' },
        resources: [{ type: 'AWS::ApiGateway::RestApi', name: API_ID }],
      },
    ],
    metrics: [
      { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'bookings-api', Stage: 'prod' }, stat: 'Sum', from: '13:54', values: [0, 1, 0, 1, 0, 0, 0, 0, 1, 0] },
      { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiName: 'bookings-api', Stage: 'prod' }, stat: 'Sum', from: '13:54', values: [0, 1, 1, 1, 0, 0, 0, 0, 1, 0] },
      { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: { FunctionName: 'bookings-handler' }, stat: 'Sum', from: '13:54', values: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0] },
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'bookings-handler' }, stat: 'Sum', from: '13:54', values: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    ],
  },
];
