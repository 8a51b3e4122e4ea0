/**
 * The CloudWatch metrics side of a diagnosis: one GetMetricData call for the stage (5XXError, Count,
 * IntegrationLatency, Latency) and the functions read in depth (Invocations, Errors, Throttles,
 * Duration, ConcurrentExecutions), turned into cause evidence. This is what still answers when
 * execution logging is off (the common case): IntegrationLatency (or a function's Duration) at the
 * timeout → a timeout; Lambda Invocations 0 while the API returns 5xx → the call never reached the
 * function; Errors close to Invocations → the function fails. Pure: reads through the port only.
 */
import type { AccountReader, MetricQuery, MetricSeries, ReadFailure } from '../../ports/account-reader.ts';
import type { CauseId, Confidence } from '../model.ts';
import type { Result } from '../result.ts';

/** One piece of evidence for a cause that is not a log line (metrics, the function's own log). */
export interface CauseEvidence {
  readonly cause: CauseId;
  readonly confidence: Confidence;
  /** What it rests on, e.g. `CloudWatch metrics (AWS/ApiGateway IntegrationLatency)`. */
  readonly source: string;
  readonly message: string;
  /** Which kind of evidence it is: two kinds agreeing corroborate each other in the ranking. */
  readonly kind?: 'metrics' | 'function-log';
}

/** Functions whose metrics one call asks for at most (5 metrics each, with the API's 4). */
export const MAX_METRIC_FUNCTIONS = 10;
/** API Gateway's REST integration timeout ceiling; a latency this close to it is the timeout. */
const TIMEOUT_MARGIN_MS = 500;

/** What {@link metricQueries} builds the queries for. */
export interface MetricsRequest {
  readonly apiName: string | null;
  readonly stageName: string;
  /** Unqualified function names read in depth. */
  readonly functions: readonly string[];
  readonly startTime: number;
  readonly endTime: number;
}

/** The period that keeps one call small: 1 minute up to 6 hours, then 5 minutes. */
function periodFor(request: MetricsRequest): number {
  return request.endTime - request.startTime <= 6 * 3_600_000 ? 60 : 300;
}

/** The metric-stat queries of one diagnosis (ids `api_*` and `fn<i>_*`). */
export function metricQueries(request: MetricsRequest): MetricQuery[] {
  const period = periodFor(request);
  const queries: MetricQuery[] = [];
  if (request.apiName !== null) {
    const dimensions = { ApiName: request.apiName, Stage: request.stageName };
    const api = (id: string, metricName: string, stat: MetricQuery['stat']): MetricQuery => ({ id, namespace: 'AWS/ApiGateway', metricName, dimensions, stat, period });
    queries.push(api('api_5xx', '5XXError', 'Sum'), api('api_count', 'Count', 'Sum'), api('api_integration_latency', 'IntegrationLatency', 'Maximum'), api('api_latency', 'Latency', 'Maximum'));
  }
  request.functions.slice(0, MAX_METRIC_FUNCTIONS).forEach((name, index) => {
    const dimensions = { FunctionName: name };
    const fn = (suffix: string, metricName: string, stat: MetricQuery['stat']): MetricQuery => ({ id: `fn${index}_${suffix}`, namespace: 'AWS/Lambda', metricName, dimensions, stat, period });
    queries.push(fn('invocations', 'Invocations', 'Sum'), fn('errors', 'Errors', 'Sum'), fn('throttles', 'Throttles', 'Sum'), fn('duration', 'Duration', 'Maximum'), fn('concurrency', 'ConcurrentExecutions', 'Maximum'));
  });
  return queries;
}

/** Reads the metrics with one GetMetricData call (none when there is nothing to ask). */
export async function readMetrics(reader: AccountReader, request: MetricsRequest): Promise<Result<readonly MetricSeries[], ReadFailure> | null> {
  const queries = metricQueries(request);
  return queries.length === 0 ? null : reader.getMetricData(queries, request.startTime, request.endTime);
}

function total(series: ReadonlyMap<string, MetricSeries>, id: string): number | null {
  const s = series.get(id);
  return s === undefined || s.values.length === 0 ? null : s.values.reduce((a, b) => a + b, 0);
}

function peak(series: ReadonlyMap<string, MetricSeries>, id: string): number | null {
  const s = series.get(id);
  return s === undefined || s.values.length === 0 ? null : Math.max(...s.values);
}

/** From the first minute a function had errors: when, and its invocations and errors from then on. */
function failingSince(invocations: MetricSeries | undefined, errors: MetricSeries | undefined): { from: number; invocations: number; errors: number } | null {
  if (invocations === undefined || errors === undefined) return null;
  const failing = errors.timestamps.filter((_, i) => (errors.values[i] ?? 0) > 0);
  if (failing.length === 0) return null;
  const start = Math.min(...failing);
  const sum = (s: MetricSeries): number => s.values.reduce((acc, v, i) => acc + ((s.timestamps[i] ?? -Infinity) >= start ? v : 0), 0);
  const counted = sum(invocations);
  return counted > 0 ? { from: start, invocations: counted, errors: sum(errors) } : null;
}

