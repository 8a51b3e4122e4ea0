/**
 * The function's own side (issue 10, part 3): stages with execution logging off, where only CloudWatch
 * metrics and the function's own log group say why the API returns 5xx. One crashes after a deploy
 * (`Runtime.ImportModuleError`, default group `/aws/lambda/<name>`); one times out, logging to a custom
 * `LoggingConfig.LogGroup` it shares with another function. Each entry is one file; build.ts expands it
 * and answers the function-log query by applying the pattern diagnose sends to these raw lines.
 */
import { executeApi, uuidFrom, type FunctionLogLine, type MetricSpec, type Scenario } from './build.ts';

/** Time of day on the recorded date as epoch ms. */
function at(time: string): number {
  return Date.parse(`2026-11-20T${time}Z`);
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** One invocation of a function, as its log shows it. */
interface Invocation {
  /** `HH:MM:SS.mmm` on 2026-11-20. */
  readonly at: string;
  readonly outcome: 'ok' | 'import-error' | 'timeout';
}

const RUNTIME_ARN = 'arn:aws:lambda:us-east-1::runtime:0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea0686b404502a0c9ce83931b9';
const IMPORT_ERROR = JSON.stringify({
  errorType: 'Runtime.ImportModuleError',
  errorMessage: "Error: Cannot find module 'index'\nRequire stack:\n- /var/runtime/index.mjs",
  stack: [
    "Runtime.ImportModuleError: Error: Cannot find module 'index'",
    'Require stack:',
    '- /var/runtime/index.mjs',
    '    at _loadUserApp (file:///var/runtime/index.mjs:1087:17)',
    '    at async UserFunction.js.module.exports.load (file:///var/runtime/index.mjs:1119:21)',
    '    at async start (file:///var/runtime/index.mjs:1282:23)',
    '    at async file:///var/runtime/index.mjs:1288:1',
  ],
});

/**
 * The lines Lambda's Node.js 20 runtime writes (text log format) for each invocation: a healthy one,
 * one whose handler module is missing from the bundle (the init fails, is retried in the invoke phase
 * and fails again), and one still waiting on a slow dependency when the function's timeout ends it.
 */
function functionLines(fn: string, timeoutSeconds: number, invocations: readonly Invocation[]): FunctionLogLine[] {
  const lines: FunctionLogLine[] = [];
  for (const inv of invocations) {
    const id = uuidFrom(`${fn}/${inv.at}`);
    const start = at(inv.at);
    const push = (offset: number, message: string): void => {
      lines.push({ timestamp: start + offset, message });
    };
    switch (inv.outcome) {
      case 'ok':
        push(0, `START RequestId: ${id} Version: $LATEST`);
        push(41, `${isoAt(start + 41)}\t${id}\tINFO\t${fn}: served ${inv.at.endsWith('5') ? 'GET /orders' : 'POST /orders'}`);
        push(164, `END RequestId: ${id}`);
        push(164, `REPORT RequestId: ${id}\tDuration: 163.87 ms\tBilled Duration: 164 ms\tMemory Size: 512 MB\tMax Memory Used: 91 MB\t`);
        break;
      case 'import-error':
        push(0, `INIT_START Runtime Version: nodejs:20.v47\tRuntime Version ARN: ${RUNTIME_ARN}`);
        push(188, `${isoAt(start + 188)}\tundefined\tERROR\tUncaught Exception \t${IMPORT_ERROR}`);
        push(197, 'INIT_REPORT Init Duration: 196.52 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError');
        push(391, `${isoAt(start + 391)}\tundefined\tERROR\tUncaught Exception \t${IMPORT_ERROR}`);
        push(402, 'INIT_REPORT Init Duration: 203.87 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ImportModuleError');
        push(402, `START RequestId: ${id} Version: $LATEST`);
        push(404, `END RequestId: ${id}`);
        push(404, `REPORT RequestId: ${id}\tDuration: 205.61 ms\tBilled Duration: 206 ms\tMemory Size: 512 MB\tMax Memory Used: 38 MB\tStatus: error\tError Type: Runtime.ImportModuleError`);
        break;
      case 'timeout': {
        const limit = timeoutSeconds * 1000;
        push(0, `START RequestId: ${id} Version: $LATEST`);
        push(12, `${isoAt(start + 12)}\t${id}\tINFO\tquoting shipment: POST https://rates.carrier.example/v2/quote`);
        push(limit + 18, `${isoAt(start + limit + 18)} ${id} Task timed out after ${(timeoutSeconds + 0.02).toFixed(2)} seconds`);
        push(limit + 19, `END RequestId: ${id}`);
        push(limit + 19, `REPORT RequestId: ${id}\tDuration: ${(limit + 16.41).toFixed(2)} ms\tBilled Duration: ${limit} ms\tMemory Size: 1024 MB\tMax Memory Used: 142 MB\tStatus: timeout`);
        break;
      }
    }
  }
  return lines;
}

/** Per-minute metric series of one stage and one function, from `from` (HH:MM). */
function stageMetrics(api: string, fn: string, from: string, series: {
  readonly errors5xx: readonly number[];
  readonly count: readonly number[];
  readonly invocations: readonly number[];
  readonly fnErrors: readonly number[];
  readonly integrationLatency: readonly number[];
  readonly duration: readonly number[];
}): MetricSpec[] {
  const stage = { ApiName: api, Stage: 'prod' };
  const lambda = { FunctionName: fn };
  return [
    { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: stage, stat: 'Sum', from, values: series.errors5xx },
    { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: stage, stat: 'Sum', from, values: series.count },
    { namespace: 'AWS/ApiGateway', metricName: 'IntegrationLatency', dimensions: stage, stat: 'Maximum', from, values: series.integrationLatency },
    { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: lambda, stat: 'Sum', from, values: series.invocations },
    { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: lambda, stat: 'Sum', from, values: series.fnErrors },
    { namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: lambda, stat: 'Sum', from, values: series.invocations.map(() => 0) },
    { namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: lambda, stat: 'Maximum', from, values: series.duration },
  ];
}

/** Execution logging, metrics and access logs all off: the stage as most are created. */
const SILENT_STAGE = { name: 'prod', loggingLevel: null, metrics: false, accessLogFormat: null, tracing: false } as const;

const ORDERS_INVOCATIONS: readonly Invocation[] = [
  { at: '13:54:12.305', outcome: 'ok' },
  { at: '13:56:40.918', outcome: 'ok' },
  { at: '13:58:03.115', outcome: 'ok' },
  { at: '13:59:27.642', outcome: 'ok' },
  { at: '14:00:09.275', outcome: 'ok' },
  // 14:00:31: the deploy ships a bundle without index.js.
  { at: '14:01:07.412', outcome: 'import-error' },
  { at: '14:01:44.090', outcome: 'import-error' },
  { at: '14:02:18.733', outcome: 'import-error' },
  { at: '14:02:51.006', outcome: 'import-error' },
  { at: '14:03:26.548', outcome: 'import-error' },
  { at: '14:04:02.871', outcome: 'import-error' },
  { at: '14:05:39.214', outcome: 'import-error' },
  { at: '14:06:55.630', outcome: 'import-error' },
];

const CHECKOUT_INVOCATIONS: readonly Invocation[] = [
  { at: '13:57:02.118', outcome: 'ok' },
  { at: '13:59:45.460', outcome: 'ok' },
  // The carrier's rates API stops answering at 14:02.
  { at: '14:02:10.377', outcome: 'timeout' },
  { at: '14:03:01.902', outcome: 'timeout' },
  { at: '14:04:22.655', outcome: 'timeout' },
  { at: '14:05:48.031', outcome: 'timeout' },
];

/** The function-side scenarios, one file each. */
export const FUNCTION_SIDE_SCENARIOS: readonly Scenario[] = [
  {
    // A CI deploy at 14:00 shipped orders-handler without index.js: every invocation since fails at init
    // (502 to the client). Execution logging was never turned on; the 5XXError alarm orders-api-prod-5xx
    // fires at 14:03. The metrics and /aws/lambda/orders-handler are all there is to read.
    file: 'logging-off-metrics-function-logs.json',
    api: { id: 'r8d3k6w2mv', name: 'orders-api', description: 'Orders service', created: '2026-04-02T08:12:55Z' },
    stage: { ...SILENT_STAGE, deploymentId: 't4m8ck' },
    methods: [
      { verb: 'GET', path: '/orders', fn: 'orders-handler' },
      { verb: 'POST', path: '/orders', fn: 'orders-handler' },
      { verb: 'GET', path: '/orders/{id}', fn: 'orders-handler' },
    ],
    functions: [
      {
        name: 'orders-handler', timeout: 10, memory: 512,
        permissions: [{ sid: 'orders-api-invoke', sourceArn: executeApi('r8d3k6w2mv', '*') }],
        log: { events: functionLines('orders-handler', 10, ORDERS_INVOCATIONS) },
      },
    ],
    cloudWatchRole: true,
    executionLog: 'missing',
    // So the sample alarms (ApiName=orders-api) resolve to this API too.
    listedWith: [{ id: 'z5q1n7c3tb', name: 'orders-api-admin' }],
    cloudTrail: [
      {
        at: '2026-11-20T14:00:31Z', source: 'lambda.amazonaws.com', name: 'UpdateFunctionCode20150331v2', who: 'github-actions-deploy',
        parameters: { functionName: 'orders-handler', s3Bucket: 'acme-build-artifacts', s3Key: 'orders-handler/3f9c2e1.zip', publish: false },
      },
    ],
    metrics: stageMetrics('orders-api', 'orders-handler', '13:54', {
      errors5xx: [0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1, 1, 1, 0],
      count: [1, 0, 1, 0, 1, 1, 1, 2, 2, 1, 1, 1, 1, 0],
      invocations: [1, 0, 1, 0, 1, 1, 1, 2, 2, 1, 1, 1, 1, 0],
      fnErrors: [0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1, 1, 1, 0],
      integrationLatency: [171, 0, 168, 0, 166, 170, 172, 409, 412, 405, 404, 402, 407, 0],
      duration: [164, 0, 162, 0, 163, 161, 164, 206, 206, 205, 206, 205, 206, 0],
    }),
  },
  {
    // checkout-api's function logs to the custom group /acme/prod/orders (LoggingConfig.LogGroup), which it
    // shares with orders-sync; /aws/lambda/orders-checkout does not exist. From 14:02 the carrier's API
    // hangs and every quote runs into the 29 s timeout: 504s, IntegrationLatency at 29 s, logging off.
    file: 'custom-log-group.json',
    api: { id: 'c6v2m9x4pd', name: 'checkout-api', description: 'Checkout and shipping quotes', created: '2026-06-17T13:40:02Z' },
    stage: { ...SILENT_STAGE, deploymentId: 'w9b2xe' },
    methods: [
      { verb: 'POST', path: '/checkout', fn: 'orders-checkout' },
      { verb: 'GET', path: '/checkout/{id}', fn: 'orders-checkout' },
    ],
    functions: [
      {
        name: 'orders-checkout', timeout: 29, memory: 1024, logGroup: '/acme/prod/orders',
        permissions: [{ sid: 'checkout-api-invoke', sourceArn: executeApi('c6v2m9x4pd', '*/*/checkout*') }],
        log: { events: functionLines('orders-checkout', 29, CHECKOUT_INVOCATIONS) },
      },
      {
        // Not behind the API (an SQS consumer), but in the same group: its failures are not checkout's.
        name: 'orders-sync', timeout: 60, memory: 512, logGroup: '/acme/prod/orders', permissions: null,
        log: {
          events: [
            { timestamp: at('14:03:40.120'), message: `START RequestId: ${uuidFrom('orders-sync/1')} Version: $LATEST` },
            { timestamp: at('14:03:40.388'), message: `2026-11-20T14:03:40.388Z\t${uuidFrom('orders-sync/1')}\tERROR\tInvoke Error \t{"errorType":"ConditionalCheckFailedException","errorMessage":"The conditional request failed"}` },
            { timestamp: at('14:03:40.391'), message: `REPORT RequestId: ${uuidFrom('orders-sync/1')}\tDuration: 270.66 ms\tBilled Duration: 271 ms\tMemory Size: 512 MB\tMax Memory Used: 77 MB\tStatus: error\tError Type: ConditionalCheckFailedException` },
          ],
        },
      },
    ],
    cloudWatchRole: true,
    executionLog: 'missing',
    cloudTrail: [],
    metrics: stageMetrics('checkout-api', 'orders-checkout', '13:57', {
      errors5xx: [0, 0, 0, 0, 0, 1, 1, 1, 1, 0],
      count: [1, 0, 1, 0, 0, 1, 1, 1, 1, 0],
      invocations: [1, 0, 1, 0, 0, 1, 1, 1, 1, 0],
      fnErrors: [0, 0, 0, 0, 0, 1, 1, 1, 1, 0],
      integrationLatency: [188, 0, 179, 0, 0, 29_004, 29_003, 29_005, 29_002, 0],
      duration: [181, 0, 175, 0, 0, 29_016, 29_016, 29_016, 29_016, 0],
    }),
    // The default group was never created: reading it would say "does not exist", not the timeouts.
    extraCalls: [
      {
        service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName: '/aws/lambda/orders-checkout' },
        error: { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' },
      },
    ],
  },
];
