/**
 * How long the incident store keeps each kind of item, and the time arithmetic both store
 * implementations share (so the in-memory store and the DynamoDB one expire the same things).
 *
 * Every item carries `expiration` in epoch seconds (DynamoDB's TTL format). The retention counts from
 * the store's clock at the time of the write, not from the event time, so that replaying recorded
 * events from months ago still opens incidents instead of writing already-expired items. In live use
 * the two are within seconds of each other, so "30 days after the last write" is "30 days after last seen".
 */

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Retention in days per item kind:
 * - `incident`: 30 days after the last write (an incident quiet for a month is history; the audit keeps what was done).
 * - `requestMarker`: 2 days: a request id is only reported twice when one request's lines are split across
 *   subscription batches, which are minutes apart; markers must expire well before the incident does.
 * - `audit`: 400 days, a little over a year, the usual look-back of a change review.
 * - `rateCounter`: 2 days: a counter only matters during its hour; the rest is for inspection.
 * - `block`: 400 days: a block waits for a person; after a year its reason is stale anyway.
 */
export const RETENTION_DAYS = {
  incident: 30,
  requestMarker: 2,
  audit: 400,
  rateCounter: 2,
  block: 400,
} as const;

/** One item kind of {@link RETENTION_DAYS}. */
export type RetentionKind = keyof typeof RETENTION_DAYS;

/** The `expiration` (epoch seconds) of an item of this kind written at `now`. */
export function expirationFor(kind: RetentionKind, now: Date): number {
  return epochSeconds(now) + RETENTION_DAYS[kind] * DAY_SECONDS;
}

/** `now` in whole epoch seconds. */
export function epochSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

/** True while an item with this `expiration` still exists logically (expired items count as absent). */
export function isLive(expiration: number, now: Date): boolean {
  return expiration > epochSeconds(now);
}

/**
 * The time normalised to `Date.toISOString()` form, or null when it is not a time. The store compares
 * times as strings (DynamoDB conditions on `lastSeen`), which is only correct when every time has the
 * same shape: `2026-11-20T14:00:00Z` and `2026-11-20T14:00:00.000Z` must not sort apart.
 */
export function normalizeTime(value: string): string | null {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString();
}

/** The UTC hour a normalised time falls in, e.g. `2026-11-20T14` (the rate limit's bucket). */
export function hourBucket(normalizedTime: string): string {
  return normalizedTime.slice(0, 13);
}
