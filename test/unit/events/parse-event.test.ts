import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awsEventSource, parseEvent, parseEventText } from '../../../shared/events/parse-event.ts';
import { MAX_EVENT_TEXT_CHARS } from '../../../shared/events/types.ts';

function logsEvent(batch: unknown): unknown {
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(batch))).toString('base64') } };
}

function metric(namespace: string, name: string, dimensions: Record<string, string>, id = 'm1'): unknown {
  return { id, metricStat: { metric: { namespace, name, dimensions }, period: 60, stat: 'Sum' }, returnData: true };
}

function eventBridgeAlarm(detail: Record<string, unknown>): Record<string, unknown> {
  return {
    version: '0',
    id: '3f8b2c6d-91e4-7a05-c2d8-5e1f9a7b3c40',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: '2026-11-20T14:03:40Z',
    region: 'us-east-1',
    resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:a'],
    detail: { alarmName: 'a', state: { value: 'ALARM', reason: 'r', timestamp: '2026-11-20T14:03:40.512+0000' }, ...detail },
  };
}

function snsEvent(messages: readonly string[]): unknown {
  return {
    Records: messages.map((Message, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:alarms:2f6c3a9e-8b1d-4e70-a5c2-9d4f7b1e3a68',
      Sns: {
        Type: 'Notification',
        MessageId: `c81f4e2a-6b9d-5a37-8e05-1d3c7f9b2a4${i}`,
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms',
        Subject: 'ALARM',
        Message,
        Timestamp: '2026-11-20T14:02:47.402Z',
        SignatureVersion: '1',
        Signature: 'c2ln',
        SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem',
        UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}

describe('parseEvent: error codes', () => {
  it.each([
    ['null', null, 'event is null, expected a JSON object'],
    ['an array', [{ awslogs: {} }], 'event is an array, expected a JSON object'],
    ['a string', 'awslogs', 'event is a string, expected a JSON object'],
    ['a number', 42, 'event is a number, expected a JSON object'],
  ])('refuses %s as bad-shape', (_label, raw, message) => {
    // Act
    const result = parseEvent(raw);

    // Assess
    expect(result).toEqual({ ok: false, error: { code: 'bad-shape', message } });
  });

  it('refuses an awslogs event whose data is not a string as bad-shape', () => {
    // Act
    const result = parseEvent({ awslogs: { data: 17 } });

    // Assess
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad-shape', message: 'CloudWatch Logs subscription event: awslogs.data: Invalid input: expected string, received number' },
    });
  });

  it('passes decoding errors of awslogs.data through (bad-base64, bad-gzip, too-large)', () => {
    // Prepare
    const bomb = gzipSync(Buffer.alloc(11 * 1024 * 1024)).toString('base64');

    // Act
    const codes = [
      parseEvent({ awslogs: { data: '%%%%' } }),
      parseEvent({ awslogs: { data: Buffer.from('plain').toString('base64') } }),
      parseEvent({ awslogs: { data: bomb } }),
    ].map((r) => (r.ok ? 'ok' : r.error.code));

    // Assess
    expect(codes).toEqual(['bad-base64', 'bad-gzip', 'too-large']);
  });

  it('refuses an EventBridge alarm event without detail.state as bad-shape, naming the path', () => {
    // Prepare
    const event = eventBridgeAlarm({ configuration: { metrics: [] } });
    const detail = event.detail as Record<string, unknown>;
    delete detail.state;

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad-shape', message: 'EventBridge alarm event: detail.state: Invalid input: expected object, received undefined' },
    });
  });

  it('refuses a Lambda alarm-action event without accountId as bad-shape', () => {
    // Prepare
    const event = {
      source: 'aws.cloudwatch',
      alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:a',
      time: '2026-11-20T14:03:40.512+0000',
      region: 'us-east-1',
      alarmData: { alarmName: 'a', state: { value: 'ALARM' }, configuration: { metrics: [] } },
    };

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad-shape', message: 'Lambda alarm-action event: accountId: Invalid input: expected string, received undefined' },
    });
  });

  it('refuses an SNS alarm notification whose Trigger.Dimensions is not a list as bad-shape', () => {
    // Prepare
    const message = JSON.stringify({ AlarmName: 'a', NewStateValue: 'ALARM', Trigger: { MetricName: '5XXError', Namespace: 'AWS/ApiGateway', Dimensions: 'ApiName=x' } });

    // Act
    const result = parseEvent(snsEvent([message]));

    // Assess
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'bad-shape',
        message: 'SNS alarm notification (Records[0].Sns.Message): Trigger.Dimensions: Invalid input: expected array, received string',
      },
    });
  });

  it('refuses an SNS event whose record lacks Sns.Message as bad-shape', () => {
    // Prepare
    const event = { Records: [{ EventSource: 'aws:sns', Sns: { Type: 'Notification', MessageId: 'm', TopicArn: 't', Timestamp: '2026-11-20T14:02:47.402Z' } }] };

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad-shape', message: 'SNS event: Records[0].Sns.Message: Invalid input: expected string, received undefined' },
    });
  });
});

