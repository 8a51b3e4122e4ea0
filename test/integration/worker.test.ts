import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorkerHandler } from '../../functions/worker/handler.ts';
import type { WorkerDependencies } from '../../functions/worker/dependencies.ts';
import { createRecordedAccount } from '../../shared/adapters/recorded/recorded-remediator.ts';
import { parseRecording } from '../../shared/adapters/recorded/recorded-account.ts';
import { DynamoIncidentStore } from '../../shared/adapters/aws/incident-store.ts';
import { ingestEvent } from '../../shared/domain/use-cases/ingest-event.ts';
import { workItemsFor } from '../../shared/domain/use-cases/work-items.ts';
import { parseEventText } from '../../shared/events/index.ts';
import type { WorkItem } from '../../shared/domain/model.ts';
import type { WorkSettings } from '../../shared/domain/use-cases/handle-work.ts';
import { lambdaContext, stubLambdaEnv } from '../unit/functions/lambda-harness.ts';
import { useDynalite } from '../support/dynalite.ts';

const ROOT = new URL('../../', import.meta.url);
const SETTINGS: WorkSettings = { mode: 'apply', executionLogLevel: 'ERROR', cloudWatchRoleArn: null, maxActionsPerHour: 10, windowMs: 3_600_000, claimLeaseMs: 300_000, chatbotFormat: false };
const dynalite = useDynalite();

function opted(): { recording: ReturnType<typeof load>; items: WorkItem[] } {
  const recording = load();
  const file = JSON.parse(readFileSync(new URL('events/scenarios/opted-in-permission-applied.json', ROOT), 'utf8')) as { event: string };
  const parsed = parseEventText(readFileSync(new URL(file.event, ROOT), 'utf8'));
  if (!parsed.ok) throw new Error('event does not parse');
  return { recording, items: workItemsFor(ingestEvent(parsed.value, 'any'), { region: 'us-east-1', account: '123456789012' }, '2026-11-20T14:10:00.000Z').items };
}

function load() {
  const file = JSON.parse(readFileSync(new URL('events/scenarios/opted-in-permission-applied.json', ROOT), 'utf8')) as { recording: unknown };
  const recording = parseRecording(file.recording, 'scenario');
  if (!recording.ok) throw new Error(recording.error.message);
  return recording.value;
}

function sqsEvent(bodies: readonly string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `msg-${i}`, receiptHandle: `rh-${i}`, body, attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:apigw-doctor-work', awsRegion: 'us-east-1',
    })),
  };
}

describe('worker handler over DynamoDB (dynalite), a recorded account and Powertools idempotency', () => {
  beforeEach(() => {
    vi.unstubAllEnvs();
    stubLambdaEnv('apigw-doctor-worker');
  });

  async function setup() {
    const handle = dynalite();
    const table = await handle.createIncidentTable();
    let now = '2026-11-20T14:10:00.000Z';
    const clock = { now: () => new Date(now) };
    const store = new DynamoIncidentStore({ client: handle.client, tableName: table, clock });
    const { recording, items } = opted();
    const account = createRecordedAccount(recording);
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName: table, keyAttr: 'pk', sortKeyAttr: 'sk', staticPkValue: 'IDEMPOTENCY#worker', expiryAttr: 'expiration',
      awsSdkV3Client: new DynamoDBClient({ endpoint: handle.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    });
    const deps: WorkerDependencies = {
      settings: SETTINGS,
      quietPeriodMinutes: 30,
      ports: () => ({ reader: () => account.reader(), remediator: account.remediator, store, notifiers: [], clock }),
      idempotent: (fn: (r: SQSRecord) => Promise<void>, context: Context) => makeIdempotent(fn, { persistenceStore, config: new IdempotencyConfig({ eventKeyJmesPath: 'messageId', lambdaContext: context }) }),
    };
    return { handler: createWorkerHandler(() => deps), account, store, items, setNow: (iso: string) => { now = iso; } };
  }

  it('handles a batch: the work item acts once, a junk message is dropped (not retried), and nothing fails', async () => {
    // Prepare
    const { handler, account, items } = await setup();
    const event = sqsEvent([JSON.stringify(items[0]), '{"kind":"nonsense"}', 'not json']);
    // Act
    const response = await handler(event, lambdaContext('apigw-doctor-worker', 'inv-1'));
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(account.writes().map((w) => w.operation)).toEqual(['AddPermission']);
  });

  it('does not handle a redelivered message twice (idempotent on the message id)', async () => {
    const { handler, account, items, store } = await setup();
    const first = items[0];
    if (first?.kind !== 'failures') throw new Error('expected failures');
    // One anonymous failure (an access row without request id) is counted as it comes: only idempotency keeps a redelivery from counting it twice.
    const item = { ...first, anonymous: 1 };
    const event = sqsEvent([JSON.stringify(item)]);
    await handler(event, lambdaContext('apigw-doctor-worker', 'inv-1'));
    await handler(event, lambdaContext('apigw-doctor-worker', 'inv-2'));
    const { incidentId } = await import('../../shared/domain/incidents/incident-key.ts');
    expect((await store.get(incidentId(item.key)))?.count).toBe(2);
    expect(account.writes()).toHaveLength(1);
  });

  it('reports only the message whose handling failed, so SQS retries just that one', async () => {
    const { items } = await setup();
    const deps: WorkerDependencies = {
      settings: SETTINGS,
      quietPeriodMinutes: 30,
      ports: () => { throw new Error('DynamoDB is unreachable'); },
      idempotent: (fn) => fn,
    };
    const handler = createWorkerHandler(() => deps);
    const response = await handler(sqsEvent(['{"kind":"nonsense"}', JSON.stringify(items[0])]), lambdaContext('apigw-doctor-worker', 'inv-3'));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });

  it('resolves incidents quiet for the quiet period when the schedule invokes it, and leaves fresh ones open', async () => {
    const { handler, items, store, setNow } = await setup();
    const item = items[0];
    if (item?.kind !== 'failures') throw new Error('expected failures');
    await handler(sqsEvent([JSON.stringify(item)]), lambdaContext('apigw-doctor-worker', 'inv-4'));
    const { incidentId } = await import('../../shared/domain/incidents/incident-key.ts');
    const scheduled = { source: 'aws.events', 'detail-type': 'Scheduled Event' } as const;
    setNow('2026-11-20T14:20:00.000Z');
    await handler(scheduled, lambdaContext('apigw-doctor-worker', 'inv-5'));
    expect((await store.get(incidentId(item.key)))?.status).toBe('open');
    setNow('2026-11-20T15:00:00.000Z');
    await handler(scheduled, lambdaContext('apigw-doctor-worker', 'inv-6'));
    expect((await store.get(incidentId(item.key)))?.status).toBe('resolved');
  });
});
