/**
 * The CoverageAccount port over AWS: REST APIs and stages from API Gateway (paginated), subscription
 * filters from CloudWatch Logs, managed alarms from CloudWatch. Sends only the calls of the coverage
 * operations table (coverage-operations.ts), which is what the stack grants; anything else is refused
 * before it reaches AWS. Expected failures (a missing log group, a denied read) are values.
 */
import {
  GetRestApiCommand,
  GetRestApisCommand,
  GetStagesCommand,
  type APIGatewayClient,
  type RestApi,
  type Stage,
} from '@aws-sdk/client-api-gateway';
import { CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import {
  DeleteSubscriptionFilterCommand,
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
  type CloudWatchLogsClient,
  type SubscriptionFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import { err, ok, type Result } from '../../domain/result.ts';
import type {
  AlarmView,
  CoverageAccount,
  CoverageScope,
  CoverageWrite,
  LogGroupState,
  StageListing,
  StageView,
  SubscriptionFilterView,
} from '../../domain/use-cases/reconcile-coverage.ts';
import { errorMessage, errorName } from '../support/aws-error.ts';
import { defaultAwsClients, operationNameOf, type ClientInstrument, type SdkCommand } from './clients.ts';
import { isCoverageOperation } from './coverage-operations.ts';

/** The three clients the coverage adapter talks to. */
export interface CoverageClients {
  readonly apiGateway: Pick<APIGatewayClient, 'send'>;
  readonly logs: Pick<CloudWatchLogsClient, 'send'>;
  readonly cloudWatch: Pick<CloudWatchClient, 'send'>;
}

/** Thrown for a call outside the coverage operations table: a programming error, never sent. */
export class UndeclaredCoverageCallError extends Error {
  override readonly name = 'UndeclaredCoverageCallError';
}

/** Checks a command against the table before it is sent (the IAM policy is built from the same table). */
export function declared<C extends SdkCommand>(command: C): C {
  const operation = operationNameOf(command);
  if (!isCoverageOperation(operation)) throw new UndeclaredCoverageCallError(`${operation} is not in the coverage operations table`);
  return command;
}

/** GetRestApis' largest page. */
const API_PAGE = 500;

const LOGGING_ON = new Set(['ERROR', 'INFO']);

function stageView(api: RestApi, stage: Stage): StageView | null {
  if (api.id === undefined || stage.stageName === undefined) return null;
  const methodSettings = Object.values(stage.methodSettings ?? {});
  return {
    apiId: api.id,
    apiName: api.name ?? null,
    stageName: stage.stageName,
    apiTags: api.tags ?? {},
    stageTags: stage.tags ?? {},
    executionLogging: methodSettings.some((m) => m.loggingLevel !== undefined && LOGGING_ON.has(m.loggingLevel)),
    accessLogDestination: stage.accessLogSettings?.destinationArn ?? null,
  };
}

function filterView(f: SubscriptionFilter): SubscriptionFilterView {
  return { name: f.filterName ?? '', pattern: f.filterPattern ?? '', destinationArn: f.destinationArn ?? '' };
}

function alarmView(a: MetricAlarm): AlarmView {
  return {
    name: a.AlarmName ?? null,
    description: a.AlarmDescription ?? null,
    namespace: a.Namespace ?? null,
    metricName: a.MetricName ?? null,
    dimensions: a.Dimensions === undefined ? null : a.Dimensions.map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })),
    statistic: a.Statistic ?? null,
    periodSeconds: a.Period ?? null,
    evaluationPeriods: a.EvaluationPeriods ?? null,
    datapointsToAlarm: a.DatapointsToAlarm ?? null,
    threshold: a.Threshold ?? null,
    comparisonOperator: a.ComparisonOperator ?? null,
    treatMissingData: a.TreatMissingData ?? null,
  };
}

/** The reason of an expected failure; a call outside the table is a bug and is never turned into a value. */
function why(error: unknown): string {
  if (error instanceof UndeclaredCoverageCallError) throw error;
  return `${errorName(error) ?? 'Error'}: ${errorMessage(error)}`;
}