describe('parseEventText', () => {
  it('refuses text that is not JSON as not-json, on one line', () => {
    // Act
    const result = parseEventText('{"awslogs":\n{"data": nope}}');

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('not-json');
    expect(result.error.message.startsWith('event is not valid JSON: ')).toBe(true);
    expect(result.error.message).not.toMatch(/[\r\n]/);
  });

  it('refuses text longer than the cap as too-large without parsing it', () => {
    // Prepare
    const text = ' '.repeat(MAX_EVENT_TEXT_CHARS + 1);

    // Act
    const result = parseEventText(text);

    // Assess
    expect(result).toEqual({
      ok: false,
      error: { code: 'too-large', message: `event text has ${MAX_EVENT_TEXT_CHARS + 1} characters, more than the ${MAX_EVENT_TEXT_CHARS} accepted` },
    });
  });

  it('parses JSON text exactly like parseEvent parses the object', () => {
    // Prepare
    const event = eventBridgeAlarm({ configuration: { metrics: [metric('AWS/ApiGateway', '5xx', { ApiId: 'h7tq2xk9wb' })] } });

    // Act
    const fromText = parseEventText(JSON.stringify(event));
    const fromObject = parseEvent(event);

    // Assess
    expect(fromText).toEqual(fromObject);
    expect(fromText.ok && fromText.value.signals.length).toBe(1);
  });
});

describe('parseEvent: logs', () => {
  it('ignores a CONTROL_MESSAGE with the reason', () => {
    // Prepare
    const event = logsEvent({
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logGroup: '',
      logStream: '',
      subscriptionFilters: [],
      logEvents: [{ id: '', timestamp: 1795182000117, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }],
    });

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result).toEqual({
      ok: true,
      value: { kind: 'logs', signals: [], ignored: [{ reason: 'CloudWatch Logs CONTROL_MESSAGE (a destination reachability check), no log events to diagnose' }] },
    });
  });
});

