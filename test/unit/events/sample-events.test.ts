import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderEvent } from '../../../scripts/make-events.ts';
import type { Signal } from '../../../shared/domain/model.ts';
import { decodeSubscriptionData, parseEventText, type ParsedEvent } from '../../../shared/events/index.ts';

const EVENTS = new URL('../../../events/', import.meta.url);

const SAMPLE_FILES = [
  'logs-execution-malformed.json',
  'logs-execution-permission.json',
  'logs-execution-timeout.json',
  'logs-execution-function-error.json',
  'logs-access-json.json',
  'logs-control-message.json',
  'alarm-eventbridge-5xx.json',
  'alarm-eventbridge-metric-math.json',
  'alarm-eventbridge-composite.json',
  'alarm-sns-5xx.json',
  'alarm-lambda-action-5xx.json',
  'alarm-http-api-5xx.json',
  'alarm-other-metric.json',
  'not-an-apigw-event.json',
] as const;
const SOURCES = new URL('sources/', EVENTS);

function readEvent(name: string): string {
  return readFileSync(new URL(name, EVENTS), 'utf8');
}

/** The `{timestamp, message}` pairs of a readable log source, i.e. what a log signal must carry. */
function sourceEvents(name: string): Array<{ timestamp: number; message: string }> {
  const source = JSON.parse(readFileSync(new URL(name, SOURCES), 'utf8')) as { logEvents: Array<{ timestamp: number; message: string }> };
  return source.logEvents.map((e) => ({ timestamp: e.timestamp, message: e.message }));
}

