/**
 * The EventBridge event patterns of the stack's rules, as the raw JSON EventBridge stores, and the
 * names they depend on. The CDK stack builds its rules from these and the tests match them against
 * the sample events in `events/`, so what is tested is what is deployed. No CDK or SDK import.
 *
 * Names: everything the stack and the coverage function name starts with one prefix (default
 * `apigw-doctor`), and the two kinds of alarm get distinct prefixes so the alarm rule can tell them
 * apart:
 * - `<prefix>-5xx-<apiId>-<stage>`: the managed 5XXError alarms the coverage function creates. They are
 *   API incidents, so the alarm rule matches them;
 * - `<prefix>-self-…`: the stack's self-monitoring alarms (function errors, DLQ depth, heartbeat). The
 *   alarm rule excludes this prefix, so a failing apigw-doctor never investigates itself in a loop.
 */

/** A raw EventBridge event pattern. */
export type EventPattern = { readonly [field: string]: unknown };

/** The default name prefix. */
export const DEFAULT_NAME_PREFIX = 'apigw-doctor';

/** The names derived from one prefix. */
export interface ResourceNames {
  /** Self-monitoring alarms: never matched by the alarm rule. */
  readonly selfAlarmPrefix: string;
  /** Managed per-stage 5XXError alarms: matched by the alarm rule. */
  readonly managedAlarmPrefix: string;
  /** The subscription filter the coverage function puts on stage log groups. */
  readonly subscriptionFilterName: string;
  /** The account-level subscription filter policy (account mode). */
  readonly accountPolicyName: string;
}

/** The names for a prefix. */
export function resourceNames(prefix: string): ResourceNames {
  return {
    selfAlarmPrefix: `${prefix}-self-`,
    managedAlarmPrefix: `${prefix}-5xx-`,
    subscriptionFilterName: `${prefix}-failures`,
    accountPolicyName: `${prefix}-failures`,
  };
}

/** API Gateway's 5xx metrics: `5XXError` (REST) and `5xx` (HTTP). */
export const API_GATEWAY_5XX_METRICS = ['5XXError', '5xx'] as const;

/**
 * "CloudWatch Alarm State Change" for alarms on API Gateway's 5xx metrics → alarm-ingest.
 * - single-metric and metric-math alarms: some metric of the alarm is `AWS/ApiGateway` `5XXError` or `5xx`
 *   (an event array matches when any element does);
 * - composite alarms carry no metrics, only their rule: matched when the rule names a child alarm with
 *   `5xx`/`5XX` in its name (a naming convention: alarm-ingest then reports the triggering child);
 * - transitions: into ALARM (from OK or INSUFFICIENT_DATA), and ALARM → OK (resolves); a new alarm's
 *   first INSUFFICIENT_DATA → OK is not an incident and is dropped here;
 * - never the stack's own self-monitoring alarms (`selfAlarmPrefix`).
 */
export function alarmStateChangePattern(selfAlarmPrefix: string): EventPattern {
  return {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    detail: {
      alarmName: [{ 'anything-but': { prefix: selfAlarmPrefix } }],
      $or: [{ state: { value: ['ALARM'] } }, { state: { value: ['OK'] }, previousState: { value: ['ALARM'] } }],
      configuration: {
        $or: [
          { metrics: { metricStat: { metric: { namespace: ['AWS/ApiGateway'], name: [...API_GATEWAY_5XX_METRICS] } } } },
          { alarmRule: [{ wildcard: '*5xx*' }, { wildcard: '*5XX*' }] },
        ],
      },
    },
  };
}

/** The REST API calls after which a stage may need (re)subscribing → coverage (scoped to the API named). */
export const STAGE_CHANGE_EVENT_NAMES = ['CreateStage', 'UpdateStage', 'CreateDeployment', 'DeleteStage'] as const;

/**
 * CloudTrail management events of API Gateway stage changes → coverage. EventBridge only receives
 * these when a CloudTrail trail records management events; the coverage schedule is the backstop.
 */
export const STAGE_CHANGE_PATTERN: EventPattern = {
  source: ['aws.apigateway'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: { eventSource: ['apigateway.amazonaws.com'], eventName: [...STAGE_CHANGE_EVENT_NAMES] },
};

/**
 * CloudTrail CreateLogGroup of an execution log group (API Gateway creates it at a stage's first
 * logged request) → coverage, so the new group is subscribed within minutes, not at the next sweep.
 */
export const EXECUTION_LOG_GROUP_CREATED_PATTERN: EventPattern = {
  source: ['aws.logs'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: {
    eventSource: ['logs.amazonaws.com'],
    eventName: ['CreateLogGroup'],
    requestParameters: { logGroupName: [{ prefix: 'API-Gateway-Execution-Logs_' }] },
  },
};

/** How often the coverage function sweeps the whole account (backstop for missed CloudTrail events). */
export const COVERAGE_SWEEP_MINUTES = 15;

/** The input the weekly schedule sends the coverage function: a full run that also publishes the coverage summary. */
export const WEEKLY_SUMMARY_INPUT = { source: 'apigw-doctor.weekly-summary' } as const;