describe('parseEvent: alarms', () => {
  it('a metric-math alarm over two APIs gives one signal per API, in order, without duplicates', () => {
    // Prepare
    const event = eventBridgeAlarm({
      configuration: {
        metrics: [
          { id: 'e1', expression: 'm1 + m2 + m3', label: 'all 5xx', returnData: true },
          metric('AWS/ApiGateway', '5XXError', { ApiName: 'orders-api', Stage: 'prod' }, 'm1'),
          metric('AWS/ApiGateway', '5XXError', { ApiName: 'payments-api', Stage: 'prod' }, 'm2'),
          metric('AWS/ApiGateway', '5XXError', { ApiName: 'orders-api', Stage: 'prod' }, 'm3'),
        ],
      },
    });

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result.ok && result.value.signals.map((s) => [s.apiName, s.stage, s.apiKind])).toEqual([
      ['orders-api', 'prod', 'rest'],
      ['payments-api', 'prod', 'rest'],
    ]);
  });

  it('a metric-math alarm with no 5xx metric is ignored, listing its metrics', () => {
    // Prepare
    const event = eventBridgeAlarm({
      configuration: {
        metrics: [
          { id: 'e1', expression: 'm1 / m2', returnData: true },
          metric('AWS/ApiGateway', 'Latency', { ApiName: 'orders-api' }, 'm1'),
          metric('AWS/ApiGateway', 'Count', { ApiName: 'orders-api' }, 'm2'),
        ],
      },
    });

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'alarm-eventbridge',
        signals: [],
        ignored: [{ reason: 'alarm "a" watches AWS/ApiGateway Latency, AWS/ApiGateway Count, not an API Gateway 5xx metric (AWS/ApiGateway 5XXError or 5xx)' }],
      },
    });
  });

  it('a REST 5XXError alarm without a Stage dimension has a null stage', () => {
    // Prepare
    const event = eventBridgeAlarm({ configuration: { metrics: [metric('AWS/ApiGateway', '5XXError', { ApiName: 'orders-api' })] } });

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result.ok && result.value.signals[0]).toEqual({
      source: 'alarm',
      apiId: null,
      apiName: 'orders-api',
      stage: null,
      state: 'ALARM',
      region: 'us-east-1',
      account: '123456789012',
      apiKind: 'rest',
      alarmName: 'a',
      reason: 'r',
      time: '2026-11-20T14:03:40.512Z',
    });
  });

  it('an OK transition is a signal too (it resolves incidents)', () => {
    // Prepare
    const event = eventBridgeAlarm({
      state: { value: 'OK', reason: 'back to normal', timestamp: '2026-11-20T14:20:40.000+0000' },
      configuration: { metrics: [metric('AWS/ApiGateway', '5xx', { ApiId: 'h7tq2xk9wb', Stage: '$default' })] },
    });

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result.ok && result.value.signals.map((s) => [s.state, s.apiId, s.apiKind, s.time])).toEqual([['OK', 'h7tq2xk9wb', 'http', '2026-11-20T14:20:40.000Z']]);
  });

  it('a composite alarm sent to a Lambda action gives a signal with no API, saying it is composite', () => {
    // Prepare
    const event = {
      source: 'aws.cloudwatch',
      alarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-health',
      accountId: '123456789012',
      time: '2026-11-20T14:03:41.027+0000',
      region: 'us-east-1',
      alarmData: {
        alarmName: 'orders-health',
        state: { value: 'ALARM', reason: 'child went to ALARM', reasonData: 'not json', timestamp: '2026-11-20T14:03:41.027+0000' },
        configuration: { alarmRule: 'ALARM(orders-5xx)', actionsSuppressor: 'maintenance', actionsSuppressorWaitPeriod: 120 },
      },
    };

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'alarm-lambda-action',
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
            alarmName: 'orders-health',
            reason: 'Composite alarm (rule: ALARM(orders-5xx)); the event names no API, resolve it from the child alarms. child went to ALARM',
            time: '2026-11-20T14:03:41.027Z',
          },
        ],
      },
    });
  });

  it('an alarm with neither metrics nor a rule is ignored', () => {
    // Prepare
    const event = eventBridgeAlarm({ configuration: { description: 'odd' } });

    // Act
    const result = parseEvent(event);

    // Assess
    expect(result).toEqual({
      ok: true,
      value: { kind: 'alarm-eventbridge', signals: [], ignored: [{ reason: 'alarm "a" names no metric, so it cannot be tied to an API Gateway 5xx metric' }] },
    });
  });

  it('an SNS metric-math alarm notification reads the metric under Trigger.Metrics', () => {
    // Prepare
    const message = JSON.stringify({
      AlarmName: 'checkout-5xx-rate',
      AlarmDescription: null,
      AWSAccountId: '123456789012',
      NewStateValue: 'ALARM',
      NewStateReason: 'Threshold Crossed',
      StateChangeTime: '2026-11-20T14:06:05.224+0000',
      Region: 'US East (N. Virginia)',
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-5xx-rate',
      OldStateValue: 'OK',
      Trigger: {
        Period: 60,
        EvaluationPeriods: 1,
        Metrics: [
          { Expression: '100*m1/m2', Id: 'e1', Label: 'rate', ReturnData: true },
          { Id: 'm1', MetricStat: { Metric: { Dimensions: [{ value: 'h7tq2xk9wb', name: 'ApiId' }, { value: '$default', name: 'Stage' }], MetricName: '5xx', Namespace: 'AWS/ApiGateway' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
          { Id: 'm2', MetricStat: { Metric: { Dimensions: [{ value: 'h7tq2xk9wb', name: 'ApiId' }], MetricName: 'Count', Namespace: 'AWS/ApiGateway' }, Period: 60, Stat: 'Sum' }, ReturnData: false },
        ],
      },
    });

    // Act
    const result = parseEvent(snsEvent([message]));

    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'alarm-sns',
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
            alarmName: 'checkout-5xx-rate',
            reason: 'Threshold Crossed',
            time: '2026-11-20T14:06:05.224Z',
          },
        ],
      },
    });
  });

  it('an SNS composite alarm notification gives a composite signal; account from the ARN and time from the SNS Timestamp when missing', () => {
    // Prepare
    const message = JSON.stringify({
      AlarmName: 'orders-health',
      NewStateValue: 'ALARM',
      AlarmArn: 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:orders-health',
      AlarmRule: 'ALARM(orders-5xx) OR ALARM(orders-latency)',
    });

    // Act
    const result = parseEvent(snsEvent([message]));

    // Assess
    expect(result.ok && result.value.signals).toEqual([
      {
        source: 'alarm',
        apiId: null,
        apiName: null,
        stage: null,
        state: 'ALARM',
        region: 'eu-west-1',
        account: '210987654321',
        apiKind: 'unknown',
        alarmName: 'orders-health',
        reason: 'Composite alarm (rule: ALARM(orders-5xx) OR ALARM(orders-latency)); the event names no API, resolve it from the child alarms.',
        time: '2026-11-20T14:02:47.402Z',
      },
    ]);
  });

  it('SNS messages that are not alarm notifications are ignored one by one', () => {
    // Prepare
    const alarm = JSON.stringify({
      AlarmName: 'payments-5xx',
      NewStateValue: 'ALARM',
      AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:payments-5xx',
      Trigger: { MetricName: '5XXError', Namespace: 'AWS/ApiGateway', Dimensions: [{ name: 'ApiName', value: 'payments-api' }] },
    });

    // Act
    const result = parseEvent(snsEvent(['Hello from SNS!', '{"default":"deploy finished"}', alarm]));

    // Assess
    expect(result.ok && result.value.ignored).toEqual([
      { reason: 'SNS message c81f4e2a-6b9d-5a37-8e05-1d3c7f9b2a40 is not JSON, so not a CloudWatch alarm notification' },
      { reason: 'SNS message c81f4e2a-6b9d-5a37-8e05-1d3c7f9b2a41 is not a CloudWatch alarm notification' },
    ]);
    expect(result.ok && result.value.signals.map((s) => [s.apiName, s.region])).toEqual([['payments-api', 'eu-west-1']]);
  });
});

