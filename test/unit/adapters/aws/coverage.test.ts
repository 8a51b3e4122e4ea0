import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  APIGatewayClient,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetResourcesCommand,
  type GetRestApisCommandInput,
  type RestApi,
  type Stage,
} from '@aws-sdk/client-api-gateway';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type DescribeAlarmsCommandInput,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DeleteSubscriptionFilterCommand,
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
  type DescribeSubscriptionFiltersCommandInput,
  type PutSubscriptionFilterCommandInput,
  type SubscriptionFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import { createCoverageAccount, declared, UndeclaredCoverageCallError } from '../../../../shared/adapters/aws/coverage.ts';
import { COVERAGE_OPERATIONS, COVERAGE_PERMISSIONS } from '../../../../shared/adapters/aws/coverage-operations.ts';
import { ACCESS_FAILURE_PATTERN, EXECUTION_FAILURE_PATTERN } from '../../../../shared/domain/logs/failure-patterns.ts';
import { reconcileCoverage, type CoverageSettings } from '../../../../shared/domain/use-cases/reconcile-coverage.ts';
import { awsError } from './mock-clients.ts';

const LOG_INGEST = 'arn:aws:lambda:us-east-1:123456789012:function:apigw-doctor-LogIngest';
const SETTINGS: CoverageSettings = {
  mode: 'log-group',
  destinationArn: LOG_INGEST,
  filterName: 'apigw-doctor-failures',
  managedAlarmPrefix: 'apigw-doctor-5xx-',
  includeTags: [],
  excludeTags: [],
  stackName: 'apigw-doctor',
  ownLogGroups: ['/aws/lambda/apigw-doctor-LogIngest'],
};

/**
 * A stateful fake account behind the real SDK clients (aws-sdk-client-mock): REST APIs paginated two
 * per page, subscription filters and alarms paginated one per page, and every write changes the state,
 * so a second reconcile sees what the first one made.
 */
class FakeAccount {
  apis: { api: RestApi; stages: Stage[] }[] = [];
  groups = new Map<string, SubscriptionFilter[]>();
  alarms = new Map<string, MetricAlarm>();
  deniedStages = new Set<string>();
  readonly apiGateway = new APIGatewayClient({ region: 'us-east-1' });
  readonly logs = new CloudWatchLogsClient({ region: 'us-east-1' });
  readonly cloudWatch = new CloudWatchClient({ region: 'us-east-1' });
  readonly mocks = { apiGateway: mockClient(this.apiGateway), logs: mockClient(this.logs), cloudWatch: mockClient(this.cloudWatch) };
  readonly sent: string[] = [];

