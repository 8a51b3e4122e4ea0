/**
 * One contract for both IncidentStore implementations: the in-memory store (CLI replay, domain
 * tests) and the DynamoDB store against dynalite. Then the DynamoDB-only parts: items that are
 * past their `expiration` but still in the table (real TTL deletes late, dynalite never), the
 * table definition, and errors.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoIncidentStore } from '../../shared/adapters/aws/incident-store.ts';
import { INCIDENT_TABLE, incidentTableDefinition } from '../../shared/adapters/aws/incident-table.ts';
import { MemoryIncidentStore } from '../../shared/adapters/memory/incident-store.ts';
import { incidentId } from '../../shared/domain/incidents/incident-key.ts';
import { IncidentStoreError } from '../../shared/domain/incidents/incident-store-error.ts';
import { quietReason } from '../../shared/domain/incidents/resolution.ts';
import type { IncidentKey, Outcome } from '../../shared/domain/model.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { AuditRecord, IncidentStore, Occurrence } from '../../shared/ports/incident-store.ts';
import { useDynalite } from '../support/dynalite.ts';

/** Both adapters have `listAudit` next to the port's methods. */
type StoreUnderTest = IncidentStore & { listAudit(id: string): Promise<readonly AuditRecord[]> };

const DAY_MS = 24 * 60 * 60 * 1000;
const START = Date.parse('2026-11-20T14:10:00.000Z');