describe('parseEvent: events that are not ours', () => {
  it.each([
    [
      'an EventBridge alarm configuration change',
      { version: '0', id: 'x', 'detail-type': 'CloudWatch Alarm Configuration Change', source: 'aws.cloudwatch', detail: {} },
      'not a CloudWatch Logs subscription or CloudWatch alarm event: EventBridge event "CloudWatch Alarm Configuration Change" from aws.cloudwatch',
    ],
    ['a scheduled event', { 'detail-type': 'Scheduled Event', source: 'aws.events' }, 'not a CloudWatch Logs subscription or CloudWatch alarm event: EventBridge event "Scheduled Event" from aws.events'],
    ['an SQS batch', { Records: [{ eventSource: 'aws:sqs', body: '{}' }] }, 'not a CloudWatch Logs subscription or CloudWatch alarm event: event with records from aws:sqs'],
    ['an empty object', {}, 'not a CloudWatch Logs subscription or CloudWatch alarm event: empty object'],
    [
      'an object with many keys',
      { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 },
      'not a CloudWatch Logs subscription or CloudWatch alarm event: event with keys a, b, c, d, e, …',
    ],
  ])('ignores %s with a reason', (_label, raw, reason) => {
    // Act
    const result = parseEvent(raw);

    // Assess
    expect(result).toEqual({ ok: true, value: { kind: 'unknown', signals: [], ignored: [{ reason }] } });
  });

  it('does not read keys inherited from a prototype', () => {
    // Prepare
    const raw: unknown = Object.create({ awslogs: { data: '%%%%' } });

    // Act
    const result = parseEvent(raw);

    // Assess
    expect(result).toEqual({ ok: true, value: { kind: 'unknown', signals: [], ignored: [{ reason: 'not a CloudWatch Logs subscription or CloudWatch alarm event: empty object' }] } });
  });

  it('turns a getter that throws into bad-shape instead of throwing', () => {
    // Prepare
    const raw = {
      get awslogs(): unknown {
        throw new Error('boom');
      },
    };

    // Act
    const result = parseEvent(raw);

    // Assess
    expect(result).toEqual({ ok: false, error: { code: 'bad-shape', message: 'event could not be read: boom' } });
  });
});

