/**
 * Zod schemas for the events apigw-doctor accepts, built on the ones Powertools parser ships so the
 * documented envelope fields are checked the same way everywhere. Only the fields the parser reads are
 * required; everything else a real event carries is allowed and ignored.
 */
import { CloudWatchLogEventSchema, CloudWatchLogsDecodeSchema } from '@aws-lambda-powertools/parser/schemas/cloudwatch';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { SnsNotificationSchema } from '@aws-lambda-powertools/parser/schemas/sns';
import { z } from 'zod';

/**
 * `{"awslogs":{"data":"..."}}`. Powertools' own `CloudWatchLogsSchema` gunzips inside the schema with no
 * size cap, so only the envelope is checked here and decoding happens in `decodeSubscriptionData`.
 */
export const SubscriptionEnvelopeSchema = z.object({
  awslogs: z.object({ data: z.string() }),
});

/**
 * The decoded subscription payload. Powertools requires at least one log event; an empty list is
 * accepted here so that it can be ignored with a reason instead of failing the whole invocation.
 */
export const DecodedLogBatchSchema = CloudWatchLogsDecodeSchema.extend({
  logEvents: z.array(CloudWatchLogEventSchema),
});

/** An alarm state as EventBridge and the Lambda alarm action deliver it. */
const AlarmStateSchema = z.object({
  value: z.string(),
  reason: z.string().optional(),
  reasonData: z.string().optional(),
  timestamp: z.string().optional(),
});

/** One entry of an alarm's `configuration.metrics`: a metric (`metricStat`) or an `expression`. */
const MetricQuerySchema = z.object({
  id: z.string().optional(),
  expression: z.string().optional(),
  label: z.string().optional(),
  returnData: z.boolean().optional(),
  metricStat: z
    .object({
      metric: z.object({
        namespace: z.string(),
        name: z.string(),
        dimensions: z.record(z.string(), z.string()).optional(),
      }),
      period: z.number().optional(),
      stat: z.string().optional(),
      unit: z.string().optional(),
    })
    .optional(),
});

/** Metric and metric-math alarms list `metrics`; composite alarms have an `alarmRule` instead. */
const AlarmConfigurationSchema = z.object({
  description: z.string().nullish(),
  metrics: z.array(MetricQuerySchema).optional(),
  alarmRule: z.string().optional(),
});

/** `detail` of an EventBridge alarm event, and `alarmData` of a Lambda alarm-action event. */
const AlarmDetailSchema = z.object({
  alarmName: z.string(),
  state: AlarmStateSchema,
  previousState: AlarmStateSchema.optional(),
  configuration: AlarmConfigurationSchema,
});

/** Output of the alarm-detail schema. */
export type AlarmDetail = z.output<typeof AlarmDetailSchema>;

/** EventBridge "CloudWatch Alarm State Change" (CloudWatch User Guide, "Alarm events and EventBridge"). */
export const EventBridgeAlarmSchema = EventBridgeSchema.extend({
  source: z.literal('aws.cloudwatch'),
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  detail: AlarmDetailSchema,
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
 * An SNS record. Only the notification fields the parser reads are required: the URL fields differ in
 * spelling between delivery paths (`UnsubscribeUrl` vs `UnsubscribeURL`) and are not needed.
 */
const SnsRecordSchema = z.object({
  EventSource: z.literal('aws:sns'),
  Sns: SnsNotificationSchema.pick({ Type: true, MessageId: true, TopicArn: true, Subject: true, Message: true, Timestamp: true }),
});

/** An SNS event delivered to Lambda. */
export const SnsEventSchema = z.object({
  Records: z.array(SnsRecordSchema).min(1),
});

/** `[{ "name": "ApiName", "value": "orders-api" }]`, the dimension form of SNS alarm messages. */
const SnsDimensionsSchema = z.array(z.object({ name: z.string(), value: z.string() }));

/**
 * The JSON `Message` of an SNS alarm notification. Single-metric alarms describe their metric in
 * `Trigger` directly, metric-math alarms in `Trigger.Metrics`, composite alarms carry `AlarmRule`.
 */
export const SnsAlarmMessageSchema = z.object({
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
      Dimensions: SnsDimensionsSchema.optional(),
      Metrics: z
        .array(
          z.object({
            Id: z.string().optional(),
            Expression: z.string().optional(),
            MetricStat: z
              .object({
                Metric: z.object({
                  MetricName: z.string(),
                  Namespace: z.string(),
                  Dimensions: SnsDimensionsSchema.optional(),
                }),
              })
              .optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

/** Output of the SNS alarm-message schema. */
export type SnsAlarmMessage = z.output<typeof SnsAlarmMessageSchema>;

/** `state.reasonData` of a composite alarm: which child alarms made it fire. */
export const CompositeReasonDataSchema = z.object({
  triggeringAlarms: z.array(z.object({ arn: z.string() })),
});
