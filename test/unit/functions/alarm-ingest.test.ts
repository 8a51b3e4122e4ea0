import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { captureOutput, emfBlobWithMetric, emfMetricNames, lambdaContext, loadEvent, stubLambdaEnv, type OutputCapture } from './lambda-harness.ts';

const FUNCTION_NAME = 'apigw-doctor-alarm-ingest';
const INVOCATION_ID = 'd41c7e93-5a2b-4f86-9e07-b3a8c6d1f520';

type AlarmIngestHandler = (typeof import('../../../functions/alarm-ingest/handler.ts'))['handler'];

let handler: AlarmIngestHandler;
let out: OutputCapture;

const sqs = mockClient(SQSClient);
/** The work items the handler queued, in order. */
function queued(): Array<Record<string, unknown>> {
  return sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => ((call.args[0].input as SendMessageBatchCommandInput).Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? '{}') as Record<string, unknown>));
}

beforeEach(async () => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: `m-${e.Id ?? ''}`, MD5OfMessageBody: '0' })), Failed: [] }));
  // Powertools reads its configuration when the module-level logger/metrics/tracer are built, so the
  // environment comes first and every test gets fresh instances (and so a fresh cold start).
  vi.resetModules();
  stubLambdaEnv(FUNCTION_NAME);
  ({ handler } = await import('../../../functions/alarm-ingest/handler.ts'));
  out = captureOutput();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Reads a sample event and returns a deep copy the test may change. */
function editableEvent(file: string): Record<string, unknown> {
  return structuredClone(loadEvent(file)) as Record<string, unknown>;
}

