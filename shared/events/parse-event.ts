/**
 * Recognises which kind of event a Lambda received and turns it into signals. An event is first
 * recognised by the markers of its shape; only then is it validated, so a broken alarm event is a
 * `bad-shape` error while an unrelated event (an S3 notification, say) is merely ignored.
 */
import type { Signal } from '../domain/model.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { alarmArnParts, alarmToSignals, factsFromDetail, factsFromSnsMessage } from './alarm-signals.ts';
import { decodeSubscriptionData } from './decode-subscription.ts';
import { logBatchToSignals } from './log-signals.ts';
import { EventBridgeAlarmSchema, LambdaAlarmActionSchema, SnsAlarmMessageSchema, SnsEventSchema, SubscriptionEnvelopeSchema } from './schemas.ts';
import { MAX_EVENT_TEXT_CHARS, type EventKind, type EventParseError, type IgnoredEvent, type ParsedEvent } from './types.ts';
import { oneLine, validate } from './validate.ts';

type JsonRecord = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only: a key inherited from a prototype is not part of the event. */
function own(record: JsonRecord, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function parsed(kind: EventKind, signals: readonly Signal[], ignored: readonly IgnoredEvent[]): ParsedEvent {
  return { kind, signals, ignored };
}

function parseLogs(event: JsonRecord): Result<ParsedEvent, EventParseError> {
  const envelope = validate(SubscriptionEnvelopeSchema, event, 'CloudWatch Logs subscription event');
  if (!envelope.ok) return envelope;
  const batch = decodeSubscriptionData(envelope.value.awslogs.data);
  if (!batch.ok) return batch;
  const { signals, ignored } = logBatchToSignals(batch.value);
  return ok(parsed('logs', signals, ignored));
}

function parseEventBridgeAlarm(event: JsonRecord): Result<ParsedEvent, EventParseError> {
  const valid = validate(EventBridgeAlarmSchema, event, 'EventBridge alarm event');
  if (!valid.ok) return valid;
  const e = valid.value;
  const facts = factsFromDetail(e.detail, { region: e.region, account: e.account, eventTime: e.time });
  const { signals, ignored } = alarmToSignals(facts);
  return ok(parsed('alarm-eventbridge', signals, ignored));
}

function parseLambdaAlarmAction(event: JsonRecord): Result<ParsedEvent, EventParseError> {
  const valid = validate(LambdaAlarmActionSchema, event, 'Lambda alarm-action event');
  if (!valid.ok) return valid;
  const e = valid.value;
  const arn = alarmArnParts(e.alarmArn);
  const region = e.region.trim() === '' ? arn.region : e.region.trim();
  const account = e.accountId.trim() === '' ? arn.account : e.accountId.trim();
  const facts = factsFromDetail(e.alarmData, { region, account, eventTime: e.time });
  const { signals, ignored } = alarmToSignals(facts);
  return ok(parsed('alarm-lambda-action', signals, ignored));
}

function parseSns(event: JsonRecord): Result<ParsedEvent, EventParseError> {
  const valid = validate(SnsEventSchema, event, 'SNS event');
  if (!valid.ok) return valid;
  const signals: Signal[] = [];
  const ignored: IgnoredEvent[] = [];
  for (const [index, record] of valid.value.Records.entries()) {
    const id = oneLine(record.Sns.MessageId, 80);
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch {
      // A topic can carry any text; only JSON alarm notifications are ours.
      ignored.push({ reason: `SNS message ${id} is not JSON, so not a CloudWatch alarm notification` });
      continue;
    }
    if (!isRecord(message) || own(message, 'AlarmName') === undefined || own(message, 'NewStateValue') === undefined) {
      ignored.push({ reason: `SNS message ${id} is not a CloudWatch alarm notification` });
      continue;
    }
    const alarm = validate(SnsAlarmMessageSchema, message, `SNS alarm notification (Records[${index}].Sns.Message)`);
    if (!alarm.ok) return alarm;
    const result = alarmToSignals(factsFromSnsMessage(alarm.value, record.Sns.Timestamp));
    signals.push(...result.signals);
    ignored.push(...result.ignored);
  }
  return ok(parsed('alarm-sns', signals, ignored));
}

function isSnsEvent(event: JsonRecord): boolean {
  const records = own(event, 'Records');
  if (!Array.isArray(records) || records.length === 0) return false;
  const first: unknown = records[0];
  return isRecord(first) && (own(first, 'EventSource') === 'aws:sns' || own(first, 'Sns') !== undefined);
}

/** A short, safe description of an event that is not ours, for the ignore reason. */
function describeForeign(event: JsonRecord): string {
  const source = own(event, 'source');
  const detailType = own(event, 'detail-type');
  if (typeof source === 'string') {
    return typeof detailType === 'string' ? `EventBridge event "${detailType}" from ${source}` : `event from ${source}`;
  }
  const records = own(event, 'Records');
  if (Array.isArray(records) && isRecord(records[0])) {
    const first = records[0];
    const recordSource = own(first, 'eventSource') ?? own(first, 'EventSource');
    if (typeof recordSource === 'string') return `event with records from ${recordSource}`;
  }
  const keys = Object.keys(event);
  if (keys.length === 0) return 'empty object';
  const shown = keys.slice(0, 5).join(', ');
  return `event with keys ${keys.length > 5 ? `${shown}, …` : shown}`;
}

function dispatch(raw: unknown): Result<ParsedEvent, EventParseError> {
  if (!isRecord(raw)) return err({ code: 'bad-shape', message: `event is ${typeName(raw)}, expected a JSON object` });
  if (own(raw, 'awslogs') !== undefined) return parseLogs(raw);
  if (own(raw, 'source') === 'aws.cloudwatch') {
    if (own(raw, 'alarmData') !== undefined) return parseLambdaAlarmAction(raw);
    if (own(raw, 'detail-type') === 'CloudWatch Alarm State Change') return parseEventBridgeAlarm(raw);
  }
  if (isSnsEvent(raw)) return parseSns(raw);
  const reason = oneLine(`not a CloudWatch Logs subscription or CloudWatch alarm event: ${describeForeign(raw)}`);
  return ok(parsed('unknown', [], [{ reason }]));
}

const RECORD_SOURCE_KEYS = ['eventSource', 'EventSource'] as const;
/** Keys that say which AWS service made a record when it has no `eventSource` (S3, SNS, CloudFront, DynamoDB, Kinesis, SQS). */
const RECORD_SHAPES: ReadonlyArray<readonly [string, string]> = [['s3', 'aws:s3'], ['Sns', 'aws:sns'], ['cf', 'aws:cloudfront'], ['dynamodb', 'aws:dynamodb'], ['kinesis', 'aws:kinesis'], ['receiptHandle', 'aws:sqs']];

/**
 * Which AWS service an event comes from, by the marks of the shapes AWS delivers to Lambda (an
 * EventBridge envelope, a batch of service records, an API Gateway / ALB / function-URL request, a
 * CloudFormation custom resource, a Cognito trigger, Firehose, Kafka/MQ, Config, CodePipeline,
 * Secrets Manager rotation, S3 Batch); null when the value has none of them, i.e. it is no AWS event at
 * all (a package.json, a hand-written object). `parseEvent` ignores both kinds alike; a caller that
 * replays one event by hand tells them apart: an AWS event of another kind is fine to ignore, a
 * document that is no event is an input error.
 */
export function awsEventSource(raw: unknown): string | null {
  try {
    if (!isRecord(raw)) return null;
    if (own(raw, 'awslogs') !== undefined) return 'CloudWatch Logs';
    const source = own(raw, 'source');
    if (typeof source === 'string' && typeof own(raw, 'detail-type') === 'string') return `EventBridge (${source})`;
    if (typeof source === 'string' && own(raw, 'alarmData') !== undefined) return source;
    const records = own(raw, 'Records');
    if (Array.isArray(records) && isRecord(records[0])) {
      const first = records[0];
      for (const key of RECORD_SOURCE_KEYS) {
        const v = own(first, key);
        if (typeof v === 'string' && v.startsWith('aws:')) return v;
      }
      for (const [key, service] of RECORD_SHAPES) if (own(first, key) !== undefined) return service;
    }
    const eventSource = own(raw, 'eventSource');
    if (typeof eventSource === 'string' && eventSource.startsWith('aws:')) return eventSource;
    const context = own(raw, 'requestContext');
    if (isRecord(context)) {
      if (own(context, 'elb') !== undefined) return 'Elastic Load Balancing';
      if (own(raw, 'httpMethod') !== undefined || own(raw, 'routeKey') !== undefined || own(context, 'http') !== undefined || own(context, 'connectionId') !== undefined) return 'API Gateway';
    }
    if (typeof own(raw, 'RequestType') === 'string' && (own(raw, 'ResponseURL') !== undefined || own(raw, 'ServiceToken') !== undefined)) return 'CloudFormation custom resource';
    if (typeof own(raw, 'triggerSource') === 'string' && own(raw, 'userPoolId') !== undefined) return 'Cognito';
    if (typeof own(raw, 'deliveryStreamArn') === 'string') return 'Kinesis Data Firehose';
    if (own(raw, 'invokingEvent') !== undefined && own(raw, 'configRuleName') !== undefined) return 'AWS Config';
    if (own(raw, 'CodePipeline.job') !== undefined) return 'CodePipeline';
    if (own(raw, 'SecretId') !== undefined && own(raw, 'ClientRequestToken') !== undefined && own(raw, 'Step') !== undefined) return 'Secrets Manager';
    if (own(raw, 'invocationSchemaVersion') !== undefined && Array.isArray(own(raw, 'tasks'))) return 'S3 Batch Operations';
    return null;
  } catch {
    // A getter that throws is not an AWS event either.
    return null;
  }
}

/**
 * Parses an already JSON-parsed Lambda event: a CloudWatch Logs subscription batch, or a CloudWatch
 * alarm state change from EventBridge, SNS or a Lambda alarm action. Never throws: input that cannot be
 * read is an `EventParseError`, a valid event that is not about API Gateway 5xx is `ignored` with a reason.
 */
export function parseEvent(raw: unknown): Result<ParsedEvent, EventParseError> {
  try {
    return dispatch(raw);
  } catch (error: unknown) {
    // Only exotic input gets here (a getter or proxy that throws on read); it is input, not a bug.
    const detail = error instanceof Error ? error.message : 'unreadable value';
    return err({ code: 'bad-shape', message: oneLine(`event could not be read: ${detail}`) });
  }
}

/** Parses event JSON text (a file, a replayed event) with `parseEvent`. Never throws. */
export function parseEventText(text: string): Result<ParsedEvent, EventParseError> {
  if (typeof text !== 'string') return err({ code: 'not-json', message: 'event text is not a string' });
  if (text.length > MAX_EVENT_TEXT_CHARS) {
    return err({ code: 'too-large', message: `event text has ${text.length} characters, more than the ${MAX_EVENT_TEXT_CHARS} accepted` });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : 'unreadable';
    return err({ code: 'not-json', message: oneLine(`event is not valid JSON: ${detail}`, 200) });
  }
  return parseEvent(raw);
}
