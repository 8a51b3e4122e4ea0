/**
 * The recorded-account adapter: a JSON file that stands in for an AWS account (format:
 * events/accounts/README.md). Clients built from it answer `send(command)` from the recorded SDK
 * outputs, so the real reader code runs unchanged in offline mode, demos, tests and support bundles.
 * A {@link RecordedState} is the same account as mutable state: the recorded remediator
 * (recorded-remediator.ts) writes to it, and clients built on it answer later reads with the change.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { JsonObject, JsonValue } from '../../domain/model.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type { Clock } from '../../ports/clock.ts';
import { createAccountReader, type AwsAccountReader } from '../aws/account-reader.ts';
import { CLIENT_KEYS, CLIENT_SERVICES, operationNameOf, type AwsClients, type ClientKey, type SdkCommand } from '../aws/clients.ts';
import { describeFilterPatternError, matchesFilterPattern, parseFilterPattern, type FilterPattern } from '../../domain/logs/filter-pattern.ts';
import { lambdaTargetFromUri } from '../../domain/checks/lambda-target.ts';
import { MissingRecordError } from './missing-record-error.ts';
import { isJsonObject, jsonEqual, stableStringify, toPlainObject } from '../support/plain-json.ts';
import { describeZodError } from '../support/zod-issues.ts';

export { MissingRecordError } from './missing-record-error.ts';

/** What a recorded call rejects with: the SDK error's `name` (e.g. `ResourceNotFoundException`) and message. */
export interface RecordedError {
  readonly name: string;
  readonly message: string;
}

/**
 * One recorded SDK call. Exactly one of `output` and `error` is present. A recording is a support
 * bundle: it may hold calls of any service and operation (e.g. `sts GetCallerIdentity`); records that
 * no read asks for are simply never served.
 */
export interface RecordedCall {
  /** The SDK client package suffix, e.g. `api-gateway`, `sts`, `cloudtrail`. */
  readonly service: string;
  /** The command name without `Command`, e.g. `GetStage`. */
  readonly operation: string;
  /** Matches a call when every key here deep-equals the call's value (other call keys are ignored). */
  readonly input: JsonObject;
  /** What `send()` resolves with (no `$metadata`; dates as ISO strings). */
  readonly output?: JsonObject;
  readonly error?: RecordedError;
}

/** One CloudTrail management event, exactly as LookupEvents returns it (`EventTime` as an ISO string). */
export interface RecordedTrailEvent {
  readonly EventId: string;
  readonly EventName: string;
  readonly EventTime: string;
  readonly EventSource: string;
  readonly Username?: string;
  readonly Resources?: readonly { readonly ResourceType?: string; readonly ResourceName?: string }[];
  /** The whole event as JSON text (requestParameters, userIdentity, readOnly, ...). */
  readonly CloudTrailEvent: string;
  readonly ReadOnly?: string;
  readonly AccessKeyId?: string;
}

/** One datapoint of a recorded metric: any of the statistics CloudWatch keeps for it. */
export interface RecordedDatapoint {
  readonly timestamp: string;
  readonly Sum?: number;
  readonly Average?: number;
  readonly Maximum?: number;
  readonly Minimum?: number;
  readonly SampleCount?: number;
}

/** One CloudWatch metric (namespace, name and the exact dimension set) with its datapoints. */
export interface RecordedMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly unit?: string;
  readonly datapoints: readonly RecordedDatapoint[];
}

/** A recorded account. */
export interface Recording {
  readonly account: string;
  readonly region: string;
  /** ISO time used as "now" in recorded mode. */
  readonly now?: string;
  readonly calls: readonly RecordedCall[];
  /** The account's CloudTrail events; absent = LookupEvents was not recorded (reads then fail as "not recorded"). */
  readonly cloudTrail?: readonly RecordedTrailEvent[];
  /** The account's CloudWatch metrics; absent = GetMetricData was not recorded. */
  readonly metrics?: readonly RecordedMetric[];
}

