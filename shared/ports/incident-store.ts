/**
 * The IncidentStore port: one table holding incidents (open → resolved), the audit records of every
 * action, the per-account action counters (rate limit) and blocked actions (circuit breaker).
 * Implemented over DynamoDB (conditional writes) and in memory (CLI, tests). Unexpected storage
 * failures reject with `IncidentStoreError`; everything expected is a value.
 */
import type { ActionId, Incident, IncidentKey, Outcome } from '../domain/model.ts';

/** One batch's worth of failures for one incident key. */
export interface Occurrence {
  readonly key: IncidentKey;
  /** When (ISO) the failures happened: the latest request's time. */
  readonly at: string;
  /** The failing requests' ids (each is counted once per incident, however often it is reported). */
  readonly requestIds: readonly string[];
  /** Failures with no request id (access rows, alarms): counted as they are. */
  readonly anonymous: number;
}

/** What recording an occurrence did. */
export interface OccurrenceResult {
  /** True for exactly one caller: the one whose write opened the incident (first ever, or first after resolution). */
  readonly opened: boolean;
  readonly incident: Incident;
  /** How many of the occurrence's failures were new to the incident (request ids already counted are not). */
  readonly counted: number;
}

/** The audit record of one action outcome. */
export interface AuditRecord {
  readonly incidentId: string;
  readonly at: string;
  readonly account: string;
  readonly region: string;
  readonly outcome: Outcome;
}

/** Stores incidents, audit records, rate-limit counters and blocked actions. */
export interface IncidentStore {
  /** Opens the incident (conditional write: exactly one caller sees `opened`) or counts into the open one. */
  recordOccurrence(occurrence: Occurrence): Promise<OccurrenceResult>;
  /** The incident with this id, open or resolved (expired items are not returned). */
  get(id: string): Promise<Incident | null>;
  /** Resolves every open incident of the stage (an alarm's OK); returns those it resolved. */
  resolveStage(stage: Pick<IncidentKey, 'account' | 'region' | 'apiId' | 'stage'>, at: string, reason: string): Promise<readonly Incident[]>;
  /** Resolves open incidents last seen before `before` (the quiet period); returns those it resolved. */
  resolveQuiet(before: string, at: string): Promise<readonly Incident[]>;
  /** Remembers the first message about the incident, so later messages reply in its thread. */
  setThread(id: string, thread: { readonly channel: string; readonly ts: string }): Promise<void>;
  /**
   * Claims the right to send the "new incident" message: true for exactly one caller while the
   * incident is open, not yet notified, and nobody else holds an unexpired claim. A worker that
   * crashed after claiming loses the claim when `leaseMs` has passed, so its retry still notifies.
   */
  claimNotification(id: string, at: string, leaseMs: number): Promise<boolean>;
  /** Records that the "new incident" message was delivered (see `Incident.notifiedAt`). */
  markNotified(id: string, at: string): Promise<void>;
  /** Takes one action slot of the account's hourly budget; false when `limit` are used this hour. */
  takeActionSlot(account: string, region: string, at: string, limit: number): Promise<boolean>;
  /** Appends an audit record. */
  recordAudit(record: AuditRecord): Promise<void>;
  /** Whether an action on a resource is blocked (its verification failed before), and why. */
  blockedReason(action: ActionId, resource: string): Promise<string | null>;
  /** Blocks an action on a resource until a person clears it (circuit breaker). */
  block(action: ActionId, resource: string, reason: string, at: string): Promise<void>;
}