  constructor() {
    const { apiGateway, logs, cloudWatch } = this.mocks;
    apiGateway.on(GetRestApisCommand).callsFake((input: GetRestApisCommandInput) => {
      this.sent.push('GetRestApis');
      const start = Number(input.position ?? '0');
      const items = this.apis.slice(start, start + 2).map((a) => a.api);
      return { items, ...(start + 2 < this.apis.length ? { position: String(start + 2) } : {}) };
    });
    apiGateway.on(GetRestApiCommand).callsFake((input: { restApiId: string }) => {
      this.sent.push('GetRestApi');
      const found = this.apis.find((a) => a.api.id === input.restApiId);
      if (found === undefined) throw awsError('NotFoundException', 'Invalid API identifier specified', 404);
      return found.api;
    });
    apiGateway.on(GetStagesCommand).callsFake((input: { restApiId: string }) => {
      this.sent.push('GetStages');
      if (this.deniedStages.has(input.restApiId)) throw awsError('AccessDeniedException', 'not authorized', 403);
      return { item: this.apis.find((a) => a.api.id === input.restApiId)?.stages ?? [] };
    });
    logs.on(DescribeSubscriptionFiltersCommand).callsFake((input: DescribeSubscriptionFiltersCommandInput) => {
      this.sent.push('DescribeSubscriptionFilters');
      const filters = this.groups.get(input.logGroupName ?? '');
      if (filters === undefined) throw awsError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
      const start = Number(input.nextToken ?? '0');
      return { subscriptionFilters: filters.slice(start, start + 1), ...(start + 1 < filters.length ? { nextToken: String(start + 1) } : {}) };
    });
    logs.on(PutSubscriptionFilterCommand).callsFake((input: PutSubscriptionFilterCommandInput) => {
      this.sent.push('PutSubscriptionFilter');
      const filters = this.groups.get(input.logGroupName ?? '') ?? [];
      const others = filters.filter((f) => f.filterName !== input.filterName);
      // CloudWatch Logs' own limit: a third filter is refused.
      if (others.length >= 2) throw awsError('LimitExceededException', 'Resource limit exceeded.', 400);
      this.groups.set(input.logGroupName ?? '', [...others, { filterName: input.filterName, filterPattern: input.filterPattern, destinationArn: input.destinationArn, logGroupName: input.logGroupName }]);
      return {};
    });
    logs.on(DeleteSubscriptionFilterCommand).callsFake((input: { logGroupName: string; filterName: string }) => {
      this.sent.push('DeleteSubscriptionFilter');
      this.groups.set(input.logGroupName, (this.groups.get(input.logGroupName) ?? []).filter((f) => f.filterName !== input.filterName));
      return {};
    });
    cloudWatch.on(DescribeAlarmsCommand).callsFake((input: DescribeAlarmsCommandInput) => {
      this.sent.push('DescribeAlarms');
      const all = [...this.alarms.values()].filter((a) => (a.AlarmName ?? '').startsWith(input.AlarmNamePrefix ?? ''));
      const start = Number(input.NextToken ?? '0');
      return { MetricAlarms: all.slice(start, start + 1), ...(start + 1 < all.length ? { NextToken: String(start + 1) } : {}) };
    });
    cloudWatch.on(PutMetricAlarmCommand).callsFake((input: PutMetricAlarmCommandInput) => {
      this.sent.push('PutMetricAlarm');
      const { DatapointsToAlarm, EvaluationPeriods, ...rest } = input;
      // As DescribeAlarms answers: DatapointsToAlarm only when it differs from EvaluationPeriods.
      this.alarms.set(input.AlarmName ?? '', { ...rest, EvaluationPeriods, ...(DatapointsToAlarm === EvaluationPeriods ? {} : { DatapointsToAlarm }) } as MetricAlarm);
      return {};
    });
    cloudWatch.on(DeleteAlarmsCommand).callsFake((input: { AlarmNames: string[] }) => {
      this.sent.push('DeleteAlarms');
      for (const name of input.AlarmNames) this.alarms.delete(name);
      return {};
    });
  }

  port() {
    return createCoverageAccount({ apiGateway: this.apiGateway, logs: this.logs, cloudWatch: this.cloudWatch });
  }
}

const loggingOn = { '*/*': { loggingLevel: 'ERROR' } };

function restApi(id: string, tags: Record<string, string> = {}): RestApi {
  return { id, name: `${id}-api`, tags };
}

let account: FakeAccount;

beforeEach(() => {
  account = new FakeAccount();
});

