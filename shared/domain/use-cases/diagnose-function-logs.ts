/**
 * The function's own side of a diagnosis: the log group each implicated Lambda function writes to
 * (`LoggingConfig.LogGroup` when set, else `/aws/lambda/<name>`), read for the window with one
 * FilterLogEvents per group, its lines classified by the same readers and rules as a pasted Lambda
 * log (logs/lambda-log.ts, classify-logs.ts), and turned into findings, cause evidence and one line
 * per function. This is what still answers when execution logging is off (the common case): the
 * function crashed (`Runtime.ImportModuleError`, an unhandled exception), ran out of time or memory.
 *
 * A log group that does not exist is an answer (the function never logged there), a refused or failed
 * read is a note and never an all-clear. Pure: reads through the port only.
 */
import type { AccountReader, FunctionConfigurationInfo, ReadFailure } from '../../ports/account-reader.ts';
import type { CauseId, CheckResult, Confidence, Finding, FunctionLogSummary, JsonValue, RankedCause, RawLogEvent } from '../model.ts';
import { anyOf } from '../logs/failure-patterns.ts';
import { readLambdaJson, readLambdaLine, type LambdaLine } from '../logs/lambda-log.ts';
import type { Result } from '../result.ts';
import { classifyLogEvents } from './classify-logs.ts';
import type { CauseEvidence } from './diagnose-metrics.ts';

/**
 * The words of the function-log lines worth reading: every invocation's `REPORT` (duration, memory,
 * `Status: error|timeout`, in the text and the JSON log format), init failures, timeouts, the runtimes'
 * error types and crash lines, and lines logged at an error level. START/END and ordinary output are
 * left out, so a busy function's log stays within the read's line limit for longer.
 */
const FUNCTION_LOG_TERMS = [
  'REPORT RequestId',
  'platform.report',
  'INIT_REPORT',
  'platform.initReport',
  'Task timed out',
  'Runtime.',
  'Runtime exited',
  'Process exited before completing request',
  'Unable to import module',
  'errorType',
  'errorMessage',
  'Exception',
  'Error:',
  'ERROR',
  'FATAL',
  'CRITICAL',
] as const;

/** Filter pattern of the function-log read (CloudWatch Logs OR terms, shared/domain/logs/filter-pattern.ts). */
export const FUNCTION_LOG_PATTERN = anyOf(FUNCTION_LOG_TERMS);
/** At most this many matching lines are read per log group (the adapter pages until then). */
export const MAX_FUNCTION_LOG_EVENTS = 2_000;
/** When the first failure is known, the read starts this long before it (an alarm fires minutes after the errors began). */
export const FUNCTION_LOG_LEAD_MS = 15 * 60_000;
/** How close to a timeout a duration must be to count as one (REPORT durations overshoot slightly). */
const TIMEOUT_MARGIN_MS = 500;

/** Causes whose requests reached the function, so its own log can say more; for the others it never ran. */
const FUNCTION_RAN: ReadonlySet<CauseId> = new Set<CauseId>(['lambda_function_error', 'integration_timeout', 'malformed_proxy_response', 'payload_too_large', 'unknown']);

/** Which implicated functions get their log read, and why. */
export interface FunctionLogScope {
  /** Whether the function with this (possibly qualified) ARN gets its log read. */
  readonly reads: (functionArn: string) => boolean;
  /** Why nothing is read, when nothing is (for the evidence line). */
  readonly skipped: string | null;
}

function unqualified(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}

/**
 * Decides which functions' logs are worth a call. With no gateway log to read (execution logging off,
 * no access log) every implicated function is read: its log is the evidence. With failing requests,
 * only the functions those requests reached (a crash, a timeout, a bad return value, an unknown 5xx);
 * a missing permission or a throttle never ran the function. A readable gateway log with no failing
 * request is an audit: nothing to read.
 */