const jsonObject = z.record(z.string(), z.json());

const recordedCallSchema = z
  .object({
    // Any service: a bundle may hold more than this version reads (DESIGN.md "Recorded account").
    service: z.string().min(1, 'expected a service name such as api-gateway'),
    operation: z
      .string()
      .regex(/^[A-Z][A-Za-z0-9]*$/, 'expected an operation name such as GetStage')
      .refine((name) => !name.endsWith('Command'), 'expected the operation name without "Command", e.g. GetStage'),
    // A record without input matches every call of its operation (handy for GetAccount).
    input: jsonObject.default({}),
    output: jsonObject.optional(),
    error: z.object({ name: z.string().min(1), message: z.string() }).optional(),
  })
  .superRefine((call, context) => {
    if ((call.output === undefined) === (call.error === undefined)) {
      context.addIssue({ code: 'custom', message: 'expected exactly one of "output" or "error"' });
    }
  });

const isoTime = z.iso.datetime({ offset: true, error: 'expected an ISO date-time such as 2026-11-20T14:10:00.000Z' });

const trailEventSchema = z.object({
  EventId: z.string().min(1),
  EventName: z.string().min(1),
  EventTime: isoTime,
  EventSource: z.string().min(1),
  Username: z.string().optional(),
  Resources: z.array(z.object({ ResourceType: z.string().optional(), ResourceName: z.string().optional() })).optional(),
  CloudTrailEvent: z.string().refine((text) => {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    } catch {
      return false;
    }
  }, 'expected the event as JSON text, as CloudTrail returns it'),
  ReadOnly: z.string().optional(),
  AccessKeyId: z.string().optional(),
});

const metricSchema = z.object({
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  dimensions: z.record(z.string(), z.string()),
  unit: z.string().optional(),
  datapoints: z.array(
    z.object({
      timestamp: isoTime,
      Sum: z.number().optional(),
      Average: z.number().optional(),
      Maximum: z.number().optional(),
      Minimum: z.number().optional(),
      SampleCount: z.number().optional(),
    }),
  ),
});

const recordingSchema = z.object({
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  region: z.string().min(1, 'expected a Region such as us-east-1'),
  now: isoTime.optional(),
  calls: z.array(recordedCallSchema),
  cloudTrail: z.array(trailEventSchema).optional(),
  metrics: z.array(metricSchema).optional(),
});

/** A recording that cannot be used. The message is one line: `<source>: <where>: <problem>`. */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
  /** The file (or other source) the recording came from. */
  readonly source: string;
  /** The problem without the source, e.g. `calls[3].service: expected string, received number`. */
  readonly problem: string;

  constructor(source: string, problem: string, options?: { cause?: unknown }) {
    super(`${source}: ${problem}`, options);
    this.source = source;
    this.problem = problem;
  }
}

/** Validates an already-parsed recording. `source` names it in error messages (a path, `stdin`, ...). */
export function parseRecording(value: unknown, source: string): Result<Recording, RecordingError> {
  // A file that is JSON but plainly not a recording deserves that answer, not a list of schema issues.
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('calls' in value)) {
    return err(new RecordingError(source, 'not a recorded account: expected {"account", "region", "calls": [...]} (see events/accounts/README.md)'));
  }
  const parsed = recordingSchema.safeParse(value);
  return parsed.success ? ok(parsed.data) : err(new RecordingError(source, describeZodError(parsed.error), { cause: parsed.error }));
}