describe('the coverage adapter with reconcileCoverage (aws-sdk-client-mock)', () => {
  it('pages through every REST API, subscribes each stage, alarms it, and a second run sends no write', async () => {
    // Prepare: five APIs (three pages of GetRestApis), one with an access log group.
    for (const id of ['api0000001', 'api0000002', 'api0000003', 'api0000004', 'api0000005']) {
      account.apis.push({ api: restApi(id), stages: [{ stageName: 'prod', methodSettings: loggingOn }] });
      account.groups.set(`API-Gateway-Execution-Logs_${id}/prod`, []);
    }
    const first = account.apis[0];
    if (first?.stages[0] === undefined) throw new Error('fixture');
    first.stages[0].accessLogSettings = { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api1-access', format: '{}' };
    account.groups.set('api1-access', []);

    // Act
    const run1 = await reconcileCoverage(account.port(), SETTINGS, { kind: 'all' });
    const writesAfterRun1 = account.sent.filter((op) => COVERAGE_OPERATIONS[op as keyof typeof COVERAGE_OPERATIONS].access === 'write').length;
    account.sent.length = 0;
    const run2 = await reconcileCoverage(account.port(), SETTINGS, { kind: 'all' });

    // Assess
    expect(account.mocks.apiGateway.commandCalls(GetRestApisCommand).map((c) => c.args[0].input.position ?? null)).toEqual([null, '2', '4', null, '2', '4']);
    expect(run1.ok && run1.value.stagesWatched).toBe(5);
    expect(writesAfterRun1).toBe(11);
    expect(account.groups.get('api1-access')).toEqual([{ filterName: 'apigw-doctor-failures', filterPattern: ACCESS_FAILURE_PATTERN, destinationArn: LOG_INGEST, logGroupName: 'api1-access' }]);
    expect(account.groups.get('API-Gateway-Execution-Logs_api0000003/prod')?.[0]?.filterPattern).toBe(EXECUTION_FAILURE_PATTERN);
    expect(account.alarms.get('apigw-doctor-5xx-api0000003-prod')).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: [{ Name: 'ApiName', Value: 'api0000003-api' }, { Name: 'Stage', Value: 'prod' }] });
    expect(run2.ok && run2.value.applied).toEqual([]);
    expect(account.sent.filter((op) => COVERAGE_OPERATIONS[op as keyof typeof COVERAGE_OPERATIONS].access === 'write')).toEqual([]);
    expect(account.mocks.cloudWatch.commandCalls(DescribeAlarmsCommand).length).toBeGreaterThan(2);
  });

  it('reads every page of a log group\'s filters: a group full on page two is not written to', async () => {
    // Prepare
    account.apis.push({ api: restApi('a1b2c3d4e5'), stages: [{ stageName: 'prod', methodSettings: loggingOn }] });
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', [
      { filterName: 'splunk', filterPattern: '', destinationArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s' },
      { filterName: 'datadog', filterPattern: '', destinationArn: 'arn:aws:lambda:us-east-1:123456789012:function:dd' },
    ]);

    // Act
    const result = await reconcileCoverage(account.port(), SETTINGS, { kind: 'all' });

    // Assess
    expect(account.mocks.logs.commandCalls(DescribeSubscriptionFiltersCommand).map((c) => c.args[0].input.nextToken ?? null)).toEqual([null, '1']);
    expect(account.mocks.logs.commandCalls(PutSubscriptionFilterCommand)).toEqual([]);
    expect(result.ok && result.value.logGroupsFull).toEqual(['API-Gateway-Execution-Logs_a1b2c3d4e5/prod']);
    expect(account.groups.get('API-Gateway-Execution-Logs_a1b2c3d4e5/prod')?.map((f) => f.filterName)).toEqual(['splunk', 'datadog']);
  });

  it('skips an opted-out stage and the stack\'s own API, and never subscribes its own log groups', async () => {
    // Prepare
    account.apis.push({ api: restApi('own0000001', { 'aws:cloudformation:stack-name': 'apigw-doctor' }), stages: [{ stageName: 'prod', methodSettings: loggingOn }] });
    account.apis.push({
      api: restApi('a1b2c3d4e5'),
      stages: [
        { stageName: 'prod', methodSettings: loggingOn, accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/apigw-doctor-LogIngest' } },
        { stageName: 'dev', methodSettings: loggingOn, tags: { 'apigw-doctor:monitor': 'false' } },
      ],
    });
    for (const g of ['API-Gateway-Execution-Logs_own0000001/prod', 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod', 'API-Gateway-Execution-Logs_a1b2c3d4e5/dev', '/aws/lambda/apigw-doctor-LogIngest']) account.groups.set(g, []);

    // Act
    await reconcileCoverage(account.port(), SETTINGS, { kind: 'all' });

    // Assess
    expect(account.mocks.logs.commandCalls(PutSubscriptionFilterCommand).map((c) => c.args[0].input.logGroupName)).toEqual(['API-Gateway-Execution-Logs_a1b2c3d4e5/prod']);
    expect(account.mocks.logs.commandCalls(DescribeSubscriptionFiltersCommand).map((c) => c.args[0].input.logGroupName)).not.toContain('/aws/lambda/apigw-doctor-LogIngest');
    expect([...account.alarms.keys()]).toEqual(['apigw-doctor-5xx-a1b2c3d4e5-prod']);
  });

  it('treats a missing log group as "not yet created" and a denied stage listing as a failure that deletes nothing', async () => {
    // Prepare
    account.apis.push({ api: restApi('a1b2c3d4e5'), stages: [{ stageName: 'prod' }] });
    account.apis.push({ api: restApi('denied0001'), stages: [{ stageName: 'prod' }] });
    account.deniedStages.add('denied0001');
    account.alarms.set('apigw-doctor-5xx-denied0001-prod', { AlarmName: 'apigw-doctor-5xx-denied0001-prod' });

    // Act
    const result = await reconcileCoverage(account.port(), SETTINGS, { kind: 'all' });

    // Assess
    expect(result.ok && result.value.stages[0]?.logGroups[0]?.status).toBe('missing');
    expect(result.ok && result.value.failures).toEqual(['cannot list the stages of denied0001: AccessDeniedException: not authorized']);
    expect(account.alarms.has('apigw-doctor-5xx-denied0001-prod')).toBe(true);
    expect(result.ok && result.value.stagesWithoutLogging).toBe(1);
  });

  it('for one deleted API (a CloudTrail DeleteStage after DeleteRestApi) removes its managed alarms only', async () => {
    // Prepare
    account.alarms.set('apigw-doctor-5xx-gone000001-prod', { AlarmName: 'apigw-doctor-5xx-gone000001-prod' });
    account.alarms.set('apigw-doctor-5xx-kept000001-prod', { AlarmName: 'apigw-doctor-5xx-kept000001-prod' });

    // Act
    await reconcileCoverage(account.port(), SETTINGS, { kind: 'api', restApiId: 'gone000001' });

    // Assess
    expect(account.mocks.cloudWatch.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input.AlarmNamePrefix).toBe('apigw-doctor-5xx-gone000001-');
    expect([...account.alarms.keys()]).toEqual(['apigw-doctor-5xx-kept000001-prod']);
  });

  it('fails the run when the REST APIs cannot be listed at all', async () => {
    // Prepare
    account.mocks.apiGateway.on(GetRestApisCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));

    // Act
    const result = await reconcileCoverage(account.port(), SETTINGS, { kind: 'all' });

    // Assess
    expect(result).toEqual({ ok: false, error: 'cannot list the REST APIs: AccessDeniedException: not authorized' });
  });

  it('refuses a call that is not in the coverage operations table, and never turns that refusal into a failure value', async () => {
    // Prepare
    const port = createCoverageAccount({ apiGateway: account.apiGateway, logs: account.logs, cloudWatch: account.cloudWatch });
    account.mocks.apiGateway.on(GetRestApisCommand).callsFake(() => {
      throw new UndeclaredCoverageCallError('GetResources is not in the coverage operations table');
    });

    // Act / Assess
    expect(() => declared(new GetResourcesCommand({ restApiId: 'x' }))).toThrow('GetResources is not in the coverage operations table');
    expect(declared(new GetStagesCommand({ restApiId: 'x' }))).toBeInstanceOf(GetStagesCommand);
    await expect(port.listStages({ kind: 'all' })).rejects.toThrow(UndeclaredCoverageCallError);
  });
});

