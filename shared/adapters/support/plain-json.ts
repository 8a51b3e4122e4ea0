/**
 * Small helpers to treat SDK inputs and outputs as plain JSON, which is what a recording stores and
 * what the memo keys and record matching compare.
 */
import type { JsonObject, JsonValue } from '../../domain/model.ts';

/**
 * Converts an SDK value to plain JSON: `Date` becomes its ISO string (a recording stores dates that
 * way, so live and replayed reads look alike), `undefined` members are dropped, non-finite numbers
 * become `null`, byte arrays become base64 and bigints become strings. Returns `undefined` for a
 * value JSON cannot hold (a function, `undefined` itself).
 */
export function toPlainJson(value: unknown): JsonValue | undefined {
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return undefined;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => toPlainJson(item) ?? null);
  }
  const out: Record<string, JsonValue> = {};
  for (const [key, member] of Object.entries(value)) {
    const plain = toPlainJson(member);
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}

/** Like {@link toPlainJson} for a whole SDK output or input: always an object, `$metadata` removed. */
export function toPlainObject(value: unknown): JsonObject {
  const plain = toPlainJson(value);
  if (!isJsonObject(plain)) return {};
  const { $metadata: _ignored, ...rest } = plain;
  return rest;
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `JSON.stringify` with object keys sorted at every level, so two inputs that differ only in key
 * order give the same memo key.
 */
export function stableStringify(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: JsonValue) => stableStringify(item)).join(',')}]`;
  const object = value as JsonObject;
  const members = Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stableStringify(object[key] ?? null)}`);
  return `{${members.join(',')}}`;
}

/** Deep equality of two JSON values (arrays in order, objects regardless of key order). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item: JsonValue, index: number) => jsonEqual(item, b[index]));
  }
  const left = a as JsonObject;
  const right = b as JsonObject;
  const leftKeys = Object.keys(left);
  if (leftKeys.length !== Object.keys(right).length) return false;
  return leftKeys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]));
}