/** Every code an `EventParseError` can carry. */
const ERROR_CODES = ['not-json', 'bad-base64', 'bad-gzip', 'bad-shape', 'too-large'];
/** Keys that make `parseEvent` read an event as ours (logs, alarm or SNS); objects without them are foreign. */
const MARKERS = new Set(['awslogs', 'source', 'Records', '__proto__']);
const ANYTHING = { withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true } as const;

/** The result is one of the two typed values: an error with a known code and a one-line message, or a parsed event. */
function expectTyped(result: ReturnType<typeof parseEvent>): void {
  if (result.ok) expect(['logs', 'alarm-eventbridge', 'alarm-sns', 'alarm-lambda-action', 'unknown']).toContain(result.value.kind);
  else {
    expect(ERROR_CODES).toContain(result.error.code);
    expect(result.error.message).not.toMatch(/[\r\n]/);
  }
}

const notJsonText = fc.string({ maxLength: 300 }).filter((text) => {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
});
const nonObjectJson = fc.jsonValue().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v));
const foreignObject = fc.dictionary(fc.string({ maxLength: 12 }).filter((k) => !MARKERS.has(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
const definedAnything = fc.anything(ANYTHING).filter((v) => v !== undefined);

describe('parseEvent / parseEventText never throw', () => {
  it('parseEventText returns a typed result for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        // Act
        const result = parseEventText(text);

        // Assess
        expectTyped(result);
      }),
    );
  });

  it('parseEvent returns a typed result for fc.anything() (maps, sets, bigints, null prototypes…)', () => {
    fc.assert(
      fc.property(fc.anything(ANYTHING), (raw) => {
        // Act
        const result = parseEvent(raw);

        // Assess
        expectTyped(result);
      }),
    );
  });
});

