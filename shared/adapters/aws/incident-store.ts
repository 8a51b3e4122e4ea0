/**
 * The IncidentStore port over one DynamoDB table (definition: incident-table.ts), through the
 * DynamoDB Document client. Single-table design, string keys `pk` / `sk`; every item has a `type`
 * and an `expiration` (epoch seconds, the TTL attribute; retention in domain/incidents/retention.ts):
 *
 * | type      | pk                                   | sk                       | what, and retention                                    |
 * |-----------|--------------------------------------|--------------------------|--------------------------------------------------------|
 * | `incident`| `STAGE#<stage id>`                   | `INC#<incident id>`      | one incident: status, `epoch` (generation), count, thread, notifiedAt; 30 d after last write. While open it also has `openPk` = `OPEN`, `openSk` = lastSeen (the sparse GSI `open-by-last-seen`) |
 * | `request` | `REQ#<incident id>`                  | `<epoch>#<request id>`   | "this request id is counted in this generation"; 2 d    |
 * | `audit`   | `AUDIT#<incident id>`                | `<at>#<uuid>`            | one action outcome; 400 d                               |
 * | `rate`    | `RATE#<account>\|<region>`           | `HOUR#<yyyy-mm-ddThh>`   | actions taken in that UTC hour (`count`); 2 d           |
 * | `block`   | `BLOCK#<action id>`                  | `RES#<resource>`         | a blocked action and why; 400 d                         |
 *
 * `<stage id>` is `account|region|apiId|stage` and `<incident id>` the full id (domain/incidents/incident-key.ts),
 * with `|` and `\` inside parts escaped.
 *
 * Incidents of one stage share a partition so an alarm's OK resolves them with one strongly
 * consistent Query (a GSI read could miss an incident opened a moment ago). The quiet-period sweep
 * reads the sparse GSI and re-checks each incident with a conditional update.
 *
 * Correctness without transactions (dynalite has no Transact*, and the design does not need them):
 * every decision is one conditional write on one item, which DynamoDB applies atomically.
 * - Opening: `UpdateItem` with `attribute_not_exists(pk) OR status = resolved OR expired`, which also
 *   bumps `epoch` (the generation). Of concurrent callers exactly one write passes; the others see
 *   `open` and fail the condition. A re-open after resolution is a new generation, so its count and
 *   its request-id markers start afresh.
 * - Counting: each request id is claimed by a `PutItem` of its marker with `attribute_not_exists(pk)`
 *   (or an expired marker), so each (generation, id) is claimed by exactly one caller, and that caller
 *   adds it to `count` with an atomic `ADD` conditioned on the generation still being the open one.
 *   If the incident moved on between the two writes (resolved, re-opened), the whole occurrence is
 *   recorded again against the current generation.
 * - The trade-off: a crash between claiming markers and adding the count loses that batch's count
 *   (never double-counts). A counter is a statistic; being at most once is the safe side.
 * - Action slots: an increment conditioned on `count < limit`; a missing or expired counter is created
 *   with a second conditional write, and a lost race just tries again.
 *
 * DynamoDB deletes expired items late (and dynalite never), so every read and condition here treats
 * `expiration <= now` as absent. Unexpected failures reject with `IncidentStoreError` (with `cause`).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type PutCommandInput,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ActionId, Incident, IncidentKey, Outcome } from '../../domain/model.ts';
import { isCauseId } from '../../domain/model.ts';
import type { Clock } from '../../ports/clock.ts';
import type { AuditRecord, IncidentStore, Occurrence, OccurrenceResult } from '../../ports/incident-store.ts';
import { incidentId, joinIdParts, parseIncidentId, stageId, type StageRef } from '../../domain/incidents/incident-key.ts';
import { IncidentStoreError } from '../../domain/incidents/incident-store-error.ts';
import { quietReason } from '../../domain/incidents/resolution.ts';
import { epochSeconds, expirationFor, hourBucket, isLive, normalizeTime } from '../../domain/incidents/retention.ts';
import { INCIDENT_TABLE, OPEN_PARTITION } from './incident-table.ts';

/** Options for {@link DynamoIncidentStore}. */
export interface DynamoIncidentStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The clock expirations are computed and checked against; the system clock by default. */
  readonly clock?: Clock;
  /** How many item writes one call runs at once (marker claims, resolutions); 10 by default. */
  readonly parallelism?: number;
}

type Item = Record<string, unknown>;

