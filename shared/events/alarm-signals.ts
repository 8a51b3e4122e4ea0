/**
 * Turns CloudWatch alarm state changes (whatever shape they arrived in) into alarm signals. Only alarms on
 * API Gateway's 5xx metrics are signals: REST `5XXError` (dimensions `ApiName`, `Stage`) and HTTP API
 * `5xx` (dimensions `ApiId`, `Stage`), DG api-gateway-metrics-and-dimensions / http-api-metrics.
 */
import type { ApiKind, Signal } from '../domain/model.ts';
import { CompositeReasonDataSchema, type AlarmDetail, type SnsAlarmMessage } from './schemas.ts';
import type { IgnoredEvent } from './types.ts';
import { oneLine } from './validate.ts';

/** A metric an alarm watches, in one form whatever the event shape. */
export interface AlarmMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** The facts of one alarm state change that decide its signals. */
export interface AlarmFacts {
  readonly alarmName: string;
  readonly state: string;
  readonly reason: string | null;
  readonly time: string | null;
  readonly region: string | null;
  readonly account: string | null;
  /** Metrics watched directly or used by a metric-math expression (expressions themselves are not metrics). */
  readonly metrics: readonly AlarmMetric[];
  /** For composite alarms: the rule and the child alarms that triggered it. */
  readonly composite: { readonly rule: string; readonly triggeredBy: readonly string[] } | null;
}

const API_GATEWAY = 'AWS/ApiGateway';

interface ApiTarget {
  readonly apiKind: ApiKind;
  readonly apiId: string | null;
  readonly apiName: string | null;
  readonly stage: string | null;
}

function apiTarget(metric: AlarmMetric): ApiTarget | null {
  if (metric.namespace !== API_GATEWAY) return null;
  const stage = metric.dimensions.Stage ?? null;
  if (metric.name === '5XXError') return { apiKind: 'rest', apiId: null, apiName: metric.dimensions.ApiName ?? null, stage };
  if (metric.name === '5xx') return { apiKind: 'http', apiId: metric.dimensions.ApiId ?? null, apiName: null, stage };
  return null;
}

/**
 * `2019-10-02T17:04:40.989+0000` (CloudWatch's form) or any ISO time → `2019-10-02T17:04:40.989Z`;
 * null when the text is not a time.
 */
