/**
 * Recording (`--record FILE`): wraps live clients so every call passes through unchanged and is also
 * captured in the recorded-account format, ready to be replayed by recorded-account.ts.
 */
import type { JsonObject, JsonValue } from '../../domain/model.ts';
import { CLIENT_SERVICES, operationNameOf, type AwsClients, type ClientKey, type SdkCommand, type SendClient } from '../aws/clients.ts';
import { isJsonObject, toPlainObject } from '../support/plain-json.ts';
import type { RecordedCall, Recording } from './recorded-account.ts';
import { REDACTED, redactSecrets } from '../../domain/render/redact.ts';

/** The account facts a recording starts with. */
export interface RecordingMeta {
  readonly account: string;
  readonly region: string;
  /** Pins "now" for replay, so time windows select the recorded log events. */
  readonly now?: Date | string;
}

/** Live clients that also capture what they did. */
export interface Recorder {
  /** Use these instead of the wrapped clients. */
  readonly clients: AwsClients;
  /**
   * Records the calls of any other client as `service` (the SDK package suffix, e.g. `sts`), so a
   * recording holds every call a run made, not only the reader's (e.g. STS GetCallerIdentity).
   */
  wrap(service: string, client: SendClient): SendClient;
  /** The calls finished so far, in the order they were started. */
  calls(): readonly RecordedCall[];
  /** The recording (plain JSON, ready for `JSON.stringify`). */
  toRecording(meta: RecordingMeta): Recording;
}

/**
 * Wraps each client so `send` passes through and the call is captured as
 * `{ service, operation, input, output | error }`. Log messages are redacted with
 * {@link redactSecrets}, and Lambda environment variable values are replaced, since both commonly hold
 * credentials and the reader needs neither. Calls are kept in start order, so records of repeated
 * identical calls replay in the order they happened.
 */
export function recordingClients(clients: AwsClients): Recorder {
  const slots: (RecordedCall | undefined)[] = [];

  const wrapAs = (service: string, client: SendClient): SendClient => ({
    async send(command: SdkCommand): Promise<unknown> {
      const operation = operationNameOf(command);
      const input = toPlainObject(command.input);
      const slot = slots.length;
      slots.push(undefined);
      try {
        const output = await client.send(command);
        slots[slot] = { service, operation, input: recordedInput(operation, input), output: sanitiseOutput(service, operation, toPlainObject(output)) };
        return output;
      } catch (error: unknown) {
        slots[slot] = { service, operation, input: recordedInput(operation, input), error: recordedErrorOf(error) };
        throw error;
      }
    },
  });
  // The live client is looked up per call, so the lazily built SDK clients stay unbuilt until used.
  const wrap = (clientKey: ClientKey): SendClient => wrapAs(CLIENT_SERVICES[clientKey], { send: (command) => clients[clientKey].send(command) });

  const calls = (): readonly RecordedCall[] => slots.filter((call): call is RecordedCall => call !== undefined);

  return {
    clients: {
      apiGateway: wrap('apiGateway'),
      lambda: wrap('lambda'),
      logs: wrap('logs'),
      iam: wrap('iam'),
      elbv2: wrap('elbv2'),
    },
    wrap: wrapAs,
    calls,
    toRecording: (meta) => ({
      account: meta.account,
      region: meta.region,
      ...(meta.now === undefined ? {} : { now: meta.now instanceof Date ? meta.now.toISOString() : meta.now }),
      calls: calls(),
    }),
  };
}

/**
 * The input a record matches on. A log query's time window is left out: replay filters the recorded
 * events by each call's own window instead, so the recording answers any `--since` around its `now`.
 */
function recordedInput(operation: string, input: JsonObject): JsonObject {
  if (operation !== 'FilterLogEvents') return input;
  const { startTime: _start, endTime: _end, ...rest } = input;
  return rest;
}

function recordedErrorOf(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Removes secrets from an output before it is stored. */
function sanitiseOutput(service: string, operation: string, output: JsonObject): JsonObject {
  // Everything CloudWatch Logs returns is log content written by someone else's code.
  if (service === 'cloudwatch-logs') return redactStrings(output) as JsonObject;
  if (service === 'lambda' && operation === 'GetFunctionConfiguration') return withoutEnvironmentValues(output);
  return output;
}

function redactStrings(value: JsonValue): JsonValue {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map(redactStrings);
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, redactStrings(member)]));
  return value;
}

function withoutEnvironmentValues(output: JsonObject): JsonObject {
  const environment = output['Environment'];
  if (!isJsonObject(environment)) return output;
  const variables = environment['Variables'];
  if (!isJsonObject(variables)) return output;
  // Names are kept (they explain a configuration), values are not.
  const redacted = Object.fromEntries(Object.keys(variables).map((name) => [name, REDACTED]));
  return { ...output, Environment: { ...environment, Variables: redacted } };
}
