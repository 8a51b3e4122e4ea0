/**
 * The zod/mini schemas restate the envelope fields of Powertools parser's (full zod) schemas so that the
 * Lambda artifacts need not bundle full zod. These tests keep them equivalent: every sample event, and
 * every one-field mutation of it, gets the same verdict, the same output and the same issues (code,
 * path, message) from both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CloudWatchLogEventSchema, CloudWatchLogsDecodeSchema } from '@aws-lambda-powertools/parser/schemas/cloudwatch';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { SnsNotificationSchema } from '@aws-lambda-powertools/parser/schemas/sns';
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  CompositeReasonDataSchema,
  DecodedLogBatchSchema,
  EventBridgeAlarmSchema,
  LambdaAlarmActionSchema,
  SnsAlarmMessageSchema,
  SnsEventSchema,
  SubscriptionEnvelopeSchema,
} from '../../../shared/events/schemas.ts';

const EVENTS = join(import.meta.dirname, '..', '..', '..', 'events');

// The schemas as they were written on top of Powertools parser (full zod) before the switch to zod/mini.
const AlarmState = z.object({ value: z.string(), reason: z.string().optional(), reasonData: z.string().optional(), timestamp: z.string().optional() });
const AlarmDetail = z.object({
  alarmName: z.string(),
  state: AlarmState,
  previousState: AlarmState.optional(),
  configuration: z.object({
    description: z.string().nullish(),
    metrics: z
      .array(
        z.object({
          id: z.string().optional(),
          expression: z.string().optional(),
          label: z.string().optional(),
          returnData: z.boolean().optional(),
          metricStat: z
            .object({
              metric: z.object({ namespace: z.string(), name: z.string(), dimensions: z.record(z.string(), z.string()).optional() }),
              period: z.number().optional(),
              stat: z.string().optional(),
              unit: z.string().optional(),
            })
            .optional(),
        }),
      )
      .optional(),
    alarmRule: z.string().optional(),
  }),
});
const SnsDimensions = z.array(z.object({ name: z.string(), value: z.string() }));
const REFERENCE = {
  SubscriptionEnvelope: z.object({ awslogs: z.object({ data: z.string() }) }),
  DecodedLogBatch: CloudWatchLogsDecodeSchema.extend({ logEvents: z.array(CloudWatchLogEventSchema) }),
  EventBridgeAlarm: EventBridgeSchema.extend({ source: z.literal('aws.cloudwatch'), 'detail-type': z.literal('CloudWatch Alarm State Change'), detail: AlarmDetail }),
  LambdaAlarmAction: z.object({ source: z.literal('aws.cloudwatch'), alarmArn: z.string(), accountId: z.string(), time: z.string(), region: z.string(), alarmData: AlarmDetail }),
  SnsEvent: z.object({
    Records: z
      .array(
        z.object({
          EventSource: z.literal('aws:sns'),
          Sns: SnsNotificationSchema.pick({ Type: true, MessageId: true, TopicArn: true, Subject: true, Message: true, Timestamp: true }),
        }),
      )
      .min(1),
  }),
  SnsAlarmMessage: z.object({
    AlarmName: z.string(),
    AlarmDescription: z.string().nullish(),
    AWSAccountId: z.string().optional(),
    NewStateValue: z.string(),
    NewStateReason: z.string().optional(),
    StateChangeTime: z.string().optional(),
    Region: z.string().optional(),
    AlarmArn: z.string().optional(),
    OldStateValue: z.string().optional(),
    AlarmRule: z.string().optional(),
    Trigger: z
      .object({
        MetricName: z.string().optional(),
        Namespace: z.string().optional(),
        Dimensions: SnsDimensions.optional(),
        Metrics: z
          .array(
            z.object({
              Id: z.string().optional(),
              Expression: z.string().optional(),
              MetricStat: z.object({ Metric: z.object({ MetricName: z.string(), Namespace: z.string(), Dimensions: SnsDimensions.optional() }) }).optional(),
            }),
          )
          .optional(),
      })
      .optional(),
  }),
  CompositeReasonData: z.object({ triggeringAlarms: z.array(z.object({ arn: z.string() })) }),
};

/** Anything with zod's `safeParse`: both flavours have it. */
interface SafeParser {
  safeParse(data: unknown): { success: true; data: unknown } | { success: false; error: { issues: ReadonlyArray<{ code: string; path: readonly PropertyKey[]; message: string }> } };
}