/** The coverage port over these clients. */
export function createCoverageAccount(clients: CoverageClients): CoverageAccount {
  const { apiGateway, logs, cloudWatch } = clients;

  async function restApis(scope: CoverageScope): Promise<RestApi[]> {
    if (scope.kind === 'api') {
      try {
        return [await apiGateway.send(declared(new GetRestApiCommand({ restApiId: scope.restApiId })))];
      } catch (error: unknown) {
        // A deleted API has no stages left to watch; its managed alarms are then removed.
        if (errorName(error) === 'NotFoundException') return [];
        throw error;
      }
    }
    const apis: RestApi[] = [];
    let position: string | undefined;
    do {
      const page = await apiGateway.send(declared(new GetRestApisCommand({ limit: API_PAGE, ...(position === undefined ? {} : { position }) })));
      apis.push(...(page.items ?? []));
      position = page.position;
    } while (position !== undefined && position !== '');
    return apis;
  }

  return {
    async listStages(scope) {
      let apis: RestApi[];
      try {
        apis = await restApis(scope);
      } catch (error: unknown) {
        return err(`cannot list the REST APIs: ${why(error)}`);
      }
      const stages: StageView[] = [];
      const incompleteApis: string[] = [];
      const failures: string[] = [];
      for (const api of apis) {
        if (api.id === undefined) continue;
        try {
          const out = await apiGateway.send(declared(new GetStagesCommand({ restApiId: api.id })));
          for (const stage of out.item ?? []) {
            const view = stageView(api, stage);
            if (view !== null) stages.push(view);
          }
        } catch (error: unknown) {
          incompleteApis.push(api.id);
          failures.push(`cannot list the stages of ${api.id}: ${why(error)}`);
        }
      }
      const listing: StageListing = { stages, incompleteApis, failures };
      return ok(listing);
    },

    async readLogGroup(name): Promise<Result<LogGroupState, string>> {
      const filters: SubscriptionFilterView[] = [];
      let nextToken: string | undefined;
      try {
        do {
          const page = await logs.send(declared(new DescribeSubscriptionFiltersCommand({ logGroupName: name, ...(nextToken === undefined ? {} : { nextToken }) })));
          filters.push(...(page.subscriptionFilters ?? []).map(filterView));
          nextToken = page.nextToken;
        } while (nextToken !== undefined && nextToken !== '');
      } catch (error: unknown) {
        if (errorName(error) === 'ResourceNotFoundException') return ok({ exists: false });
        return err(why(error));
      }
      return ok({ exists: true, filters });
    },

    async listAlarms(prefix) {
      const alarms: AlarmView[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await cloudWatch.send(declared(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, AlarmTypes: ['MetricAlarm'], MaxRecords: 100, ...(token === undefined ? {} : { NextToken: token }) })));
          alarms.push(...(page.MetricAlarms ?? []).map(alarmView));
          token = page.NextToken;
        } while (token !== undefined && token !== '');
      } catch (error: unknown) {
        return err(why(error));
      }
      return ok(alarms);
    },

    async apply(write: CoverageWrite): Promise<Result<void, string>> {
      try {
        switch (write.kind) {
          case 'put-subscription-filter':
            await logs.send(declared(new PutSubscriptionFilterCommand({ logGroupName: write.logGroupName, filterName: write.filterName, filterPattern: write.pattern, destinationArn: write.destinationArn })));
            break;
          case 'delete-subscription-filter':
            await logs.send(declared(new DeleteSubscriptionFilterCommand({ logGroupName: write.logGroupName, filterName: write.filterName })));
            break;
          case 'put-alarm': {
            const a = write.alarm;
            await cloudWatch.send(declared(new PutMetricAlarmCommand({
              AlarmName: a.name,
              AlarmDescription: a.description,
              Namespace: a.namespace,
              MetricName: a.metricName,
              Dimensions: a.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
              Statistic: a.statistic as 'Sum',
              Period: a.periodSeconds,
              EvaluationPeriods: a.evaluationPeriods,
              DatapointsToAlarm: a.datapointsToAlarm,
              Threshold: a.threshold,
              ComparisonOperator: a.comparisonOperator as 'GreaterThanOrEqualToThreshold',
              TreatMissingData: a.treatMissingData,
            })));
            break;
          }
          case 'delete-alarm':
            await cloudWatch.send(declared(new DeleteAlarmsCommand({ AlarmNames: [write.alarmName] })));
            break;
        }
      } catch (error: unknown) {
        // Deleting what is already gone is the desired end state.
        if (write.kind === 'delete-subscription-filter' && errorName(error) === 'ResourceNotFoundException') return ok(undefined);
        return err(why(error));
      }
      return ok(undefined);
    },
  };
}

/** The port over the process-wide clients of a Region (adaptive retries; API Gateway's read quotas are low). */
export function defaultCoverageAccount(region: string, instrument?: ClientInstrument): CoverageAccount {
  const shared = defaultAwsClients(region, instrument);
  const cloudWatch = new CloudWatchClient({ region, retryMode: 'adaptive' });
  return createCoverageAccount({ apiGateway: shared.apiGateway, logs: shared.logs, cloudWatch: instrument === undefined ? cloudWatch : instrument(cloudWatch) });
}
