/**
 * The IncidentStore port in memory, for the CLI `replay` and for domain tests. It keeps the same
 * items and the same rules as the DynamoDB store (aws/incident-store.ts): incidents with a generation
 * (`epoch`) so a re-open after resolution is new, one request-id marker per (incident, generation,
 * id), hourly action counters, audit records and blocks, each with an `expiration` from
 * domain/incidents/retention.ts that reads honour.
 *
 * Every method runs to completion without awaiting anything, so concurrent callers (Promise.all)
 * are serialised by the event loop: that is what makes "exactly one caller sees `opened`" true here.
 */
import type { ActionId, Incident, IncidentKey } from '../../domain/model.ts';
import type { Clock } from '../../ports/clock.ts';
import type { AuditRecord, IncidentStore, Occurrence, OccurrenceResult } from '../../ports/incident-store.ts';
import { incidentId, type StageRef } from '../../domain/incidents/incident-key.ts';
import { IncidentStoreError } from '../../domain/incidents/incident-store-error.ts';
import { expirationFor, hourBucket, isLive, normalizeTime } from '../../domain/incidents/retention.ts';
import { quietReason } from '../../domain/incidents/resolution.ts';

/** Options for {@link MemoryIncidentStore}. */
export interface MemoryIncidentStoreOptions {
  /** The clock expirations are computed and checked against; the system clock by default. */
  readonly clock?: Clock;
}

interface StoredIncident {
  incident: Incident;
  epoch: number;
  expiration: number;
}

interface Expiring<T> {
  readonly value: T;
  readonly expiration: number;
}

interface StoredAudit {
  readonly record: AuditRecord;
  /** The normalised time, the sort key (the DynamoDB store sorts on the same). */
  readonly sortAt: string;
  readonly seq: number;
  readonly expiration: number;
}

const SYSTEM_CLOCK: Clock = { now: () => new Date() };

function timeOrThrow(value: string, what: string): string {
  const normalized = normalizeTime(value);
  if (normalized === null) throw new IncidentStoreError(`${what} is not a time: ${JSON.stringify(value)}`);
  return normalized;
}

function sameStage(key: IncidentKey, stage: StageRef): boolean {
  return key.account === stage.account && key.region === stage.region && key.apiId === stage.apiId && key.stage === stage.stage;
}

/** An in-memory IncidentStore with the DynamoDB store's semantics. */
export class MemoryIncidentStore implements IncidentStore {
  readonly #clock: Clock;
  /** Notification claims per incident: the generation they were taken in and until when (epoch ms). */
  readonly #claims = new Map<string, { epoch: number; until: number }>();
  readonly #incidents = new Map<string, StoredIncident>();
  /** Keyed by incident id, generation and request id (NUL-separated: none of them can hold NUL). */
  readonly #markers = new Map<string, number>();
  readonly #counters = new Map<string, Expiring<number>>();
  readonly #audits = new Map<string, StoredAudit[]>();
  readonly #blocks = new Map<string, Expiring<string>>();
  #auditSeq = 0;

  constructor(options: MemoryIncidentStoreOptions = {}) {
    this.#clock = options.clock ?? SYSTEM_CLOCK;
  }

  async recordOccurrence(occurrence: Occurrence): Promise<OccurrenceResult> {
    const at = timeOrThrow(occurrence.at, 'occurrence time');
    const now = this.#clock.now();
    const id = incidentId(occurrence.key);
    const previous = this.#incidents.get(id);
    let stored: StoredIncident;
    let opened = false;
    if (previous === undefined || !isLive(previous.expiration, now) || previous.incident.status === 'resolved') {
      stored = {
        epoch: (previous?.epoch ?? 0) + 1,
        expiration: expirationFor('incident', now),
        incident: { id, key: { ...occurrence.key }, status: 'open', firstSeen: at, lastSeen: at, count: 0, thread: null, notifiedAt: null, resolvedAt: null, resolvedReason: null },
      };
      this.#incidents.set(id, stored);
      opened = true;
    } else {
      stored = previous;
    }
    let fresh = 0;
    for (const requestId of new Set(occurrence.requestIds)) {
      const marker = `${id}\u0000${stored.epoch}\u0000${requestId}`;
      const expiration = this.#markers.get(marker);
      if (expiration !== undefined && isLive(expiration, now)) continue;
      this.#markers.set(marker, expirationFor('requestMarker', now));
      fresh += 1;
    }
    const counted = fresh + occurrence.anonymous;
    const before = stored.incident;
    stored.incident = { ...before, count: before.count + counted, lastSeen: at > before.lastSeen ? at : before.lastSeen };
    stored.expiration = expirationFor('incident', now);
    return { opened, incident: stored.incident, counted };
  }

  async get(id: string): Promise<Incident | null> {
    return this.#live(id)?.incident ?? null;
  }

  async resolveStage(stage: StageRef, at: string, reason: string): Promise<readonly Incident[]> {
    const resolvedAt = timeOrThrow(at, 'resolution time');
    return this.#resolveWhere((incident) => sameStage(incident.key, stage), resolvedAt, () => reason);
  }