const PAIRS: ReadonlyArray<readonly [string, SafeParser, SafeParser]> = [
  ['SubscriptionEnvelope', SubscriptionEnvelopeSchema, REFERENCE.SubscriptionEnvelope],
  ['DecodedLogBatch', DecodedLogBatchSchema, REFERENCE.DecodedLogBatch],
  ['EventBridgeAlarm', EventBridgeAlarmSchema, REFERENCE.EventBridgeAlarm],
  ['LambdaAlarmAction', LambdaAlarmActionSchema, REFERENCE.LambdaAlarmAction],
  ['SnsEvent', SnsEventSchema, REFERENCE.SnsEvent],
  ['SnsAlarmMessage', SnsAlarmMessageSchema, REFERENCE.SnsAlarmMessage],
  ['CompositeReasonData', CompositeReasonDataSchema, REFERENCE.CompositeReasonData],
];

/** What a schema says about a value, in a form `toEqual` can compare. */
function verdict(schema: SafeParser, value: unknown): unknown {
  const r = schema.safeParse(value);
  return r.success ? { ok: r.data } : { issues: r.error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message })) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Every sample event, plus what sits inside them (decoded log batches, SNS messages, composite reason data). */
function samples(): unknown[] {
  const out: unknown[] = [];
  for (const file of readdirJson()) {
    const event: unknown = JSON.parse(readFileSync(join(EVENTS, file), 'utf8'));
    out.push(event);
    if (!isObject(event)) continue;
    const awslogs = event['awslogs'];
    if (isObject(awslogs) && typeof awslogs['data'] === 'string') out.push(JSON.parse(gunzipSync(Buffer.from(awslogs['data'], 'base64')).toString('utf8')));
    const records = event['Records'];
    if (Array.isArray(records)) for (const r of records) if (isObject(r) && isObject(r['Sns']) && typeof r['Sns']['Message'] === 'string') out.push(JSON.parse(r['Sns']['Message']));
    const detail = event['detail'] ?? event['alarmData'];
    if (isObject(detail) && isObject(detail['state']) && typeof detail['state']['reasonData'] === 'string') out.push(JSON.parse(detail['state']['reasonData']));
  }
  return out;
}

function readdirJson(): string[] {
  return readdirSync(EVENTS).filter((f) => f.endsWith('.json')).sort();
}

/** Each path to a value inside `value` (objects and arrays), root excluded. */
function paths(value: unknown, prefix: readonly (string | number)[] = []): Array<readonly (string | number)[]> {
  if (!isObject(value)) return [];
  const out: Array<readonly (string | number)[]> = [];
  for (const [k, v] of Object.entries(value)) {
    const key = Array.isArray(value) ? Number(k) : k;
    const p = [...prefix, key];
    out.push(p, ...paths(v, p));
  }
  return out;
}

/** A copy of `value` with the value at `path` replaced (`undefined` deletes it). */
function mutate(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  const copy: unknown = structuredClone(value);
  let at: unknown = copy;
  for (const key of path.slice(0, -1)) at = (at as Record<string | number, unknown>)[key];
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined && !Array.isArray(at)) delete (at as Record<string | number, unknown>)[last];
  else (at as Record<string | number, unknown>)[last] = replacement;
  return copy;
}

const REPLACEMENTS: readonly unknown[] = [undefined, null, 42, 'text', true, [], {}, '2026-11-20T14:03:40Z', 'aws.cloudwatch', 'Notification'];

describe('zod/mini schemas agree with the Powertools (full zod) schemas', () => {
  const inputs = samples();

  it('reads the sample events (sanity: each schema accepts at least one sample)', () => {
    // Prepare
    const accepted = PAIRS.map(([name, mini]) => [name, inputs.some((v) => mini.safeParse(v).success)]);

    // Act
    const rejectedEverything = accepted.filter(([, ok]) => ok === false);

    // Assess
    expect(inputs.length).toBeGreaterThan(10);
    expect(rejectedEverything).toEqual([]);
  });

  it.each(PAIRS)('%s: same verdict, output and issues on every sample and every one-field mutation of it', (_name, mini, reference) => {
    // Prepare
    const cases: unknown[] = [];
    for (const input of inputs) {
      cases.push(input);
      for (const p of paths(input)) for (const r of REPLACEMENTS) cases.push(mutate(input, p, r));
    }

    // Act
    const differing = cases.filter((c) => JSON.stringify(verdict(mini, c)) !== JSON.stringify(verdict(reference, c)));

    // Assess
    expect(cases.length).toBeGreaterThan(inputs.length);
    expect(differing.slice(0, 3).map((c) => ({ input: c, mini: verdict(mini, c), reference: verdict(reference, c) }))).toEqual([]);
  });

  it.each(PAIRS)('%s: same verdict on arbitrary JSON', (_name, mini, reference) => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(verdict(mini, value)).toEqual(verdict(reference, value));
      }),
      { numRuns: 300 },
    );
  });
});
