/**
 * Recording (`--record FILE`): wraps live clients so every call passes through unchanged and is also
 * captured in the recorded-account format, ready to be replayed by recorded-account.ts.
 */
import type { JsonObject, JsonValue } from '../../domain/model.ts';
import { CLIENT_KEYS, CLIENT_SERVICES, operationNameOf, type AwsClients, type ClientKey, type SdkCommand, type SendClient } from '../aws/clients.ts';
import { isJsonObject, stableStringify, toPlainObject } from '../support/plain-json.ts';
import type { RecordedCall, RecordedDatapoint, RecordedMetric, RecordedTrailEvent, Recording } from './recorded-account.ts';
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
    clients: Object.fromEntries(CLIENT_KEYS.map((key) => [key, wrap(key)])) as Record<ClientKey, SendClient>,
    wrap: wrapAs,
    calls,
    toRecording: (meta) => {
      const all = calls();
      // Answered LookupEvents and GetMetricData calls become the cloudTrail and metrics sections, which
      // replay answers with the real API's filtering; failed ones stay calls, so replay fails them alike.
      const isSection = (call: RecordedCall): boolean =>
        call.output !== undefined && (call.operation === 'LookupEvents' || call.operation === 'GetMetricData');
      const trail = all.filter((call) => call.operation === 'LookupEvents' && call.output !== undefined);
      const metricCalls = all.filter((call) => call.operation === 'GetMetricData' && call.output !== undefined);
      return {
        account: meta.account,
        region: meta.region,
        ...(meta.now === undefined ? {} : { now: meta.now instanceof Date ? meta.now.toISOString() : meta.now }),
        calls: all.filter((call) => !isSection(call)),
        ...(trail.length === 0 ? {} : { cloudTrail: trailSection(trail) }),
        ...(metricCalls.length === 0 ? {} : { metrics: metricsSection(metricCalls) }),
      };
    },
  };
}

/** The events of every answered LookupEvents call, each once (by EventId), newest first. */
function trailSection(calls: readonly RecordedCall[]): RecordedTrailEvent[] {
  const byId = new Map<string, RecordedTrailEvent>();
  for (const call of calls) {
    const events = call.output?.['Events'];
    if (!Array.isArray(events)) continue;
    for (const event of events as readonly JsonValue[]) {
      if (!isJsonObject(event)) continue;
      const text = (key: string): string | undefined => (typeof event[key] === 'string' ? event[key] : undefined);
      const id = text('EventId');
      const name = text('EventName');
      const time = text('EventTime');
      const source = text('EventSource');
      if (id === undefined || name === undefined || time === undefined || source === undefined) continue;
      const resources = Array.isArray(event['Resources'])
        ? (event['Resources'] as readonly JsonValue[]).filter(isJsonObject).map((r) => ({
            ...(typeof r['ResourceType'] === 'string' ? { ResourceType: r['ResourceType'] } : {}),
            ...(typeof r['ResourceName'] === 'string' ? { ResourceName: r['ResourceName'] } : {}),
          }))
        : undefined;
      const username = text('Username');
      byId.set(id, {
        EventId: id,
        EventName: name,
        EventTime: time,
        EventSource: source,
        ...(username === undefined ? {} : { Username: username }),
        ...(resources === undefined ? {} : { Resources: resources }),
        CloudTrailEvent: text('CloudTrailEvent') ?? '{}',
      });
    }
  }
  return [...byId.values()].sort((a, b) => Date.parse(b.EventTime) - Date.parse(a.EventTime) || a.EventId.localeCompare(b.EventId));
}

/** CloudWatch units of the metrics diagnose reads (GetMetricData does not return them). */
const UNITS: Readonly<Record<string, string>> = {
  '5XXError': 'Count',
  '4XXError': 'Count',
  '5xx': 'Count',
  Count: 'Count',
  IntegrationLatency: 'Milliseconds',
  Latency: 'Milliseconds',
  Invocations: 'Count',
  Errors: 'Count',
  Throttles: 'Count',
  Duration: 'Milliseconds',
  ConcurrentExecutions: 'Count',
  HealthyHostCount: 'Count',
  UnHealthyHostCount: 'Count',
};

/**
 * The metrics every answered GetMetricData call returned: one entry per metric (namespace, name,
 * dimensions), its datapoints carrying every statistic asked of it at that timestamp.
 */
function metricsSection(calls: readonly RecordedCall[]): RecordedMetric[] {
  const metrics = new Map<string, { metric: Omit<RecordedMetric, 'datapoints'>; points: Map<string, Record<string, number>> }>();
  for (const call of calls) {
    const queries = Array.isArray(call.input['MetricDataQueries']) ? (call.input['MetricDataQueries'] as readonly JsonValue[]) : [];
    const results = Array.isArray(call.output?.['MetricDataResults']) ? (call.output['MetricDataResults'] as readonly JsonValue[]) : [];
    for (const query of queries.filter(isJsonObject)) {
      const stat = isJsonObject(query['MetricStat'] ?? null) ? (query['MetricStat'] as JsonObject) : null;
      const metric = stat !== null && isJsonObject(stat['Metric'] ?? null) ? (stat['Metric'] as JsonObject) : null;
      if (stat === null || metric === null || typeof stat['Stat'] !== 'string') continue;
      const namespace = String(metric['Namespace']);
      const metricName = String(metric['MetricName']);
      const dimensions: Record<string, string> = {};
      for (const d of Array.isArray(metric['Dimensions']) ? (metric['Dimensions'] as readonly JsonValue[]) : []) {
        if (isJsonObject(d)) dimensions[String(d['Name'])] = String(d['Value']);
      }
      const key = stableStringify({ namespace, metricName, dimensions });
      const entry = metrics.get(key) ?? { metric: { namespace, metricName, dimensions, unit: UNITS[metricName] ?? 'None' }, points: new Map() };
      metrics.set(key, entry);
      const result = results.filter(isJsonObject).find((r) => r['Id'] === query['Id']);
      const times = Array.isArray(result?.['Timestamps']) ? (result['Timestamps'] as readonly JsonValue[]) : [];
      const values = Array.isArray(result?.['Values']) ? (result['Values'] as readonly JsonValue[]) : [];
      times.forEach((time, index) => {
        const value = values[index];
        if (typeof time !== 'string' || typeof value !== 'number') return;
        const point = entry.points.get(time) ?? {};
        point[stat['Stat'] as string] = value;
        entry.points.set(time, point);
      });
    }
  }
  return [...metrics.values()].map(({ metric, points }) => ({
    ...metric,
    datapoints: [...points.entries()]
      .sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]))
      .map(([timestamp, stats]): RecordedDatapoint => ({ timestamp, ...stats })),
  }));
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