export function normaliseTime(text: string | undefined | null): string | null {
  if (text === undefined || text === null || text === '') return null;
  const withColon = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(withColon);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:name` → region and account (spaces trimmed). */
export function alarmArnParts(arn: string | undefined): { region: string | null; account: string | null } {
  const parts = (arn ?? '').split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'cloudwatch') return { region: null, account: null };
  const region = parts[3]?.trim() ?? '';
  const account = parts[4]?.trim() ?? '';
  return { region: region === '' ? null : region, account: account === '' ? null : account };
}

/** The alarm name at the end of an alarm ARN (names may contain colons). */
function alarmNameFromArn(arn: string): string {
  const marker = ':alarm:';
  const at = arn.indexOf(marker);
  return at === -1 ? arn : arn.slice(at + marker.length);
}

function childAlarms(reasonData: string | undefined): string[] {
  if (reasonData === undefined) return [];
  let data: unknown;
  try {
    data = JSON.parse(reasonData);
  } catch {
    return [];
  }
  const parsed = CompositeReasonDataSchema.safeParse(data);
  return parsed.success ? parsed.data.triggeringAlarms.map((a) => alarmNameFromArn(a.arn)) : [];
}

/** The facts of an alarm whose detail has the EventBridge / Lambda-action shape. */
export function factsFromDetail(
  detail: AlarmDetail,
  context: { readonly region: string | null; readonly account: string | null; readonly eventTime: string | null },
): AlarmFacts {
  const metrics: AlarmMetric[] = [];
  for (const query of detail.configuration.metrics ?? []) {
    const metric = query.metricStat?.metric;
    if (metric !== undefined) metrics.push({ namespace: metric.namespace, name: metric.name, dimensions: metric.dimensions ?? {} });
  }
  const rule = detail.configuration.alarmRule;
  return {
    alarmName: detail.alarmName,
    state: detail.state.value,
    reason: detail.state.reason ?? null,
    time: normaliseTime(detail.state.timestamp) ?? normaliseTime(context.eventTime),
    region: context.region,
    account: context.account,
    metrics,
    composite: rule === undefined ? null : { rule, triggeredBy: childAlarms(detail.state.reasonData) },
  };
}

function dimensionRecord(dimensions: ReadonlyArray<{ readonly name: string; readonly value: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dimensions ?? []) out[d.name] = d.value;
  return out;
}

/**
 * The facts of an SNS alarm notification. Its `Region` is a display name ("EU (Ireland)"), so the Region
 * code comes from `AlarmArn`; `notificationTime` (the SNS `Timestamp`) stands in when `StateChangeTime` is missing.
 */
export function factsFromSnsMessage(message: SnsAlarmMessage, notificationTime: string | null = null): AlarmFacts {
  const metrics: AlarmMetric[] = [];
  const trigger = message.Trigger;
  if (trigger?.MetricName !== undefined && trigger.Namespace !== undefined) {
    metrics.push({ namespace: trigger.Namespace, name: trigger.MetricName, dimensions: dimensionRecord(trigger.Dimensions) });
  }
  for (const query of trigger?.Metrics ?? []) {
    const metric = query.MetricStat?.Metric;
    if (metric !== undefined) metrics.push({ namespace: metric.Namespace, name: metric.MetricName, dimensions: dimensionRecord(metric.Dimensions) });
  }
  const arn = alarmArnParts(message.AlarmArn);
  return {
    alarmName: message.AlarmName,
    state: message.NewStateValue,
    reason: message.NewStateReason ?? null,
    time: normaliseTime(message.StateChangeTime) ?? normaliseTime(notificationTime),
    region: arn.region,
    account: message.AWSAccountId ?? arn.account,
    metrics,
    composite: message.AlarmRule === undefined ? null : { rule: message.AlarmRule, triggeredBy: [] },
  };
}

function alarmSignal(facts: AlarmFacts, target: ApiTarget, reason: string | null): Signal {
  return {
    source: 'alarm',
    apiId: target.apiId,
    apiName: target.apiName,
    stage: target.stage,
    state: facts.state,
    region: facts.region,
    account: facts.account,
    apiKind: target.apiKind,
    alarmName: facts.alarmName,
    ...(reason === null ? {} : { reason }),
    ...(facts.time === null ? {} : { time: facts.time }),
  };
}

function describeMetrics(metrics: readonly AlarmMetric[]): string {
  const names = [...new Set(metrics.map((m) => `${m.namespace} ${m.name}`))];
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/**
 * The signals of one alarm state change: one per distinct API and stage among its 5xx metrics (a
 * metric-math alarm may combine several); a composite alarm gives one signal with no API, since the event
 * names only child alarms; an alarm on any other metric is ignored with the reason.
 */
export function alarmToSignals(facts: AlarmFacts): { signals: Signal[]; ignored: IgnoredEvent[] } {
  const name = oneLine(facts.alarmName, 120);
  if (facts.composite !== null && facts.metrics.length === 0) {
    const children = facts.composite.triggeredBy.length === 0 ? '' : ` Triggered by: ${facts.composite.triggeredBy.join(', ')}.`;
    const stateReason = facts.reason === null ? '' : ` ${facts.reason}`;
    const reason = oneLine(
      `Composite alarm (rule: ${facts.composite.rule}); the event names no API, resolve it from the child alarms.${children}${stateReason}`,
      1000,
    );
    return { signals: [alarmSignal(facts, { apiKind: 'unknown', apiId: null, apiName: null, stage: null }, reason)], ignored: [] };
  }

  const seen = new Set<string>();
  const signals: Signal[] = [];
  for (const metric of facts.metrics) {
    const target = apiTarget(metric);
    if (target === null) continue;
    const key = [target.apiKind, target.apiId, target.apiName, target.stage].join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    signals.push(alarmSignal(facts, target, facts.reason));
  }
  if (signals.length > 0) return { signals, ignored: [] };

  if (facts.metrics.length === 0) {
    return { signals: [], ignored: [{ reason: `alarm "${name}" names no metric, so it cannot be tied to an API Gateway 5xx metric` }] };
  }
  return {
    signals: [],
    ignored: [
      {
        reason: oneLine(
          `alarm "${name}" watches ${describeMetrics(facts.metrics)}, not an API Gateway 5xx metric (AWS/ApiGateway 5XXError or 5xx)`,
        ),
      },
    ],
  };
}