export function functionLogScope(findings: readonly Finding[], gatewayLogRead: boolean): FunctionLogScope {
  if (findings.length === 0) {
    return gatewayLogRead ? { reads: () => false, skipped: 'no failing request in the gateway log' } : { reads: () => true, skipped: null };
  }
  const ran = findings.filter((f) => FUNCTION_RAN.has(f.cause));
  if (ran.length === 0) return { reads: () => false, skipped: 'the failing requests never reached the function' };
  const named = new Set<string>();
  let unplaced = false;
  for (const f of ran) {
    const arn = f.details['functionArn'];
    if (typeof arn === 'string') named.add(unqualified(arn));
    else unplaced = true;
  }
  return { reads: (arn) => unplaced || named.has(unqualified(arn)), skipped: null };
}

/** The log group a function writes to: its `LoggingConfig.LogGroup`, else the default one. */
export function functionLogGroup(functionName: string, configuration: FunctionConfigurationInfo | null | undefined): { readonly name: string; readonly custom: boolean } {
  const fallback = `/aws/lambda/${functionName}`;
  const configured = configuration?.LoggingConfig?.LogGroup;
  if (configured === undefined || configured === '') return { name: fallback, custom: false };
  return { name: configured, custom: configured !== fallback };
}

/** One implicated function whose configuration has been read. */
export interface FunctionLogTarget {
  /** Bare function name (no qualifier). */
  readonly functionName: string;
  readonly functionArn: string;
  /** GetFunctionConfiguration: the configuration, null when the function does not exist, or the failed read. */
  readonly configuration: FunctionConfigurationInfo | null | ReadFailure;
}

/** The window of the diagnosis, and when the failures began if known (the read then starts shortly before). */
export interface FunctionLogWindow {
  readonly startTime: number;
  readonly endTime: number;
  readonly firstFailureAt: number | null;
}

/** What the read of one function's log group returned. */
export interface FunctionLogRead {
  readonly functionName: string;
  readonly functionArn: string;
  readonly logGroup: string;
  readonly custom: boolean;
  /** The function's own lines (in a shared custom group, only its streams), or why there are none. */
  readonly result: Result<readonly RawLogEvent[], ReadFailure>;
  /** The read hit {@link MAX_FUNCTION_LOG_EVENTS}. */
  readonly truncated: boolean;
  /** The configuration could not be read, so the default group was read instead: why. */
  readonly configurationFailure: ReadFailure | null;
  /** The function's configured timeout, ms, when known. */
  readonly timeoutMs: number | null;
}

/** Starts the reads as the configurations arrive and hands them back together. */
export interface FunctionLogReader {
  /** Starts the read of this function's log (once per function; a group several functions share is read once). */
  read(target: FunctionLogTarget): void;
  /** Every read started, settled, by function name. */
  settle(): Promise<FunctionLogRead[]>;
}

function isFailure(value: FunctionConfigurationInfo | ReadFailure): value is ReadFailure {
  return 'kind' in value && 'operation' in value;
}

/**
 * Lambda names the streams of a custom group `YYYY/MM/DD/<function>[<version>]<id>`, because several
 * functions may share one group; the default group holds one function's streams only.
 */
function ownStreams(events: readonly RawLogEvent[], functionName: string, custom: boolean): readonly RawLogEvent[] {
  if (!custom) return events;
  const mark = `/${functionName}[`;
  return events.filter((e) => e.logStreamName === undefined || e.logStreamName.includes(mark));
}