/** A clock the test moves by hand, so expiry is exercised without waiting. */
class TestClock implements Clock {
  #ms = START;
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

const KEY: IncidentKey = { account: '123456789012', region: 'us-east-1', apiId: 'a1b2c3', stage: 'prod', cause: 'missing_invoke_permission', route: 'GET /items' };
const ID = incidentId(KEY);

function occurrence(requestIds: readonly string[], at = '2026-11-20T14:00:00.000Z', key: IncidentKey = KEY, anonymous = 0): Occurrence {
  return { key, at, requestIds, anonymous };
}

const OUTCOME: Outcome = {
  action: 'add-invoke-permission',
  resource: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
  status: 'verified',
  reason: 'Added the permission; the check passes on fresh reads.',
  undo: 'aws lambda remove-permission --function-name orders --statement-id apigw-doctor-a1b2c3-GET-items',
  writes: [
    {
      service: 'lambda',
      operation: 'AddPermission',
      region: 'us-east-1',
      input: { FunctionName: 'orders', StatementId: 'apigw-doctor-a1b2c3-GET-items', Principal: 'apigateway.amazonaws.com', SourceArn: 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*/GET/items', RevisionId: null, nested: { list: [1, 'two', false] } },
    },
  ],
};

interface Subject {
  readonly name: string;
  /** Called in the describe body (may register hooks); returns a factory of fresh, empty stores. */
  readonly setup: () => (clock: Clock) => Promise<StoreUnderTest>;
}

const SUBJECTS: readonly Subject[] = [
  { name: 'memory', setup: () => async (clock) => new MemoryIncidentStore({ clock }) },
  {
    name: 'dynamodb (dynalite)',
    setup: () => {
      const db = useDynalite();
      return async (clock) => new DynamoIncidentStore({ client: db().client, tableName: await db().createIncidentTable(), clock });
    },
  },
];

describe.each(SUBJECTS)('IncidentStore contract: $name', (subject) => {
  const makeStore = subject.setup();
  let clock: TestClock;
  let store: StoreUnderTest;

  beforeEach(async () => {
    clock = new TestClock();
    store = await makeStore(clock);
  });

  describe('recordOccurrence', () => {
    it('opens the incident on the first occurrence', async () => {
      // Act
      const result = await store.recordOccurrence(occurrence(['r1', 'r2'], '2026-11-20T14:00:00Z'));

      // Assess
      expect(result.opened).toBe(true);
      expect(result.counted).toBe(2);
      expect(result.incident).toEqual({
        id: ID,
        key: KEY,
        status: 'open',
        firstSeen: '2026-11-20T14:00:00.000Z',
        lastSeen: '2026-11-20T14:00:00.000Z',
        count: 2,
        thread: null,
        notifiedAt: null,
        resolvedAt: null,
        resolvedReason: null,
      });
      expect(await store.get(ID)).toEqual(result.incident);
    });

    it('only counts later occurrences, moving lastSeen forward and never back', async () => {
      // Prepare
      await store.recordOccurrence(occurrence(['r1'], '2026-11-20T14:00:00.000Z'));

      // Act
      const later = await store.recordOccurrence(occurrence(['r2', 'r3'], '2026-11-20T14:05:00.000Z'));
      const late = await store.recordOccurrence(occurrence(['r4'], '2026-11-20T13:59:00.000Z'));

      // Assess
      expect(later).toMatchObject({ opened: false, counted: 2, incident: { count: 3, lastSeen: '2026-11-20T14:05:00.000Z', firstSeen: '2026-11-20T14:00:00.000Z' } });
      expect(late).toMatchObject({ opened: false, counted: 1, incident: { count: 4, lastSeen: '2026-11-20T14:05:00.000Z' } });
    });

    it('counts a request id once however often it is reported, and anonymous failures as they are', async () => {
      // Prepare
      await store.recordOccurrence(occurrence(['r1', 'r2']));

      // Act
      const overlap = await store.recordOccurrence(occurrence(['r2', 'r3']));
      const repeated = await store.recordOccurrence(occurrence(['r1', 'r3', 'r3']));
      const anonymous = await store.recordOccurrence(occurrence(['r1'], undefined, KEY, 2));
      const anonymousAgain = await store.recordOccurrence(occurrence([], undefined, KEY, 2));

      // Assess
      expect([overlap.counted, repeated.counted, anonymous.counted, anonymousAgain.counted]).toEqual([1, 0, 2, 2]);
      expect((await store.get(ID))?.count).toBe(7);
    });

    it('keeps incidents of different keys apart', async () => {
      // Prepare
      const other: IncidentKey = { ...KEY, route: 'POST /items' };
      await store.recordOccurrence(occurrence(['r1']));

      // Act
      const result = await store.recordOccurrence(occurrence(['r1'], undefined, other));

      // Assess
      expect(result).toMatchObject({ opened: true, counted: 1, incident: { id: incidentId(other), count: 1 } });
      expect((await store.get(ID))?.count).toBe(1);
    });

    it('lets exactly one of 50 concurrent callers open the incident, and counts each distinct request once', async () => {
      // Prepare: 50 callers, two ids each, drawn from 20 distinct ids so most are reported several times
      const occurrences = Array.from({ length: 50 }, (_, i) => occurrence([`req-${i % 20}`, `req-${(i * 7 + 3) % 20}`]));

      // Act
      const results = await Promise.all(occurrences.map((o) => store.recordOccurrence(o)));

      // Assess
      expect(results.filter((r) => r.opened)).toHaveLength(1);
      expect(results.reduce((sum, r) => sum + r.counted, 0)).toBe(20);
      expect((await store.get(ID))?.count).toBe(20);
    });
  });

  describe('resolution', () => {
    it('resolves every open incident of the stage on an alarm OK, and only those', async () => {
      // Prepare
      const timeout: IncidentKey = { ...KEY, cause: 'integration_timeout', route: '*' };
      const dev: IncidentKey = { ...KEY, stage: 'dev' };
      const otherApi: IncidentKey = { ...KEY, apiId: 'zz9yy8' };
      for (const key of [KEY, timeout, dev, otherApi]) await store.recordOccurrence(occurrence(['r1'], undefined, key));

      // Act
      const resolved = await store.resolveStage(KEY, '2026-11-20T14:30:00.000Z', 'alarm 5xx-prod is OK');
      const again = await store.resolveStage(KEY, '2026-11-20T14:31:00.000Z', 'alarm 5xx-prod is OK');

      // Assess
      expect(resolved.map((i) => i.id).sort()).toEqual([ID, incidentId(timeout)].sort());
      for (const incident of resolved) expect(incident).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-20T14:30:00.000Z', resolvedReason: 'alarm 5xx-prod is OK', count: 1 });
      expect(await store.get(ID)).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-20T14:30:00.000Z' });
      expect(await store.get(incidentId(dev))).toMatchObject({ status: 'open' });
      expect(await store.get(incidentId(otherApi))).toMatchObject({ status: 'open' });
      expect(again).toEqual([]);
    });

    it('resolves open incidents last seen before the quiet-period cut-off, and not ones seen since', async () => {
      // Prepare
      const quiet: IncidentKey = { ...KEY, route: 'GET /quiet' };
      const busy: IncidentKey = { ...KEY, route: 'GET /busy' };
      await store.recordOccurrence(occurrence(['q1'], '2026-11-20T13:40:00.000Z', quiet));
      await store.recordOccurrence(occurrence(['b1'], '2026-11-20T13:40:00.000Z', busy));
      await store.recordOccurrence(occurrence(['b2'], '2026-11-20T14:05:00.000Z', busy));

      // Act
      const resolved = await store.resolveQuiet('2026-11-20T14:00:00.000Z', '2026-11-20T14:10:00.000Z');
      const again = await store.resolveQuiet('2026-11-20T14:00:00.000Z', '2026-11-20T14:11:00.000Z');

      // Assess
      expect(resolved).toHaveLength(1);
      expect(resolved[0]).toMatchObject({ id: incidentId(quiet), status: 'resolved', resolvedAt: '2026-11-20T14:10:00.000Z', resolvedReason: quietReason('2026-11-20T14:00:00.000Z') });
      expect(await store.get(incidentId(busy))).toMatchObject({ status: 'open', lastSeen: '2026-11-20T14:05:00.000Z' });
      expect(again).toEqual([]);
    });

    it('treats an occurrence after resolution as a new incident: opened again, count restarted', async () => {
      // Prepare
      await store.recordOccurrence(occurrence(['r1', 'r2'], '2026-11-20T14:00:00.000Z'));
      await store.setThread(ID, { channel: 'C1', ts: '1.1' });
      await store.resolveStage(KEY, '2026-11-20T14:30:00.000Z', 'alarm OK');

      // Act
      const reopened = await store.recordOccurrence(occurrence(['r2', 'r3'], '2026-11-20T15:00:00.000Z'));
      const after = await store.recordOccurrence(occurrence(['r3'], '2026-11-20T15:01:00.000Z'));

      // Assess: r2 was counted by the resolved incident but is new to this one
      expect(reopened).toMatchObject({ opened: true, counted: 2 });
      expect(reopened.incident).toEqual({
        id: ID,
        key: KEY,
        status: 'open',
        firstSeen: '2026-11-20T15:00:00.000Z',
        lastSeen: '2026-11-20T15:00:00.000Z',
        count: 2,
        thread: null,
        notifiedAt: null,
        resolvedAt: null,
        resolvedReason: null,
      });
      expect(after).toMatchObject({ opened: false, counted: 0, incident: { count: 2 } });
    });

    it('lets exactly one of 50 concurrent callers re-open a resolved incident', async () => {
      // Prepare
      await store.recordOccurrence(occurrence(['old']));
      await store.resolveStage(KEY, '2026-11-20T14:30:00.000Z', 'alarm OK');

      // Act
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.recordOccurrence(occurrence([`new-${i % 10}`], '2026-11-20T15:00:00.000Z'))));

      // Assess
      expect(results.filter((r) => r.opened)).toHaveLength(1);
      expect(await store.get(ID)).toMatchObject({ status: 'open', count: 10 });
    });
  });

  describe('setThread', () => {
    it('remembers the thread, and later occurrences return it', async () => {
      // Prepare
      await store.recordOccurrence(occurrence(['r1']));

      // Act
      await store.setThread(ID, { channel: 'C0123', ts: '1763647800.000100' });
      const later = await store.recordOccurrence(occurrence(['r2']));

      // Assess
      expect((await store.get(ID))?.thread).toEqual({ channel: 'C0123', ts: '1763647800.000100' });
      expect(later.incident.thread).toEqual({ channel: 'C0123', ts: '1763647800.000100' });
    });

    it('leaves an unknown or malformed id alone', async () => {
      // Act
      await store.setThread(ID, { channel: 'C1', ts: '1.1' });
      await store.setThread('not an id', { channel: 'C1', ts: '1.1' });

      // Assess
      expect(await store.get(ID)).toBeNull();
      expect(await store.get('not an id')).toBeNull();
    });
  });

  describe('markNotified', () => {
    it('records the first delivery of the new-incident message, and a re-open starts unnotified', async () => {
      // Prepare
      await store.recordOccurrence(occurrence(['r1']));

      // Act
      await store.markNotified(ID, '2026-11-20T14:00:05Z');
      await store.markNotified(ID, '2026-11-20T14:00:09.000Z');
      const notified = await store.get(ID);
      await store.resolveStage(KEY, '2026-11-20T14:30:00.000Z', 'alarm OK');
      const reopened = await store.recordOccurrence(occurrence(['r2'], '2026-11-20T15:00:00.000Z'));

      // Assess
      expect(notified?.notifiedAt).toBe('2026-11-20T14:00:05.000Z');
      expect(reopened.incident.notifiedAt).toBeNull();
    });

    it('leaves an unknown id alone', async () => {
      // Act
      await store.markNotified(ID, '2026-11-20T14:00:05.000Z');

      // Assess
      expect(await store.get(ID)).toBeNull();
    });
  });

  describe('claimNotification', () => {
    it('gives the claim to exactly one of many concurrent workers, and none once notified', async () => {
      // Prepare
      await store.recordOccurrence(occurrence(['r1']));

      // Act
      const claims = await Promise.all(Array.from({ length: 20 }, () => store.claimNotification(ID, '2026-11-20T14:00:01.000Z', 300_000)));
      await store.markNotified(ID, '2026-11-20T14:00:02.000Z');
      const afterNotified = await store.claimNotification(ID, '2026-11-20T15:00:00.000Z', 300_000);

      // Assess
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(afterNotified).toBe(false);
    });

    it('lets a retry claim again once the lease of a worker that crashed has passed, and a re-open starts unclaimed', async () => {
      // Prepare
      await store.recordOccurrence(occurrence(['r1']));
      await store.claimNotification(ID, '2026-11-20T14:00:01.000Z', 60_000);

      // Act
      const withinLease = await store.claimNotification(ID, '2026-11-20T14:00:30.000Z', 60_000);
      const afterLease = await store.claimNotification(ID, '2026-11-20T14:01:02.000Z', 60_000);
      await store.resolveStage(KEY, '2026-11-20T14:01:10.000Z', 'alarm OK');
      const resolved = await store.claimNotification(ID, '2026-11-20T14:01:11.000Z', 60_000);
      await store.recordOccurrence(occurrence(['r2'], '2026-11-20T14:01:20.000Z'));
      const reopened = await store.claimNotification(ID, '2026-11-20T14:01:21.000Z', 60_000);

      // Assess
      expect([withinLease, afterLease, resolved, reopened]).toEqual([false, true, false, true]);
    });
  });

  describe('takeActionSlot', () => {
    it('gives `limit` slots per account and Region within the hour, then again the next hour', async () => {
      // Act
      const sameHour = [];
      for (const minute of ['05', '20', '40', '59']) sameHour.push(await store.takeActionSlot('123456789012', 'us-east-1', `2026-11-20T14:${minute}:00.000Z`, 3));
      const otherRegion = await store.takeActionSlot('123456789012', 'eu-west-1', '2026-11-20T14:59:30.000Z', 3);
      const nextHour = await store.takeActionSlot('123456789012', 'us-east-1', '2026-11-20T15:00:00.000Z', 3);
      const noBudget = await store.takeActionSlot('999999999999', 'us-east-1', '2026-11-20T15:00:00.000Z', 0);

      // Assess
      expect(sameHour).toEqual([true, true, true, false]);
      expect(otherRegion).toBe(true);
      expect(nextHour).toBe(true);
      expect(noBudget).toBe(false);
    });

    it('hands out exactly `limit` slots to concurrent callers', async () => {
      // Act
      const results = await Promise.all(Array.from({ length: 20 }, () => store.takeActionSlot('123456789012', 'us-east-1', '2026-11-20T14:05:00.000Z', 5)));

      // Assess
      expect(results.filter(Boolean)).toHaveLength(5);
    });
  });

  describe('audit and blocks', () => {
    it('stores audit records and reads them back oldest first, per incident', async () => {
      // Prepare
      const second: AuditRecord = { incidentId: ID, at: '2026-11-20T14:20:00.000Z', account: KEY.account, region: KEY.region, outcome: { ...OUTCOME, status: 'failed', reason: 'verification failed', writes: [] } };
      const first: AuditRecord = { incidentId: ID, at: '2026-11-20T14:10:00.000Z', account: KEY.account, region: KEY.region, outcome: OUTCOME };
      const elsewhere: AuditRecord = { ...first, incidentId: incidentId({ ...KEY, stage: 'dev' }) };

      // Act
      await store.recordAudit(second);
      await store.recordAudit(first);
      await store.recordAudit(elsewhere);

      // Assess
      expect(await store.listAudit(ID)).toEqual([first, second]);
      expect(await store.listAudit(elsewhere.incidentId)).toEqual([elsewhere]);
      expect(await store.listAudit('nothing|here')).toEqual([]);
    });

    it('blocks an action on a resource, keeping the first reason', async () => {
      // Prepare
      const resource = 'arn:aws:lambda:us-east-1:123456789012:function:orders';

      // Act
      const before = await store.blockedReason('add-invoke-permission', resource);
      await store.block('add-invoke-permission', resource, 'verification failed: still 500 after AddPermission', '2026-11-20T14:12:00.000Z');
      await store.block('add-invoke-permission', resource, 'a second failure', '2026-11-20T14:13:00.000Z');

      // Assess
      expect(before).toBeNull();
      expect(await store.blockedReason('add-invoke-permission', resource)).toBe('verification failed: still 500 after AddPermission');
      expect(await store.blockedReason('enable-execution-logging', resource)).toBeNull();
      expect(await store.blockedReason('add-invoke-permission', `${resource}:live`)).toBeNull();
    });
  });

  describe('retention', () => {
    it('forgets an incident 30 days after its last write, and opens it afresh', async () => {
      // Prepare
      await store.recordOccurrence(occurrence(['r1', 'r2']));
      clock.advance(29 * DAY_MS);
      await store.recordOccurrence(occurrence(['r3'], '2026-12-19T14:00:00.000Z'));
      clock.advance(29 * DAY_MS);
      const stillThere = await store.get(ID);
      clock.advance(2 * DAY_MS);

      // Act
      const gone = await store.get(ID);
      const resolvedByStage = await store.resolveStage(KEY, '2027-01-19T00:00:00.000Z', 'alarm OK');
      const resolvedQuiet = await store.resolveQuiet('2027-01-19T00:00:00.000Z', '2027-01-19T00:00:00.000Z');
      const reopened = await store.recordOccurrence(occurrence(['r1'], '2027-01-18T15:00:00.000Z'));

      // Assess
      expect(stillThere).toMatchObject({ status: 'open', count: 3 });
      expect(gone).toBeNull();
      expect(resolvedByStage).toEqual([]);
      expect(resolvedQuiet).toEqual([]);
      expect(reopened).toMatchObject({ opened: true, counted: 1, incident: { count: 1, firstSeen: '2027-01-18T15:00:00.000Z' } });
    });

    it('counts a request id again once its marker has expired (2 days)', async () => {
      // Prepare
      await store.recordOccurrence(occurrence(['r1']));
      clock.advance(DAY_MS);
      const withinTwoDays = await store.recordOccurrence(occurrence(['r1']));
      clock.advance(2 * DAY_MS);

      // Act
      const afterTwoDays = await store.recordOccurrence(occurrence(['r1']));

      // Assess
      expect(withinTwoDays.counted).toBe(0);
      expect(afterTwoDays).toMatchObject({ opened: false, counted: 1, incident: { count: 2 } });
    });

    it('keeps audit records and blocks for 400 days', async () => {
      // Prepare
      const record: AuditRecord = { incidentId: ID, at: '2026-11-20T14:10:00.000Z', account: KEY.account, region: KEY.region, outcome: OUTCOME };
      await store.recordAudit(record);
      await store.block('enable-execution-logging', 'a1b2c3/prod', 'verification failed', '2026-11-20T14:10:00.000Z');
      clock.advance(399 * DAY_MS);
      const kept = [await store.listAudit(ID), await store.blockedReason('enable-execution-logging', 'a1b2c3/prod')];
      clock.advance(2 * DAY_MS);

      // Act
      const expired = [await store.listAudit(ID), await store.blockedReason('enable-execution-logging', 'a1b2c3/prod')];

      // Assess
      expect(kept).toEqual([[record], 'verification failed']);
      expect(expired).toEqual([[], null]);
    });
  });

  it('rejects a time that is not one with IncidentStoreError', async () => {
    // Act
    const failure = store.recordOccurrence(occurrence(['r1'], 'yesterday-ish'));

    // Assess
    await expect(failure).rejects.toBeInstanceOf(IncidentStoreError);
    await expect(failure).rejects.toMatchObject({ name: 'IncidentStoreError', message: expect.stringContaining('yesterday-ish') });
  });
});

