/**
 * Turns a decoded CloudWatch Logs batch into log signals: execution logs name their API and stage in the
 * log group; access logs may name them in each JSON row.
 */
import type { ApiKind, RawLogEvent, Signal } from '../domain/model.ts';
import type { DecodedLogBatch, IgnoredEvent } from './types.ts';
import { oneLine } from './validate.ts';

/** `API-Gateway-Execution-Logs_{rest-api-id}/{stage_name}` (API Gateway DG, set-up-logging). */
const EXECUTION_LOG_GROUP = /^API-Gateway-Execution-Logs_([A-Za-z0-9]+)\/(.+)$/;

/**
 * Access-log field names that identify the API, the stage and the API flavour. Teams name their
 * `$context` variables freely, so the common spellings are accepted; the first spelling found wins.
 */
const API_ID_KEYS = ['"apiId"', '"api_id"', '"restApiId"'] as const;
const STAGE_KEYS = ['"stage"', '"stageName"', '"stage_name"'] as const;
/** Only HTTP (and WebSocket) API access logs can carry `$context.routeKey`. */
const HTTP_KEYS = ['"routeKey"', '"route_key"'] as const;
/** Only REST API access logs can carry `$context.resourcePath` / `$context.resourceId`. */
const REST_KEYS = ['"resourcePath"', '"resource_path"', '"resourceId"'] as const;

const QUOTE = 34;
const COLON = 58;
const BACKSLASH = 92;

function skipSpaces(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  return i;
}

/**
 * The string value of `quotedKey` in a JSON row, found by scanning rather than `JSON.parse`, because this
 * runs on every access-log row of every batch. A key text that appears as a value (not followed by `:`)
 * is skipped; a non-string value counts as absent. Escapes are left as written (ids never contain any).
 */
function stringField(row: string, quotedKey: string): string | undefined {
  for (let at = row.indexOf(quotedKey); at !== -1; at = row.indexOf(quotedKey, at + 1)) {
    let i = skipSpaces(row, at + quotedKey.length);
    if (row.charCodeAt(i) !== COLON) continue;
    i = skipSpaces(row, i + 1);
    if (row.charCodeAt(i) !== QUOTE) return undefined;
    const start = i + 1;
    for (let j = start; j < row.length; j++) {
      const c = row.charCodeAt(j);
      if (c === BACKSLASH) j++;
      else if (c === QUOTE) return row.slice(start, j);
    }
    return undefined;
  }
  return undefined;
}

/** Values that mean "no value" in access logs (`-` is what API Gateway writes for an empty variable). */
function present(value: string | undefined): string | null {
  return value === undefined || value === '' || value === '-' ? null : value;
}

function firstPresent(row: string, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = present(stringField(row, key));
    if (value !== null) return value;
  }
  return null;
}

function hasAny(row: string, keys: readonly string[]): boolean {
  return keys.some((key) => stringField(row, key) !== undefined);
}

interface AccessFields {
  readonly apiId: string | null;
  readonly stage: string | null;
  readonly apiKind: ApiKind;
}

function isJsonRow(message: string): boolean {
  return message.charCodeAt(0) === 123 /* { */ || message.trimStart().startsWith('{');
}

/** Reads the API flavour from one JSON access-log row. */
function readApiKind(row: string): ApiKind {
  const http = hasAny(row, HTTP_KEYS);
  const rest = hasAny(row, REST_KEYS);
  return http === rest ? 'unknown' : http ? 'http' : 'rest';
}

function isoTime(events: readonly RawLogEvent[]): string | undefined {
  let latest = Number.NEGATIVE_INFINITY;
  for (const event of events) if (event.timestamp !== undefined && event.timestamp > latest) latest = event.timestamp;
  const date = new Date(latest);
  return Number.isFinite(latest) && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

function logSignal(
  batch: DecodedLogBatch,
  logKind: 'execution' | 'access',
  fields: AccessFields,
  events: readonly RawLogEvent[],
): Signal {
  const time = isoTime(events);
  return {
    source: 'logs',
    apiId: fields.apiId,
    apiName: null,
    stage: fields.stage,
    state: null,
    // The subscription payload does not say which Region it came from; the ingest function knows.
    region: null,
    account: batch.owner === '' ? null : batch.owner,
    apiKind: fields.apiKind,
    logGroup: batch.logGroup,
    logKind,
    events,
    ...(time === undefined ? {} : { time }),
  };
}

/** The signals (and ignored parts) of one decoded log batch. */
export function logBatchToSignals(batch: DecodedLogBatch): { signals: Signal[]; ignored: IgnoredEvent[] } {
  if (batch.messageType === 'CONTROL_MESSAGE') {
    return { signals: [], ignored: [{ reason: 'CloudWatch Logs CONTROL_MESSAGE (a destination reachability check), no log events to diagnose' }] };
  }
  if (batch.messageType !== 'DATA_MESSAGE') {
    return { signals: [], ignored: [{ reason: oneLine(`CloudWatch Logs message type "${batch.messageType}" carries no log data`) }] };
  }
  if (batch.logEvents.length === 0) {
    return { signals: [], ignored: [{ reason: oneLine(`log batch from ${batch.logGroup} has no log events`) }] };
  }

  const execution = EXECUTION_LOG_GROUP.exec(batch.logGroup);
  if (execution !== null) {
    const events = batch.logEvents.map((e): RawLogEvent => ({ timestamp: e.timestamp, message: e.message }));
    const fields: AccessFields = { apiId: execution[1] ?? null, stage: execution[2] ?? null, apiKind: 'rest' };
    return { signals: [logSignal(batch, 'execution', fields, events)], ignored: [] };
  }

  // One access-log group may serve several APIs or stages: one signal per (apiId, stage), in first-seen
  // order. The flavour is read from a group's first JSON row only: all rows of one stage share the
  // stage's access-log format, and skipping the lookups keeps this loop cheap on large batches.
  const groups = new Map<string, { apiId: string | null; stage: string | null; apiKind: ApiKind | null; events: RawLogEvent[] }>();
  for (const event of batch.logEvents) {
    const json = isJsonRow(event.message);
    const apiId = json ? firstPresent(event.message, API_ID_KEYS) : null;
    const stage = json ? firstPresent(event.message, STAGE_KEYS) : null;
    const key = `${apiId ?? ''}\u0000${stage ?? ''}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { apiId, stage, apiKind: null, events: [] };
      groups.set(key, group);
    }
    if (group.apiKind === null && json) group.apiKind = readApiKind(event.message);
    group.events.push({ timestamp: event.timestamp, message: event.message });
  }
  const signals: Signal[] = [];
  for (const group of groups.values()) {
    signals.push(logSignal(batch, 'access', { apiId: group.apiId, stage: group.stage, apiKind: group.apiKind ?? 'unknown' }, group.events));
  }
  return { signals, ignored: [] };
}
