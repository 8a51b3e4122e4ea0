import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCESS_FAILURE_PATTERN, EXECUTION_FAILURE_PATTERN } from '../../../../shared/domain/logs/failure-patterns.ts';
import { filterPatternMatcher, MAX_FILTER_PATTERN_LENGTH, parseFilterPattern } from '../../../../shared/domain/logs/filter-pattern.ts';
import { GATEWAY_LOG_TARGETS, RULES } from '../../../../shared/domain/classify/rules.ts';
import type { RawLogEvent } from '../../../../shared/domain/model.ts';
import { err, ok, type Result } from '../../../../shared/domain/result.ts';
import { classifyLogEvents } from '../../../../shared/domain/use-cases/classify-logs.ts';
import {
  ACCOUNT_POLICY_FILTER_PATTERN,
  alarmSpecFor,
  coverageScope,
  executionLogGroupName,
  managedAlarmName,
  planCoverage,
  reconcileCoverage,
  sameAlarm,
  type AlarmSpec,
  type AlarmView,
  type CoverageAccount,
  type CoverageScope,
  type CoverageSettings,
  type CoverageWrite,
  type LogGroupState,
  type StageView,
} from '../../../../shared/domain/use-cases/reconcile-coverage.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const LOG_INGEST = 'arn:aws:lambda:us-east-1:123456789012:function:apigw-doctor-LogIngest';
const SETTINGS: CoverageSettings = {
  mode: 'log-group',
  destinationArn: LOG_INGEST,
  filterName: 'apigw-doctor-failures',
  managedAlarmPrefix: 'apigw-doctor-5xx-',
  includeTags: [],
  excludeTags: [],
  stackName: 'apigw-doctor',
  ownLogGroups: ['/aws/lambda/apigw-doctor-LogIngest', 'apigw-doctor-WorkerLogs'],
};

function stage(apiId: string, stageName: string, extra: Partial<StageView> = {}): StageView {
  return { apiId, apiName: `${apiId}-api`, stageName, apiTags: {}, stageTags: {}, executionLogging: true, accessLogDestination: null, ...extra };
}

/** An in-memory account: stages, log groups (filters) and alarms, changed by the writes it receives. */
class MemoryAccount implements CoverageAccount {
  readonly groups = new Map<string, { name: string; pattern: string; destinationArn: string }[]>();
  readonly alarms = new Map<string, AlarmView>();
  readonly writes: CoverageWrite[] = [];
  failingGroups = new Set<string>();
  failingWrites = new Set<string>();

  constructor(public stages: StageView[], public incompleteApis: string[] = []) {}

  async listStages(scope: CoverageScope) {
    const stages = scope.kind === 'all' ? this.stages : this.stages.filter((s) => s.apiId === scope.restApiId);
    return ok({ stages, incompleteApis: this.incompleteApis, failures: this.incompleteApis.map((a) => `cannot list the stages of ${a}`) });
  }

  async readLogGroup(name: string): Promise<Result<LogGroupState, string>> {
    if (this.failingGroups.has(name)) return err('AccessDeniedException: no');
    const filters = this.groups.get(name);
    return ok(filters === undefined ? { exists: false } : { exists: true, filters: [...filters] });
  }

  async listAlarms(prefix: string) {
    return ok([...this.alarms.values()].filter((a) => a.name?.startsWith(prefix)));
  }

  async apply(write: CoverageWrite): Promise<Result<void, string>> {
    const target = write.kind === 'put-alarm' ? write.alarm.name : write.kind === 'delete-alarm' ? write.alarmName : write.logGroupName;
    if (this.failingWrites.has(target)) return err('LimitExceededException: too many filters');
    this.writes.push(write);
    if (write.kind === 'put-subscription-filter') {
      const filters = (this.groups.get(write.logGroupName) ?? []).filter((f) => f.name !== write.filterName);
      this.groups.set(write.logGroupName, [...filters, { name: write.filterName, pattern: write.pattern, destinationArn: write.destinationArn }]);
    } else if (write.kind === 'delete-subscription-filter') {
      this.groups.set(write.logGroupName, (this.groups.get(write.logGroupName) ?? []).filter((f) => f.name !== write.filterName));
    } else if (write.kind === 'put-alarm') {
      this.alarms.set(write.alarm.name, { ...write.alarm });
    } else {
      this.alarms.delete(write.alarmName);
    }
    return ok(undefined);
  }
}