/** The first timestamp at which the API returned a 5xx, or null. */
export function firstFailureFromMetrics(series: readonly MetricSeries[]): number | null {
  const errors = series.find((s) => s.id === 'api_5xx');
  if (errors === undefined) return null;
  const index = errors.values.findIndex((v) => v > 0);
  return index < 0 ? null : (errors.timestamps[index] ?? null);
}

/**
 * The causes the metrics speak for. `integrationTimeoutMs` is the largest integration timeout of the
 * stage's methods (29 000 unless raised).
 */
export function metricEvidence(series: readonly MetricSeries[], request: MetricsRequest, integrationTimeoutMs: number, functionTimeoutsMs: ReadonlyMap<string, number> = new Map()): CauseEvidence[] {
  const byId = new Map(series.map((s) => [s.id, s]));
  const out: CauseEvidence[] = [];
  const errors = total(byId, 'api_5xx');
  const count = total(byId, 'api_count');
  const integrationLatency = peak(byId, 'api_integration_latency');
  const share = errors !== null && count !== null && count > 0 ? ` (${Math.round((errors / count) * 100)} % of ${count} requests)` : '';
  if (integrationLatency !== null && integrationLatency >= integrationTimeoutMs - TIMEOUT_MARGIN_MS) {
    out.push({
      cause: 'integration_timeout',
      confidence: 'medium',
      kind: 'metrics',
      source: 'CloudWatch metrics (AWS/ApiGateway IntegrationLatency)',
      message: `IntegrationLatency peaked at ${Math.round(integrationLatency)} ms, at the ${integrationTimeoutMs} ms integration timeout${errors === null ? '' : `, with ${errors} 5XXError${share}`}`,
    });
  }
  request.functions.slice(0, MAX_METRIC_FUNCTIONS).forEach((name, index) => {
    const invocations = total(byId, `fn${index}_invocations`);
    const fnErrors = total(byId, `fn${index}_errors`);
    const throttles = total(byId, `fn${index}_throttles`);
    const source = `CloudWatch metrics (AWS/Lambda ${name})`;
    if (throttles !== null && throttles > 0) {
      out.push({ cause: 'lambda_throttled', confidence: 'medium', kind: 'metrics', source, message: `Lambda throttled ${throttles} invocation${throttles === 1 ? '' : 's'} of ${name}` });
    }
    // Duration at the function's own timeout: it timed out (a 502, or the gateway's 504 when that timeout
    // is the longer one); past the integration timeout without one: the client had its 504 already.
    const duration = peak(byId, `fn${index}_duration`);
    const timeout = functionTimeoutsMs.get(name);
    let timedOut: CauseId | null = null;
    if (duration !== null && timeout !== undefined && duration >= timeout - TIMEOUT_MARGIN_MS) {
      timedOut = timeout >= integrationTimeoutMs - TIMEOUT_MARGIN_MS ? 'integration_timeout' : 'lambda_function_error';
      out.push({
        cause: timedOut, confidence: 'medium', kind: 'metrics', source,
        message: `${name}'s Duration peaked at ${Math.round(duration)} ms, at its ${timeout / 1000} s timeout: it timed out${timedOut === 'integration_timeout' ? ' (the gateway gives up at the integration timeout first)' : ''}`,
      });
    } else if (duration !== null && duration >= integrationTimeoutMs - TIMEOUT_MARGIN_MS) {
      out.push({
        cause: 'integration_timeout', confidence: 'medium', kind: 'metrics', source,
        message: `${name}'s Duration peaked at ${Math.round(duration)} ms, past the ${integrationTimeoutMs} ms integration timeout: the client got a 504 while it still ran`,
      });
    }
    // Errors = Invocations from the first failing minute on: the function broke then and stays broken
    // (a bad deploy), even when the minutes before it succeeded. Timeouts count as Errors, so with
    // Duration at the timeout the errors speak for the timeout.
    const since = failingSince(byId.get(`fn${index}_invocations`), byId.get(`fn${index}_errors`));
    const errorCause = timedOut ?? 'lambda_function_error';
    const why = timedOut === null ? '' : ' (they are the timeouts: Duration is at the timeout)';
    if (since !== null && since.errors >= since.invocations && invocations !== null && fnErrors !== null && fnErrors < invocations) {
      out.push({
        cause: errorCause, confidence: 'medium', kind: 'metrics', source,
        message: `${name} failed every invocation since ${new Date(since.from).toISOString().slice(11, 16)} UTC (Errors = Invocations = ${since.invocations} from then on; ${invocations - since.invocations} before succeeded)${why}`,
      });
    } else if (invocations !== null && invocations > 0 && fnErrors !== null && fnErrors >= invocations / 2) {
      out.push({
        cause: errorCause,
        confidence: fnErrors === invocations ? 'medium' : 'low',
        kind: 'metrics',
        source,
        message: `${name} failed ${fnErrors} of ${invocations} invocations (Errors ${fnErrors === invocations ? '=' : '≥ half of'} Invocations)${why}`,
      });
    }
    if (errors !== null && errors > 0 && (invocations ?? 0) === 0 && (throttles ?? 0) === 0) {
      out.push({
        cause: 'missing_invoke_permission',
        confidence: 'low',
        kind: 'metrics',
        source,
        message: `the API returned ${errors} 5xx while ${name} was invoked 0 times: the call never reached the function (a permission, a role or the function itself)`,
      });
    }
  });
  return out;
}
