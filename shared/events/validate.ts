/**
 * Schema validation through Powertools parser, turned into `Result` values with one-line messages.
 */
import { parse } from '@aws-lambda-powertools/parser';
import type { InferOutput } from '@aws-lambda-powertools/parser/types';
import type { ZodMiniType } from 'zod/mini';
import { err, ok, type Result } from '../domain/result.ts';
import type { EventParseError } from './types.ts';

const MAX_MESSAGE_CHARS = 300;

/**
 * Makes any text safe for a one-line error or reason: control characters (newlines included) become
 * spaces and long text is cut, because these strings end up in logs and Slack messages.
 */
export function oneLine(text: string, max: number = MAX_MESSAGE_CHARS): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Renders a Standard Schema issue path (`PropertyKey | { key }` segments) as `a.b[0].c`. */
function renderPath(path: unknown): string {
  if (!Array.isArray(path) || path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    const key: unknown = isRecord(segment) && 'key' in segment ? segment.key : segment;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** The first issue of a Powertools `ParseError` (its `cause` holds the schema's issues), as text. */
function describeIssues(cause: unknown): string {
  const first: unknown = Array.isArray(cause) ? cause[0] : undefined;
  if (!isRecord(first)) return 'does not match the expected shape';
  const message = typeof first.message === 'string' ? first.message : 'invalid value';
  return `${renderPath(first.path)}: ${message}`;
}

/**
 * Validates `data` against `schema` with Powertools' `parse` in safe mode. A mismatch becomes a
 * `bad-shape` error naming `what` was being read and the first offending path.
 */
export function validate<S extends ZodMiniType>(schema: S, data: unknown, what: string): Result<InferOutput<S>, EventParseError> {
  const result = parse(data, undefined, schema, true);
  if (result.success) return ok(result.data);
  return err({ code: 'bad-shape', message: oneLine(`${what}: ${describeIssues(result.error.cause)}`) });
}
