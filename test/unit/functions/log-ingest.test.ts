import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { captureOutput, emfBlobWithMetric, emfMetricNames, lambdaContext, loadEvent, stubLambdaEnv, type OutputCapture } from './lambda-harness.ts';

const FUNCTION_NAME = 'apigw-doctor-log-ingest';
const INVOCATION_ID = '3f6d2a9e-1b4c-4e7a-8d05-c2b9f4e6a1d7';

type LogIngestHandler = (typeof import('../../../functions/log-ingest/handler.ts'))['handler'];

let handler: LogIngestHandler;
let out: OutputCapture;
const sqs = mockClient(SQSClient);
/** The work items the handler queued, in order. */
function queued(): Array<Record<string, unknown>> {
  return sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => ((call.args[0].input as SendMessageBatchCommandInput).Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '{}') as Record<string, unknown>));
}

beforeEach(async () => {
  // Powertools reads its configuration when the module-level logger/metrics/tracer are built, so the
  // environment comes first and every test gets fresh instances (and so a fresh cold start).
  vi.resetModules();
  stubLambdaEnv(FUNCTION_NAME);
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: `m-${e.Id ?? ''}`, MD5OfMessageBody: '0' })), Failed: [] }));
  ({ handler } = await import('../../../functions/log-ingest/handler.ts'));
  out = captureOutput();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('log-ingest handler with the sample subscription events', () => {
  it.each([
    { file: 'logs-execution-malformed.json', causes: ['malformed_proxy_response'], findingsMetric: 1 },
    { file: 'logs-execution-permission.json', causes: ['missing_invoke_permission'], findingsMetric: 1 },
    { file: 'logs-execution-timeout.json', causes: ['integration_timeout'], findingsMetric: 1 },
    { file: 'logs-execution-function-error.json', causes: ['lambda_function_error'], findingsMetric: 1 },
    // Two failing requests in one batch: Powertools folds repeated values of one metric into an array.
    { file: 'logs-access-json.json', causes: ['lambda_function_error', 'lambda_function_error'], findingsMetric: [1, 1] },
  ])('$file → one "5xx classified" record and one Findings count per finding', async ({ file, causes, findingsMetric }) => {
    // Prepare
    const event = loadEvent(file);

    // Act
    const result = await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    expect(result).toEqual({ findings: causes.length, queued: queued().length });
    expect(queued().length).toBeGreaterThan(0);
    expect(queued().every((item) => item['kind'] === 'failures')).toBe(true);
    expect(queued().flatMap((item) => item['findings'] as unknown[]).length).toBe(causes.length);
    expect(out.logsWithMessage('5xx classified').map((r) => r['cause'])).toEqual(causes);
    expect(out.logs().filter((r) => r['level'] === 'ERROR')).toEqual([]);
    expect(out.logsWithMessage('Event ignored')).toEqual([]);
    expect(emfBlobWithMetric(out.emf(), 'Findings')['Findings']).toEqual(findingsMetric);
  });

  it('logs the malformed proxy response with its request id, status, API and the Lambda context', async () => {
    // Prepare
    const event = loadEvent('logs-execution-malformed.json');

    // Act
    await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    const records = out.logsWithMessage('5xx classified');
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      level: 'INFO',
      service: 'apigw-doctor',
      cold_start: true,
      function_name: FUNCTION_NAME,
      function_request_id: INVOCATION_ID,
      function_arn: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION_NAME}`,
      function_memory_size: '256',
      cause: 'malformed_proxy_response',
      requestId: '1f0c6a52-8b7e-4c3d-9a14-6e2b5d8f7a31',
      status: 502,
      details: {
        apiId: 'a1b2c3d4e5',
        stage: 'prod',
        method: 'POST',
        resourcePath: '/orders',
        functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler',
        rule: 'malformed-proxy-response',
      },
    });
    // The record is on stdout (INFO), as one line CloudWatch Logs Insights can parse.
    expect(out.records().filter((r) => r.record['message'] === '5xx classified').map((r) => r.stream)).toEqual(['stdout']);
    expect(out.otherLines()).toEqual([]);
  });

  it('flushes the Findings and LogLinesRead metrics and the cold-start metric as EMF in the ApigwDoctor namespace', async () => {
    // Prepare
    const event = loadEvent('logs-execution-malformed.json');

    // Act
    await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    const blobs = out.emf();
    expect(blobs.map(emfMetricNames).sort()).toEqual([['ColdStart'], ['LogLinesRead', 'Findings', 'WorkItemsQueued']]);
    const findings = emfBlobWithMetric(blobs, 'Findings');
    expect(findings['_aws']).toMatchObject({
      CloudWatchMetrics: [{ Namespace: 'ApigwDoctor', Dimensions: [['service']], Metrics: [{ Name: 'LogLinesRead', Unit: 'Count' }, { Name: 'Findings', Unit: 'Count' }, { Name: 'WorkItemsQueued', Unit: 'Count' }] }],
    });
    expect(findings).toMatchObject({ service: 'apigw-doctor', Findings: 1, LogLinesRead: 21, WorkItemsQueued: 1 });
    expect(emfBlobWithMetric(blobs, 'ColdStart')).toMatchObject({ service: 'apigw-doctor', function_name: FUNCTION_NAME, ColdStart: 1 });
  });

  it('reports the cold start only on the first invocation of an execution environment', async () => {
    // Prepare
    const event = loadEvent('logs-execution-timeout.json');
    const secondId = '8b2e4f61-7c3a-4d9e-a0b5-1f6c8d2e9a47';

    // Act
    await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));
    await handler(event, lambdaContext(FUNCTION_NAME, secondId));

    // Assess
    const records = out.logsWithMessage('5xx classified');
    expect(records.map((r) => [r['function_request_id'], r['cold_start']])).toEqual([
      [INVOCATION_ID, true],
      [secondId, false],
    ]);
    expect(out.emf().filter((b) => emfMetricNames(b).includes('ColdStart'))).toHaveLength(1);
    expect(out.emf().filter((b) => emfMetricNames(b).includes('Findings'))).toHaveLength(2);
  });

  it('logs a CloudWatch Logs control message as ignored and counts no finding', async () => {
    // Prepare
    const event = loadEvent('logs-control-message.json');

    // Act
    const result = await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    expect(result).toEqual({ findings: 0, queued: 0 });
    expect(out.logsWithMessage('Event ignored').map((r) => r['reason'])).toEqual([
      'CloudWatch Logs CONTROL_MESSAGE (a destination reachability check), no log events to diagnose',
    ]);
    expect(out.logsWithMessage('5xx classified')).toEqual([]);
    expect(out.emf().flatMap(emfMetricNames)).not.toContain('Findings');
  });

  it('logs an S3 notification as ignored, naming what it was', async () => {
    // Prepare
    const event = loadEvent('not-an-apigw-event.json');

    // Act
    const result = await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    expect(result).toEqual({ findings: 0, queued: 0 });
    expect(out.logsWithMessage('Event ignored').map((r) => r['reason'])).toEqual([
      'not a CloudWatch Logs subscription or CloudWatch alarm event: event with records from aws:s3',
    ]);
  });
});

describe('log-ingest handler with unreadable events', () => {
  it.each([
    { name: 'data that is not base64', event: { awslogs: { data: '!!!' } }, code: 'bad-base64', reason: /^awslogs\.data is not valid base64$/ },
    { name: 'base64 that is not gzip', event: { awslogs: { data: Buffer.from('hello').toString('base64') } }, code: 'bad-gzip', reason: /^awslogs\.data is not gzip data/ },
    { name: 'gzip that is not JSON', event: { awslogs: { data: gzipSync('not json').toString('base64') } }, code: 'not-json', reason: /^awslogs\.data does not decompress to JSON/ },
    { name: 'gzipped JSON that is not a log batch', event: { awslogs: { data: gzipSync('{"owner":"123456789012"}').toString('base64') } }, code: 'bad-shape', reason: /^decoded log batch: /u },
    { name: 'a subscription event without data', event: { awslogs: {} }, code: 'bad-shape', reason: /^CloudWatch Logs subscription event: awslogs\.data/ },
    { name: 'null', event: null, code: 'bad-shape', reason: /^event is null, expected a JSON object$/ },
  ])('$name → logs "Unreadable log subscription event" with code $code and returns instead of throwing', async ({ event, code, reason }) => {
    // Prepare
    const context = lambdaContext(FUNCTION_NAME, INVOCATION_ID);

    // Act
    const result = await handler(event, context);

    // Assess
    expect(result).toEqual({ findings: 0, queued: 0 });
    const errors = out.logsWithMessage('Unreadable log subscription event');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 'ERROR', code, function_request_id: INVOCATION_ID });
    expect(String(errors[0]?.['reason'])).toMatch(reason);
    // ERROR records go to stderr, like console.error in Lambda.
    expect(out.records().filter((r) => r.record['message'] === 'Unreadable log subscription event').map((r) => r.stream)).toEqual(['stderr']);
    expect(emfBlobWithMetric(out.emf(), 'UnreadableEvents')).toMatchObject({ UnreadableEvents: 1, service: 'apigw-doctor' });
    expect(out.emf().flatMap(emfMetricNames)).not.toContain('Findings');
  });

  /** Runs the handler on one generated event; returns its result and the messages it logged. */
  async function ingest(event: unknown): Promise<{ result: unknown; logged: Array<Record<string, unknown>> }> {
    const before = out.logs().length;
    const result = await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));
    return { result, logged: out.logs().slice(before) };
  }

  it('drops a random awslogs.data payload as unreadable (bad-base64 or bad-gzip), with one ERROR record and no finding', async () => {
    // Prepare
    const events = fc.record({ awslogs: fc.record({ data: fc.oneof(fc.string(), fc.base64String()) }) });

    // Act
    const run = fc.assert(
      fc.asyncProperty(events, async (event) => {
        const { result, logged } = await ingest(event);
        // Assess (per run)
        expect(result).toEqual({ findings: 0, queued: 0 });
        expect(logged.map((r) => r['message'])).toEqual(['Unreadable log subscription event']);
        expect(['bad-base64', 'bad-gzip']).toContain(logged[0]?.['code']);
      }),
      { numRuns: 100 },
    );

    // Assess
    await expect(run).resolves.toBeUndefined();
  });

  it('drops JSON that is not an object as unreadable (bad-shape), with one ERROR record and no finding', async () => {
    // Prepare
    const events = fc.jsonValue().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v));

    // Act
    const run = fc.assert(
      fc.asyncProperty(events, async (event) => {
        const { result, logged } = await ingest(event);
        // Assess (per run)
        expect(result).toEqual({ findings: 0, queued: 0 });
        expect(logged.map((r) => [r['message'], r['code']])).toEqual([['Unreadable log subscription event', 'bad-shape']]);
      }),
      { numRuns: 100 },
    );

    // Assess
    await expect(run).resolves.toBeUndefined();
  });

  it('ignores a JSON object that is neither a log batch nor an alarm, with one "Event ignored" record and no finding', async () => {
    // Prepare: objects without the keys that make an event ours (awslogs, source, Records)
    const markers = new Set(['awslogs', 'source', 'Records', '__proto__']);
    const events = fc.dictionary(fc.string({ maxLength: 12 }).filter((k) => !markers.has(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });

    // Act
    const run = fc.assert(
      fc.asyncProperty(events, async (event) => {
        const { result, logged } = await ingest(event);
        // Assess (per run)
        expect(result).toEqual({ findings: 0, queued: 0 });
        expect(logged.map((r) => r['message'])).toEqual(['Event ignored']);
        expect(String(logged[0]?.['reason'])).toMatch(/^not a CloudWatch Logs subscription or CloudWatch alarm event: /);
      }),
      { numRuns: 100 },
    );

    // Assess
    await expect(run).resolves.toBeUndefined();
  });

  it('counts one finding per failing request of any readable execution-log batch, and none for healthy ones', async () => {
    // Prepare
    const request = fc.record({ id: fc.uuid(), status: fc.constantFrom(200, 200, 502, 504) });
    const batches = fc.uniqueArray(request, { selector: (r) => r.id, minLength: 1, maxLength: 6 });

    // Act
    const run = fc.assert(
      fc.asyncProperty(batches, async (requests) => {
        const logEvents = requests.flatMap((r, i) =>
          [r.status === 504 ? 'Execution failed due to a timeout error' : 'Received response. Status: 200, Integration latency: 12 ms', `Method completed with status: ${r.status}`].map((m, j) => ({
            id: `${i}${j}`, timestamp: 1795183331395 + i * 10 + j, message: `(${r.id}) ${m}`,
          })),
        );
        const data = gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod', logStream: 's', subscriptionFilters: ['f'], logEvents })).toString('base64');
        const { result, logged } = await ingest({ awslogs: { data } });
        // Assess (per run)
        const failing = requests.filter((r) => r.status >= 500).map((r) => r.id);
        expect((result as { findings: number }).findings).toBe(failing.length);
        expect(logged.filter((r) => r['message'] === '5xx classified').map((r) => r['requestId']).sort()).toEqual([...failing].sort());
        expect(logged.filter((r) => r['level'] === 'ERROR')).toEqual([]);
      }),
      { numRuns: 50 },
    );

    // Assess
    await expect(run).resolves.toBeUndefined();
  });
});