describe('reconcileCoverage', () => {
  it('subscribes the execution and access log groups of a stage, creates its alarm, and changes nothing on a second run', async () => {
    // Prepare
    const account = new MemoryAccount([stage('a1b2c3d4e5', 'prod', { accessLogDestination: 'arn:aws:logs:us-east-1:123456789012:log-group:orders-access:*' })]);
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', []);
    account.groups.set('orders-access', [{ name: 'datadog', pattern: '', destinationArn: 'arn:aws:lambda:us-east-1:123456789012:function:dd' }]);

    // Act
    const first = await reconcileCoverage(account, SETTINGS, { kind: 'all' });
    const writesAfterFirst = account.writes.length;
    const second = await reconcileCoverage(account, SETTINGS, { kind: 'all' });

    // Assess
    expect(first.ok && first.value.applied.map((w) => w.kind)).toEqual(['put-subscription-filter', 'put-subscription-filter', 'put-alarm']);
    expect(account.groups.get('API-Gateway-Execution-Logs_a1b2c3d4e5/prod')).toEqual([{ name: 'apigw-doctor-failures', pattern: EXECUTION_FAILURE_PATTERN, destinationArn: LOG_INGEST }]);
    expect(account.groups.get('orders-access')?.map((f) => [f.name, f.pattern])).toEqual([['datadog', ''], ['apigw-doctor-failures', ACCESS_FAILURE_PATTERN]]);
    expect([...account.alarms.keys()]).toEqual(['apigw-doctor-5xx-a1b2c3d4e5-prod']);
    expect(second.ok && second.value.applied).toEqual([]);
    expect(account.writes).toHaveLength(writesAfterFirst);
    expect(second.ok && second.value.stages).toEqual([
      {
        apiId: 'a1b2c3d4e5',
        stageName: 'prod',
        watched: true,
        reason: null,
        logging: true,
        logGroups: [
          { name: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod', kind: 'execution', status: 'subscribed' },
          { name: 'orders-access', kind: 'access', status: 'subscribed' },
        ],
        alarm: 'apigw-doctor-5xx-a1b2c3d4e5-prod',
      },
    ]);
  });

  it('reports a log group with two other filters as full and never replaces them', async () => {
    // Prepare
    const others = [
      { name: 'splunk', pattern: '', destinationArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s' },
      { name: 'datadog', pattern: '', destinationArn: 'arn:aws:lambda:us-east-1:123456789012:function:dd' },
    ];
    const account = new MemoryAccount([stage('a1b2c3d4e5', 'prod')]);
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', others);

    // Act
    const result = await reconcileCoverage(account, SETTINGS, { kind: 'all' });

    // Assess
    expect(result.ok && result.value.logGroupsFull).toEqual(['API-Gateway-Execution-Logs_a1b2c3d4e5/prod']);
    expect(account.writes.filter((w) => w.kind !== 'put-alarm')).toEqual([]);
    expect(account.groups.get('API-Gateway-Execution-Logs_a1b2c3d4e5/prod')).toEqual(others);
    // Still watched: its alarm reaches alarm-ingest.
    expect(result.ok && result.value.stagesWatched).toBe(1);
  });

  it('updates its own filter in place when the pattern or destination drifted (two filters is then no obstacle)', async () => {
    // Prepare
    const account = new MemoryAccount([stage('a1b2c3d4e5', 'prod')]);
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', [
      { name: 'datadog', pattern: '', destinationArn: 'x' },
      { name: 'apigw-doctor-failures', pattern: '?ERROR', destinationArn: LOG_INGEST },
    ]);

    // Act
    await reconcileCoverage(account, SETTINGS, { kind: 'all' });

    // Assess
    expect(account.groups.get('API-Gateway-Execution-Logs_a1b2c3d4e5/prod')).toEqual([
      { name: 'datadog', pattern: '', destinationArn: 'x' },
      { name: 'apigw-doctor-failures', pattern: EXECUTION_FAILURE_PATTERN, destinationArn: LOG_INGEST },
    ]);
  });

  it('does not subscribe or alarm a stage that opts out by tag, and removes what it had made for it', async () => {
    // Prepare
    const account = new MemoryAccount([stage('a1b2c3d4e5', 'prod', { stageTags: { 'apigw-doctor:monitor': 'false' } }), stage('a1b2c3d4e5', 'dev')]);
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', [{ name: 'apigw-doctor-failures', pattern: EXECUTION_FAILURE_PATTERN, destinationArn: LOG_INGEST }]);
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/dev', []);
    const prodAlarm = alarmSpecFor(stage('a1b2c3d4e5', 'prod'), SETTINGS.managedAlarmPrefix) as AlarmSpec;
    account.alarms.set(prodAlarm.name, prodAlarm);

    // Act
    const result = await reconcileCoverage(account, SETTINGS, { kind: 'all' });

    // Assess
    expect(account.groups.get('API-Gateway-Execution-Logs_a1b2c3d4e5/prod')).toEqual([]);
    expect([...account.alarms.keys()]).toEqual(['apigw-doctor-5xx-a1b2c3d4e5-dev']);
    const prod = result.ok ? result.value.stages.find((s) => s.stageName === 'prod') : undefined;
    expect(prod).toMatchObject({ watched: false, reason: 'tagged apigw-doctor:monitor=false', alarm: null });
  });

  it('lets a stage tag override its API tag (the more specific resource wins)', async () => {
    // Prepare
    const account = new MemoryAccount([
      stage('a1b2c3d4e5', 'prod', { apiTags: { 'apigw-doctor:monitor': 'false' }, stageTags: { 'apigw-doctor:monitor': 'true' } }),
      stage('a1b2c3d4e5', 'dev', { apiTags: { 'apigw-doctor:monitor': 'false' } }),
    ]);

    // Act
    const result = await reconcileCoverage(account, SETTINGS, { kind: 'all' });

    // Assess
    expect(result.ok && result.value.stages.map((s) => [s.stageName, s.watched])).toEqual([['prod', true], ['dev', false]]);
  });

  it('applies include and exclude tags', async () => {
    // Prepare
    const settings = { ...SETTINGS, includeTags: [{ key: 'team', value: 'payments' }], excludeTags: [{ key: 'sandbox', value: null }] };
    const account = new MemoryAccount([
      stage('p1', 'prod', { apiTags: { team: 'payments' } }),
      stage('p2', 'prod', { apiTags: { team: 'payments' }, stageTags: { sandbox: 'yes' } }),
      stage('o1', 'prod', { apiTags: { team: 'orders' } }),
    ]);

    // Act
    const result = await reconcileCoverage(account, settings, { kind: 'all' });

    // Assess
    expect(result.ok && result.value.stages.map((s) => [s.apiId, s.reason])).toEqual([
      ['p1', null],
      ['p2', 'tagged sandbox (an exclude tag)'],
      ['o1', 'carries none of the include tags (team=payments)'],
    ]);
    expect([...account.alarms.keys()]).toEqual(['apigw-doctor-5xx-p1-prod']);
  });

  it("never subscribes the stack's own log groups and never watches the stack's own APIs", async () => {
    // Prepare
    const account = new MemoryAccount([
      stage('own1', 'prod', { apiTags: { 'aws:cloudformation:stack-name': 'apigw-doctor' } }),
      stage('a1b2c3d4e5', 'prod', { accessLogDestination: 'arn:aws:logs:us-east-1:123456789012:log-group:apigw-doctor-WorkerLogs' }),
    ]);
    account.groups.set('API-Gateway-Execution-Logs_own1/prod', []);
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', []);
    account.groups.set('apigw-doctor-WorkerLogs', []);

    // Act
    const result = await reconcileCoverage(account, SETTINGS, { kind: 'all' });

    // Assess
    const touched = account.writes.map((w) => (w.kind === 'put-subscription-filter' ? w.logGroupName : w.kind === 'put-alarm' ? w.alarm.name : w.kind));
    expect(touched).toEqual(['API-Gateway-Execution-Logs_a1b2c3d4e5/prod', 'apigw-doctor-5xx-a1b2c3d4e5-prod']);
    expect(result.ok && result.value.stages.map((s) => s.logGroups.map((g) => g.status))).toEqual([['not-watched'], ['subscribed', 'own']]);
    expect(result.ok && result.value.stages[0]?.reason).toBe('API own1 belongs to this stack (apigw-doctor)');
  });

  it('reports a missing execution log group (logging never wrote) without trying to subscribe it, and counts stages without logging', async () => {
    // Prepare
    const account = new MemoryAccount([stage('a1b2c3d4e5', 'prod', { executionLogging: false })]);

    // Act
    const result = await reconcileCoverage(account, SETTINGS, { kind: 'all' });

    // Assess
    expect(account.writes.map((w) => w.kind)).toEqual(['put-alarm']);
    expect(result.ok && result.value.stages[0]?.logGroups).toEqual([{ name: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod', kind: 'execution', status: 'missing' }]);
    expect(result.ok && [result.value.stagesWatched, result.value.stagesWithoutLogging]).toEqual([1, 1]);
  });

  it('deletes managed alarms of stages that are gone, keeps those of APIs it could not list, and never touches other alarms', async () => {
    // Prepare
    const account = new MemoryAccount([stage('a1b2c3d4e5', 'prod')], ['flaky00001']);
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', []);
    const gone = alarmSpecFor(stage('deleted001', 'prod'), SETTINGS.managedAlarmPrefix) as AlarmSpec;
    const flaky = alarmSpecFor(stage('flaky00001', 'prod'), SETTINGS.managedAlarmPrefix) as AlarmSpec;
    account.alarms.set(gone.name, gone);
    account.alarms.set(flaky.name, flaky);
    account.alarms.set('orders-api-prod-5xx', { ...gone, name: 'orders-api-prod-5xx' });

    // Act
    const result = await reconcileCoverage(account, SETTINGS, { kind: 'all' });

    // Assess
    expect([...account.alarms.keys()].sort()).toEqual(['apigw-doctor-5xx-a1b2c3d4e5-prod', 'apigw-doctor-5xx-flaky00001-prod', 'orders-api-prod-5xx']);
    expect(result.ok && result.value.failures).toEqual(['cannot list the stages of flaky00001']);
  });

  it('in a one-API run looks only at that API: its stages, its groups, its alarms', async () => {
    // Prepare
    const account = new MemoryAccount([stage('a1b2c3d4e5', 'prod'), stage('other00001', 'prod')]);
    const otherAlarm = alarmSpecFor(stage('zzzz000001', 'prod'), SETTINGS.managedAlarmPrefix) as AlarmSpec;
    account.alarms.set(otherAlarm.name, otherAlarm);

    // Act
    await reconcileCoverage(account, SETTINGS, { kind: 'api', restApiId: 'a1b2c3d4e5' });

    // Assess
    expect(account.writes).toEqual([expect.objectContaining({ kind: 'put-alarm', alarm: expect.objectContaining({ name: 'apigw-doctor-5xx-a1b2c3d4e5-prod' }) })]);
    expect(account.alarms.has(otherAlarm.name)).toBe(true);
  });

  it('in account mode makes no per-group filter and removes its own, leaving the others', async () => {
    // Prepare
    const account = new MemoryAccount([stage('a1b2c3d4e5', 'prod')]);
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', [
      { name: 'apigw-doctor-failures', pattern: EXECUTION_FAILURE_PATTERN, destinationArn: LOG_INGEST },
      { name: 'datadog', pattern: '', destinationArn: 'x' },
    ]);

    // Act
    const result = await reconcileCoverage(account, { ...SETTINGS, mode: 'account' }, { kind: 'all' });

    // Assess
    expect(account.groups.get('API-Gateway-Execution-Logs_a1b2c3d4e5/prod')?.map((f) => f.name)).toEqual(['datadog']);
    expect(result.ok && result.value.stages[0]?.logGroups[0]?.status).toBe('account-policy');
    expect(result.ok && result.value.mode).toBe('account');
  });

  it('reports failed reads and writes and carries on with the rest', async () => {
    // Prepare
    const account = new MemoryAccount([stage('a1b2c3d4e5', 'prod'), stage('b2c3d4e5f6', 'prod')]);
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', []);
    account.groups.set('API-Gateway-Execution-Logs_b2c3d4e5f6/prod', []);
    account.failingGroups.add('API-Gateway-Execution-Logs_a1b2c3d4e5/prod');
    account.failingWrites.add('API-Gateway-Execution-Logs_b2c3d4e5f6/prod');

    // Act
    const result = await reconcileCoverage(account, SETTINGS, { kind: 'all' });

    // Assess
    expect(result.ok && result.value.failures).toEqual([
      'cannot read the subscription filters of API-Gateway-Execution-Logs_a1b2c3d4e5/prod: AccessDeniedException: no',
      'PutSubscriptionFilter apigw-doctor-failures on API-Gateway-Execution-Logs_b2c3d4e5f6/prod failed: LimitExceededException: too many filters',
    ]);
    expect(result.ok && result.value.stages.map((s) => s.logGroups[0]?.status)).toEqual(['unreadable', 'unreadable']);
    expect([...account.alarms.keys()].sort()).toEqual(['apigw-doctor-5xx-a1b2c3d4e5-prod', 'apigw-doctor-5xx-b2c3d4e5f6-prod']);
  });

  it('refuses log-group mode without a destination', async () => {
    // Act
    const result = await reconcileCoverage(new MemoryAccount([]), { ...SETTINGS, destinationArn: null }, { kind: 'all' });

    // Assess
    expect(result).toEqual({ ok: false, error: 'log-group mode needs the log-ingest function ARN (LOG_INGEST_ARN)' });
  });
});

describe('planCoverage', () => {
  it('gives one filter to an access log group several watched stages share', () => {
    // Prepare
    const destination = 'arn:aws:logs:us-east-1:123456789012:log-group:shared-access';
    const stages = [stage('a1', 'prod', { accessLogDestination: destination }), stage('a2', 'prod', { accessLogDestination: destination })];
    const logGroups = new Map<string, LogGroupState>([
      ['API-Gateway-Execution-Logs_a1/prod', { exists: true, filters: [] }],
      ['API-Gateway-Execution-Logs_a2/prod', { exists: true, filters: [] }],
      ['shared-access', { exists: true, filters: [] }],
    ]);

    // Act
    const plan = planCoverage({ listing: { stages, incompleteApis: [], failures: [] }, logGroups, alarms: [] }, SETTINGS);

    // Assess
    expect(plan.writes.filter((w) => w.kind === 'put-subscription-filter').map((w) => w.kind === 'put-subscription-filter' && w.logGroupName)).toEqual([
      'API-Gateway-Execution-Logs_a1/prod',
      'API-Gateway-Execution-Logs_a2/prod',
      'shared-access',
    ]);
  });

  it('writes no alarm when the alarms could not be listed (it cannot tell what exists)', () => {
    // Act
    const plan = planCoverage({ listing: { stages: [stage('a1', 'prod')], incompleteApis: [], failures: [] }, logGroups: new Map(), alarms: null }, SETTINGS);

    // Assess
    expect(plan.writes).toEqual([]);
  });

  it('leaves a firehose access-log destination alone (only CloudWatch Logs groups can be subscribed)', () => {
    // Prepare
    const stages = [stage('a1', 'prod', { accessLogDestination: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-x' })];

    // Act
    const plan = planCoverage({ listing: { stages, incompleteApis: [], failures: [] }, logGroups: new Map(), alarms: [] }, SETTINGS);

    // Assess
    expect(plan.stages[0]?.logGroups.map((g) => g.name)).toEqual(['API-Gateway-Execution-Logs_a1/prod']);
  });
});

describe('the managed alarm', () => {
  it('watches 5XXError by ApiName and Stage, and a DescribeAlarms answer of the same alarm is the same alarm', () => {
    // Prepare
    const spec = alarmSpecFor(stage('a1b2c3d4e5', 'prod', { apiName: 'orders-api' }), 'apigw-doctor-5xx-') as AlarmSpec;
    // DescribeAlarms omits DatapointsToAlarm when it equals EvaluationPeriods, and may order dimensions differently.
    const described: AlarmView = { ...spec, datapointsToAlarm: null, dimensions: [...spec.dimensions].reverse() };

    // Act / Assess
    expect(spec).toMatchObject({ name: 'apigw-doctor-5xx-a1b2c3d4e5-prod', namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: [{ name: 'ApiName', value: 'orders-api' }, { name: 'Stage', value: 'prod' }], treatMissingData: 'notBreaching' });
    expect(sameAlarm(described, spec)).toBe(true);
    expect(sameAlarm({ ...described, threshold: 5 }, spec)).toBe(false);
    expect(managedAlarmName('p-', 'a1', 'prod')).toBe('p-a1-prod');
  });

  it('is not made for an API without a name (the metric is published per ApiName)', () => {
    expect(alarmSpecFor(stage('a1', 'prod', { apiName: null }), 'p-')).toBeNull();
  });
});

describe('coverageScope', () => {
  it.each([
    { event: { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }, scope: { kind: 'all' } },
    { event: { detail: { eventName: 'UpdateStage', requestParameters: { restApiId: 'a1b2c3d4e5', stageName: 'prod' } } }, scope: { kind: 'api', restApiId: 'a1b2c3d4e5' } },
    { event: { detail: { eventName: 'CreateLogGroup', requestParameters: { logGroupName: 'API-Gateway-Execution-Logs_k7m2p9q4rx/live' } } }, scope: { kind: 'api', restApiId: 'k7m2p9q4rx' } },
    { event: { detail: { eventName: 'CreateLogGroup', requestParameters: { logGroupName: '/aws/lambda/x' } } }, scope: { kind: 'all' } },
    // An HTTP API (apigatewayv2) event names apiId, not restApiId: a full sweep is the safe answer.
    { event: { detail: { eventName: 'CreateStage', requestParameters: { apiId: 'h7tq2xk9wb' } } }, scope: { kind: 'all' } },
    { event: 'not an event', scope: { kind: 'all' } },
  ])('$scope.kind for $event', ({ event, scope }) => {
    expect(coverageScope(event)).toEqual(scope);
  });
});

describe('what a subscription forwards', () => {
  const execution = filterPatternMatcher(EXECUTION_FAILURE_PATTERN);
  const access = filterPatternMatcher(ACCESS_FAILURE_PATTERN);
  const account = filterPatternMatcher(ACCOUNT_POLICY_FILTER_PATTERN);

  it('the account-level pattern is an "any of" CloudWatch accepts, holding every term of both per-group patterns', () => {
    // Prepare
    const parsed = parseFilterPattern(ACCOUNT_POLICY_FILTER_PATTERN);
    const terms = (p: string) => {
      const r = parseFilterPattern(p);
      return r.ok && r.value.kind === 'any-term' ? r.value.terms : ['not an any-term pattern'];
    };

    // Act / Assess
    expect(ACCOUNT_POLICY_FILTER_PATTERN.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
    expect(parsed.ok && parsed.value.kind).toBe('any-term');
    expect(new Set(terms(ACCOUNT_POLICY_FILTER_PATTERN))).toEqual(new Set([...terms(EXECUTION_FAILURE_PATTERN), ...terms(ACCESS_FAILURE_PATTERN)]));
  });

  it.each(RULES.filter((r) => GATEWAY_LOG_TARGETS.has(r.on)).map((r) => [r.id, r.on, r.example] as const))('forwards the wording of rule %s (%s)', (_id, on, example) => {
    // Prepare
    const line = on === 'response-type' ? JSON.stringify({ requestId: 'r1', status: '502', responseType: example }) : `(7d3f9a2e-1b4c-4e8a-9f0d-2c6b8e1a4f70) ${example}`;
    const perGroup = on === 'response-type' ? access : execution;

    // Act / Assess
    expect(perGroup.ok && perGroup.value(line)).toBe(true);
    expect(account.ok && account.value(line)).toBe(true);
  });

  it.each(['logs-execution-malformed', 'logs-execution-permission', 'logs-execution-timeout', 'logs-execution-function-error', 'logs-access-json'])(
    '%s: drops the healthy lines, and the forwarded lines alone still classify to the same causes and requests',
    (name) => {
      // Prepare
      const source = JSON.parse(readFileSync(join(REPO_ROOT, 'events', 'sources', `${name}.json`), 'utf8')) as { logEvents: RawLogEvent[] };
      const matcher = name.includes('access') ? access : execution;
      if (!matcher.ok) throw new Error('pattern does not parse');

      // Act
      const forwarded = source.logEvents.filter((e) => matcher.value(e.message));
      const full = classifyLogEvents(source.logEvents).findings.map((f) => [f.cause, f.requestId]);
      const partial = classifyLogEvents(forwarded).findings.map((f) => [f.cause, f.requestId]);

      // Assess
      expect(forwarded.length).toBeGreaterThan(0);
      expect(forwarded.length).toBeLessThan(source.logEvents.length);
      expect(partial).toEqual(full);
    },
  );

  it('drops the lines of a healthy request', () => {
    // Prepare
    const healthy = [
      '(1f0c6a52-8b7e-4c3d-9a14-6e2b5d8f7a31) Starting execution for request: 1f0c6a52-8b7e-4c3d-9a14-6e2b5d8f7a31',
      '(1f0c6a52-8b7e-4c3d-9a14-6e2b5d8f7a31) HTTP Method: POST, Resource Path: /orders',
      '(1f0c6a52-8b7e-4c3d-9a14-6e2b5d8f7a31) Endpoint response body before transformations: {"statusCode":201,"body":"{}"}',
      '(1f0c6a52-8b7e-4c3d-9a14-6e2b5d8f7a31) Method completed with status: 201',
      JSON.stringify({ requestId: 'r1', status: '200', responseType: '-', integrationError: '-' }),
    ];

    // Act / Assess
    for (const m of [execution, access, account]) expect(healthy.filter((l) => m.ok && m.value(l))).toEqual([]);
  });

  it('names the execution log group the way API Gateway does', () => {
    expect(executionLogGroupName('a1b2c3d4e5', 'prod')).toBe('API-Gateway-Execution-Logs_a1b2c3d4e5/prod');
  });
});