describe('alarm-ingest handler with the sample alarm events', () => {
  // Powertools leaves keys whose value is null out of the record, so a signal's unknown fields are absent.
  it.each([
    { file: 'alarm-eventbridge-5xx.json', signal: { apiName: 'orders-api', stage: 'prod', state: 'ALARM', alarm: 'orders-api-prod-5xx' } },
    { file: 'alarm-eventbridge-metric-math.json', signal: { apiName: 'orders-api', stage: 'prod', state: 'ALARM', alarm: 'orders-api-prod-5xx-rate' } },
    // A composite alarm names no API: the worker has to resolve it from the child alarms.
    { file: 'alarm-eventbridge-composite.json', signal: { state: 'ALARM', alarm: 'orders-api-prod-health' } },
    { file: 'alarm-http-api-5xx.json', signal: { apiId: 'h7tq2xk9wb', stage: '$default', state: 'ALARM', alarm: 'checkout-http-api-5xx' } },
    { file: 'alarm-sns-5xx.json', signal: { apiName: 'payments-api', stage: 'live', state: 'ALARM', alarm: 'payments-api-live-5xx' } },
    { file: 'alarm-lambda-action-5xx.json', signal: { apiName: 'orders-api', stage: 'prod', state: 'ALARM', alarm: 'orders-api-prod-5xx' } },
  ])('$file → one "5xx alarm signal" record and AlarmSignals = 1', async ({ file, signal }) => {
    // Prepare
    const event = loadEvent(file);

    // Act
    const result = await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    expect(result.signals).toBe(1);
    // ALARM with a stage: one 'alarm' work item for the worker; a composite alarm names no stage to investigate.
    expect(queued().map((item) => item['kind'])).toEqual(signal.stage === undefined ? [] : ['alarm']);
    expect(result.queued).toBe(queued().length);
    const records = out.logsWithMessage('5xx alarm signal');
    expect(records).toHaveLength(1);
    const [record] = records;
    const signalKeys = ['apiId', 'apiName', 'stage', 'state', 'alarm'];
    expect(Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => signalKeys.includes(key)))).toStrictEqual(signal);
    expect(record).toMatchObject({ level: 'INFO', service: 'apigw-doctor', function_name: FUNCTION_NAME, function_request_id: INVOCATION_ID });
    expect(out.logs().filter((r) => r['level'] === 'ERROR')).toEqual([]);
    expect(out.logsWithMessage('Event ignored')).toEqual([]);
    expect(emfBlobWithMetric(out.emf(), 'AlarmSignals')).toMatchObject({ service: 'apigw-doctor', AlarmSignals: 1 });
  });

  it('flushes AlarmSignals and the cold-start metric as EMF in the ApigwDoctor namespace', async () => {
    // Prepare
    const event = loadEvent('alarm-eventbridge-5xx.json');

    // Act
    await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    const blobs = out.emf();
    expect(blobs.map(emfMetricNames).sort()).toEqual([['AlarmSignals', 'WorkItemsQueued'], ['ColdStart']]);
    expect(emfBlobWithMetric(blobs, 'AlarmSignals')['_aws']).toMatchObject({
      CloudWatchMetrics: [{ Namespace: 'ApigwDoctor', Dimensions: [['service']], Metrics: [{ Name: 'AlarmSignals', Unit: 'Count' }, { Name: 'WorkItemsQueued', Unit: 'Count' }] }],
    });
    expect(emfBlobWithMetric(blobs, 'ColdStart')).toMatchObject({ function_name: FUNCTION_NAME, ColdStart: 1 });
    expect(out.otherLines()).toEqual([]);
  });

  it('logs an alarm on another metric (AWS/Lambda Errors) as ignored, with the reason', async () => {
    // Prepare
    const event = loadEvent('alarm-other-metric.json');

    // Act
    const result = await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    expect(result).toEqual({ signals: 0, queued: 0 });
    const ignored = out.logsWithMessage('Event ignored');
    expect(ignored.map((r) => [r['level'], r['reason']])).toEqual([
      ['INFO', 'alarm "orders-handler-errors" watches AWS/Lambda Errors, not an API Gateway 5xx metric (AWS/ApiGateway 5XXError or 5xx)'],
    ]);
    expect(out.logsWithMessage('5xx alarm signal')).toEqual([]);
    expect(out.emf().flatMap(emfMetricNames)).not.toContain('AlarmSignals');
  });

  it('logs an SNS message that is not JSON as ignored, naming the message id', async () => {
    // Prepare
    const event = editableEvent('alarm-sns-5xx.json');
    const records = event['Records'] as Array<{ Sns: { Message: string } }>;
    const [record] = records;
    if (record === undefined) throw new Error('alarm-sns-5xx.json has no record');
    record.Sns.Message = '{not json';

    // Act
    const result = await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    expect(result).toEqual({ signals: 0, queued: 0 });
    expect(out.logsWithMessage('Event ignored').map((r) => r['reason'])).toEqual([
      'SNS message c81f4e2a-6b9d-5a37-8e05-1d3c7f9b2a46 is not JSON, so not a CloudWatch alarm notification',
    ]);
  });
});

describe('alarm-ingest handler with unreadable events', () => {
  it('logs "Unreadable alarm event" for an alarm state change without detail and does not throw', async () => {
    // Prepare
    const event = editableEvent('alarm-eventbridge-5xx.json');
    delete event['detail'];

    // Act
    const result = await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    expect(result).toEqual({ signals: 0, queued: 0 });
    const errors = out.logsWithMessage('Unreadable alarm event');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 'ERROR', code: 'bad-shape', function_request_id: INVOCATION_ID });
    expect(String(errors[0]?.['reason'])).toMatch(/^EventBridge alarm event: detail: /u);
    expect(out.records().filter((r) => r.record['message'] === 'Unreadable alarm event').map((r) => r.stream)).toEqual(['stderr']);
    expect(emfBlobWithMetric(out.emf(), 'UnreadableEvents')).toMatchObject({ UnreadableEvents: 1 });
    expect(out.emf().flatMap(emfMetricNames)).not.toContain('AlarmSignals');
  });

  it('logs "Unreadable alarm event" for a non-object event and does not throw', async () => {
    // Prepare
    const event = ['not', 'an', 'event'];

    // Act
    const result = await handler(event, lambdaContext(FUNCTION_NAME, INVOCATION_ID));

    // Assess
    expect(result).toEqual({ signals: 0, queued: 0 });
    expect(out.logsWithMessage('Unreadable alarm event').map((r) => [r['code'], r['reason']])).toEqual([
      ['bad-shape', 'event is an array, expected a JSON object'],
    ]);
  });
});