describe('parseEvent / parseEventText refuse unreadable input with the typed error', () => {
  it('refuses text that is not JSON as not-json', () => {
    fc.assert(
      fc.property(notJsonText, (text) => {
        // Act
        const result = parseEventText(text);

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('not-json');
      }),
    );
  });

  it('refuses JSON that is not an object (null, numbers, strings, arrays) as bad-shape, in text and as a value', () => {
    fc.assert(
      fc.property(nonObjectJson, (value) => {
        // Act
        const results = [parseEvent(value), parseEventText(JSON.stringify(value))];

        // Assess
        for (const result of results) {
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toBe('bad-shape');
            expect(result.error.message).toMatch(/^event is .+, expected a JSON object$/);
          }
        }
      }),
    );
  });

  it('refuses an awslogs value that is not {data: string} as bad-shape', () => {
    fc.assert(
      fc.property(definedAnything.filter((v) => !(typeof v === 'object' && v !== null && typeof (v as { data?: unknown }).data === 'string')), (awslogs) => {
        // Act
        const result = parseEvent({ awslogs });

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('bad-shape');
      }),
    );
  });

  it('refuses awslogs.data that is not base64 gzip as bad-base64 or bad-gzip', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String()), (data) => {
        // Act
        const result = parseEvent({ awslogs: { data } });

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(['bad-base64', 'bad-gzip']).toContain(result.error.code);
      }),
    );
  });

  it('refuses alarm-shaped events (EventBridge, Lambda action, SNS) whose content is arbitrary as bad-shape', () => {
    // Prepare: each kind's discriminating markers, so validation (not dispatch) decides.
    const shaped = fc.oneof(
      fc.record({ source: fc.constant('aws.cloudwatch'), alarmData: definedAnything, alarmArn: fc.anything() }),
      fc.record({ source: fc.constant('aws.cloudwatch'), 'detail-type': fc.constant('CloudWatch Alarm State Change'), detail: fc.anything() }),
      fc.record({ Records: fc.array(fc.record({ EventSource: fc.constant('aws:sns'), Sns: fc.record({ Message: fc.oneof(fc.string(), fc.json()) }) }), { minLength: 1, maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(shaped, (raw) => {
        // Act
        const result = parseEvent(raw);

        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('bad-shape');
      }),
    );
  });
});

describe('parseEvent / parseEventText read readable input', () => {
  it('reads a JSON object without any of our markers as an ignored foreign event, with one reason', () => {
    fc.assert(
      fc.property(foreignObject, (raw) => {
        // Act
        const results = [parseEvent(raw), parseEventText(JSON.stringify(raw))];

        // Assess
        for (const result of results) {
          expect(result.ok).toBe(true);
          if (result.ok) {
            expect(result.value.kind).toBe('unknown');
            expect(result.value.signals).toEqual([]);
            expect(result.value.ignored).toHaveLength(1);
            expect(result.value.ignored[0]?.reason).toMatch(/^not a CloudWatch Logs subscription or CloudWatch alarm event: /);
          }
        }
      }),
    );
  });

  it('reads any well-formed execution-log subscription batch into one signal carrying every event', () => {
    // Prepare
    const batch = fc.record({
      apiId: fc.stringMatching(/^[a-z0-9]{10}$/),
      stage: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
      messages: fc.array(fc.string({ minLength: 1, maxLength: 120 }), { minLength: 1, maxLength: 20 }),
    });
    fc.assert(
      fc.property(batch, ({ apiId, stage, messages }) => {
        const event = logsEvent({
          messageType: 'DATA_MESSAGE',
          owner: '123456789012',
          logGroup: `API-Gateway-Execution-Logs_${apiId}/${stage}`,
          logStream: 's',
          subscriptionFilters: ['f'],
          logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 1795183331395 + i, message })),
        });

        // Act
        const result = parseEvent(event);

        // Assess
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.value.kind).toBe('logs');
        expect(result.value.signals.map((sg) => [sg.apiId, sg.stage, sg.logKind, sg.events?.map((e) => e.message)])).toEqual([[apiId, stage, 'execution', messages]]);
      }),
      { numRuns: 200 },
    );
  });

  it('reads any well-formed EventBridge 5XXError alarm into one signal naming the API and stage', () => {
    // Prepare
    const alarm = fc.record({
      apiName: fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/),
      stage: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
      state: fc.constantFrom('ALARM', 'OK'),
    });
    fc.assert(
      fc.property(alarm, ({ apiName, stage, state }) => {
        const event = eventBridgeAlarm({
          state: { value: state, reason: 'r', timestamp: '2026-11-20T14:03:40.512+0000' },
          configuration: { metrics: [metric('AWS/ApiGateway', '5XXError', { ApiName: apiName, Stage: stage })] },
        });

        // Act
        const result = parseEventText(JSON.stringify(event));

        // Assess
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.value.kind).toBe('alarm-eventbridge');
        expect(result.value.signals.map((sg) => [sg.apiName, sg.stage, sg.state])).toEqual([[apiName, stage, state]]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('awsEventSource: an AWS event of another kind, or no AWS event at all', () => {
  it.each([
    ['an S3 notification', { Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', s3: { bucket: { name: 'b' } } }] }, 'aws:s3'],
    ['an SQS batch', { Records: [{ messageId: 'm', receiptHandle: 'r', body: '{}', eventSource: 'aws:sqs' }] }, 'aws:sqs'],
    ['a DynamoDB stream record without eventSource', { Records: [{ dynamodb: { Keys: {} } }] }, 'aws:dynamodb'],
    ['a scheduled event', { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }, 'EventBridge (aws.events)'],
    ['a custom EventBridge event', { 'detail-type': 'OrderPlaced', source: 'com.example.orders', detail: {} }, 'EventBridge (com.example.orders)'],
    ['an API Gateway proxy request', { resource: '/x', httpMethod: 'GET', requestContext: { requestId: 'r' } }, 'API Gateway'],
    ['an HTTP API request', { version: '2.0', routeKey: 'GET /x', requestContext: { http: { method: 'GET' } } }, 'API Gateway'],
    ['an ALB request', { requestContext: { elb: { targetGroupArn: 'arn' } }, httpMethod: 'GET' }, 'Elastic Load Balancing'],
    ['a CloudFormation custom resource', { RequestType: 'Create', ResponseURL: 'https://x', StackId: 's' }, 'CloudFormation custom resource'],
    ['a Cognito trigger', { triggerSource: 'PreSignUp_SignUp', userPoolId: 'p' }, 'Cognito'],
    ['a Kafka batch', { eventSource: 'aws:kafka', records: {} }, 'aws:kafka'],
    ['a CloudWatch Logs subscription', { awslogs: { data: 'x' } }, 'CloudWatch Logs'],
  ])('%s is an AWS event (%s)', (_what, raw, source) => {
    // Act / Assess
    expect(awsEventSource(raw)).toBe(source);
  });

  it.each([
    ['package.json', { name: 'my-app', version: '1.0.0', dependencies: {} }],
    ['an empty object', {}],
    ['records of nobody', { Records: [{ id: 1 }] }],
    ['a source without a detail-type', { source: 'somewhere' }],
    ['an array', [{ eventSource: 'aws:s3' }]],
    ['null', null],
  ])('%s is no AWS event at all', (_what, raw) => {
    // Act / Assess
    expect(awsEventSource(raw)).toBeNull();
  });

  it('agrees with parseEvent: whatever it parses as ours is an AWS event', () => {
    // Prepare
    const ours = [eventBridgeAlarm({}), snsEvent(['{}']), logsEvent({ messageType: 'CONTROL_MESSAGE', logEvents: [] })];

    // Act / Assess
    for (const raw of ours) expect(awsEventSource(raw)).not.toBeNull();
  });

  it('never throws, even on a getter that throws (property)', () => {
    // Prepare
    const hostile = {
      get Records(): unknown {
        throw new Error('boom');
      },
    };

    // Act / Assess
    expect(awsEventSource(hostile)).toBeNull();
    fc.assert(fc.property(fc.anything(), (raw) => {
      awsEventSource(raw);
    }), { numRuns: 300 });
  });
});