/** A reader of the implicated functions' logs for one diagnosis: at most one FilterLogEvents per log group. */
export function createFunctionLogReader(reader: AccountReader, window: FunctionLogWindow, scope: FunctionLogScope): FunctionLogReader {
  const byFunction = new Map<string, Promise<FunctionLogRead>>();
  const byGroup = new Map<string, ReturnType<AccountReader['filterLogEvents']>>();
  const startTime = window.firstFailureAt === null ? window.startTime : Math.min(window.endTime, Math.max(window.startTime, window.firstFailureAt - FUNCTION_LOG_LEAD_MS));
  const readGroup = (logGroupName: string): ReturnType<AccountReader['filterLogEvents']> => {
    let pending = byGroup.get(logGroupName);
    if (pending === undefined) {
      pending = reader.filterLogEvents({ logGroupName, startTime, endTime: window.endTime, filterPattern: FUNCTION_LOG_PATTERN, limit: MAX_FUNCTION_LOG_EVENTS });
      byGroup.set(logGroupName, pending);
    }
    return pending;
  };
  return {
    read(target) {
      // A function that does not exist has no log; function-exists says so.
      if (target.configuration === null || target.functionName === '' || byFunction.has(target.functionName) || !scope.reads(target.functionArn)) return;
      const failed = isFailure(target.configuration) ? target.configuration : null;
      const configuration = isFailure(target.configuration) ? null : target.configuration;
      const group = functionLogGroup(target.functionName, configuration);
      byFunction.set(target.functionName, readGroup(group.name).then((result): FunctionLogRead => ({
        functionName: target.functionName,
        functionArn: unqualified(target.functionArn),
        logGroup: group.name,
        custom: group.custom,
        result: result.ok ? { ok: true, value: ownStreams(result.value, target.functionName, group.custom) } : result,
        truncated: result.ok && result.value.length >= MAX_FUNCTION_LOG_EVENTS,
        configurationFailure: failed,
        timeoutMs: typeof configuration?.Timeout === 'number' ? configuration.Timeout * 1000 : null,
      })));
    },
    async settle() {
      const reads = await Promise.all(byFunction.values());
      return reads.sort((a, b) => a.functionName.localeCompare(b.functionName));
    },
  };
}

/** The functions' configured timeouts (ms) by name, for the metrics' Duration evidence. */
export function functionTimeouts(reads: readonly FunctionLogRead[]): Map<string, number> {
  return new Map(reads.flatMap((r) => (r.timeoutMs === null ? [] : [[r.functionName, r.timeoutMs] as const])));
}

/** What the function side adds to a diagnosis. */
export interface FunctionSide {
  readonly summaries: readonly FunctionLogSummary[];
  readonly evidence: readonly CauseEvidence[];
  readonly notes: readonly string[];
  /** The earliest failed invocation the function logs show (epoch ms), or null. */
  readonly firstFailureAt: number | null;
}

/** A REPORT line (text or JSON log format) of a message, or null. */
function reportOf(message: string): LambdaLine | null {
  const text = message.trimStart();
  let line: LambdaLine | null = null;
  if (text.startsWith('{')) {
    try {
      line = readLambdaJson(JSON.parse(text) as unknown);
    } catch {
      line = null;
    }
  } else line = readLambdaLine(message);
  return line !== null && line.kind === 'report' ? line : null;
}

const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