describe('DynamoIncidentStore on dynalite: the table itself', () => {
  const db = useDynalite();
  const clock = new TestClock();
  const nowSeconds = Math.floor(START / 1000);
  let tableName: string;
  let store: DynamoIncidentStore;

  beforeEach(async () => {
    tableName = await db().createIncidentTable();
    store = new DynamoIncidentStore({ client: db().client, tableName, clock });
  });

  async function putRaw(item: Record<string, unknown>): Promise<void> {
    await db().client.send(new PutCommand({ TableName: tableName, Item: item }));
  }

  it('treats items past their expiration as absent (TTL deletes late; dynalite never)', async () => {
    // Prepare: what a real table holds between an item's expiration and its deletion
    const expired = nowSeconds - 60;
    await putRaw({
      pk: 'STAGE#123456789012|us-east-1|a1b2c3|prod', sk: `INC#${ID}`, type: 'incident', id: ID, ...KEY, status: 'open', epoch: 4,
      firstSeen: '2026-10-01T00:00:00.000Z', lastSeen: '2026-10-02T00:00:00.000Z', count: 99, thread: { channel: 'C1', ts: '1.1' }, resolvedAt: null, resolvedReason: null,
      expiration: expired, openPk: 'OPEN', openSk: '2026-10-02T00:00:00.000Z',
    });
    await putRaw({ pk: 'BLOCK#add-invoke-permission', sk: 'RES#arn:fn', type: 'block', reason: 'old', expiration: expired });
    await putRaw({ pk: 'RATE#123456789012|us-east-1', sk: 'HOUR#2026-11-20T14', type: 'rate', count: 3, expiration: expired });
    await putRaw({ pk: `AUDIT#${ID}`, sk: '2026-10-01T00:00:00.000Z#x', type: 'audit', incidentId: ID, at: '2026-10-01T00:00:00.000Z', account: KEY.account, region: KEY.region, outcome: OUTCOME, expiration: expired });

    // Act
    const got = await store.get(ID);
    const quiet = await store.resolveQuiet('2026-11-20T00:00:00.000Z', '2026-11-20T14:10:00.000Z');
    const stage = await store.resolveStage(KEY, '2026-11-20T14:10:00.000Z', 'alarm OK');
    const blocked = await store.blockedReason('add-invoke-permission', 'arn:fn');
    const audit = await store.listAudit(ID);
    const slot = await store.takeActionSlot('123456789012', 'us-east-1', '2026-11-20T14:30:00.000Z', 3);
    const opened = await store.recordOccurrence(occurrence(['r1'], '2026-11-20T14:05:00.000Z'));
    await store.block('add-invoke-permission', 'arn:fn', 'new reason', '2026-11-20T14:06:00.000Z');

    // Assess
    expect([got, quiet, stage, blocked, audit, slot]).toEqual([null, [], [], null, [], true]);
    expect(opened).toMatchObject({ opened: true, counted: 1, incident: { count: 1, thread: null, firstSeen: '2026-11-20T14:05:00.000Z' } });
    expect(await store.blockedReason('add-invoke-permission', 'arn:fn')).toBe('new reason');
  });

  it('ignores an expired request marker of the current generation', async () => {
    // Prepare
    await store.recordOccurrence(occurrence(['r1']));
    const raw = await db().client.send(new GetCommand({ TableName: tableName, Key: { pk: 'STAGE#123456789012|us-east-1|a1b2c3|prod', sk: `INC#${ID}` } }));
    const epoch = raw.Item?.['epoch'];
    await putRaw({ pk: `REQ#${ID}`, sk: `${String(epoch)}#r2`, type: 'request', expiration: nowSeconds - 1 });

    // Act
    const result = await store.recordOccurrence(occurrence(['r1', 'r2']));

    // Assess
    expect(epoch).toBe(1);
    expect(result.counted).toBe(1);
  });

  it('writes the documented item layout, every item with a numeric expiration', async () => {
    // Act
    await store.recordOccurrence(occurrence(['r1']));
    await store.takeActionSlot('123456789012', 'us-east-1', '2026-11-20T14:30:00.000Z', 3);
    await store.block('add-invoke-permission', 'arn:fn', 'why', '2026-11-20T14:06:00.000Z');
    const items = await Promise.all(
      [
        { pk: 'STAGE#123456789012|us-east-1|a1b2c3|prod', sk: `INC#${ID}` },
        { pk: `REQ#${ID}`, sk: '1#r1' },
        { pk: 'RATE#123456789012|us-east-1', sk: 'HOUR#2026-11-20T14' },
        { pk: 'BLOCK#add-invoke-permission', sk: 'RES#arn:fn' },
      ].map(async (Key) => (await db().client.send(new GetCommand({ TableName: tableName, Key }))).Item),
    );

    // Assess
    expect(items.map((item) => item?.['type'])).toEqual(['incident', 'request', 'rate', 'block']);
    for (const item of items) expect(item?.['expiration']).toBeGreaterThan(nowSeconds);
    expect(items[0]).toMatchObject({ status: 'open', epoch: 1, openPk: 'OPEN', openSk: '2026-11-20T14:00:00.000Z', expiration: nowSeconds + 30 * 86_400 });
    expect(items[1]?.['expiration']).toBe(nowSeconds + 2 * 86_400);
  });

  it('defines the table the CDK stack gets: pk/sk strings, the sparse open index, TTL on expiration', () => {
    // Act
    const definition = incidentTableDefinition('apigw-doctor-incidents');

    // Assess
    expect(definition.timeToLiveAttribute).toBe(INCIDENT_TABLE.timeToLiveAttribute);
    expect(definition.input.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);
    expect(definition.input.GlobalSecondaryIndexes.map((index) => [index.IndexName, index.KeySchema.map((k) => k.AttributeName)])).toEqual([['open-by-last-seen', ['openPk', 'openSk']]]);
  });

  it('rejects storage failures with IncidentStoreError, the SDK error as cause', async () => {
    // Prepare
    const missing = new DynamoIncidentStore({ client: db().client, tableName: 'no-such-table', clock });

    // Act
    const failure = missing.get(ID);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(IncidentStoreError);
    await expect(failure).rejects.toMatchObject({ name: 'IncidentStoreError', cause: { name: 'ResourceNotFoundException' } });
  });
});
