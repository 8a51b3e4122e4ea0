/**
 * Reading a CloudTrail event's own record (`CloudTrailEvent`, the JSON text LookupEvents returns):
 * the parsed object and safe field access into it, for "what changed" and its wording.
 * Pure: never throws on malformed text (an unreadable record reads as `{}`).
 */
import type { CloudTrailEventInfo } from '../../ports/account-reader.ts';
import type { JsonObject, JsonValue } from '../model.ts';

/** The event's record as an object, or `{}` when it is absent or not a JSON object. */
export function parseEventDetail(event: CloudTrailEventInfo): JsonObject {
  if (event.CloudTrailEvent === undefined) return {};
  try {
    const value = JSON.parse(event.CloudTrailEvent) as JsonValue;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
  } catch {
    return {};
  }
}

/** `value[key]` when `value` is a JSON object, else undefined. */
export function jsonField(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject)[key] : undefined;
}
