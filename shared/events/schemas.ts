/**
 * Zod schemas for the events apigw-doctor accepts. Only the fields the parser reads are required;
 * everything else a real event carries is allowed and ignored.
 *
 * Built with `zod/mini` (the same zod core, validation and error messages as full zod, ~25 KB bundled
 * instead of ~450 KB): the Lambda artifacts import this module on every cold start. Powertools parser's
 * own schemas are written with full zod, so importing even one of them bundles all of it; the envelope
 * fields they define are therefore restated here, field for field and in the same order (so the first
 * issue reported is the same), from @aws-lambda-powertools/parser 2.35.0 `schemas/cloudwatch`,
 * `schemas/eventbridge` and `schemas/sns`. test/unit/events/schemas.test.ts keeps them in agreement.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini registers no locale (full zod registers English on first use): without this every issue
// would read "Invalid input" instead of "Invalid input: expected string, received undefined".
z.config(en());

/** Powertools `CloudWatchLogEventSchema`: one event of a decoded subscription batch. */
const CloudWatchLogEventSchema = z.object({
  id: z.string(),
  timestamp: z.number(),
  message: z.string(),
});

/**
 * `{"awslogs":{"data":"..."}}`. Powertools' own `CloudWatchLogsSchema` gunzips inside the schema with no
 * size cap, so only the envelope is checked here and decoding happens in `decodeSubscriptionData`.
 */
export const SubscriptionEnvelopeSchema = z.object({
  awslogs: z.object({ data: z.string() }),
});

/**
 * The decoded subscription payload: Powertools `CloudWatchLogsDecodeSchema`, except that Powertools
 * requires at least one log event; an empty list is accepted here so that it can be ignored with a
 * reason instead of failing the whole invocation.
 */
export const DecodedLogBatchSchema = z.object({
  messageType: z.string(),
  owner: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  subscriptionFilters: z.array(z.string()),
  logEvents: z.array(CloudWatchLogEventSchema),
});

/** An alarm state as EventBridge and the Lambda alarm action deliver it. */
const AlarmStateSchema = z.object({
  value: z.string(),
  reason: z.optional(z.string()),
  reasonData: z.optional(z.string()),
  timestamp: z.optional(z.string()),
});

/** One entry of an alarm's `configuration.metrics`: a metric (`metricStat`) or an `expression`. */
const MetricQuerySchema = z.object({
  id: z.optional(z.string()),
  expression: z.optional(z.string()),
  label: z.optional(z.string()),
  returnData: z.optional(z.boolean()),
  metricStat: z.optional(
    z.object({
      metric: z.object({
        namespace: z.string(),
        name: z.string(),
        dimensions: z.optional(z.record(z.string(), z.string())),
      }),
      period: z.optional(z.number()),
      stat: z.optional(z.string()),
      unit: z.optional(z.string()),
    }),
  ),
});

/** Metric and metric-math alarms list `metrics`; composite alarms have an `alarmRule` instead. */
const AlarmConfigurationSchema = z.object({
  description: z.nullish(z.string()),
  metrics: z.optional(z.array(MetricQuerySchema)),
  alarmRule: z.optional(z.string()),
});

/** `detail` of an EventBridge alarm event, and `alarmData` of a Lambda alarm-action event. */
const AlarmDetailSchema = z.object({
  alarmName: z.string(),
  state: AlarmStateSchema,
  previousState: z.optional(AlarmStateSchema),
  configuration: AlarmConfigurationSchema,
});

/** Output of the alarm-detail schema. */
export type AlarmDetail = z.output<typeof AlarmDetailSchema>;

/**
 * EventBridge "CloudWatch Alarm State Change" (CloudWatch User Guide, "Alarm events and EventBridge"):
 * Powertools `EventBridgeSchema` with `source`, `detail-type` and `detail` narrowed to the alarm event.
 */
export const EventBridgeAlarmSchema = z.object({
  version: z.string(),
  id: z.string(),
  source: z.literal('aws.cloudwatch'),
  account: z.string(),
  time: z.iso.datetime(),
  region: z.string(),
  resources: z.array(z.string()),
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  detail: AlarmDetailSchema,
  'replay-name': z.optional(z.string()),
});

/** The event an alarm sends when its action invokes a Lambda function directly. */
export const LambdaAlarmActionSchema = z.object({
  source: z.literal('aws.cloudwatch'),
  alarmArn: z.string(),
  accountId: z.string(),
  time: z.string(),
  region: z.string(),
  alarmData: AlarmDetailSchema,
});

/**
 * An SNS record. Only the notification fields the parser reads are required (Powertools
 * `SnsNotificationSchema` picked to `Type`, `MessageId`, `TopicArn`, `Subject`, `Message`, `Timestamp`):
 * the URL fields differ in spelling between delivery paths (`UnsubscribeUrl` vs `UnsubscribeURL`) and
 * are not needed.
 */
const SnsRecordSchema = z.object({
  EventSource: z.literal('aws:sns'),
  Sns: z.object({
    Type: z.literal('Notification'),
    MessageId: z.string(),
    TopicArn: z.string(),
    Subject: z.nullish(z.string()),
    Message: z.string(),
    Timestamp: z.iso.datetime(),
  }),
});

/** An SNS event delivered to Lambda. */
export const SnsEventSchema = z.object({
  Records: z.array(SnsRecordSchema).check(z.minLength(1)),
});

/** `[{ "name": "ApiName", "value": "orders-api" }]`, the dimension form of SNS alarm messages. */
const SnsDimensionsSchema = z.array(z.object({ name: z.string(), value: z.string() }));

/**
 * The JSON `Message` of an SNS alarm notification. Single-metric alarms describe their metric in
 * `Trigger` directly, metric-math alarms in `Trigger.Metrics`, composite alarms carry `AlarmRule`.
 */
export const SnsAlarmMessageSchema = z.object({
  AlarmName: z.string(),
  AlarmDescription: z.nullish(z.string()),
  AWSAccountId: z.optional(z.string()),
  NewStateValue: z.string(),
  NewStateReason: z.optional(z.string()),
  StateChangeTime: z.optional(z.string()),
  Region: z.optional(z.string()),
  AlarmArn: z.optional(z.string()),
  OldStateValue: z.optional(z.string()),
  AlarmRule: z.optional(z.string()),
  Trigger: z.optional(
    z.object({
      MetricName: z.optional(z.string()),
      Namespace: z.optional(z.string()),
      Dimensions: z.optional(SnsDimensionsSchema),
      Metrics: z.optional(
        z.array(
          z.object({
            Id: z.optional(z.string()),
            Expression: z.optional(z.string()),
            MetricStat: z.optional(
              z.object({
                Metric: z.object({
                  MetricName: z.string(),
                  Namespace: z.string(),
                  Dimensions: z.optional(SnsDimensionsSchema),
                }),
              }),
            ),
          }),
        ),
      ),
    }),
  ),
});

/** Output of the SNS alarm-message schema. */
export type SnsAlarmMessage = z.output<typeof SnsAlarmMessageSchema>;

/** `state.reasonData` of a composite alarm: which child alarms made it fire. */
export const CompositeReasonDataSchema = z.object({
  triggeringAlarms: z.array(z.object({ arn: z.string() })),
});
