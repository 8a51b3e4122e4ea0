/**
 * Narrowing helpers for SDK outputs held as plain JSON. Outputs may come from a hand-written
 * recording, so each field is checked rather than trusted; a field of the wrong type is dropped.
 */
import type { JsonObject, JsonValue } from '../../domain/model.ts';
import { isJsonObject } from './plain-json.ts';

/** The value if it is a string. */
export function str(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value if it is a finite number. */
export function num(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The value if it is a boolean. */
export function bool(value: JsonValue | undefined): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** The value if it is a JSON object. */
export function obj(value: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** The object members of an array (anything else in it is skipped); `[]` when not an array. */
export function objects(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? (value as readonly JsonValue[]).filter(isJsonObject) : [];
}

/** The string members of an array, or `undefined` when not an array. */
export function strings(value: JsonValue | undefined): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return (value as readonly JsonValue[]).filter((item): item is string => typeof item === 'string');
}

/** A string-to-string map (non-string values skipped), or `undefined` when not an object. */
export function stringMap(value: JsonValue | undefined): Record<string, string> | undefined {
  const object = obj(value);
  if (object === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, member] of Object.entries(object)) {
    if (typeof member === 'string') out[key] = member;
  }
  return out;
}

/** A map whose object values are converted by `convert` (non-object values skipped). */
export function objectMap<T>(value: JsonValue | undefined, convert: (member: JsonObject) => T): Record<string, T> | undefined {
  const object = obj(value);
  if (object === undefined) return undefined;
  const out: Record<string, T> = {};
  for (const [key, member] of Object.entries(object)) {
    if (isJsonObject(member)) out[key] = convert(member);
  }
  return out;
}

/**
 * Drops the members whose value is `undefined`, so mapped port objects carry only the fields the
 * SDK returned (tests and recordings compare them exactly).
 */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