const SYSTEM_CLOCK: Clock = { now: () => new Date() };
/** Rounds of "open or read, claim, count" before giving up; more than one only when resolutions interleave. */
const MAX_ATTEMPTS = 8;
const INCIDENT_SK_PREFIX = 'INC#';
const { partitionKey: PK, sortKey: SK, openIndex: OPEN_INDEX, openPartitionKey: OPEN_PK, openSortKey: OPEN_SK, timeToLiveAttribute: EXPIRATION } = INCIDENT_TABLE;

/**
 * A DynamoDB Document client with the options the store relies on. `removeUndefinedValues` because
 * audit outcomes are built from optional fields; adaptive retries because a failure storm is bursty.
 */
export function createIncidentDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ retryMode: 'adaptive', ...config }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * Collects expression attribute names and values. Every attribute is aliased (`#name`), because many
 * of ours (`count`, `status`, `region`, `stage`, …) are DynamoDB reserved words.
 */
class Expression {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  #next = 0;

  /** `#attr` for an attribute name (ours are all plain identifiers, so the alias is the name itself). */
  n(attribute: string): string {
    this.names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  }

  /** A fresh `:vN` placeholder for a value. */
  v(value: unknown): string {
    const placeholder = `:v${this.#next}`;
    this.#next += 1;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** `SET #a = :va, #b = :vb` for plain assignments. */
  set(values: Readonly<Record<string, unknown>>): string[] {
    return Object.entries(values).map(([attribute, value]) => `${this.n(attribute)} = ${this.v(value)}`);
  }

  /** The names and values for a command input (DynamoDB rejects an empty values map). */
  attributes(): { ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    return Object.keys(this.values).length === 0
      ? { ExpressionAttributeNames: this.names }
      : { ExpressionAttributeNames: this.names, ExpressionAttributeValues: this.values };
  }
}

function timeOrThrow(value: string, what: string): string {
  const normalized = normalizeTime(value);
  if (normalized === null) throw new IncidentStoreError(`${what} is not a time: ${JSON.stringify(value)}`);
  return normalized;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function mapLimit<T, R>(items: readonly T[], limit: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await each(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function byId(a: Incident, b: Incident): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function incidentPk(stage: StageRef): string {
  return `STAGE#${stageId(stage)}`;
}

function incidentKeyOf(key: IncidentKey): Item {
  return { [PK]: incidentPk(key), [SK]: `${INCIDENT_SK_PREFIX}${incidentId(key)}` };
}

function text(item: Item, attribute: string): string {
  const value = item[attribute];
  if (typeof value !== 'string') throw new IncidentStoreError(`stored item ${String(item[PK])} has no string ${attribute}`);
  return value;
}

function textOrNull(item: Item, attribute: string): string | null {
  const value = item[attribute];
  return value === null || value === undefined ? null : text(item, attribute);
}

function integer(item: Item, attribute: string): number {
  const value = item[attribute];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new IncidentStoreError(`stored item ${String(item[PK])} has no number ${attribute}`);
  return value;
}

function threadOf(item: Item): Incident['thread'] {
  const value = item['thread'];
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    const { channel, ts } = value as Record<string, unknown>;
    if (typeof channel === 'string' && typeof ts === 'string') return { channel, ts };
  }
  throw new IncidentStoreError(`stored incident ${String(item['id'])} has a malformed thread`);
}

function toIncident(item: Item): Incident {
  const cause = text(item, 'cause');
  if (!isCauseId(cause)) throw new IncidentStoreError(`stored incident ${String(item['id'])} has an unknown cause ${cause}`);
  const status = text(item, 'status');
  if (status !== 'open' && status !== 'resolved') throw new IncidentStoreError(`stored incident ${String(item['id'])} has status ${status}`);
  return {
    id: text(item, 'id'),
    key: { account: text(item, 'account'), region: text(item, 'region'), apiId: text(item, 'apiId'), stage: text(item, 'stage'), cause, route: text(item, 'route') },
    status,
    firstSeen: text(item, 'firstSeen'),
    lastSeen: text(item, 'lastSeen'),
    count: integer(item, 'count'),
    thread: threadOf(item),
    notifiedAt: textOrNull(item, 'notifiedAt'),
    resolvedAt: textOrNull(item, 'resolvedAt'),
    resolvedReason: textOrNull(item, 'resolvedReason'),
  };
}

function toOutcome(value: unknown, where: string): Outcome {
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o['action'] === 'string' && typeof o['resource'] === 'string' && typeof o['status'] === 'string' && Array.isArray(o['writes'])) {
      // Written by recordAudit from a typed Outcome; the shape check guards against foreign items.
      return value as Outcome;
    }
  }
  throw new IncidentStoreError(`stored audit record ${where} has a malformed outcome`);
}

/** The DynamoDB IncidentStore (see the file header for the table layout and why it is race-free). */
export class DynamoIncidentStore implements IncidentStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;
  readonly #parallelism: number;