/** Reads, parses and validates a recording file; every expected problem comes back as a `RecordingError` value. */
export async function loadRecording(path: string): Promise<Result<Recording, RecordingError>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return err(new RecordingError(path, `cannot read the file (${code})`, { cause: error }));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    return err(new RecordingError(path, `not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error }));
  }
  return parseRecording(value, path);
}

/** Records with the same service, operation and input: served in order, the last one repeating. */
interface RecordGroup {
  readonly input: JsonObject;
  readonly keyCount: number;
  readonly calls: RecordedCall[];
  cursor: number;
}

function matches(recorded: JsonObject, actual: JsonObject): boolean {
  return Object.keys(recorded).every((key) => Object.hasOwn(actual, key) && jsonEqual(recorded[key], actual[key]));
}

/** What a write leaves for later reads of one resource: an SDK output, or an error (`{ name, message }`). */
export type RecordedAnswer = { readonly output: JsonObject } | { readonly error: RecordedError };

/**
 * A Lambda function of the recorded account as Lambda resolves a `FunctionName` (+ `Qualifier`):
 * `orders`, `123456789012:function:orders` and `arn:aws:lambda:<region>:123456789012:function:orders`
 * are one function; `orders:live` and `orders` with `Qualifier: live` are one qualified function.
 */
export interface RecordedFunction {
  readonly name: string;
  /** Alias or version; null for the unqualified function. */
  readonly qualifier: string | null;
}

/**
 * The function `input` (`FunctionName`, optional `Qualifier`) names in this recording's account and
 * Region, or null when it names none: another account or Region, a malformed name, a qualifier in the
 * name that contradicts the `Qualifier` parameter.
 */
export function recordedFunctionOf(input: JsonObject, recording: Pick<Recording, 'account' | 'region'>): RecordedFunction | null {
  const functionName = input['FunctionName'];
  const qualifierParameter = input['Qualifier'];
  if (typeof functionName !== 'string' || functionName === '') return null;
  if (qualifierParameter !== undefined && (typeof qualifierParameter !== 'string' || qualifierParameter === '')) return null;
  // Function names and ARNs never hold a slash; anything with one (an invocation path) is not a FunctionName.
  if (functionName.includes('/')) return null;
  const target = lambdaTargetFromUri(functionName);
  if (target === null || target.functionName === '' || target.stageVariables.length > 0) return null;
  if (target.account !== null && target.account !== recording.account) return null;
  if (target.region !== null && target.region !== recording.region) return null;
  if (target.qualifier !== null && qualifierParameter !== undefined && target.qualifier !== qualifierParameter) return null;
  return { name: target.functionName, qualifier: target.qualifier ?? (qualifierParameter ?? null) };
}

/** The input keys that name the resource a Lambda read is about (any other key makes it a different read). */
const FUNCTION_KEYS: readonly string[] = ['FunctionName', 'Qualifier'];

/**
 * The resource a read is about, as a key, for the reads a write can change: a Lambda policy or
 * configuration (by function, however it is named), a stage, the stages of an API, the account
 * settings. Null for every other read, which only the recorded records answer.
 */
function resourceKeyOf(service: string, operation: string, input: JsonObject, recording: Recording): string | null {
  const onlyKeys = (keys: readonly string[]): boolean => Object.keys(input).every((key) => keys.includes(key));
  if (service === 'lambda' && (operation === 'GetPolicy' || operation === 'GetFunctionConfiguration')) {
    const fn = onlyKeys(FUNCTION_KEYS) ? recordedFunctionOf(input, recording) : null;
    return fn === null ? null : `lambda:${operation}:${fn.name}:${fn.qualifier ?? ''}`;
  }
  if (service !== 'api-gateway') return null;
  const restApiId = input['restApiId'];
  if (operation === 'GetStage') {
    const stageName = input['stageName'];
    return onlyKeys(['restApiId', 'stageName']) && typeof restApiId === 'string' && typeof stageName === 'string'
      ? `api-gateway:GetStage:${restApiId}/${stageName}`
      : null;
  }
  if (operation === 'GetStages') return onlyKeys(['restApiId']) && typeof restApiId === 'string' ? `api-gateway:GetStages:${restApiId}` : null;
  if (operation === 'GetAccount') return 'api-gateway:GetAccount';
  return null;
}

/**
 * A recorded account as mutable state: the recording's records with their serving cursors, plus what
 * writes changed. Clients built on one state ({@link createRecordedStateClients}) and the recorded
 * remediator share it, so every reader over those clients (including one created after a write)
 * sees the account as the writes left it.
 */
export interface RecordedState {
  readonly recording: Recording;
  /**
   * Answers one call: the answer a write left for the resource it names (see {@link RecordedState.write}),
   * else the recorded record by the matching rules (advancing that record group's cursor).
   * @throws MissingRecordError when no record answers.
   */
  answer(service: string, operation: string, input: JsonObject): RecordedCall;
  /** The record the next identical call would get, without advancing any cursor; undefined when none would. */
  peek(service: string, operation: string, input: JsonObject): RecordedCall | undefined;
  /**
   * Like {@link RecordedState.peek} for a Lambda read (`GetPolicy`, `GetFunctionConfiguration`, `GetAlias`) of
   * `fn`, whichever name form the records use: the most specific record whose function is `fn` (a record
   * without a qualifier also answers for a qualified function, as the subset rule says).
   */
  peekFunction(operation: string, fn: RecordedFunction): RecordedCall | undefined;
  /**
   * Sets what later reads of one resource answer, however they name it: `input` is a read of that
   * resource (`GetPolicy {FunctionName, Qualifier?}`, `GetStage {restApiId, stageName}`,
   * `GetStages {restApiId}`, `GetAccount {}`). The answer repeats; recorded records of that resource are
   * no longer served.
   * @throws Error for a read no write can change (a bug in the caller).
   */
  write(service: string, operation: string, input: JsonObject, answer: RecordedAnswer): void;
}

/** Builds the state of a recording; nothing is written yet. */
export function createRecordedState(recording: Recording): RecordedState {
  const groups = new Map<string, RecordGroup[]>();
  const groupsByInput = new Map<string, RecordGroup>();
  for (const call of recording.calls) {
    const inputKey = `${call.service}:${call.operation}:${stableStringify(call.input)}`;
    let group = groupsByInput.get(inputKey);
    if (group === undefined) {
      group = { input: call.input, keyCount: Object.keys(call.input).length, calls: [], cursor: 0 };
      groupsByInput.set(inputKey, group);
      const operationKey = `${call.service}:${call.operation}`;
      groups.set(operationKey, [...(groups.get(operationKey) ?? []), group]);
    }
    group.calls.push(call);
  }
  const written = new Map<string, RecordedCall>();

  /** The group the matching rules pick: every recorded key equals the call's, most keys wins, ties the first. */
  const bestGroup = (service: string, operation: string, input: JsonObject): RecordGroup | undefined => {
    let best: RecordGroup | undefined;
    for (const group of groups.get(`${service}:${operation}`) ?? []) {
      if (matches(group.input, input) && (best === undefined || group.keyCount > best.keyCount)) best = group;
    }
    return best;
  };
  const current = (group: RecordGroup): RecordedCall | undefined => group.calls[Math.min(group.cursor, group.calls.length - 1)];
  const writtenFor = (service: string, operation: string, input: JsonObject): RecordedCall | undefined => {
    const key = resourceKeyOf(service, operation, input, recording);
    return key === null ? undefined : written.get(key);
  };

  return {
    recording,
    answer(service, operation, input) {
      const changed = writtenFor(service, operation, input);
      if (changed !== undefined) return changed;
      const best = bestGroup(service, operation, input);
      const record = best === undefined ? undefined : current(best);
      if (best === undefined || record === undefined) throw new MissingRecordError(service, operation, input);
      best.cursor += 1;
      return record;
    },
    peek(service, operation, input) {
      const changed = writtenFor(service, operation, input);
      if (changed !== undefined) return changed;
      const best = bestGroup(service, operation, input);
      return best === undefined ? undefined : current(best);
    },
    peekFunction(operation, fn) {
      const changed = written.get(`lambda:${operation}:${fn.name}:${fn.qualifier ?? ''}`);
      if (changed !== undefined) return changed;
      let best: { readonly group: RecordGroup; readonly keys: number } | undefined;
      for (const group of groups.get(`lambda:${operation}`) ?? []) {
        const recorded = recordedFunctionOf(group.input, recording);
        if (recorded === null || recorded.name !== fn.name) continue;
        if (recorded.qualifier !== null && recorded.qualifier !== fn.qualifier) continue;
        // Other keys (GetAlias `Name`) must match the qualifier the way the reader sends them.
        const rest = Object.keys(group.input).filter((key) => !FUNCTION_KEYS.includes(key));
        if (!rest.every((key) => key === 'Name' && group.input[key] === fn.qualifier)) continue;
        const keys = (recorded.qualifier === null ? 1 : 2) + rest.length;
        if (best === undefined || keys > best.keys) best = { group, keys };
      }
      return best === undefined ? undefined : current(best.group);
    },
    write(service, operation, input, answer) {
      const key = resourceKeyOf(service, operation, input, recording);
      if (key === null) throw new Error(`a write cannot change ${service} ${operation} with input ${stableStringify(input)}`);
      const base = { service, operation, input };
      written.set(key, 'output' in answer ? { ...base, output: structuredClone(answer.output) } : { ...base, error: answer.error });
    },
  };
}

/**
 * Clients that answer from the recording. Each call is matched to the record groups of its service
 * and operation whose input is a subset of the call's input; the group with the most input keys wins
 * (ties: the first in the file), and serves its records in order, repeating the last. The cursors
 * live in the returned clients, so share one set across readers to replay a change over time
 * (e.g. a policy before and after `AddPermission`).
 */
export function createRecordedClients(recording: Recording): AwsClients {
  return createRecordedStateClients(createRecordedState(recording));
}

/**
 * Clients that answer from `state`: as {@link createRecordedClients}, and after a write (the recorded
 * remediator) with what the write left. Build several readers on the same clients, or several client
 * sets on the same state: they all see one account.
 */
export function createRecordedStateClients(state: RecordedState): AwsClients {
  const clientFor = (clientKey: ClientKey) => {
    const service = CLIENT_SERVICES[clientKey];
    return {
      async send(command: SdkCommand): Promise<unknown> {
        const operation = operationNameOf(command);
        const input = toPlainObject(command.input);
        const record = state.answer(service, operation, input);
        if (record.error !== undefined) throw recordedError(record.error);
        // A copy, so a caller that mutates an output cannot change what the next call gets.
        const output = structuredClone(record.output ?? {});
        return operation === 'FilterLogEvents' ? logQueryAnswer(output, input, record.input) : output;
      },
    };
  };

  const sections = (clientKey: ClientKey) => {
    const plain = clientFor(clientKey);
    return {
      async send(command: SdkCommand): Promise<unknown> {
        const operation = operationNameOf(command);
        const input = toPlainObject(command.input);
        const { recording } = state;
        if (operation === 'LookupEvents' && recording.cloudTrail !== undefined) return lookupEventsAnswer(recording.cloudTrail, input);
        if (operation === 'GetMetricData' && recording.metrics !== undefined) return metricDataAnswer(recording.metrics, input);
        try {
          return await plain.send(command);
        } catch (error: unknown) {
          // A recording made before these sections existed: the read is "not recorded", never a gap to fix.
          if (error instanceof MissingRecordError && (operation === 'LookupEvents' || operation === 'GetMetricData')) {
            throw notRecorded(operation === 'LookupEvents' ? 'cloudTrail' : 'metrics', `${CLIENT_SERVICES[clientKey]} ${operation}`);
          }
          throw error;
        }
      },
    };
  };

  const clients = Object.fromEntries(
    CLIENT_KEYS.map((key) => [key, key === 'cloudTrail' || key === 'cloudWatch' ? sections(key) : clientFor(key)]),
  ) as Record<ClientKey, { send(command: SdkCommand): Promise<unknown> }>;
  return clients;
}

/** The error a read of a section the recording does not have rejects with. */
export class NotRecordedError extends Error {
  override readonly name = 'NotRecordedError';
}

function notRecorded(section: string, call: string): NotRecordedError {
  return new NotRecordedError(`not recorded: the recording has no "${section}" section, so ${call} cannot be answered`);
}

/** An error named as the AWS service names it, so the reader classifies it as it would a live one. */
function serviceError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function epochOf(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/** LookupEvents' largest (and default) page. */
const LOOKUP_PAGE_MAX = 50;

/** The attribute value of one event, as LookupEvents compares it. */
function trailAttributeMatches(event: RecordedTrailEvent, key: string, value: string): boolean {
  let detail: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(event.CloudTrailEvent);
    if (typeof parsed === 'object' && parsed !== null) detail = parsed as Record<string, unknown>;
  } catch {
    // The schema validated it; an unparsable text only matches nothing on its inner fields.
  }
  switch (key) {
    case 'EventId':
      return event.EventId === value;
    case 'EventName':
      return event.EventName === value;
    case 'EventSource':
      return event.EventSource === value;
    case 'Username':
      return event.Username === value;
    case 'ResourceName':
      return (event.Resources ?? []).some((r) => r.ResourceName === value);
    case 'ResourceType':
      return (event.Resources ?? []).some((r) => r.ResourceType === value);
    case 'ReadOnly':
      return String(event.ReadOnly ?? detail['readOnly'] ?? 'false') === value;
    case 'AccessKeyId': {
      const identity = detail['userIdentity'];
      const id = typeof identity === 'object' && identity !== null ? (identity as Record<string, unknown>)['accessKeyId'] : undefined;
      return (event.AccessKeyId ?? id) === value;
    }
    default:
      throw serviceError('InvalidLookupAttributesException', `Unknown attribute key ${key}`);
  }
}

/**
 * What LookupEvents would return from the recorded events: those matching the one lookup attribute,
 * inside StartTime..EndTime (inclusive), newest first, `MaxResults` (≤ 50) per page, with a NextToken
 * while more remain.
 */
function lookupEventsAnswer(events: readonly RecordedTrailEvent[], input: JsonObject): JsonObject {
  const attributes = Array.isArray(input['LookupAttributes']) ? (input['LookupAttributes'] as readonly JsonValue[]) : [];
  if (attributes.length > 1) throw serviceError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
  const attribute = attributes[0];
  const start = epochOf(input['StartTime']) ?? Number.NEGATIVE_INFINITY;
  const end = epochOf(input['EndTime']) ?? Number.POSITIVE_INFINITY;
  if (start > end) throw serviceError('InvalidTimeRangeException', 'StartTime must be before EndTime.');
  const maxResults = input['MaxResults'] === undefined ? LOOKUP_PAGE_MAX : input['MaxResults'];
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > LOOKUP_PAGE_MAX) {
    throw serviceError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  }
  const selected = events
    .filter((event) => {
      const at = Date.parse(event.EventTime);
      if (at < start || at > end) return false;
      if (!isJsonObject(attribute ?? null)) return true;
      const record = attribute as JsonObject;
      return trailAttributeMatches(event, String(record['AttributeKey']), String(record['AttributeValue']));
    })
    .sort((a, b) => Date.parse(b.EventTime) - Date.parse(a.EventTime) || a.EventId.localeCompare(b.EventId));
  const token = input['NextToken'];
  let offset = 0;
  if (token !== undefined) {
    const match = typeof token === 'string' ? /^recorded-page-(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8')) : null;
    if (match === null) throw serviceError('InvalidNextTokenException', 'Invalid NextToken.');
    offset = Number(match[1]);
  }
  const page = selected.slice(offset, offset + maxResults);
  const next = offset + maxResults < selected.length ? Buffer.from(`recorded-page-${offset + maxResults}`).toString('base64') : undefined;
  return {
    Events: page.map((event) => structuredClone(event) as unknown as JsonObject),
    ...(next === undefined ? {} : { NextToken: next }),
  };
}

type Statistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount';
const STATISTICS: readonly Statistic[] = ['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount'];

/** One statistic over the datapoints of one period, as CloudWatch aggregates it; undefined when none holds it. */
function aggregate(points: readonly RecordedDatapoint[], stat: Statistic): number | undefined {
  const values = (key: Statistic): number[] => points.map((p) => p[key]).filter((v): v is number => typeof v === 'number');
  switch (stat) {
    case 'Sum':
    case 'SampleCount': {
      const own = values(stat);
      return own.length === 0 ? undefined : own.reduce((a, b) => a + b, 0);
    }
    case 'Maximum': {
      const own = values('Maximum');
      return own.length === 0 ? undefined : Math.max(...own);
    }
    case 'Minimum': {
      const own = values('Minimum');
      return own.length === 0 ? undefined : Math.min(...own);
    }
    case 'Average': {
      // The exact average needs the sums and counts; without them, the mean of the recorded averages.
      if (points.every((p) => typeof p.Sum === 'number' && typeof p.SampleCount === 'number')) {
        const count = values('SampleCount').reduce((a, b) => a + b, 0);
        return count === 0 ? undefined : values('Sum').reduce((a, b) => a + b, 0) / count;
      }
      const own = values('Average');
      return own.length === 0 ? undefined : own.reduce((a, b) => a + b, 0) / own.length;
    }
  }
}

function sameDimensions(recorded: Readonly<Record<string, string>>, asked: readonly JsonValue[]): boolean {
  const pairs = asked.filter(isJsonObject).map((d) => [String(d['Name']), String(d['Value'])] as const);
  // CloudWatch matches the exact dimension set, never a subset.
  return pairs.length === Object.keys(recorded).length && pairs.every(([name, value]) => recorded[name] === value);
}

/**
 * What GetMetricData would return for metric-stat queries over the recorded metrics: for each query id,
 * the recorded datapoints inside StartTime..EndTime (end exclusive) grouped into the query's periods
 * (aligned to the epoch) and aggregated with its statistic; no datapoints for an unknown metric.
 */
function metricDataAnswer(metrics: readonly RecordedMetric[], input: JsonObject): JsonObject {
  const queries = Array.isArray(input['MetricDataQueries']) ? (input['MetricDataQueries'] as readonly JsonValue[]) : [];
  const start = epochOf(input['StartTime']);
  const end = epochOf(input['EndTime']);
  if (start === undefined || end === undefined || start >= end) throw serviceError('InvalidParameterValueException', 'The parameter StartTime must be less than the parameter EndTime.');
  const descending = input['ScanBy'] !== 'TimestampAscending';
  const results = queries.filter(isJsonObject).map((query): JsonObject => {
    const id = String(query['Id']);
    const metricStat = query['MetricStat'];
    if (!isJsonObject(metricStat ?? null)) {
      throw serviceError('InvalidParameterCombinationException', `query ${id}: the recorded account answers metric-stat queries only`);
    }
    const statValue = (metricStat as JsonObject)['Stat'];
    const period = (metricStat as JsonObject)['Period'];
    const metric = (metricStat as JsonObject)['Metric'];
    const stat = STATISTICS.find((s) => s === statValue);
    if (stat === undefined) throw serviceError('InvalidParameterValueException', `query ${id}: unsupported statistic ${String(statValue)}`);
    if (typeof period !== 'number' || period <= 0 || (period >= 60 && period % 60 !== 0)) {
      throw serviceError('InvalidParameterValueException', `query ${id}: the period must be a multiple of 60 seconds`);
    }
    const m = isJsonObject(metric ?? null) ? (metric as JsonObject) : {};
    const dimensions = Array.isArray(m['Dimensions']) ? (m['Dimensions'] as readonly JsonValue[]) : [];
    const found = metrics.find((r) => r.namespace === m['Namespace'] && r.metricName === m['MetricName'] && sameDimensions(r.dimensions, dimensions));
    const buckets = new Map<number, RecordedDatapoint[]>();
    for (const point of found?.datapoints ?? []) {
      const at = Date.parse(point.timestamp);
      if (at < start || at >= end) continue;
      const bucket = Math.floor(at / (period * 1000)) * period * 1000;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), point]);
    }
    const series = [...buckets.entries()]
      .map(([at, points]) => [at, aggregate(points, stat)] as const)
      .filter((entry): entry is readonly [number, number] => entry[1] !== undefined)
      .sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
    return {
      Id: id,
      Label: typeof m['MetricName'] === 'string' ? m['MetricName'] : id,
      Timestamps: series.map(([at]) => new Date(at).toISOString()),
      Values: series.map(([, value]) => value),
      StatusCode: 'Complete',
    };
  });
  return { MetricDataResults: results, Messages: [] };
}

/**
 * What CloudWatch Logs would return from the recorded events: only those inside the call's
 * `startTime`..`endTime` (so `--since` selects recorded events as it would live ones) and, when the
 * record does not pin a `filterPattern` (a log group recorded whole, e.g. by a test), only those the
 * call's pattern matches. A record that pins the pattern already holds what CloudWatch selected.
 */
function logQueryAnswer(output: JsonObject, input: JsonObject, recordedInput: JsonObject): JsonObject {
  const start = typeof input['startTime'] === 'number' ? input['startTime'] : Number.NEGATIVE_INFINITY;
  const end = typeof input['endTime'] === 'number' ? input['endTime'] : Number.POSITIVE_INFINITY;
  const text = input['filterPattern'];
  const pattern = typeof text === 'string' && !Object.hasOwn(recordedInput, 'filterPattern') ? callPattern(text) : null;
  const events = output['events'];
  if (!Array.isArray(events)) return output;
  const kept = events.filter((e) => {
    const t = isJsonObject(e) ? e['timestamp'] : undefined;
    if (typeof t === 'number' && (t < start || t > end)) return false;
    if (pattern === null) return true;
    const message = isJsonObject(e) ? e['message'] : undefined;
    return typeof message === 'string' && matchesFilterPattern(pattern, message);
  });
  return { ...output, events: kept };
}

/**
 * The call's pattern, parsed. A pattern this reader cannot evaluate fails the call the way CloudWatch
 * fails a bad pattern, rather than answering with events the pattern might not select.
 */
function callPattern(text: string): FilterPattern {
  const parsed = parseFilterPattern(text);
  if (parsed.ok) return parsed.value;
  const error = new Error(`Invalid ${describeFilterPatternError(text, parsed.error)}`);
  // The name CloudWatch Logs rejects a bad filterPattern with.
  error.name = 'InvalidParameterException';
  throw error;
}

function recordedError(recorded: RecordedError): Error {
  const error = new Error(recorded.message);
  // The reader classifies by name, exactly as it does for real SDK exceptions.
  error.name = recorded.name;
  return error;
}

/** The recording's `now` as a fixed clock, or the system clock when it has none. */
export function recordedClock(recording: Recording): Clock {
  if (recording.now === undefined) return { now: () => new Date() };
  const fixed = Date.parse(recording.now);
  return { now: () => new Date(fixed) };
}

/**
 * A reader over a recording. Pass `clients` (from {@link createRecordedClients}) to share serving
 * cursors between several readers of the same recording.
 */
export function createAccountReaderFromRecording(
  recording: Recording,
  clients: AwsClients = createRecordedClients(recording),
): AwsAccountReader {
  return createAccountReader({ clients, account: recording.account, region: recording.region });
}
