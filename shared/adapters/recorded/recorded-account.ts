/**
 * The recorded-account adapter: a JSON file that stands in for an AWS account (format:
 * events/accounts/README.md). Clients built from it answer `send(command)` from the recorded SDK
 * outputs, so the real reader code runs unchanged in offline mode, demos, tests and support bundles.
 * A {@link RecordedState} is the same account as mutable state: the recorded remediator
 * (recorded-remediator.ts) writes to it, and clients built on it answer later reads with the change.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { JsonObject } from '../../domain/model.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type { Clock } from '../../ports/clock.ts';
import { createAccountReader, type AwsAccountReader } from '../aws/account-reader.ts';
import { CLIENT_SERVICES, operationNameOf, type AwsClients, type ClientKey, type SdkCommand } from '../aws/clients.ts';
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

/** A recorded account. */
export interface Recording {
  readonly account: string;
  readonly region: string;
  /** ISO time used as "now" in recorded mode. */
  readonly now?: string;
  readonly calls: readonly RecordedCall[];
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

const recordingSchema = z.object({
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  region: z.string().min(1, 'expected a Region such as us-east-1'),
  now: z.iso.datetime({ offset: true, error: 'expected an ISO date-time such as 2026-11-20T14:10:00.000Z' }).optional(),
  calls: z.array(recordedCallSchema),
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

  return {
    apiGateway: clientFor('apiGateway'),
    lambda: clientFor('lambda'),
    logs: clientFor('logs'),
    iam: clientFor('iam'),
    elbv2: clientFor('elbv2'),
  };
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