  constructor(options: DynamoIncidentStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#parallelism = Math.max(1, options.parallelism ?? 10);
  }

  async recordOccurrence(occurrence: Occurrence): Promise<OccurrenceResult> {
    const at = timeOrThrow(occurrence.at, 'occurrence time');
    const requestIds = [...new Set(occurrence.requestIds)];
    let opened = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const now = this.#clock.now();
      // Read first: most occurrences count into an open incident, and a failed conditional write costs a write.
      let current = await this.#getItem(incidentKeyOf(occurrence.key), 'read incident');
      if (current === null || !isLive(integer(current, EXPIRATION), now) || current['status'] !== 'open') {
        current = await this.#open(occurrence.key, at, now);
        // Another caller opened it first (or it changed again): read it on the next round.
        if (current === null) continue;
        // Every generation this caller opened is announced by no one else, so `opened` sticks.
        opened = true;
      }
      const epoch = integer(current, 'epoch');
      const claimed = await mapLimit(requestIds, this.#parallelism, (requestId) => this.#claimRequest(occurrence.key, epoch, requestId, now));
      const counted = claimed.filter(Boolean).length + occurrence.anonymous;
      const updated = await this.#addCount(occurrence.key, epoch, counted, at, now);
      if (updated !== null) return { opened, incident: toIncident(updated), counted };
    }
    throw new IncidentStoreError(`could not record an occurrence of ${incidentId(occurrence.key)} after ${MAX_ATTEMPTS} attempts (the incident kept changing)`);
  }

  async get(id: string): Promise<Incident | null> {
    const key = parseIncidentId(id);
    if (key === null) return null;
    const item = await this.#getItem(incidentKeyOf(key), 'read incident');
    return item === null || !isLive(integer(item, EXPIRATION), this.#clock.now()) ? null : toIncident(item);
  }

  async resolveStage(stage: StageRef, at: string, reason: string): Promise<readonly Incident[]> {
    const resolvedAt = timeOrThrow(at, 'resolution time');
    const now = this.#clock.now();
    const e = new Expression();
    const keys = await this.#queryAll(
      {
        TableName: this.#table,
        ConsistentRead: true,
        KeyConditionExpression: `${e.n(PK)} = ${e.v(incidentPk(stage))} AND begins_with(${e.n(SK)}, ${e.v(INCIDENT_SK_PREFIX)})`,
        FilterExpression: `${e.n('status')} = ${e.v('open')} AND ${e.n(EXPIRATION)} > ${e.v(epochSeconds(now))}`,
        ProjectionExpression: `${e.n(PK)}, ${e.n(SK)}`,
        ...e.attributes(),
      },
      'query the stage',
    );
    return this.#resolveEach(keys, resolvedAt, reason, null, now);
  }

