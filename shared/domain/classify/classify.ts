/**
 * Classification: each failing request → one cause from the taxonomy, with the evidence lines and
 * the details the rules and the request trace provide. Requests that ended below 500 (a usage-plan
 * 429, a mapped 400) give no finding.
 */
import type { CauseId, Confidence, Finding, JsonObject, JsonValue, RawLogEvent } from '../model.ts';
import { readLogEvents, readLogText, type LogEntry, type ReadResult } from '../logs/log-entry.ts';
import { groupRequests, TRACE_HAS_CLIENT, TRACE_HAS_HTTP, TRACE_HAS_LAMBDA, type RequestTrace } from '../logs/request-trace.ts';
import { ROUTINE_MESSAGE, RULES, type Rule, type RuleTarget } from './rules.ts';

/** Findings, most significant first, and what was read. */
export interface ClassifyReport {
  readonly findings: readonly Finding[];
  readonly summary: { readonly lines: number; readonly requests: number };
  /**
   * Requests the reader recognised as API Gateway's (a request id, a final status, an access row, a
   * finding). 0 with lines read means the input is not API Gateway logs at all: saying "no failure"
   * then would be a false all-clear.
   */
  readonly recognized: number;
  /**
   * Requests whose access-log row looks like API Gateway's (a request id, a response type, a method…)
   * but carries no status that can be read, and that no rule explains. They are neither failing nor
   * healthy: a caller must not give an all-clear while any is left.
   */
  readonly unreadable: readonly UnreadableRequest[];
  /** What was read, for an all-clear that says it ("12 requests, all below 500"). */
  readonly tally: ReadTally;
}

/** What the recognised input held, counted. */
export interface ReadTally {
  /** Requests (the gateway's, or responses a client saw) whose final status was read, by status. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Requests recognised but whose outcome is not in the input (no final status line, no failure line). */
  readonly withoutStatus: number;
  /** Lambda invocations read from a function's own log. */
  readonly lambdaInvocations: number;
}

/** An access-log request whose status could not be read. */
export interface UnreadableRequest {
  /** 1-based line (or event) number of its first access row. */
  readonly line: number;
  readonly requestId: string | null;
}

/** Optional enrichment of findings (e.g. the proxy-response analysis of a malformed response). */
export type FindingEnricher = (cause: CauseId, trace: RequestTrace) => JsonObject | null;

const RULES_BY_TARGET: Readonly<Record<RuleTarget, readonly Rule[]>> = {
  message: RULES.filter((r) => r.on === 'message'),
  response: RULES.filter((r) => r.on === 'response'),
  authorizer: RULES.filter((r) => r.on === 'authorizer'),
  'response-type': RULES.filter((r) => r.on === 'response-type'),
  lambda: RULES.filter((r) => r.on === 'lambda'),
  http: RULES.filter((r) => r.on === 'http'),
  client: RULES.filter((r) => r.on === 'client'),
  'logged-body': RULES.filter((r) => r.on === 'logged-body'),
};

const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { high: 2, medium: 1, low: 0 };
const MAX_EVIDENCE_CHARS = 2_000;

interface Hit {
  readonly rule: Rule;
  readonly match: RegExpExecArray;
  readonly line: string;
  readonly client: boolean;
}

function scan(target: RuleTarget, text: string, line: string, client: boolean, hits: Hit[]): void {
  for (const rule of RULES_BY_TARGET[target]) {
    const match = rule.pattern.exec(text);
    if (match && (rule.when === undefined || rule.when(match, text))) hits.push({ rule, match, line, client });
  }
}

function clip(line: string): string {
  return line.length > MAX_EVIDENCE_CHARS ? `${line.slice(0, MAX_EVIDENCE_CHARS)}… [${line.length - MAX_EVIDENCE_CHARS} more characters]` : line;
}

function collectHits(trace: RequestTrace): Hit[] {
  const hits: Hit[] = [];
  for (const entry of trace.entries) scanEntry(entry, hits);
  if (trace.responseHeaders !== null) scan('response', trace.responseHeaders, `Endpoint response headers: ${trace.responseHeaders}`, false, hits);
  // When Lambda says the *function* failed, the body is the function's own error object: a
  // `ResourceNotFoundException` or `TooManyRequestsException` there came from the code's own AWS calls,
  // not from Lambda, so the body rules must not turn it into function_not_found or lambda_throttled.
  const functionFailed = trace.functionError !== null || hits.some((h) => h.rule.cause === 'lambda_function_error');
  if (trace.responseBody !== null && !functionFailed) {
    const line = `Endpoint response body before transformations: ${trace.responseBody}`;
    scan('response', trace.responseBody, line, false, hits);
    // Judged as a whole (Lambda's KMS answer, a return value that breaks the proxy-response rules), the
    // body explains a 5xx even without a failure line; not needed when a specific line already does.
    if (!hits.some((h) => h.rule.priority >= 30)) scan('logged-body', trace.responseBody, line, false, hits);
  }
  if (trace.authorizerBody !== null) scan('authorizer', trace.authorizerBody, `Authorizer result body before parsing: ${trace.authorizerBody}`, false, hits);
  return hits;
}