function parseSample(name: string): ParsedEvent {
  const result = parseEventText(readEvent(name));
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const ORDERS_5XX_REASON =
  'Threshold Crossed: 1 out of the last 1 datapoints [3.0 (20/11/26 14:02:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).';

function executionSignal(file: string, time: string): Signal {
  return {
    source: 'logs',
    apiId: 'a1b2c3d4e5',
    apiName: null,
    stage: 'prod',
    state: null,
    region: null,
    account: '123456789012',
    apiKind: 'rest',
    logGroup: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod',
    logKind: 'execution',
    events: sourceEvents(file),
    time,
  };
}

describe('sample events in events/', () => {
  it('regenerating the encoded samples from events/sources changes nothing', () => {
    // Prepare
    const sources = readdirSync(SOURCES).filter((f) => f.endsWith('.json'));

    // Act
    const stale = sources.filter((file) => {
      const rendered = renderEvent(file, readFileSync(new URL(file, SOURCES), 'utf8'));
      return rendered !== null && rendered !== readEvent(file);
    });

    // Assess
    expect(sources.length).toBe(7);
    expect(stale).toEqual([]);
  });

  it('every sample event listed in events/README.md exists and parses without error', () => {
    // Prepare
    const present = new Set(readdirSync(EVENTS));

    // Act
    const missing = SAMPLE_FILES.filter((f) => !present.has(f));
    const failures = SAMPLE_FILES.filter((f) => present.has(f) && !parseEventText(readEvent(f)).ok);

    // Assess
    expect(missing).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('logs-execution-malformed.json: one REST execution-log signal with the 21 lines of one request', () => {
    // Act
    const parsed = parseSample('logs-execution-malformed.json');

    // Assess
    expect(parsed).toEqual({ kind: 'logs', ignored: [], signals: [executionSignal('logs-execution-malformed.json', '2026-11-20T14:02:11.484Z')] });
    const messages = parsed.signals[0]?.events?.map((e) => e.message) ?? [];
    expect(messages).toHaveLength(21);
    expect(messages.every((m) => m.startsWith('(1f0c6a52-8b7e-4c3d-9a14-6e2b5d8f7a31) '))).toBe(true);
    expect(messages).toContain('(1f0c6a52-8b7e-4c3d-9a14-6e2b5d8f7a31) Execution failed due to configuration error: Malformed Lambda proxy response');
  });

  it('logs-execution-permission.json carries the invalid-permissions line', () => {
    // Act
    const parsed = parseSample('logs-execution-permission.json');

    // Assess
    expect(parsed).toEqual({ kind: 'logs', ignored: [], signals: [executionSignal('logs-execution-permission.json', '2026-11-20T14:03:27.127Z')] });
    expect(parsed.signals[0]?.events?.map((e) => e.message)).toContain(
      '(9a7e2c41-3d5b-4f60-8e1a-2b4c6d8e0f13) Execution failed due to configuration error: Invalid permissions on Lambda function',
    );
  });

  it('logs-execution-timeout.json ends 29 s after the request was sent, with a 504', () => {
    // Act
    const parsed = parseSample('logs-execution-timeout.json');

    // Assess
    expect(parsed).toEqual({ kind: 'logs', ignored: [], signals: [executionSignal('logs-execution-timeout.json', '2026-11-20T14:05:02.641Z')] });
    const events = parsed.signals[0]?.events ?? [];
    expect(events.at(-2)?.message).toBe('(4c8b1e7a-0f3d-4a92-b6e5-7d1c9a3f2e80) Method completed with status: 504');
    expect((events.at(-1)?.timestamp ?? 0) - (events[0]?.timestamp ?? 0)).toBe(29001);
  });

  it('logs-execution-function-error.json carries the customer function error line', () => {
    // Act
    const parsed = parseSample('logs-execution-function-error.json');

    // Assess
    expect(parsed).toEqual({ kind: 'logs', ignored: [], signals: [executionSignal('logs-execution-function-error.json', '2026-11-20T14:05:29.747Z')] });
    expect(parsed.signals[0]?.events?.map((e) => e.message)).toContain(
      "(6e2f9b3c-1a7d-4e58-9c0b-3f8a2d6e4b17) Lambda execution failed with status 200 due to customer function error: Cannot read properties of undefined (reading 'customerId'). Lambda request id: b8d41f26-9e3a-4c7b-a5f0-2c6e8d1b3a94",
    );
  });

  it('logs-access-json.json: one REST access-log signal whose api and stage come from the JSON rows', () => {
    // Act
    const parsed = parseSample('logs-access-json.json');

    // Assess
    expect(parsed).toEqual({
      kind: 'logs',
      ignored: [],
      signals: [
        {
          source: 'logs',
          apiId: 'a1b2c3d4e5',
          apiName: null,
          stage: 'prod',
          state: null,
          region: null,
          account: '123456789012',
          apiKind: 'rest',
          logGroup: '/aws/apigateway/orders-api-access',
          logKind: 'access',
          events: sourceEvents('logs-access-json.json'),
          time: '2026-11-20T14:05:33.904Z',
        },
      ],
    });
    const rows = (parsed.signals[0]?.events ?? []).map((e) => JSON.parse(e.message) as Record<string, string>);
    expect(rows.map((r) => r.status)).toEqual(['200', '201', '502', '200', '502']);
    expect(rows.filter((r) => r.error_responseType === 'INTEGRATION_FAILURE').map((r) => r.integration_error)).toEqual([
      "Lambda Customer Function Error:Cannot read properties of undefined (reading 'customerId')",
      "Lambda Customer Function Error:Cannot read properties of undefined (reading 'customerId')",
    ]);
  });

  it('logs-control-message.json is ignored with the reason', () => {
    // Act
    const parsed = parseSample('logs-control-message.json');

    // Assess
    expect(parsed).toEqual({
      kind: 'logs',
      signals: [],
      ignored: [{ reason: 'CloudWatch Logs CONTROL_MESSAGE (a destination reachability check), no log events to diagnose' }],
    });
  });

  it('logs-control-message.json decodes to a CONTROL_MESSAGE batch', () => {
    // Prepare
    const event = JSON.parse(readEvent('logs-control-message.json')) as { awslogs: { data: string } };

    // Act
    const batch = decodeSubscriptionData(event.awslogs.data);

    // Assess
    expect(batch.ok && batch.value.messageType).toBe('CONTROL_MESSAGE');
    expect(batch.ok && batch.value.logEvents.length).toBe(1);
  });

  it('alarm-eventbridge-5xx.json: REST 5XXError alarm → signal for orders-api/prod', () => {
    // Act
    const parsed = parseSample('alarm-eventbridge-5xx.json');

    // Assess
    expect(parsed).toEqual({
      kind: 'alarm-eventbridge',
      ignored: [],
      signals: [
        {
          source: 'alarm',
          apiId: null,
          apiName: 'orders-api',
          stage: 'prod',
          state: 'ALARM',
          region: 'us-east-1',
          account: '123456789012',
          apiKind: 'rest',
          alarmName: 'orders-api-prod-5xx',
          reason: ORDERS_5XX_REASON,
          time: '2026-11-20T14:03:40.512Z',
        },
      ],
    });
  });

  it('alarm-eventbridge-metric-math.json: the 5XXError metric behind the expression names the API', () => {
    // Act
    const parsed = parseSample('alarm-eventbridge-metric-math.json');

    // Assess
    expect(parsed).toEqual({
      kind: 'alarm-eventbridge',
      ignored: [],
      signals: [
        {
          source: 'alarm',
          apiId: null,
          apiName: 'orders-api',
          stage: 'prod',
          state: 'ALARM',
          region: 'us-east-1',
          account: '123456789012',
          apiKind: 'rest',
          alarmName: 'orders-api-prod-5xx-rate',
          reason:
            'Threshold Crossed: 1 out of the last 1 datapoints [2.4390243902439024 (20/11/26 13:59:00)] was greater than the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
          time: '2026-11-20T14:04:12.316Z',
        },
      ],
    });
  });

  it('alarm-eventbridge-composite.json: one signal with no API and a reason saying it is composite', () => {
    // Act
    const parsed = parseSample('alarm-eventbridge-composite.json');

    // Assess
    expect(parsed).toEqual({
      kind: 'alarm-eventbridge',
      ignored: [],
      signals: [
        {
          source: 'alarm',
          apiId: null,
          apiName: null,
          stage: null,
          state: 'ALARM',
          region: 'us-east-1',
          account: '123456789012',
          apiKind: 'unknown',
          alarmName: 'orders-api-prod-health',
          reason:
            'Composite alarm (rule: ALARM("orders-api-prod-5xx") OR ALARM("orders-api-prod-latency-p99")); the event names no API, resolve it from the child alarms. Triggered by: orders-api-prod-5xx. arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-api-prod-5xx transitioned to ALARM at Friday 20 November, 2026 14:03:40 UTC',
          time: '2026-11-20T14:03:41.027Z',
        },
      ],
    });
  });

  it('alarm-sns-5xx.json: region from AlarmArn, not the display name', () => {
    // Act
    const parsed = parseSample('alarm-sns-5xx.json');

    // Assess
    expect(parsed).toEqual({
      kind: 'alarm-sns',
      ignored: [],
      signals: [
        {
          source: 'alarm',
          apiId: null,
          apiName: 'payments-api',
          stage: 'live',
          state: 'ALARM',
          region: 'eu-west-1',
          account: '123456789012',
          apiKind: 'rest',
          alarmName: 'payments-api-live-5xx',
          reason:
            'Threshold Crossed: 1 out of the last 1 datapoints [4.0 (20/11/26 14:01:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
          time: '2026-11-20T14:02:47.318Z',
        },
      ],
    });
  });

  it('alarm-lambda-action-5xx.json: the Lambda alarm-action shape gives the same signal as EventBridge', () => {
    // Act
    const parsed = parseSample('alarm-lambda-action-5xx.json');

    // Assess
    expect(parsed).toEqual({
      kind: 'alarm-lambda-action',
      ignored: [],
      signals: [
        {
          source: 'alarm',
          apiId: null,
          apiName: 'orders-api',
          stage: 'prod',
          state: 'ALARM',
          region: 'us-east-1',
          account: '123456789012',
          apiKind: 'rest',
          alarmName: 'orders-api-prod-5xx',
          reason: ORDERS_5XX_REASON,
          time: '2026-11-20T14:03:40.512Z',
        },
      ],
    });
  });

  it('alarm-http-api-5xx.json: HTTP API 5xx alarm → signal with ApiId and the $default stage', () => {
    // Act
    const parsed = parseSample('alarm-http-api-5xx.json');

    // Assess
    expect(parsed).toEqual({
      kind: 'alarm-eventbridge',
      ignored: [],
      signals: [
        {
          source: 'alarm',
          apiId: 'h7tq2xk9wb',
          apiName: null,
          stage: '$default',
          state: 'ALARM',
          region: 'us-east-1',
          account: '123456789012',
          apiKind: 'http',
          alarmName: 'checkout-http-api-5xx',
          reason:
            'Threshold Crossed: 1 out of the last 1 datapoints [12.0 (20/11/26 14:05:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
          time: '2026-11-20T14:06:05.224Z',
        },
      ],
    });
  });

  it('alarm-other-metric.json is ignored, naming the metric it watches', () => {
    // Act
    const parsed = parseSample('alarm-other-metric.json');

    // Assess
    expect(parsed).toEqual({
      kind: 'alarm-eventbridge',
      signals: [],
      ignored: [{ reason: 'alarm "orders-handler-errors" watches AWS/Lambda Errors, not an API Gateway 5xx metric (AWS/ApiGateway 5XXError or 5xx)' }],
    });
  });

  it('not-an-apigw-event.json (an S3 notification) is ignored, not an error', () => {
    // Act
    const parsed = parseSample('not-an-apigw-event.json');

    // Assess
    expect(parsed).toEqual({
      kind: 'unknown',
      signals: [],
      ignored: [{ reason: 'not a CloudWatch Logs subscription or CloudWatch alarm event: event with records from aws:s3' }],
    });
  });
});
