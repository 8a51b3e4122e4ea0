/**
 * The stack's EventBridge patterns (shared/events/eventbridge-patterns.ts, the constants the stack
 * deploys) against the real sample events in `events/`, events derived from them, the CloudTrail
 * fixtures, the managed 5XXError alarms the coverage function creates, and every self-monitoring
 * alarm the stack synthesizes, with the in-house matcher (test/support/event-pattern-matcher.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { alarmSpecFor, type AlarmSpec } from '../../shared/domain/use-cases/reconcile-coverage.ts';
import { alarmStateChangePattern, EXECUTION_LOG_GROUP_CREATED_PATTERN, resourceNames, STAGE_CHANGE_PATTERN } from '../../shared/events/eventbridge-patterns.ts';
import { eventPatternMatcher } from '../support/event-pattern-matcher.ts';
import { resolve, resourcesOf, synthStack } from './stack-harness.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const names = resourceNames('apigw-doctor');
const alarmRule = eventPatternMatcher(alarmStateChangePattern(names.selfAlarmPrefix));

function sample(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'events', file), 'utf8')) as Record<string, unknown>;
}

function fixture(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', file), 'utf8')) as Record<string, unknown>;
}

type AlarmEvent = { detail: { alarmName: string; state: { value: string }; previousState: { value: string }; configuration: { metrics?: unknown[] } }; resources: string[] };

/** The single-metric sample with another name, metric or transition. */
function alarmEvent(changes: { name?: string; namespace?: string; metric?: string; state?: string; previous?: string }): AlarmEvent {
  const event = structuredClone(sample('alarm-eventbridge-5xx.json')) as unknown as AlarmEvent;
  const metric = (event.detail.configuration.metrics?.[0] as { metricStat: { metric: { namespace: string; name: string } } }).metricStat.metric;
  if (changes.name !== undefined) {
    event.detail.alarmName = changes.name;
    event.resources = [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${changes.name}`];
  }
  if (changes.namespace !== undefined) metric.namespace = changes.namespace;
  if (changes.metric !== undefined) metric.name = changes.metric;
  if (changes.state !== undefined) event.detail.state.value = changes.state;
  if (changes.previous !== undefined) event.detail.previousState.value = changes.previous;
  return event;
}

describe('the alarm rule on the sample events', () => {
  it.each([
    { file: 'alarm-eventbridge-5xx.json', match: true, why: 'single-metric 5XXError alarm going to ALARM' },
    { file: 'alarm-eventbridge-metric-math.json', match: true, why: 'metric math over 5XXError (one metric of the array matches)' },
    { file: 'alarm-eventbridge-composite.json', match: true, why: 'composite alarm whose rule names a 5xx child alarm' },
    { file: 'alarm-http-api-5xx.json', match: true, why: 'HTTP API 5xx metric' },
    { file: 'alarm-other-metric.json', match: false, why: 'AWS/Lambda Errors' },
    { file: 'alarm-sns-5xx.json', match: false, why: 'an SNS delivery, not an EventBridge event' },
    { file: 'alarm-lambda-action-5xx.json', match: false, why: 'a Lambda alarm action payload, not an EventBridge event' },
    { file: 'logs-execution-malformed.json', match: false, why: 'a log subscription batch' },
    { file: 'not-an-apigw-event.json', match: false, why: 'an S3 notification' },
  ])('$file → $match ($why)', ({ file, match }) => {
    // Act / Assess
    expect(alarmRule(sample(file))).toBe(match);
  });
});

describe('the alarm rule on transitions and names', () => {
  it.each([
    { changes: { state: 'OK', previous: 'ALARM' }, match: true, why: 'back to OK resolves the incidents' },
    { changes: { state: 'ALARM', previous: 'INSUFFICIENT_DATA' }, match: true, why: 'a new alarm going straight to ALARM' },
    { changes: { state: 'OK', previous: 'INSUFFICIENT_DATA' }, match: false, why: "a new alarm's first evaluation is no incident" },
    { changes: { state: 'INSUFFICIENT_DATA', previous: 'ALARM' }, match: false, why: 'no data is not a resolution' },
    { changes: { metric: 'Count' }, match: false, why: 'another API Gateway metric' },
    { changes: { namespace: 'AWS/ApiGatewayV2', metric: '5xx' }, match: false, why: 'the metric name alone is not enough' },
    { changes: { name: 'apigw-doctor-self-worker-errors' }, match: false, why: 'a self-monitoring alarm name, even on a 5xx metric' },
    { changes: { name: 'apigw-doctor-5xx-a1b2c3d4e5-prod' }, match: true, why: 'a managed alarm is an API incident' },
  ])('$why → $match', ({ changes, match }) => {
    // Act / Assess
    expect(alarmRule(alarmEvent(changes))).toBe(match);
  });

  it('matches every managed alarm the coverage function creates', () => {
    // Prepare
    const specs = [['a1b2c3d4e5', 'orders-api', 'prod'], ['k7m2p9q4rx', 'payments', 'live'], ['h7tq2xk9wb', 'self-service', 'v1-beta']].map(
      ([apiId, apiName, stageName]) => alarmSpecFor({ apiId: apiId as string, apiName: apiName as string, stageName: stageName as string, apiTags: {}, stageTags: {}, executionLogging: true, accessLogDestination: null }, names.managedAlarmPrefix) as AlarmSpec,
    );

    // Act
    const matched = specs.map((s) => alarmRule(alarmEvent({ name: s.name, namespace: s.namespace, metric: s.metricName })));

    // Assess
    expect(matched).toEqual([true, true, true]);
  });

  let alarms: { AlarmName: string; Namespace: string; MetricName: string }[] = [];
  beforeAll(() => {
    // Every alarm the stack synthesizes (the first synth loads aws-cdk-lib: seconds on a busy machine).
    alarms = resourcesOf(synthStack().json, 'AWS::CloudWatch::Alarm').map(([, p]) => resolve(p) as { AlarmName: string; Namespace: string; MetricName: string });
  }, 120_000);

  it("never matches one of the stack's own alarms (no self-alerting loop), whatever they watch", () => {
    // Prepare: each alarm as the state-change event it would send.

    // Act
    const matched = alarms.filter((a) => alarmRule(alarmEvent({ name: a.AlarmName, namespace: a.Namespace, metric: a.MetricName })));
    // The same alarms, had they watched API Gateway 5xx: the name alone keeps them out.
    const ifOnApiGateway = alarms.filter((a) => alarmRule(alarmEvent({ name: a.AlarmName, namespace: 'AWS/ApiGateway', metric: '5XXError' })));

    // Assess
    expect(alarms.length).toBeGreaterThan(10);
    expect(matched).toEqual([]);
    expect(ifOnApiGateway).toEqual([]);
  });
});

describe('the coverage rules on CloudTrail events', () => {
  const stageChange = eventPatternMatcher(STAGE_CHANGE_PATTERN);
  const logGroupCreated = eventPatternMatcher(EXECUTION_LOG_GROUP_CREATED_PATTERN);

  it.each([
    { file: 'cloudtrail-create-stage.json', stage: true, group: false },
    { file: 'cloudtrail-update-stage.json', stage: true, group: false },
    { file: 'cloudtrail-create-deployment.json', stage: true, group: false },
    { file: 'cloudtrail-delete-stage.json', stage: true, group: false },
    { file: 'cloudtrail-create-rest-api.json', stage: false, group: false },
    { file: 'cloudtrail-create-log-group-execution.json', stage: false, group: true },
    { file: 'cloudtrail-create-log-group-lambda.json', stage: false, group: false },
  ])('$file: stage-change $stage, log-group-created $group', ({ file, stage, group }) => {
    // Prepare
    const event = fixture(file);

    // Act / Assess
    expect(stageChange(event)).toBe(stage);
    expect(logGroupCreated(event)).toBe(group);
  });

  it('no alarm event reaches the coverage rules and no CloudTrail event reaches the alarm rule', () => {
    // Prepare
    const alarms = ['alarm-eventbridge-5xx.json', 'alarm-eventbridge-metric-math.json', 'alarm-eventbridge-composite.json'].map(sample);
    const trails = ['cloudtrail-create-stage.json', 'cloudtrail-create-log-group-execution.json'].map(fixture);

    // Act / Assess
    expect(alarms.filter((e) => stageChange(e) || logGroupCreated(e))).toEqual([]);
    expect(trails.filter((e) => alarmRule(e))).toEqual([]);
  });
});