function scanEntry(entry: LogEntry, hits: Hit[]): void {
  if (entry.kind === 'execution') {
    if (!ROUTINE_MESSAGE.test(entry.message)) scan('message', entry.message, entry.message, false, hits);
    return;
  }
  if (entry.lambda !== undefined) {
    if (entry.lambda.kind !== 'start' && entry.lambda.kind !== 'end' && entry.lambda.kind !== 'stack') scan('lambda', entry.message, entry.message, false, hits);
    return;
  }
  if (entry.http !== undefined) {
    // The header's own confidence stands: `x-amzn-ErrorType` is the gateway's word, seen by the client.
    if (entry.http.type === 'header') scan('http', `${entry.http.name}: ${entry.http.value}`, entry.message, false, hits);
    else if (entry.http.type === 'sdk-error') scan('http', `x-amzn-errortype: ${entry.http.code}`, entry.message, false, hits);
    return;
  }
  const access = entry.access;
  if (access === undefined) return;
  const client = entry.kind === 'client';
  for (const text of access.texts) scan('message', text, client ? entry.message : text, client, hits);
  if (client) scan('client', entry.message, entry.message, true, hits);
  if (access.responseType !== null) scan('response-type', access.responseType, access.responseType, false, hits);
}

function best(hits: readonly Hit[]): Hit | null {
  let top: Hit | null = null;
  for (const hit of hits) if (top === null || hit.rule.priority > top.rule.priority) top = hit;
  return top;
}

/** The facts a trace carries that every finding repeats, where known. */
function traceDetails(trace: RequestTrace): Record<string, JsonValue> {
  const d: Record<string, JsonValue> = {};
  if (trace.method !== null) d['method'] = trace.method;
  if (trace.resourcePath !== null) d['resourcePath'] = trace.resourcePath;
  if (trace.requestPath !== null) d['requestPath'] = trace.requestPath;
  if (trace.apiId !== null) d['apiId'] = trace.apiId;
  if (trace.stage !== null) d['stage'] = trace.stage;
  if (trace.functionArn !== null) d['functionArn'] = trace.functionArn;
  if (trace.authorizerFunctionArn !== null) d['authorizerFunctionArn'] = trace.authorizerFunctionArn;
  if (trace.endpoint !== null) d['endpoint'] = trace.endpoint;
  if (trace.lambdaRequestId !== null) d['lambdaRequestId'] = trace.lambdaRequestId;
  if (trace.integrationLatencyMs !== null) d['integrationLatencyMs'] = trace.integrationLatencyMs;
  if (trace.integrationStatus !== null) d['integrationStatus'] = trace.integrationStatus;
  if (trace.functionError !== null) d['functionError'] = trace.functionError;
  if (trace.errorType !== null) d['errorType'] = trace.errorType;
  for (const entry of trace.entries) {
    const a = entry.access;
    if (a?.responseType) d['responseType'] ??= a.responseType;
    if (a?.integrationStatus) d['lambdaServiceStatus'] ??= a.integrationStatus;
    if (a !== undefined && a.integrationLatencyMs !== null) d['integrationLatencyMs'] ??= a.integrationLatencyMs;
  }
  if (trace.count > 1) d['count'] = trace.count;
  if (trace.gatewayErrorType !== null) d['gatewayErrorType'] = trace.gatewayErrorType;
  if (trace.extendedRequestId !== null) d['extendedRequestId'] = trace.extendedRequestId;
  if (trace.traceId !== null) d['traceId'] = trace.traceId;
  if (trace.cloudfront !== null) d['cloudfront'] = trace.cloudfront;
  if (trace.region !== null) d['region'] = trace.region;
  if (trace.client !== null) d['client'] = trace.client;
  if (trace.lambdaDurationMs !== null) d['lambdaDurationMs'] = trace.lambdaDurationMs;
  if (trace.memorySizeMb !== null) d['memorySizeMb'] = trace.memorySizeMb;
  if (trace.maxMemoryUsedMb !== null) d['maxMemoryUsedMb'] = trace.maxMemoryUsedMb;
  return d;
}

