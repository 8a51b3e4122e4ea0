import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { APIGatewayClient, GetRestApiCommand, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeSubscriptionFiltersCommand, PutSubscriptionFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { captureOutput, emfBlobWithMetric, emfMetricNames, lambdaContext, stubLambdaEnv, type OutputCapture } from './lambda-harness.ts';

const FUNCTION_NAME = 'apigw-doctor-coverage';
const LOG_INGEST = 'arn:aws:lambda:us-east-1:123456789012:function:apigw-doctor-LogIngest';
const SCHEDULED = { version: '0', id: 'e1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012', time: '2026-11-20T14:00:00Z', region: 'us-east-1', resources: [], detail: {} };

type CoverageHandler = (typeof import('../../../functions/coverage/handler.ts'))['handler'];

const apiGateway = mockClient(APIGatewayClient);
const logs = mockClient(CloudWatchLogsClient);
const cloudWatch = mockClient(CloudWatchClient);
let handler: CoverageHandler;
let out: OutputCapture;

beforeEach(async () => {
  for (const m of [apiGateway, logs, cloudWatch]) m.reset();
  apiGateway.on(GetRestApisCommand).resolves({ items: [{ id: 'a1b2c3d4e5', name: 'orders-api', tags: {} }] });
  apiGateway.on(GetRestApiCommand).resolves({ id: 'a1b2c3d4e5', name: 'orders-api', tags: {} });
  apiGateway.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod', methodSettings: { '*/*': { loggingLevel: 'ERROR' } } }] });
  logs.on(DescribeSubscriptionFiltersCommand).resolves({ subscriptionFilters: [] });
  logs.on(PutSubscriptionFilterCommand).resolves({});
  cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  cloudWatch.on(PutMetricAlarmCommand).resolves({});
  vi.resetModules();
  stubLambdaEnv(FUNCTION_NAME);
  vi.stubEnv('LOG_INGEST_ARN', LOG_INGEST);
  vi.stubEnv('STACK_NAME', 'apigw-doctor');
  ({ handler } = await import('../../../functions/coverage/handler.ts'));
  out = captureOutput();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('coverage handler', () => {
  it('a scheduled sweep reconciles the account and emits the coverage metrics and the heartbeat', async () => {
    // Act
    const result = await handler(SCHEDULED, lambdaContext(FUNCTION_NAME, 'c0ffee00-0000-4000-8000-000000000001'));

    // Assess
    expect(result).toEqual({ scope: 'account', mode: 'log-group', stagesWatched: 1, stagesWithoutLogging: 0, logGroupsFull: 0, changes: 2, failures: 0 });
    expect(logs.commandCalls(PutSubscriptionFilterCommand)[0]?.args[0].input).toMatchObject({ logGroupName: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod', filterName: 'apigw-doctor-failures', destinationArn: LOG_INGEST });
    const blob = emfBlobWithMetric(out.emf(), 'Heartbeat');
    expect(emfMetricNames(blob)).toEqual(expect.arrayContaining(['StagesWatched', 'StagesWithoutLogging', 'LogGroupsFull', 'CoverageChanges', 'CoverageFailures', 'Heartbeat']));
    expect(blob['StagesWatched']).toBe(1);
    expect(blob['service']).toBe('apigw-doctor');
    expect(out.logsWithMessage('Coverage changed').map((r) => r['change'])).toEqual([
      'PutSubscriptionFilter apigw-doctor-failures on API-Gateway-Execution-Logs_a1b2c3d4e5/prod',
      'PutMetricAlarm apigw-doctor-5xx-a1b2c3d4e5-prod',
    ]);
  });

  it('a CloudTrail UpdateStage reconciles that API only, without account-wide figures or heartbeat', async () => {
    // Prepare
    const event = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'infra', 'fixtures', 'cloudtrail-update-stage.json'), 'utf8')) as unknown;

    // Act
    const result = await handler(event, lambdaContext(FUNCTION_NAME, 'c0ffee00-0000-4000-8000-000000000002'));

    // Assess
    expect(result.scope).toBe('api a1b2c3d4e5');
    expect(apiGateway.commandCalls(GetRestApisCommand)).toEqual([]);
    expect(apiGateway.commandCalls(GetRestApiCommand)[0]?.args[0].input).toEqual({ restApiId: 'a1b2c3d4e5' });
    const names = out.emf().flatMap(emfMetricNames);
    expect(names).toContain('CoverageChanges');
    expect(names).not.toContain('Heartbeat');
    expect(names).not.toContain('StagesWatched');
  });

  it('counts a run that cannot list the APIs as a coverage failure (the self-monitoring alarm watches it)', async () => {
    // Prepare
    apiGateway.on(GetRestApisCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

    // Act
    const result = await handler(SCHEDULED, lambdaContext(FUNCTION_NAME, 'c0ffee00-0000-4000-8000-000000000003'));

    // Assess
    expect(result.failures).toBe(1);
    expect(out.logsWithMessage('Coverage run failed')[0]).toMatchObject({ level: 'ERROR', reason: 'cannot list the REST APIs: AccessDeniedException: not authorized' });
    expect(emfBlobWithMetric(out.emf(), 'CoverageFailures')['CoverageFailures']).toBe(1);
  });
});
