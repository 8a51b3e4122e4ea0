/**
 * The REST API scenarios of events/accounts/: permissions lost or removed, logging off, a timeout
 * longer than the gateway's, reserved concurrency of zero, and a healthy stage. Each entry is one file;
 * `scripts/accounts/build.ts` expands it.
 */
import { CLOUDFORMATION_ROLE, LOGGED_STAGE, executeApi, sampleExecutionLog, type Scenario } from './build.ts';

/** The REST scenarios, one file each. */
export const REST_SCENARIOS: readonly Scenario[] = [
  {
    // A CloudFormation deploy at 13:58 dropped the statement for GET /payments/{id}; requests fail from 14:03.
    // CloudTrail holds that RemovePermission, an older AddPermission, a read and a change to another function.
    file: 'permission-removed-by-deploy.json',
    api: { id: 'b7n3q8w2xt', name: 'payments-api', description: 'Payments service', created: '2026-02-11T10:04:51Z' },
    stage: { ...LOGGED_STAGE, deploymentId: 'k2d8qz' },
    methods: [
      { verb: 'POST', path: '/payments', fn: 'payments-handler' },
      { verb: 'GET', path: '/payments/{id}', fn: 'payments-handler' },
    ],
    functions: [
      { name: 'payments-handler', timeout: 10, memory: 512, permissions: [{ sid: 'payments-api-create', sourceArn: executeApi('b7n3q8w2xt', '*/POST/payments') }] },
    ],
    cloudWatchRole: true,
    executionLog: {
      requests: [
        { at: '14:03:12.551', verb: 'GET', resource: '/payments/{id}', params: { id: 'pay_81KD2' }, outcome: 'invalid-permissions' },
        { at: '14:04:40.019', verb: 'POST', resource: '/payments', body: '{"amount":1200,"currency":"EUR"}', outcome: 'ok' },
        { at: '14:06:27.733', verb: 'GET', resource: '/payments/{id}', params: { id: 'pay_93LQ7' }, outcome: 'invalid-permissions' },
      ],
    },
    cloudTrail: [
      {
        at: '2026-11-20T13:58:03Z', source: 'lambda.amazonaws.com', name: 'RemovePermission20150331v2', who: CLOUDFORMATION_ROLE,
        invokedBy: 'cloudformation.amazonaws.com', parameters: { functionName: 'payments-handler', statementId: 'payments-api-read' },
      },
      {
        at: '2026-11-20T13:57:41Z', source: 'lambda.amazonaws.com', name: 'UpdateFunctionCode20150331v2', who: CLOUDFORMATION_ROLE,
        invokedBy: 'cloudformation.amazonaws.com', parameters: { functionName: 'reports-exporter', s3Bucket: 'deploy-artifacts' },
      },
      { at: '2026-11-20T14:08:10Z', source: 'lambda.amazonaws.com', name: 'GetPolicy20150331v2', who: 'oncall', readOnly: true, parameters: { functionName: 'payments-handler' } },
      {
        at: '2026-11-19T16:20:00Z', source: 'lambda.amazonaws.com', name: 'AddPermission20150331v2', who: 'alice',
        parameters: {
          functionName: 'payments-handler', statementId: 'payments-api-create', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com',
          sourceArn: executeApi('b7n3q8w2xt', '*/POST/payments'),
        },
      },
      {
        at: '2026-11-20T13:58:20Z', source: 'apigateway.amazonaws.com', name: 'CreateDeployment', who: CLOUDFORMATION_ROLE,
        invokedBy: 'cloudformation.amazonaws.com', parameters: { restApiId: 'b7n3q8w2xt', stageName: 'prod' },
        resources: [{ type: 'AWS::ApiGateway::RestApi', name: 'b7n3q8w2xt' }],
      },
    ],
    metrics: [
      { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'payments-api', Stage: 'prod' }, stat: 'Sum', from: '14:02', values: [0, 1, 0, 0, 1, 0, 0] },
      { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiName: 'payments-api', Stage: 'prod' }, stat: 'Sum', from: '14:02', values: [0, 1, 1, 0, 1, 0, 0] },
      { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: { FunctionName: 'payments-handler' }, stat: 'Sum', from: '14:02', values: [0, 0, 1, 0, 0, 0, 0] },
      { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'payments-handler' }, stat: 'Sum', from: '14:02', values: [0, 0, 0, 0, 0, 0, 0] },
    ],
  },
  {
    // The API was deleted and re-created (new id k7m2p9q4rx); the function still only trusts the old id.
    file: 'permission-lost-after-recreate.json',
    api: { id: 'k7m2p9q4rx', name: 'orders-api', description: 'Orders service', created: '2026-11-20T13:52:08Z' },
    stage: { ...LOGGED_STAGE, deploymentId: 'x4f7kp' },
    methods: [
      { verb: 'GET', path: '/orders', fn: 'orders-handler' },
      { verb: 'POST', path: '/orders', fn: 'orders-handler' },
    ],
    functions: [
      { name: 'orders-handler', timeout: 10, memory: 512, permissions: [{ sid: 'orders-api-invoke', sourceArn: executeApi('h3j8d2w6ze', '*/*/orders') }] },
    ],
    cloudWatchRole: true,
    executionLog: {
      requests: [
        { at: '14:05:41.207', verb: 'GET', resource: '/orders', outcome: 'invalid-permissions' },
        { at: '14:05:44.530', verb: 'POST', resource: '/orders', body: '{"sku":"BK-1142","quantity":1}', outcome: 'invalid-permissions' },
        { at: '14:06:02.918', verb: 'GET', resource: '/orders', outcome: 'invalid-permissions' },
      ],
    },
    // The old API deleted, the new one imported from the same OpenAPI file; no AddPermission for the new id.
    cloudTrail: [
      {
        at: '2026-11-20T13:51:37Z', source: 'apigateway.amazonaws.com', name: 'DeleteRestApi', who: 'dana',
        parameters: { restApiId: 'h3j8d2w6ze' }, resources: [{ type: 'AWS::ApiGateway::RestApi', name: 'h3j8d2w6ze' }],
      },
      {
        at: '2026-11-20T13:52:08Z', source: 'apigateway.amazonaws.com', name: 'ImportRestApi', who: 'dana',
        parameters: { failOnWarnings: false }, resources: [{ type: 'AWS::ApiGateway::RestApi', name: 'k7m2p9q4rx' }],
      },
      {
        at: '2026-11-20T13:53:40Z', source: 'apigateway.amazonaws.com', name: 'CreateDeployment', who: 'dana',
        parameters: { restApiId: 'k7m2p9q4rx', stageName: 'prod' }, resources: [{ type: 'AWS::ApiGateway::RestApi', name: 'k7m2p9q4rx' }],
      },
    ],
    metrics: [
      { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'orders-api', Stage: 'prod' }, stat: 'Sum', from: '14:04', values: [0, 2, 1, 0] },
      { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiName: 'orders-api', Stage: 'prod' }, stat: 'Sum', from: '14:04', values: [0, 2, 1, 0] },
      { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: { FunctionName: 'orders-handler' }, stat: 'Sum', from: '14:04', values: [0, 0, 0, 0] },
    ],
  },
  {
    // Logging was never set up: no method settings, no account CloudWatch role, so no log group either.
    // Recorded before recordings had `cloudTrail` and `metrics` sections: it shows such a file still diagnoses.
    file: 'logging-off-no-cloudwatch-role.json',
    api: { id: 'm4t8v2c6na', name: 'inventory-api', description: 'Warehouse inventory', created: '2026-03-14T08:22:40Z' },
    stage: { name: 'prod', deploymentId: 'q2w9zd', loggingLevel: null, metrics: false, accessLogFormat: null, tracing: false },
    methods: [
      { verb: 'GET', path: '/items', fn: 'inventory-handler' },
      { verb: 'GET', path: '/items/{sku}', fn: 'inventory-handler' },
      { verb: 'PUT', path: '/items/{sku}', fn: 'inventory-handler' },
    ],
    functions: [
      {
        name: 'inventory-handler', timeout: 6, memory: 256,
        permissions: [
          { sid: 'inventory-api-list', sourceArn: executeApi('m4t8v2c6na', '*/GET/items') },
          { sid: 'inventory-api-item', sourceArn: executeApi('m4t8v2c6na', '*/*/items/*') },
        ],
      },
    ],
    cloudWatchRole: false,
    executionLog: 'missing',
  },
  {
    // The report function may run 60 s, the integration waits 29 s: slow reports end in 504s.
    file: 'lambda-timeout-60s.json',
    api: { id: 'w5r9k3j7hb', name: 'reports-api', description: 'Customer reports', created: '2026-07-02T16:05:11Z' },
    stage: { ...LOGGED_STAGE, deploymentId: 'c8n1rv' },
    methods: [
      { verb: 'POST', path: '/reports', fn: 'reports-generator', timeoutInMillis: 29_000 },
      { verb: 'GET', path: '/reports/{reportId}', fn: 'reports-generator', timeoutInMillis: 29_000 },
    ],
    functions: [
      {
        name: 'reports-generator', timeout: 60, memory: 1024,
        permissions: [
          { sid: 'reports-api-create', sourceArn: executeApi('w5r9k3j7hb', '*/POST/reports') },
          { sid: 'reports-api-read', sourceArn: executeApi('w5r9k3j7hb', '*/GET/reports/*') },
        ],
      },
    ],
    cloudWatchRole: true,
    executionLog: {
      requests: [
        { at: '14:03:05.412', verb: 'POST', resource: '/reports', body: '{"format":"csv","from":"2026-01-01","to":"2026-11-20"}', outcome: 'timeout' },
        { at: '14:04:30.776', verb: 'GET', resource: '/reports/{reportId}', params: { reportId: 'rpt_7Q2M9X' }, outcome: 'ok' },
        { at: '14:06:48.090', verb: 'POST', resource: '/reports', body: '{"format":"xlsx","groupBy":"customer"}', outcome: 'timeout' },
      ],
    },
    // The function's timeout was raised to 60 s the day before; the integration still waits 29 s.
    cloudTrail: [
      {
        at: '2026-11-19T17:12:30Z', source: 'lambda.amazonaws.com', name: 'UpdateFunctionConfiguration20150331v2', who: 'erin',
        parameters: { functionName: 'reports-generator', timeout: 60, memorySize: 1024 },
      },
    ],
    metrics: [
      { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'reports-api', Stage: 'prod' }, stat: 'Sum', from: '14:02', values: [0, 1, 0, 0, 1, 0] },
      { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiName: 'reports-api', Stage: 'prod' }, stat: 'Sum', from: '14:02', values: [0, 1, 1, 0, 1, 0] },
      { namespace: 'AWS/ApiGateway', metricName: 'IntegrationLatency', dimensions: { ApiName: 'reports-api', Stage: 'prod' }, stat: 'Maximum', from: '14:02', values: [0, 29_001, 1_840, 0, 29_002, 0] },
      { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: { FunctionName: 'reports-generator' }, stat: 'Sum', from: '14:02', values: [0, 1, 1, 0, 1, 0] },
      { namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: { FunctionName: 'reports-generator' }, stat: 'Maximum', from: '14:02', values: [0, 41_322, 1_802, 0, 47_915, 0] },
    ],
  },
  {
    // Someone pressed "Throttle" on the function (reserved concurrency 0); the orders-api-prod-5xx alarm fired.
    file: 'reserved-concurrency-zero.json',
    api: { id: 'q8w3n5t1vz', name: 'orders-api', description: 'Orders service', created: '2025-10-09T11:30:27Z' },
    stage: { ...LOGGED_STAGE, deploymentId: 'j5t0bm' },
    methods: [
      { verb: 'GET', path: '/orders', fn: 'orders-handler' },
      { verb: 'POST', path: '/orders', fn: 'orders-handler' },
      { verb: 'GET', path: '/orders/{id}', fn: 'orders-handler' },
    ],
    functions: [
      {
        name: 'orders-handler', timeout: 10, memory: 512, reservedConcurrency: 0,
        permissions: [{ sid: 'orders-api-invoke', sourceArn: executeApi('q8w3n5t1vz', '*') }],
      },
    ],
    cloudWatchRole: true,
    executionLog: {
      requests: [
        { at: '14:02:11.384', verb: 'GET', resource: '/orders/{id}', params: { id: 'ord_5T8WQ1' }, outcome: 'throttled' },
        { at: '14:02:37.902', verb: 'POST', resource: '/orders', body: '{"sku":"BK-2210","quantity":2}', outcome: 'throttled' },
        { at: '14:02:58.145', verb: 'GET', resource: '/orders', outcome: 'throttled' },
      ],
    },
    // Someone throttled the function from the console two minutes before the first 502.
    cloudTrail: [
      {
        at: '2026-11-20T14:00:04Z', source: 'lambda.amazonaws.com', name: 'PutFunctionConcurrency20171031', who: 'frank',
        parameters: { functionName: 'orders-handler', reservedConcurrentExecutions: 0 },
      },
    ],
    metrics: [
      { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'orders-api', Stage: 'prod' }, stat: 'Sum', from: '14:01', values: [0, 2, 1] },
      { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiName: 'orders-api', Stage: 'prod' }, stat: 'Sum', from: '14:01', values: [4, 2, 1] },
      { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: { FunctionName: 'orders-handler' }, stat: 'Sum', from: '14:01', values: [4, 0, 0] },
      { namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: { FunctionName: 'orders-handler' }, stat: 'Sum', from: '14:01', values: [0, 2, 1] },
    ],
    listedWith: [
      { id: 'f6j1s8w3qe', name: 'customers-api' },
      { id: 'u3c7h2m9dk', name: 'orders-api-admin' },
    ],
  },
  {
    // Everything in order: logging, metrics, access log, role, permissions; no failing request.
    file: 'healthy.json',
    api: { id: 'p2x6d9f4kc', name: 'catalog-api', description: 'Product catalog', created: '2026-01-19T10:12:45Z' },
    stage: { ...LOGGED_STAGE, loggingLevel: 'ERROR', deploymentId: 'v7k3sn' },
    methods: [
      { verb: 'GET', path: '/products', fn: 'catalog-handler' },
      { verb: 'POST', path: '/products', fn: 'catalog-handler' },
      { verb: 'GET', path: '/products/{productId}', fn: 'catalog-handler' },
    ],
    functions: [
      {
        name: 'catalog-handler', timeout: 10, memory: 512, reservedConcurrency: 50,
        permissions: [
          { sid: 'catalog-api-list', sourceArn: executeApi('p2x6d9f4kc', '*/GET/products') },
          { sid: 'catalog-api-create', sourceArn: executeApi('p2x6d9f4kc', '*/POST/products') },
          { sid: 'catalog-api-read', sourceArn: executeApi('p2x6d9f4kc', '*/GET/products/*') },
        ],
      },
    ],
    cloudWatchRole: true,
    executionLog: { requests: [] },
    // Nothing changed in the last day; traffic without errors.
    cloudTrail: [],
    metrics: [
      { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'catalog-api', Stage: 'prod' }, stat: 'Sum', from: '14:02', values: [0, 0, 0, 0, 0, 0, 0] },
      { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiName: 'catalog-api', Stage: 'prod' }, stat: 'Sum', from: '14:02', values: [38, 41, 35, 44, 39, 40, 37] },
      { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: { FunctionName: 'catalog-handler' }, stat: 'Sum', from: '14:02', values: [38, 41, 35, 44, 39, 40, 37] },
    ],
  },
  {
    // The API of the sample events (events/README.md): GET /orders/{id} was added without a permission.
    // Its execution log is the one of events/sources/logs-execution-permission.json, so
    // `replay events/logs-*.json --offline --recording` on this file diagnoses the sample events.
    file: 'permission-missing-new-route.json',
    api: { id: 'a1b2c3d4e5', name: 'orders-api', description: 'Orders service', created: '2026-05-06T09:14:33Z' },
    stage: { ...LOGGED_STAGE, deploymentId: 'r6d2hw' },
    methods: [
      { verb: 'GET', path: '/orders', fn: 'orders-handler' },
      { verb: 'POST', path: '/orders', fn: 'orders-handler' },
      { verb: 'GET', path: '/orders/{id}', fn: 'orders-handler' },
      { verb: 'POST', path: '/reports', fn: 'orders-report' },
    ],
    functions: [
      {
        name: 'orders-handler', timeout: 10, memory: 512,
        permissions: [
          { sid: 'orders-api-list', sourceArn: executeApi('a1b2c3d4e5', '*/GET/orders') },
          { sid: 'orders-api-create', sourceArn: executeApi('a1b2c3d4e5', '*/POST/orders') },
        ],
      },
      // The report function outlives the 29 s integration timeout (events/logs-execution-timeout.json).
      { name: 'orders-report', timeout: 60, memory: 1024, permissions: [{ sid: 'orders-api-reports', sourceArn: executeApi('a1b2c3d4e5', '*/POST/reports') }] },
    ],
    cloudWatchRole: true,
    executionLog: sampleExecutionLog('logs-execution-permission.json'),
    // So the sample alarms (ApiName=orders-api) resolve to this API too.
    listedWith: [{ id: 'n2v6b8x4lq', name: 'orders-api-admin' }],
    // GET /orders/{id} was added from the console an hour before: resource, method, integration, deployment, no AddPermission.
    cloudTrail: [
      {
        at: '2026-11-20T13:02:11Z', source: 'apigateway.amazonaws.com', name: 'CreateResource', who: 'carol',
        parameters: { restApiId: 'a1b2c3d4e5', parentId: 'o1r2d3', pathPart: '{id}' }, resources: [{ type: 'AWS::ApiGateway::RestApi', name: 'a1b2c3d4e5' }],
      },
      {
        at: '2026-11-20T13:03:40Z', source: 'apigateway.amazonaws.com', name: 'PutIntegration', who: 'carol',
        parameters: {
          restApiId: 'a1b2c3d4e5', httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST',
          uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders-handler/invocations',
        },
        resources: [{ type: 'AWS::ApiGateway::RestApi', name: 'a1b2c3d4e5' }],
      },
      {
        at: '2026-11-20T13:04:02Z', source: 'apigateway.amazonaws.com', name: 'CreateDeployment', who: 'carol',
        parameters: { restApiId: 'a1b2c3d4e5', stageName: 'prod' }, resources: [{ type: 'AWS::ApiGateway::RestApi', name: 'a1b2c3d4e5' }],
      },
    ],
    metrics: [
      { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'orders-api', Stage: 'prod' }, stat: 'Sum', from: '14:00', values: [0, 0, 0, 1, 0, 0] },
      { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiName: 'orders-api', Stage: 'prod' }, stat: 'Sum', from: '14:00', values: [12, 9, 14, 11, 10, 13] },
      // The other routes still reach the function; only the new one is refused before it.
      { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: { FunctionName: 'orders-handler' }, stat: 'Sum', from: '14:00', values: [12, 9, 14, 10, 10, 13] },
    ],
  },
];