  async resolveQuiet(before: string, at: string): Promise<readonly Incident[]> {
    const cutoff = timeOrThrow(before, 'quiet-period cut-off');
    const resolvedAt = timeOrThrow(at, 'resolution time');
    return this.#resolveWhere((incident) => incident.lastSeen < cutoff, resolvedAt, () => quietReason(cutoff));
  }

  async setThread(id: string, thread: { readonly channel: string; readonly ts: string }): Promise<void> {
    // An incident that is gone (expired, or an unknown id) is left alone: there is nothing to thread under.
    const stored = this.#live(id);
    if (stored === undefined) return;
    stored.incident = { ...stored.incident, thread: { channel: thread.channel, ts: thread.ts } };
    stored.expiration = expirationFor('incident', this.#clock.now());
  }

  async claimNotification(id: string, at: string, leaseMs: number): Promise<boolean> {
    const now = Date.parse(timeOrThrow(at, 'claim time'));
    const stored = this.#live(id);
    if (stored === undefined || stored.incident.status !== 'open' || stored.incident.notifiedAt !== null) return false;
    const held = this.#claims.get(id);
    if (held !== undefined && held.epoch === stored.epoch && held.until > now) return false;
    this.#claims.set(id, { epoch: stored.epoch, until: now + leaseMs });
    return true;
  }

  async markNotified(id: string, at: string): Promise<void> {
    const notifiedAt = timeOrThrow(at, 'notification time');
    // The first delivery is the one that counts; gone incidents are left alone, as in setThread.
    const stored = this.#live(id);
    if (stored === undefined || stored.incident.notifiedAt !== null) return;
    stored.incident = { ...stored.incident, notifiedAt };
    stored.expiration = expirationFor('incident', this.#clock.now());
  }

  async takeActionSlot(account: string, region: string, at: string, limit: number): Promise<boolean> {
    const hour = hourBucket(timeOrThrow(at, 'action time'));
    if (limit <= 0) return false;
    const now = this.#clock.now();
    const key = `${account}\u0000${region}\u0000${hour}`;
    const counter = this.#counters.get(key);
    if (counter === undefined || !isLive(counter.expiration, now)) {
      this.#counters.set(key, { value: 1, expiration: expirationFor('rateCounter', now) });
      return true;
    }
    if (counter.value >= limit) return false;
    this.#counters.set(key, { value: counter.value + 1, expiration: counter.expiration });
    return true;
  }

  async recordAudit(record: AuditRecord): Promise<void> {
    const sortAt = timeOrThrow(record.at, 'audit time');
    const list = this.#audits.get(record.incidentId) ?? [];
    this.#auditSeq += 1;
    list.push({ record, sortAt, seq: this.#auditSeq, expiration: expirationFor('audit', this.#clock.now()) });
    this.#audits.set(record.incidentId, list);
  }

  /** The live audit records of an incident, oldest first (not on the port: for tests and support tooling). */
  async listAudit(id: string): Promise<readonly AuditRecord[]> {
    const now = this.#clock.now();
    return (this.#audits.get(id) ?? [])
      .filter((audit) => isLive(audit.expiration, now))
      .sort((a, b) => (a.sortAt < b.sortAt ? -1 : a.sortAt > b.sortAt ? 1 : a.seq - b.seq))
      .map((audit) => audit.record);
  }

  async blockedReason(action: ActionId, resource: string): Promise<string | null> {
    const block = this.#blocks.get(`${action}\u0000${resource}`);
    return block !== undefined && isLive(block.expiration, this.#clock.now()) ? block.value : null;
  }

  async block(action: ActionId, resource: string, reason: string, at: string): Promise<void> {
    timeOrThrow(at, 'block time');
    const now = this.#clock.now();
    const key = `${action}\u0000${resource}`;
    const existing = this.#blocks.get(key);
    // The first failure's reason is kept: a second block can only come from a caller that raced the first.
    if (existing !== undefined && isLive(existing.expiration, now)) return;
    this.#blocks.set(key, { value: reason, expiration: expirationFor('block', now) });
  }

  #live(id: string): StoredIncident | undefined {
    const stored = this.#incidents.get(id);
    return stored !== undefined && isLive(stored.expiration, this.#clock.now()) ? stored : undefined;
  }

  #resolveWhere(matches: (incident: Incident) => boolean, at: string, reason: () => string): Incident[] {
    const now = this.#clock.now();
    const resolved: Incident[] = [];
    for (const stored of this.#incidents.values()) {
      if (stored.incident.status !== 'open' || !isLive(stored.expiration, now) || !matches(stored.incident)) continue;
      stored.incident = { ...stored.incident, status: 'resolved', resolvedAt: at, resolvedReason: reason() };
      stored.expiration = expirationFor('incident', now);
      resolved.push(stored.incident);
    }
    return resolved.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