describe('the coverage operations table', () => {
  it('sends exactly the operations of the table over a run that reads and writes everything', async () => {
    // Prepare
    account.apis.push({ api: restApi('a1b2c3d4e5', { 'apigw-doctor:monitor': 'false' }), stages: [{ stageName: 'prod', methodSettings: loggingOn }] });
    account.apis.push({ api: restApi('b2c3d4e5f6'), stages: [{ stageName: 'prod', methodSettings: loggingOn }] });
    account.groups.set('API-Gateway-Execution-Logs_a1b2c3d4e5/prod', [{ filterName: 'apigw-doctor-failures', filterPattern: 'x', destinationArn: LOG_INGEST }]);
    account.groups.set('API-Gateway-Execution-Logs_b2c3d4e5f6/prod', []);
    account.alarms.set('apigw-doctor-5xx-a1b2c3d4e5-prod', { AlarmName: 'apigw-doctor-5xx-a1b2c3d4e5-prod' });

    // Act
    await reconcileCoverage(account.port(), SETTINGS, { kind: 'all' });
    await reconcileCoverage(account.port(), SETTINGS, { kind: 'api', restApiId: 'b2c3d4e5f6' });

    // Assess
    expect(new Set(account.sent)).toEqual(new Set(Object.keys(COVERAGE_OPERATIONS)));
  });

  it("grants every operation's permission in its statement, and every statement action belongs to an operation", () => {
    // Prepare
    const operations = Object.values(COVERAGE_OPERATIONS);

    // Act
    const missing = operations.filter((o) => !COVERAGE_PERMISSIONS.find((g) => g.sid === o.grant)?.actions.includes(o.permission));
    const unused = COVERAGE_PERMISSIONS.flatMap((g) => g.actions.filter((a) => !operations.some((o) => o.grant === g.sid && o.permission === a)));

    // Assess
    expect(missing).toEqual([]);
    expect(unused).toEqual([]);
  });

  it('scopes every write to resources, and alarm writes to the managed prefix', () => {
    // Prepare
    const writeSids = new Set<string>(Object.values(COVERAGE_OPERATIONS).filter((o) => o.access === 'write').map((o) => o.grant));

    // Act
    const writes = COVERAGE_PERMISSIONS.filter((g) => writeSids.has(g.sid));

    // Assess
    expect(writes.flatMap((g) => g.resources).filter((r) => r === '*')).toEqual([]);
    expect(writes.find((g) => g.actions.includes('cloudwatch:PutMetricAlarm'))?.resources).toEqual(['arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:${ManagedAlarmPrefix}*']);
  });
});
