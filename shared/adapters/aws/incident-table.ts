/**
 * The incident store's one DynamoDB table, as plain data (no SDK import) so the CDK stack, the
 * adapter and the dynalite tests all build the same table from this one definition. The item types
 * living in it are documented in incident-store.ts.
 */

/** Attribute names of the table's keys, its sparse index and its TTL. */
export const INCIDENT_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** The sparse index of open incidents, ordered by when they were last seen (the quiet-period sweep). */
  openIndex: 'open-by-last-seen',
  /** Set to {@link OPEN_PARTITION} while an incident is open, removed when it is resolved. */
  openPartitionKey: 'openPk',
  /** The open incident's `lastSeen` (ISO, so string order is time order). */
  openSortKey: 'openSk',
  /** Epoch seconds; DynamoDB TTL deletes items some time after it passes, reads ignore them at once. */
  timeToLiveAttribute: 'expiration',
} as const;

/**
 * The one partition value of the open index. All open incidents share it: there are few open at any
 * time (tens, not thousands), and one partition lets the sweep read them in `lastSeen` order with one Query.
 */
export const OPEN_PARTITION = 'OPEN';

/** One key element, as `CreateTableCommandInput.KeySchema` takes it. */
export interface KeySchemaElementShape {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

/** The table definition: the fields of `CreateTableCommandInput` this table sets. */
export interface IncidentTableInput {
  TableName: string;
  BillingMode: 'PAY_PER_REQUEST';
  KeySchema: KeySchemaElementShape[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' }[];
  GlobalSecondaryIndexes: {
    IndexName: string;
    KeySchema: KeySchemaElementShape[];
    Projection: { ProjectionType: 'KEYS_ONLY' };
  }[];
}

/** What a deployment needs to create the table: the CreateTable input and the TTL attribute to enable. */
export interface IncidentTableDefinition {
  /** Pass to `new CreateTableCommand(input)` (tests) or map onto the CDK `Table` props (stack). */
  readonly input: IncidentTableInput;
  /** Enable TTL on this attribute (CDK `timeToLiveAttribute`; dynalite has no UpdateTimeToLive). */
  readonly timeToLiveAttribute: typeof INCIDENT_TABLE.timeToLiveAttribute;
}

/**
 * The table definition for a table called `tableName`. On-demand billing because the load is bursty
 * (nothing for days, then a failure storm). The open index projects keys only: the sweep re-checks
 * every incident with a conditional update on the base table anyway, since an index read can be stale.
 */
export function incidentTableDefinition(tableName: string): IncidentTableDefinition {
  return {
    input: {
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: INCIDENT_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: INCIDENT_TABLE.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: INCIDENT_TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: INCIDENT_TABLE.sortKey, AttributeType: 'S' },
        { AttributeName: INCIDENT_TABLE.openPartitionKey, AttributeType: 'S' },
        { AttributeName: INCIDENT_TABLE.openSortKey, AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: INCIDENT_TABLE.openIndex,
          KeySchema: [
            { AttributeName: INCIDENT_TABLE.openPartitionKey, KeyType: 'HASH' },
            { AttributeName: INCIDENT_TABLE.openSortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    },
    timeToLiveAttribute: INCIDENT_TABLE.timeToLiveAttribute,
  };
}
