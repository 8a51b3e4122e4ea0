/**
 * The recorded-account adapter: a JSON file that stands in for an AWS account (format:
 * events/accounts/README.md). Clients built from it answer `send(command)` from the recorded SDK
 * outputs, so the real reader code runs unchanged in offline mode, demos, tests and support bundles.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { JsonObject } from '../../domain/model.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type { Clock } from '../../ports/clock.ts';
import { createAccountReader, type AwsAccountReader } from '../aws/account-reader.ts';
import { CLIENT_SERVICES, operationNameOf, type AwsClients, type ClientKey, type SdkCommand } from '../aws/clients.ts';
import { describeFilterPatternError, matchesFilterPattern, parseFilterPattern, type FilterPattern } from '../../domain/logs/filter-pattern.ts';
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

/**
 * Clients that answer from the recording. Each call is matched to the record groups of its service
 * and operation whose input is a subset of the call's input; the group with the most input keys wins
 * (ties: the first in the file), and serves its records in order, repeating the last. The cursors
 * live in the returned clients, so share one set across readers to replay a change over time
 * (e.g. a policy before and after `AddPermission`).
 */
export function createRecordedClients(recording: Recording): AwsClients {
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

  const clientFor = (clientKey: ClientKey) => {
    const service = CLIENT_SERVICES[clientKey];
    return {
      async send(command: SdkCommand): Promise<unknown> {
        const operation = operationNameOf(command);
        const input = toPlainObject(command.input);
        let best: RecordGroup | undefined;
        for (const group of groups.get(`${service}:${operation}`) ?? []) {
          if (matches(group.input, input) && (best === undefined || group.keyCount > best.keyCount)) best = group;
        }
        const record = best?.calls[Math.min(best.cursor, best.calls.length - 1)];
        if (best === undefined || record === undefined) throw new MissingRecordError(service, operation, input);
        best.cursor += 1;
        if (record.error !== undefined) throw recordedError(record.error);
        // A copy, so a caller that mutates an output cannot change what the next call gets.
        const output = structuredClone(record.output ?? {});
        return operation === 'FilterLogEvents' ? logQueryAnswer(output, input, best.input) : output;
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