/** What the lines of a trace are, beyond the gateway's own execution and access logs. */
function inputsOf(trace: RequestTrace): string[] {
  if (trace.has === 0) return [];
  const kinds = new Set<string>();
  for (const e of trace.entries) {
    if (e.kind === 'lambda') kinds.add('lambda-log');
    else if (e.kind === 'http') kinds.add((e.http?.type === 'status' && e.http.from === 'client') || e.http?.type === 'sdk-error' ? 'client-error' : 'http-transcript');
    else if (e.kind === 'client') kinds.add(e.via === 'websocket' ? 'websocket' : 'client-body');
  }
  return [...kinds];
}

/** Words of failure: a line with one of them that no rule explains is still shown (never dropped). */
const FAILURE_TEXT = /fail|error|exception|denied|invalid|unable|timed? ?out|not found|cannot|can't|refused|exceeded|unauthori[sz]ed|forbidden|crash|killed|panic/i;

/** Lambda error objects (`{"errorType","errorMessage"}`) in the endpoint response body. */
function functionErrorDetails(body: string | null): Record<string, JsonValue> {
  if (body === null || !body.includes('errorMessage')) return {};
  const type = /"errorType"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(body)?.[1];
  const message = /"errorMessage"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(body)?.[1];
  const out: Record<string, JsonValue> = {};
  if (type !== undefined) out['errorType'] = type;
  if (message !== undefined) out['errorMessage'] = message.replace(/\\n/g, '\n').replace(/\\"/g, '"');
  return out;
}

function classifyTrace(trace: RequestTrace, enrich: FindingEnricher | undefined): Finding | null {
  if (trace.status !== null && trace.status < 500) return null;
  const hits = collectHits(trace);
  const top = best(hits);
  if (top === null && trace.status === null) return null;
  const cause: CauseId = top?.rule.cause ?? 'unknown';
  const details: Record<string, JsonValue> = traceDetails(trace);
  let confidence: Confidence = top?.rule.confidence ?? 'low';
  if (top?.client === true || hits.every((h) => h.client)) confidence = 'low';
  const evidence: string[] = [];
  const seen = new Set<string>();
  const others = new Set<CauseId>();
  // The winning cause's lines first: they are what a reader needs to see.
  const ordered = [...hits.filter((h) => h.rule.cause === cause), ...hits.filter((h) => h.rule.cause !== cause)];
  // Details of the winning cause's hits, the more specific (higher priority) rule last so its details
  // win; among equals the later line's, as always.
  for (const hit of hits.filter((h) => h.rule.cause === cause).sort((a, b) => a.rule.priority - b.rule.priority)) {
    if (hit.rule.details) Object.assign(details, hit.rule.details(hit.match));
  }
  for (const hit of ordered) {
    if (hit.rule.cause === cause) {
      if (CONFIDENCE_RANK[hit.rule.confidence] > CONFIDENCE_RANK[confidence] && !hit.client) confidence = hit.rule.confidence;
    } else if (hit.rule.cause !== 'unknown') others.add(hit.rule.cause);
    if (!seen.has(hit.line)) {
      seen.add(hit.line);
      evidence.push(clip(hit.line));
    }
  }
  if (trace.status !== null) {
    const statusLine = trace.entries.find((e) => (e.kind === 'execution' && /^(?:Method completed with status|Response Code): \d{3}/.test(e.message))
      || (e.http !== undefined && (e.http.type === 'status' || e.http.type === 'sdk-error' || (e.http.type === 'header' && e.http.name === 'status'))));
    if (statusLine && !seen.has(statusLine.message)) {
      seen.add(statusLine.message);
      evidence.push(clip(statusLine.message));
    }
  }
  if (cause === 'unknown') {
    // Nothing explains the failure: keep every line that says something failed (an unseen wording, a
    // custom body, the function's own words), so the reader sees them and no cause is claimed.
    for (const e of trace.entries) {
      if (seen.has(e.message) || evidence.length >= 8) continue;
      const failureText = (e.kind === 'execution' && !ROUTINE_MESSAGE.test(e.message) && FAILURE_TEXT.test(e.message)) || (e.kind === 'lambda' && FAILURE_TEXT.test(e.message));
      const shown = failureText || e.kind === 'client' || (e.http?.type === 'header' && (e.http.name === 'x-amzn-errortype' || e.http.name === 'x-cache'));
      if (!shown) continue;
      seen.add(e.message);
      evidence.push(clip(e.message));
      if (failureText && details['unrecognized'] === undefined) details['unrecognized'] = clip(e.message);
    }
  }
  if (evidence.length === 0) evidence.push(...trace.entries.slice(-1).map((e) => clip(e.message)));
  if (cause === 'lambda_function_error') {
    // The log line's message wins; the body adds the error type (and a message where the line had none).
    for (const [k, v] of Object.entries(functionErrorDetails(trace.responseBody))) details[k] ??= v;
  }
  if (cause === 'lambda_function_error' || cause === 'integration_timeout' || cause === 'lambda_service_error') {
    if (trace.lambdaErrorType !== null) details['errorType'] ??= trace.lambdaErrorType;
    if (trace.lambdaErrorMessage !== null) details['errorMessage'] ??= trace.lambdaErrorMessage;
  }
  const inputs = inputsOf(trace);
  if (inputs.length > 0) details['inputs'] = inputs;
  if ((cause === 'missing_invoke_permission' || cause === 'credentials_role_error') && (trace.authorizerId !== null || hits.some((h) => h.rule.cause === 'authorizer_error'))) {
    details['authorizer'] = true;
  }
  if (top !== null) {
    details['rule'] = top.rule.id;
    details['fact'] = top.rule.fact;
  }
  details['confidence'] = confidence;
  if (others.size > 0) details['alsoMatched'] = [...others];
  const extra = enrich?.(cause, trace);
  if (extra) Object.assign(details, extra);
  return { cause, requestId: trace.requestId, status: trace.status, evidence, details };
}

function weight(f: Finding): number {
  const c = f.details['count'];
  return typeof c === 'number' ? c : 1;
}

/**
 * Orders findings most significant first: known causes before `unknown`, gateway evidence before
 * client-only evidence, then causes shown by more requests, then first appearance.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const perCause = new Map<CauseId, number>();
  for (const f of findings) perCause.set(f.cause, (perCause.get(f.cause) ?? 0) + weight(f));
  const tier = (f: Finding): number => (f.cause === 'unknown' ? 2 : f.details['confidence'] === 'low' ? 1 : 0);
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => tier(a.f) - tier(b.f) || (perCause.get(b.f.cause) ?? 0) - (perCause.get(a.f.cause) ?? 0) || a.i - b.i)
    .map(({ f }) => f);
}

/** Classifies what a reader produced. */
export function classifyRead(read: ReadResult, enrich?: FindingEnricher): ClassifyReport {
  const traces = groupRequests(read.entries);
  const findings: Finding[] = [];
  const unreadable: UnreadableRequest[] = [];
  let recognized = 0;
  const statuses = new Map<number, number>();
  let withoutStatus = 0;
  const invocations = new Set<string>();
  let anonymousInvocations = 0;
  for (const trace of traces) {
    const finding = classifyTrace(trace, enrich);
    if (finding !== null) findings.push(finding);
    // Arbitrary JSON (no access-log marks) is not evidence of API Gateway traffic, healthy or not.
    const row = trace.entries.find((e) => e.kind === 'access' && e.access?.accessRow === true);
    const lambda = (trace.has & TRACE_HAS_LAMBDA) !== 0;
    const known = finding !== null || trace.status !== null || trace.requestId !== null || row !== undefined || (trace.has & (TRACE_HAS_LAMBDA | TRACE_HAS_CLIENT | TRACE_HAS_HTTP)) !== 0;
    if (known) recognized++;
    if (finding === null && trace.status === null && row !== undefined) unreadable.push({ line: row.line, requestId: trace.requestId });
    if (lambda) {
      if (trace.lambdaRequestId !== null) invocations.add(trace.lambdaRequestId);
      else anonymousInvocations++;
    }
    if (trace.status !== null) statuses.set(trace.status, (statuses.get(trace.status) ?? 0) + trace.count);
    else if (known && finding === null && !lambda && row === undefined) withoutStatus++;
  }
  const tally: ReadTally = { statuses: Object.fromEntries([...statuses].map(([k, v]) => [String(k), v])), withoutStatus, lambdaInvocations: invocations.size + anonymousInvocations };
  return { findings: sortFindings(findings), summary: { lines: read.lines, requests: traces.length }, recognized, unreadable, tally };
}

/** Classifies log text in any supported format (mixed formats allowed). */
export function classifyText(text: string, enrich?: FindingEnricher): ClassifyReport {
  return classifyRead(readLogText(text), enrich);
}

/** Classifies CloudWatch Logs events as a subscription delivers them. */
export function classifyEvents(events: readonly RawLogEvent[], enrich?: FindingEnricher): ClassifyReport {
  return classifyRead(readLogEvents(events), enrich);
}