function clip(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function str(details: Readonly<Record<string, JsonValue>>, key: string): string | null {
  const v = details[key];
  return typeof v === 'string' ? v : null;
}

/** `Runtime.ImportModuleError (Error: Cannot find module 'index')`, `timed out after 29.03 s`, or the first evidence line. */
function whatFailed(f: Finding): string {
  const timedOut = f.details['lambdaTimedOutAfterSeconds'];
  if (typeof timedOut === 'number') return `Task timed out after ${timedOut} s`;
  const ran = f.details['lambdaDurationMs'];
  const limit = f.details['integrationTimeoutSeconds'];
  if (f.cause === 'integration_timeout' && typeof ran === 'number') return `ran ${Math.round(ran)} ms${typeof limit === 'number' ? `, past the ${limit} s integration timeout` : ''}`;
  const type = str(f.details, 'errorType');
  const message = str(f.details, 'errorMessage');
  if (type !== null) return message === null || message.includes(type) ? type : `${type} (${clip(message, 100)})`;
  return `"${clip(f.evidence[0] ?? f.cause, 120)}"`;
}

interface Classified {
  readonly findings: Finding[];
  readonly invocations: number;
  readonly failed: number;
  /** REPORT durations of invocations no finding explains, ms. */
  readonly slow: number[];
  /** Every invocation from the first failing one on failed: when that was, and how many succeeded before. */
  readonly brokenSince: { readonly at: number; readonly failed: number; readonly before: number } | null;
  /** When the first failed invocation ended (its REPORT line), or null. */
  readonly firstFailedAt: number | null;
}

/** Classifies one function's lines; one finding per cause, rule and error type, counted in invocations. */
function classify(read: FunctionLogRead, events: readonly RawLogEvent[]): Classified {
  const report = classifyLogEvents(events);
  const invoked = new Set<string>();
  const failedIds = new Set<string>();
  const durations = new Map<string, number>();
  const times: { readonly id: string; readonly at: number }[] = [];
  for (const e of events) {
    const line = reportOf(e.message);
    if (line === null) continue;
    const id = line.requestId ?? `#${invoked.size}`;
    invoked.add(id);
    if (e.timestamp !== undefined) times.push({ id, at: e.timestamp });
    const status = line.report?.status ?? null;
    if (status === 'error' || status === 'timeout') failedIds.add(id);
    if (line.report?.durationMs !== null && line.report?.durationMs !== undefined) durations.set(id, line.report.durationMs);
  }
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const id = str(f.details, 'lambdaRequestId');
    if (id !== null) failedIds.add(id);
    const key = [f.cause, str(f.details, 'rule') ?? '', str(f.details, 'errorType') ?? ''].join('|');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const findings = [...groups.values()].map((group): Finding => {
    const first = group[0] as Finding;
    const ids = new Set(group.flatMap((f) => str(f.details, 'lambdaRequestId') ?? []));
    const evidence = [...new Set(group.flatMap((f) => f.evidence))].slice(0, 4);
    return {
      cause: first.cause,
      requestId: null,
      // The function's log does not say what the client got.
      status: null,
      evidence,
      details: {
        ...first.details,
        functionName: read.functionName,
        functionArn: read.functionArn,
        logGroup: read.logGroup,
        source: 'function-log',
        // Invocations, not lines: an init failure writes an error line and a REPORT line for the same one.
        count: ids.size > 0 ? ids.size : group.length,
      },
    };
  });
  const slow = [...durations.entries()].filter(([id]) => !failedIds.has(id)).map(([, ms]) => ms);
  const ordered = [...times].sort((a, b) => a.at - b.at);
  const first = ordered.findIndex((t) => failedIds.has(t.id));
  const broken = first >= 0 && ordered.slice(first).every((t) => failedIds.has(t.id));
  const brokenSince = broken ? { at: ordered[first]?.at ?? 0, failed: ordered.length - first, before: first } : null;
  return { findings, invocations: invoked.size, failed: failedIds.size, slow, brokenSince, firstFailedAt: first >= 0 ? (ordered[first]?.at ?? null) : null };
}

function failureNote(read: FunctionLogRead, failure: ReadFailure): string {
  const where = `${read.functionName}'s log group ${read.logGroup}`;
  if (failure.kind === 'not_found') {
    return read.custom
      ? `${where} (its LoggingConfig.LogGroup) does not exist: the function has never logged there (Lambda creates the group on the first invocation only if the function's role may call logs:CreateLogGroup).`
      : `${where} does not exist: the function has never logged (not invoked since the group was deleted, or its role may not write logs).`;
  }
  const fix = failure.kind === 'denied' ? ` Grant logs:FilterLogEvents on ${read.logGroup}.` : '';
  return `Could not read ${where} (${failure.message}): the function's side was not checked, this is no all-clear.${fix}`;
}

/**
 * Turns the reads into summaries, evidence for the ranking and notes. `integrationTimeoutMs` is the
 * stage's largest integration timeout: an invocation that ran past it answered a client who had
 * already been given a 504.
 */
export function functionSide(reads: readonly FunctionLogRead[], integrationTimeoutMs: number): FunctionSide {
  const summaries: FunctionLogSummary[] = [];
  const evidence: CauseEvidence[] = [];
  const notes: string[] = [];
  let firstFailureAt: number | null = null;
  for (const read of reads) {
    if (read.configurationFailure !== null) {
      notes.push(`Could not read ${read.functionName}'s configuration (${read.configurationFailure.message}): read its default log group ${read.logGroup}; a custom LoggingConfig.LogGroup would be missed.`);
    }
    const base = { functionName: read.functionName, functionArn: read.functionArn, logGroup: read.logGroup, custom: read.custom, truncated: read.truncated };
    if (!read.result.ok) {
      const note = failureNote(read, read.result.error);
      notes.push(note);
      summaries.push({ ...base, status: read.result.error.kind, lines: 0, invocations: 0, failedInvocations: 0, findings: [], message: note });
      continue;
    }
    const events = read.result.value;
    const { findings, invocations, failed, slow, brokenSince, firstFailedAt } = classify(read, events);
    if (firstFailedAt !== null) firstFailureAt = Math.min(firstFailureAt ?? firstFailedAt, firstFailedAt);
    const hhmm = (at: number): string => new Date(at).toISOString().slice(11, 16);
    // A function that broke (a deploy) and stays broken: every invocation from the first failure on failed.
    const broke = brokenSince === null ? '' : brokenSince.before === 0
      ? ` (every invocation in the window failed)`
      : ` (every invocation since ${hhmm(brokenSince.at)} UTC failed, ${brokenSince.before} before succeeded)`;
    const source = `the ${read.logGroup} log`;
    // `6 of 6 invocations of orders failed`, or `orders failed 3 times` when no REPORT line counted the invocations.
    const happened = (n: number, what: string): string => (invocations >= n && invocations > 0
      ? `${n} of ${plural(invocations, 'invocation')} of ${read.functionName} ${what}`
      : `${read.functionName} ${what} ${n === 1 ? 'once' : `${n} times`}`);
    const byCause = new Map<CauseId, Finding[]>();
    for (const f of findings) byCause.set(f.cause, [...(byCause.get(f.cause) ?? []), f]);
    for (const [cause, group] of byCause) {
      const n = group.reduce((s, f) => s + (typeof f.details['count'] === 'number' ? f.details['count'] : 1), 0);
      const shown = group.map(whatFailed);
      const best = group.reduce<Confidence>((c, f) => {
        const own = f.details['confidence'];
        return own === 'high' || own === 'medium' || own === 'low' ? (CONFIDENCE_RANK[own] > CONFIDENCE_RANK[c] ? own : c) : c;
      }, 'low');
      // Broken from some point on (every invocation since failed): the function itself, whatever the rule's own confidence.
      const confidence: Confidence = brokenSince !== null && brokenSince.failed >= 2 ? 'high' : best;
      evidence.push({ cause, confidence, kind: 'function-log', source, message: `${happened(n, cause === 'integration_timeout' ? 'timed out' : 'failed')}${broke}: ${[...new Set(shown)].slice(0, 2).join('; ')}` });
    }
    const longest = slow.length === 0 ? 0 : Math.max(...slow);
    const pastTimeout = slow.filter((ms) => ms >= integrationTimeoutMs - TIMEOUT_MARGIN_MS);
    if (pastTimeout.length > 0 && !byCause.has('integration_timeout')) {
      evidence.push({
        cause: 'integration_timeout', confidence: 'medium', kind: 'function-log', source,
        message: `${happened(pastTimeout.length, `ran past the ${integrationTimeoutMs} ms integration timeout`)} (longest ${Math.round(longest)} ms): the gateway had already answered 504`,
      });
    }
    const sample = read.truncated ? ` (the first ${MAX_FUNCTION_LOG_EVENTS} matching lines only: more exist, so the counts are a lower bound)` : '';
    if (read.truncated) notes.push(`${read.functionName}: read the first ${MAX_FUNCTION_LOG_EVENTS} matching lines of ${read.logGroup}; more exist, so its counts are a lower bound.`);
    const failedText = findings.length === 0
      ? (invocations === 0 ? `no invocation logged in ${read.logGroup} in the window` : `${plural(invocations, 'invocation')} in ${read.logGroup}, none failed`)
      : `${happened(Math.max(failed, 1), byCause.size === 1 && byCause.has('integration_timeout') ? 'timed out' : 'failed')}${broke} in ${read.logGroup}: ${[...new Set(findings.map(whatFailed))].slice(0, 3).join('; ')}`;
    summaries.push({ ...base, status: 'read', lines: events.length, invocations, failedInvocations: failed, findings, message: findings.length === 0 ? `${read.functionName}: ${failedText}${sample}` : `${failedText}${sample}` });
  }
  return { summaries, evidence, notes, firstFailureAt };
}

/** What {@link describeEvidence} weighs. */
export interface EvidenceInput {
  readonly causes: readonly RankedCause[];
  /** The gateway's findings (execution or access log, or a replayed event) and where they came from. */
  readonly findings: readonly Finding[];
  readonly logSource: string | null;
  readonly checks: readonly CheckResult[];
  /** Non-log evidence given to the ranking (metrics and function logs). */
  readonly evidence: readonly CauseEvidence[];
  /** Whether GetMetricData was asked and answered. */
  readonly metrics: 'read' | 'unreadable' | 'not-asked';
  readonly functionLogs: readonly FunctionLogSummary[];
}

function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

/**
 * The one sentence that says which evidence the top cause rests on (the gateway's log, metrics, the
 * function's log group, account checks) and what was missing (execution logging off, a log that could
 * not be read), e.g. `metrics (GetMetricData) and /aws/lambda/orders logs; execution logging is off`.
 */
export function describeEvidence(input: EvidenceInput): string {
  const top = input.causes[0];
  const parts: string[] = [];
  const groups = (cause: CauseId | null): string[] => [...new Set(input.evidence.filter((e) => e.kind === 'function-log' && (cause === null || e.cause === cause)).map((e) => e.source.replace(/^the (.*) log$/, '$1')))];
  if (top !== undefined) {
    if (input.logSource !== null && input.findings.some((f) => f.cause === top.cause)) parts.push(input.logSource);
    if (input.evidence.some((e) => e.cause === top.cause && e.kind === 'metrics')) parts.push('metrics (GetMetricData)');
    parts.push(...groups(top.cause).map((g) => `${g} logs`));
    const checks = [...new Set(input.checks.filter((c) => (c.status === 'fail' || c.status === 'warn') && c.supports?.includes(top.cause) === true).map((c) => c.id))];
    if (checks.length > 0) parts.push(`checks (${checks.join(', ')})`);
  }
  const missing: string[] = [];
  if (input.checks.some((c) => c.id === 'execution-logging' && c.status === 'fail')) missing.push('execution logging is off');
  if (input.metrics === 'unreadable') missing.push('metrics could not be read');
  for (const l of input.functionLogs) {
    if (l.status === 'not_found') missing.push(`${l.logGroup} does not exist`);
    else if (l.status !== 'read') missing.push(`${l.logGroup} could not be read (${l.status})`);
  }
  const tail = missing.length === 0 ? '' : `; ${missing.join('; ')}`;
  if (top === undefined) {
    const read = [
      ...(input.logSource === null ? [] : [input.logSource]),
      ...(input.metrics === 'read' ? ['metrics (GetMetricData)'] : []),
      ...input.functionLogs.filter((l) => l.status === 'read').map((l) => `${l.logGroup} logs`),
    ];
    return `no cause found in ${read.length === 0 ? 'the account checks' : joinAnd(read)}${tail}`;
  }
  return `${parts.length === 0 ? 'the account checks only' : joinAnd(parts)}${tail}`;
}
