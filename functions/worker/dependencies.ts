/**
 * The worker's composition root: the ports over AWS (traced SDK clients), the incident table, the
 * configured notifiers, and per-message idempotency, all built once per container from the config.
 */
import { makeIdempotent, IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import { required, type ServiceConfig } from '../../shared/config.ts';
import type { WorkItem } from '../../shared/domain/model.ts';
import type { WorkPorts, WorkSettings } from '../../shared/domain/use-cases/handle-work.ts';
import { createAccountReader } from '../../shared/adapters/aws/account-reader.ts';
import { defaultAwsClients } from '../../shared/adapters/aws/clients.ts';
import { createIncidentDocumentClient, DynamoIncidentStore } from '../../shared/adapters/aws/incident-store.ts';
import { createRemediator } from '../../shared/adapters/aws/remediator.ts';
import { configuredNotifiers } from '../../shared/adapters/notifiers.ts';
import { traceClient } from '../../shared/tracing.ts';

/** What the handler needs. */
export interface WorkerDependencies {
  readonly settings: WorkSettings;
  /** Minutes without failures after which the scheduled sweep resolves an incident. */
  readonly quietPeriodMinutes: number;
  /** The ports for one work item (the reader reads the item's account), or for the sweep (no item). */
  ports(item: WorkItem | null): WorkPorts;
  /** Wraps the per-message handler so a message already handled is not handled again. */
  idempotent(fn: (record: SQSRecord) => Promise<void>, context: Context): (record: SQSRecord) => Promise<void>;
}

/** A work item's account. */
function accountOf(item: WorkItem | null): string {
  if (item === null) return '';
  return item.kind === 'failures' ? item.key.account : item.stage.account;
}

/** Builds the worker's dependencies from the service configuration. */
export function workerDependencies(config: ServiceConfig): WorkerDependencies {
  const table = required(config.incidentTable, 'INCIDENT_TABLE', 'the worker keeps incidents, audit records and rate limits there');
  const clients = defaultAwsClients(config.region, traceClient);
  const documents = createIncidentDocumentClient({ region: config.region });
  traceClient(documents);
  const store = new DynamoIncidentStore({ client: documents, tableName: table });
  const remediator = createRemediator({ lambda: clients.lambda, apiGateway: clients.apiGateway });
  const notifiers = configuredNotifiers(config, traceClient);
  const clock = { now: () => new Date() };
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: table, keyAttr: 'pk', sortKeyAttr: 'sk', staticPkValue: 'IDEMPOTENCY#worker', expiryAttr: 'expiration' });
  const settings: WorkSettings = {
    mode: config.remediationMode,
    executionLogLevel: config.executionLogLevel,
    cloudWatchRoleArn: config.setAccountCloudWatchRole.allowed ? config.setAccountCloudWatchRole.roleArn : null,
    maxActionsPerHour: config.maxActionsPerHour,
    windowMs: 15 * 60_000,
    claimLeaseMs: 5 * 60_000,
    chatbotFormat: config.chatbotFormat,
  };
  return {
    settings,
    quietPeriodMinutes: config.quietPeriodMinutes,
    ports: (item) => ({
      reader: () => createAccountReader({ clients, account: accountOf(item), region: config.region }),
      remediator,
      store,
      notifiers,
      clock,
    }),
    idempotent: (fn, context) => {
      const config = new IdempotencyConfig({ eventKeyJmesPath: 'messageId', expiresAfterSeconds: 24 * 3600, lambdaContext: context });
      return makeIdempotent(fn, { persistenceStore, config });
    },
  };
}