  async resolveQuiet(before: string, at: string): Promise<readonly Incident[]> {
    const cutoff = timeOrThrow(before, 'quiet-period cut-off');
    const resolvedAt = timeOrThrow(at, 'resolution time');
    const now = this.#clock.now();
    const e = new Expression();
    // The index is eventually consistent and keys-only; #resolveEach re-checks status and lastSeen on the item.
    const keys = await this.#queryAll(
      {
        TableName: this.#table,
        IndexName: OPEN_INDEX,
        KeyConditionExpression: `${e.n(OPEN_PK)} = ${e.v(OPEN_PARTITION)} AND ${e.n(OPEN_SK)} < ${e.v(cutoff)}`,
        ...e.attributes(),
      },
      'query open incidents',
    );
    return this.#resolveEach(keys, resolvedAt, quietReason(cutoff), cutoff, now);
  }

  async setThread(id: string, thread: { readonly channel: string; readonly ts: string }): Promise<void> {
    // An incident that is gone (expired, or an unknown id) is left alone: there is nothing to thread under.
    await this.#updateLiveIncident(id, { thread: { channel: thread.channel, ts: thread.ts } }, () => '', 'set the thread');
  }

  /**
   * One conditional update of a live incident (it exists and has not expired, plus `condition`), which
   * also renews its expiration. An unknown id or a gone incident is left alone.
   */
  async #updateLiveIncident(id: string, fields: Record<string, unknown>, condition: (e: Expression) => string, what: string): Promise<void> {
    const key = parseIncidentId(id);
    if (key === null) return;
    const now = this.#clock.now();
    const e = new Expression();
    const extra = condition(e);
    await this.#update(
      {
        TableName: this.#table,
        Key: incidentKeyOf(key),
        UpdateExpression: `SET ${e.set({ ...fields, [EXPIRATION]: expirationFor('incident', now) }).join(', ')}`,
        ConditionExpression: `attribute_exists(${e.n(PK)}) AND ${e.n(EXPIRATION)} > ${e.v(epochSeconds(now))}${extra === '' ? '' : ` AND ${extra}`}`,
        ...e.attributes(),
      },
      what,
    );
  }

  async claimNotification(id: string, at: string, leaseMs: number): Promise<boolean> {
    const claimAt = timeOrThrow(at, 'claim time');
    const key = parseIncidentId(id);
    if (key === null) return false;
    const now = this.#clock.now();
    const nowMs = Date.parse(claimAt);
    const e = new Expression();
    // One conditional write: open, not yet notified, and no unexpired claim by another worker.
    const updated = await this.#update(
      {
        TableName: this.#table,
        Key: incidentKeyOf(key),
        UpdateExpression: `SET ${e.set({ notifyClaimUntil: nowMs + leaseMs }).join(', ')}`,
        ConditionExpression:
          `attribute_exists(${e.n(PK)}) AND ${e.n(EXPIRATION)} > ${e.v(epochSeconds(now))} AND ${e.n('status')} = ${e.v('open')} ` +
          `AND (attribute_not_exists(${e.n('notifiedAt')}) OR attribute_type(${e.n('notifiedAt')}, ${e.v('NULL')})) ` +
          `AND (attribute_not_exists(${e.n('notifyClaimUntil')}) OR ${e.n('notifyClaimUntil')} <= ${e.v(nowMs)})`,
        ...e.attributes(),
      },
      'claim the new-incident notification',
    );
    return updated !== null;
  }

  async markNotified(id: string, at: string): Promise<void> {
    const notifiedAt = timeOrThrow(at, 'notification time');
    // The first delivery is the one that counts; gone incidents are left alone, as in setThread.
    await this.#updateLiveIncident(
      id,
      { notifiedAt },
      (e) => `(attribute_not_exists(${e.n('notifiedAt')}) OR attribute_type(${e.n('notifiedAt')}, ${e.v('NULL')}))`,
      'mark the incident notified',
    );
  }

  async takeActionSlot(account: string, region: string, at: string, limit: number): Promise<boolean> {
    const hour = hourBucket(timeOrThrow(at, 'action time'));
    if (limit <= 0) return false;
    const key = { [PK]: `RATE#${joinIdParts([account, region])}`, [SK]: `HOUR#${hour}` };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const now = this.#clock.now();
      const inc = new Expression();
      const taken = await this.#update(
        {
          TableName: this.#table,
          Key: key,
          UpdateExpression: `ADD ${inc.n('count')} ${inc.v(1)}`,
          ConditionExpression: `attribute_exists(${inc.n(PK)}) AND ${inc.n(EXPIRATION)} > ${inc.v(epochSeconds(now))} AND ${inc.n('count')} < ${inc.v(limit)}`,
          ...inc.attributes(),
        },
        'take an action slot',
      );
      if (taken !== null) return true;
      const create = new Expression();
      const created = await this.#update(
        {
          TableName: this.#table,
          Key: key,
          UpdateExpression: `SET ${create.set({ type: 'rate', account, region, hour, count: 1, [EXPIRATION]: expirationFor('rateCounter', now) }).join(', ')}`,
          ConditionExpression: `attribute_not_exists(${create.n(PK)}) OR ${create.n(EXPIRATION)} <= ${create.v(epochSeconds(now))}`,
          ...create.attributes(),
        },
        'start an action counter',
      );
      if (created !== null) return true;
      // Both failed: the counter exists and is live, so either it is full or another caller raced us.
      const counter = await this.#getItem(key, 'read the action counter');
      if (counter !== null && isLive(integer(counter, EXPIRATION), now) && integer(counter, 'count') >= limit) return false;
    }
    throw new IncidentStoreError(`could not take an action slot for ${account} ${region} after ${MAX_ATTEMPTS} attempts`);
  }

  async recordAudit(record: AuditRecord): Promise<void> {
    const sortAt = timeOrThrow(record.at, 'audit time');
    await this.#put(
      {
        TableName: this.#table,
        Item: {
          [PK]: `AUDIT#${record.incidentId}`,
          // The uuid keeps two outcomes recorded in the same millisecond apart.
          [SK]: `${sortAt}#${randomUUID()}`,
          type: 'audit',
          incidentId: record.incidentId,
          at: record.at,
          account: record.account,
          region: record.region,
          outcome: record.outcome,
          [EXPIRATION]: expirationFor('audit', this.#clock.now()),
        },
      },
      'record an audit record',
    );
  }

  /** The live audit records of an incident, oldest first (not on the port: for tests and support tooling). */
  async listAudit(id: string): Promise<readonly AuditRecord[]> {
    const e = new Expression();
    const items = await this.#queryAll(
      {
        TableName: this.#table,
        ConsistentRead: true,
        KeyConditionExpression: `${e.n(PK)} = ${e.v(`AUDIT#${id}`)}`,
        FilterExpression: `${e.n(EXPIRATION)} > ${e.v(epochSeconds(this.#clock.now()))}`,
        ...e.attributes(),
      },
      'query audit records',
    );
    return items.map((item) => ({
      incidentId: text(item, 'incidentId'),
      at: text(item, 'at'),
      account: text(item, 'account'),
      region: text(item, 'region'),
      outcome: toOutcome(item['outcome'], String(item[SK])),
    }));
  }

  async blockedReason(action: ActionId, resource: string): Promise<string | null> {
    const item = await this.#getItem({ [PK]: `BLOCK#${action}`, [SK]: `RES#${resource}` }, 'read a block');
    return item === null || !isLive(integer(item, EXPIRATION), this.#clock.now()) ? null : text(item, 'reason');
  }

  async block(action: ActionId, resource: string, reason: string, at: string): Promise<void> {
    const blockedAt = timeOrThrow(at, 'block time');
    const now = this.#clock.now();
    const e = new Expression();
    // The first failure's reason is kept (the condition): a second block can only come from a caller that raced the first.
    await this.#put(
      {
        TableName: this.#table,
        Item: { [PK]: `BLOCK#${action}`, [SK]: `RES#${resource}`, type: 'block', action, resource, reason, at: blockedAt, [EXPIRATION]: expirationFor('block', now) },
        ConditionExpression: `attribute_not_exists(${e.n(PK)}) OR ${e.n(EXPIRATION)} <= ${e.v(epochSeconds(now))}`,
        ...e.attributes(),
      },
      'block an action',
    );
  }

  /** Opens a new generation of the incident; the new item, or null when it is already open (and live). */
  async #open(key: IncidentKey, at: string, now: Date): Promise<Item | null> {
    const e = new Expression();
    const assignments = e.set({
      type: 'incident',
      id: incidentId(key),
      account: key.account,
      region: key.region,
      apiId: key.apiId,
      stage: key.stage,
      cause: key.cause,
      route: key.route,
      status: 'open',
      firstSeen: at,
      lastSeen: at,
      count: 0,
      thread: null,
      notifiedAt: null,
      // A new generation starts with no notification claim (a claim of the resolved one must not block it).
      notifyClaimUntil: 0,
      resolvedAt: null,
      resolvedReason: null,
      [EXPIRATION]: expirationFor('incident', now),
      [OPEN_PK]: OPEN_PARTITION,
      [OPEN_SK]: at,
    });
    assignments.push(`${e.n('epoch')} = if_not_exists(${e.n('epoch')}, ${e.v(0)}) + ${e.v(1)}`);
    return this.#update(
      {
        TableName: this.#table,
        Key: incidentKeyOf(key),
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: `attribute_not_exists(${e.n(PK)}) OR ${e.n('status')} = ${e.v('resolved')} OR ${e.n(EXPIRATION)} <= ${e.v(epochSeconds(now))}`,
        ReturnValues: 'ALL_NEW',
        ...e.attributes(),
      },
      'open an incident',
    );
  }

  /** Claims one request id for a generation: true when this caller is the first to report it. */
  async #claimRequest(key: IncidentKey, epoch: number, requestId: string, now: Date): Promise<boolean> {
    const e = new Expression();
    return this.#put(
      {
        TableName: this.#table,
        Item: { [PK]: `REQ#${incidentId(key)}`, [SK]: `${epoch}#${requestId}`, type: 'request', [EXPIRATION]: expirationFor('requestMarker', now) },
        ConditionExpression: `attribute_not_exists(${e.n(PK)}) OR ${e.n(EXPIRATION)} <= ${e.v(epochSeconds(now))}`,
        ...e.attributes(),
      },
      'claim a request id',
    );
  }

  /**
   * Adds `counted` to generation `epoch` of the incident and moves `lastSeen` forward (never back: a
   * late batch must not make an incident look quieter). Null when that generation is no longer open.
   */
  async #addCount(key: IncidentKey, epoch: number, counted: number, at: string, now: Date): Promise<Item | null> {
    for (const moveLastSeen of [true, false]) {
      const e = new Expression();
      const set = e.set(moveLastSeen ? { lastSeen: at, [OPEN_SK]: at, [EXPIRATION]: expirationFor('incident', now) } : { [EXPIRATION]: expirationFor('incident', now) });
      const conditions = [`${e.n('epoch')} = ${e.v(epoch)}`, `${e.n('status')} = ${e.v('open')}`, `${e.n(EXPIRATION)} > ${e.v(epochSeconds(now))}`];
      if (moveLastSeen) conditions.push(`${e.n('lastSeen')} < ${e.v(at)}`);
      const updated = await this.#update(
        {
          TableName: this.#table,
          Key: incidentKeyOf(key),
          UpdateExpression: `SET ${set.join(', ')} ADD ${e.n('count')} ${e.v(counted)}`,
          ConditionExpression: conditions.join(' AND '),
          ReturnValues: 'ALL_NEW',
          ...e.attributes(),
        },
        'count an occurrence',
      );
      if (updated !== null) return updated;
    }
    return null;
  }

  /** Resolves each listed incident that is still open (and, for the sweep, still quiet); the ones this call resolved. */
  async #resolveEach(keys: readonly Item[], at: string, reason: string, quietBefore: string | null, now: Date): Promise<Incident[]> {
    const resolved = await mapLimit(keys, this.#parallelism, async (key) => {
      const e = new Expression();
      const conditions = [`${e.n('status')} = ${e.v('open')}`, `${e.n(EXPIRATION)} > ${e.v(epochSeconds(now))}`];
      if (quietBefore !== null) conditions.push(`${e.n('lastSeen')} < ${e.v(quietBefore)}`);
      const item = await this.#update(
        {
          TableName: this.#table,
          Key: { [PK]: key[PK], [SK]: key[SK] },
          UpdateExpression: `SET ${e.set({ status: 'resolved', resolvedAt: at, resolvedReason: reason, [EXPIRATION]: expirationFor('incident', now) }).join(', ')} REMOVE ${e.n(OPEN_PK)}, ${e.n(OPEN_SK)}`,
          ConditionExpression: conditions.join(' AND '),
          ReturnValues: 'ALL_NEW',
          ...e.attributes(),
        },
        'resolve an incident',
      );
      return item === null ? null : toIncident(item);
    });
    return resolved.filter((incident): incident is Incident => incident !== null).sort(byId);
  }

  /** A strongly consistent GetItem; null when there is no item. */
  async #getItem(key: Item, what: string): Promise<Item | null> {
    try {
      const output = await this.#client.send(new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }));
      return output.Item ?? null;
    } catch (error) {
      throw new IncidentStoreError(`${what} failed: ${errorText(error)}`, { cause: error });
    }
  }

  /** An UpdateItem; the new item (or `{}` without ReturnValues), or null when its condition failed. */
  async #update(input: UpdateCommandInput, what: string): Promise<Item | null> {
    try {
      const output = await this.#client.send(new UpdateCommand(input));
      return output.Attributes ?? {};
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw new IncidentStoreError(`${what} failed: ${errorText(error)}`, { cause: error });
    }
  }

  /** A PutItem; false when its condition failed. */
  async #put(input: PutCommandInput, what: string): Promise<boolean> {
    try {
      await this.#client.send(new PutCommand(input));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw new IncidentStoreError(`${what} failed: ${errorText(error)}`, { cause: error });
    }
  }

  /** Every item of a Query, following pagination. */
  async #queryAll(input: QueryCommandInput, what: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      try {
        const output = await this.#client.send(new QueryCommand(start === undefined ? input : { ...input, ExclusiveStartKey: start }));
        items.push(...(output.Items ?? []));
        start = output.LastEvaluatedKey;
      } catch (error) {
        throw new IncidentStoreError(`${what} failed: ${errorText(error)}`, { cause: error });
      }
    } while (start !== undefined);
    return items;
  }
}
