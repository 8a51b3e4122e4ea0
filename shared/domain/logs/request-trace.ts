/**
 * Groups log entries by request and pulls out what an investigation needs from each request:
 * method, resource path, final status, integration latency, the Lambda function ARN, the Lambda
 * request id, `X-Amz-Function-Error`, the endpoint response body and the authorizer lines; from a
 * client's transcript the status, API Gateway's request ids and `x-amzn-ErrorType`; from the
 * function's own log its REPORT figures and error. A function log's lines group by Lambda request id.
 */
import type { LogEntry } from './log-entry.ts';
import { executeApiUrl, gatewayErrorType, isMarkerHeader, type HttpLine } from './http-transcript.ts';
import type { LambdaLine } from './lambda-log.ts';

/** Everything one request's lines say. */
export interface RequestTrace {
  /** API Gateway request id; null for lines that carry none (pasted console output, bare messages). */
  requestId: string | null;
  readonly entries: LogEntry[];
  method: string | null;
  resourcePath: string | null;
  /** The concrete path requested (`/orders/42`), from the Lambda proxy event the gateway sent. */
  requestPath: string | null;
  /** The status the client got (`Method completed with status`, console `Response Code`, access `status`). */
  status: number | null;
  /** Status line of the integration response (`Received response. Status: 403`). */
  integrationStatus: number | null;
  integrationLatencyMs: number | null;
  functionArn: string | null;
  /** Non-Lambda endpoint (HTTP / VPC link integrations). */
  endpoint: string | null;
  lambdaRequestId: string | null;
  /** `X-Amz-Function-Error` header value (`Unhandled`, `Handled`). */
  functionError: string | null;
  /** `x-amzn-ErrorType` header value (e.g. `TooManyRequestsException`). */
  errorType: string | null;
  /** `Endpoint response body before transformations`. */
  responseBody: string | null;
  responseHeaders: string | null;
  /** `Lambda invocation failed with status: N`. */
  lambdaInvokeStatus: number | null;
  authorizerId: string | null;
  /** The Lambda authorizer's function, when the authorizer is a Lambda function. */
  authorizerFunctionArn: string | null;
  /** True between `Starting authorizer` and the method's own execution: URIs there are the authorizer's. */
  inAuthorizer: boolean;
  authorizerBody: string | null;
  apiId: string | null;
  stage: string | null;
  /** Occurrences this trace stands for (a Logs Insights aggregate row can stand for many). */
  count: number;
  /** True once a final status line closed the request (anonymous groups split there). */
  closed: boolean;
  /** The status a 4xx `x-amzn-ErrorType` stands for, used when no status line says otherwise. */
  impliedStatus: number | null;
  /** `x-amzn-ErrorType` a client saw (API Gateway's, e.g. `AuthorizerConfigurationException`). */
  gatewayErrorType: string | null;
  /** `x-amz-apigw-id`: the extended request id. */
  extendedRequestId: string | null;
  /** `x-amzn-Trace-Id`. */
  traceId: string | null;
  /** `x-cache` when it says the response is an error (`Error from cloudfront`). */
  cloudfront: string | null;
  region: string | null;
  /** The client the transcript comes from (curl, wscat, axios…). */
  client: string | null;
  /** From the function's own log: REPORT figures and the error it logged. */
  lambdaDurationMs: number | null;
  memorySizeMb: number | null;
  maxMemoryUsedMb: number | null;
  lambdaErrorType: string | null;
  lambdaErrorMessage: string | null;
  /**
   * Which other readers' entries the trace holds (TRACE_HAS_* bits), kept while grouping so that
   * classifying an execution-log batch never scans entries for them.
   */
  has: number;
}

/** `RequestTrace.has`: a body a client saw. */
export const TRACE_HAS_CLIENT = 1;
/** `RequestTrace.has`: a client's status line, client error, or an API Gateway / CloudFront header. */
export const TRACE_HAS_HTTP = 2;
/** `RequestTrace.has`: a line of the function's own log (other than a stack frame). */
export const TRACE_HAS_LAMBDA = 4;

function newTrace(requestId: string | null): RequestTrace {
  return {
    requestId, entries: [], method: null, resourcePath: null, requestPath: null, status: null, integrationStatus: null, integrationLatencyMs: null,
    functionArn: null, endpoint: null, lambdaRequestId: null, functionError: null, errorType: null, responseBody: null,
    responseHeaders: null, lambdaInvokeStatus: null, authorizerId: null, authorizerFunctionArn: null, inAuthorizer: false, authorizerBody: null, apiId: null, stage: null, count: 1,
    closed: false, impliedStatus: null, gatewayErrorType: null, extendedRequestId: null, traceId: null, cloudfront: null, region: null, client: null,
    lambdaDurationMs: null, memorySizeMb: null, maxMemoryUsedMb: null, lambdaErrorType: null, lambdaErrorMessage: null, has: 0,
  };
}

const FUNCTION_IN_URL = /\/functions\/(.+?)\/invocations/;
const HTTP_METHOD_LINE = /^HTTP Method: (\w+), Resource Path: (\S*)/;
const COMPLETED = /^Method completed with status: (\d{3})/;
const RECEIVED = /^Received response\.(?: Status: (\d{3}),)? Integration latency: (\d+) ?ms/;
const LAMBDA_REQUEST_ID = /Lambda request id: ([\w-]+)/;
const INVOKE_FAILED = /^Lambda invocation failed with status: (\d{3})/;
const USAGE_PLAN_STAGE = /API Stage: ([a-z0-9]{10})\/(\S+)/;
const RESPONSE_CODE = /^Response Code: (\d{3})/;
const LEADING_STATUS = /^(?:HTTP\/[\d.]+ )?([1-5]\d\d)\b(?! ms)/;
const HEADER_VALUE = (name: string): RegExp => new RegExp(`[{,]\\s*${name}=([^,}]+)`, 'i');
const FUNCTION_ERROR_HEADER = HEADER_VALUE('X-Amz-Function-Error');
const ERROR_TYPE_HEADER = HEADER_VALUE('x-amzn-ErrorType');

/** Reads the fields an execution-log message carries into the trace. Dispatches on the message start: cheap. */
function absorb(trace: RequestTrace, entry: LogEntry): void {
  // Execution-log entries (the ingest hot path) go straight to the switch below.
  if (entry.kind !== 'execution') {
    if (entry.http !== undefined) {
      const h = entry.http;
      if (h.type === 'status' || h.type === 'sdk-error' || (h.type === 'header' && isMarkerHeader(h.name))) trace.has |= TRACE_HAS_HTTP;
      absorbHttp(trace, h);
      return;
    }
    if (entry.lambda !== undefined) {
      if (entry.lambda.kind !== 'stack') trace.has |= TRACE_HAS_LAMBDA;
      absorbLambda(trace, entry.lambda);
      return;
    }
    if (entry.kind === 'client') trace.has |= TRACE_HAS_CLIENT;
    const a = entry.access;
    if (a === undefined) return;
    trace.status ??= a.status;
    trace.method ??= a.method;
    trace.resourcePath ??= a.path;
    trace.apiId ??= a.apiId;
    trace.stage ??= a.stage;
    trace.count = Math.max(trace.count, a.count);
    return;
  }
  const m = entry.message;
  switch (m.charCodeAt(0)) {
    case 72 /* H */: {
      const x = HTTP_METHOD_LINE.exec(m);
      if (x) {
        trace.inAuthorizer = false;
        trace.method = x[1] ?? null;
        trace.resourcePath = x[2] ?? null;
      }
      return;
    }
    case 77 /* M */: {
      const x = COMPLETED.exec(m);
      if (x) {
        trace.status = Number(x[1]);
        trace.closed = true;
      }
      return;
    }
    case 83 /* S */:
      if (m.startsWith('Sending request to ')) {
        if (!trace.inAuthorizer && trace.functionArn !== null) return;
        absorbTarget(trace, m.slice(19));
      }
      else if (m.startsWith('Starting authorizer: ')) {
        trace.authorizerId = /^Starting authorizer: (\S+)/.exec(m)?.[1] ?? null;
        trace.inAuthorizer = true;
      } else if (m.startsWith('Starting execution')) trace.inAuthorizer = false;
      return;
    case 69 /* E */:
      if (m.startsWith('Endpoint request URI: ')) {
        if (trace.functionArn === null && trace.endpoint === null) absorbTarget(trace, m.slice(22));
      } else if (m.startsWith('Endpoint response body before transformations:')) trace.responseBody = m.slice(47).trim();
      else if (m.startsWith('Endpoint response headers: ')) {
        trace.responseHeaders = m.slice(27);
        // Cheap guards first: these headers are on every healthy request's hot path.
        if (m.includes('X-Amz-Function-Error')) trace.functionError = FUNCTION_ERROR_HEADER.exec(m)?.[1]?.trim() ?? trace.functionError;
        if (m.includes('x-amzn-ErrorType')) trace.errorType = ERROR_TYPE_HEADER.exec(m)?.[1]?.trim() ?? trace.errorType;
        if (trace.lambdaRequestId === null) trace.lambdaRequestId = headerValue(m, 'x-amzn-RequestId=');
      } else if (trace.apiId === null && m.startsWith('Endpoint request headers: ')) trace.apiId = headerValue(m, 'x-amzn-apigateway-api-id=');
      else if (trace.requestPath === null && m.startsWith('Endpoint request body after transformations: ')) trace.requestPath = jsonStringField(m, '"path":"');
      return;
    case 82 /* R */: {
      const x = RECEIVED.exec(m);
      if (x) {
        if (x[1] !== undefined) trace.integrationStatus = Number(x[1]);
        trace.integrationLatencyMs = Number(x[2]);
        return;
      }
      const rc = RESPONSE_CODE.exec(m);
      if (rc && trace.status === null) trace.status = Number(rc[1]);
      return;
    }
    case 76 /* L */: {
      const id = LAMBDA_REQUEST_ID.exec(m);
      if (id) trace.lambdaRequestId = id[1] ?? null;
      const inv = INVOKE_FAILED.exec(m);
      if (inv) trace.lambdaInvokeStatus = Number(inv[1]);
      return;
    }
    case 65 /* A */:
      if (m.startsWith('Authorizer result body before parsing:')) trace.authorizerBody = m.slice(38).trim();
      else if (m.startsWith('AWS Integration Endpoint RequestId')) trace.lambdaRequestId ??= /:\s*([\w-]+)/.exec(m)?.[1] ?? null;
      return;
    case 86 /* V */: {
      const x = USAGE_PLAN_STAGE.exec(m);
      if (x) {
        trace.apiId ??= x[1] ?? null;
        trace.stage ??= x[2] ?? null;
      }
      return;
    }
    default: {
      // Pasted client-side notes such as `504 on /prod/items` still tell the status.
      if (trace.requestId === null && trace.status === null) {
        const x = LEADING_STATUS.exec(m);
        if (x) trace.status = Number(x[1]);
      }
    }
  }
}

const ID_TEXT = /^[^\s()]{4,80}$/;

/** What a client's line tells: the status, API Gateway's ids, the error type, the API the URL names. */
function absorbHttp(trace: RequestTrace, http: HttpLine): void {
  switch (http.type) {
    case 'command': {
      trace.client ??= http.tool;
      const api = http.url === null ? null : executeApiUrl(http.url);
      if (api !== null) {
        trace.apiId ??= api.apiId;
        trace.region ??= api.region;
        if (api.stage !== null) trace.stage ??= api.stage;
      }
      return;
    }
    case 'status':
      // The last status line wins (a `100 Continue` comes first); a client's error names the status once.
      if (http.from === 'status-line') trace.status = http.status;
      else trace.status ??= http.status;
      if (http.tool !== undefined) trace.client ??= http.tool;
      return;
    case 'request':
      trace.method ??= http.method;
      return;
    case 'sdk-error': {
      trace.client ??= 'aws-sdk';
      if (http.status !== null) trace.status ??= http.status;
      const type = gatewayErrorType(http.code);
      if (type !== undefined) {
        trace.gatewayErrorType ??= type.value;
        if (type.status !== null && type.status < 500) trace.impliedStatus ??= type.status;
      }
      return;
    }
    case 'info':
      return;
    case 'header':
      break;
  }
  const value = http.value.trim();
  switch (http.name) {
    case 'x-amzn-requestid':
    case 'apigw-requestid':
      if (trace.requestId === null && ID_TEXT.test(value)) trace.requestId = value;
      return;
    case 'x-amz-apigw-id':
      trace.extendedRequestId ??= value || null;
      return;
    case 'x-amzn-errortype': {
      const type = gatewayErrorType(value);
      trace.gatewayErrorType ??= type?.value ?? (value.replace(/[:\s].*$/, '') || null);
      if (type !== undefined && type.status !== null && type.status < 500) trace.impliedStatus ??= type.status;
      return;
    }
    case 'status': {
      const n = /^([1-5]\d\d)\b/.exec(value);
      if (n) trace.status = Number(n[1]);
      return;
    }
    case 'x-amzn-trace-id':
      trace.traceId ??= value || null;
      return;
    case 'x-cache':
      if (/error/i.test(value)) trace.cloudfront ??= value;
      return;
    case 'host': {
      const api = executeApiUrl(`https://${value}`);
      if (api !== null) {
        trace.apiId ??= api.apiId;
        trace.region ??= api.region;
      }
      return;
    }
    default:
      return;
  }
}

/** What a line of the function's own log tells: its request id, REPORT figures, the error. */
function absorbLambda(trace: RequestTrace, lambda: LambdaLine): void {
  if (lambda.requestId !== null) trace.lambdaRequestId ??= lambda.requestId;
  const report = lambda.report;
  if (report !== undefined) {
    trace.lambdaDurationMs ??= report.durationMs;
    trace.memorySizeMb ??= report.memorySizeMb;
    trace.maxMemoryUsedMb ??= report.maxMemoryUsedMb;
  }
  if (lambda.errorType !== undefined) trace.lambdaErrorType ??= lambda.errorType;
  if (lambda.errorMessage !== undefined) trace.lambdaErrorMessage ??= lambda.errorMessage;
}

/** The string value after `key` (e.g. `"path":"`) in compact JSON, without parsing the whole body. */
function jsonStringField(text: string, key: string): string | null {
  const at = text.indexOf(key);
  if (at === -1) return null;
  const start = at + key.length;
  const end = text.indexOf('"', start);
  return end === -1 || end === start ? null : text.slice(start, end);
}

/** The value of `name=` in a Java-style header map (`{a=1, b=2}`), without a regex. */
function headerValue(text: string, name: string): string | null {
  const at = text.indexOf(name);
  if (at === -1) return null;
  const start = at + name.length;
  let end = start;
  while (end < text.length && text.charCodeAt(end) !== 44 /* , */ && text.charCodeAt(end) !== 125 /* } */) end++;
  const value = text.slice(start, end).trim();
  return value === '' ? null : value;
}

function absorbTarget(trace: RequestTrace, url: string): void {
  const fn = FUNCTION_IN_URL.exec(url);
  if (fn) {
    const arn = safeDecode(fn[1] ?? '') || null;
    if (trace.inAuthorizer) trace.authorizerFunctionArn = arn;
    else trace.functionArn = arn;
  }
  else trace.endpoint ??= url.trim().split(/\s/)[0] ?? null;
}

function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Lines that start a new request when the log carries no request ids. */
function startsRequest(entry: LogEntry): boolean {
  return entry.header === true || entry.starts === true || entry.message.startsWith('Starting execution for request') || entry.message.startsWith('Extended Request Id');
}

/**
 * Groups entries into request traces, in order of first appearance. Lines with a request id group by
 * it (requests interleave in real logs); access rows are one request each; lines without an id form
 * anonymous requests split at a final status line or a request start.
 */
export function groupRequests(entries: readonly LogEntry[]): RequestTrace[] {
  const traces: RequestTrace[] = [];
  const byId = new Map<string, RequestTrace>();
  /** Function-log invocations by Lambda request id, and the one whose lines are being read (START … REPORT). */
  const byLambdaId = new Map<string, RequestTrace>();
  let invocation: RequestTrace | null = null;
  let anonymous: RequestTrace | null = null;
  // A request's lines are usually consecutive in a log stream: skip the map lookup for them.
  let lastId: string | null = null;
  let lastTrace: RequestTrace | null = null;
  for (const entry of entries) {
    let trace: RequestTrace;
    if (entry.kind === 'execution' && entry.requestId !== null && entry.requestId === lastId && lastTrace !== null && entry.header !== true) {
      lastTrace.entries.push(entry);
      absorb(lastTrace, entry);
      continue;
    }
    if (entry.kind === 'lambda') {
      // A function log's lines belong to its invocation: by request id, or the invocation still open
      // (START seen, REPORT not yet); without either they join the anonymous request like other lines.
      const lambdaId = entry.lambda?.requestId ?? null;
      let invoked: RequestTrace | null = invocation;
      if (lambdaId !== null) {
        invoked = byLambdaId.get(lambdaId) ?? null;
        if (invoked === null) {
          invoked = newTrace(null);
          byLambdaId.set(lambdaId, invoked);
          traces.push(invoked);
        }
        invocation = entry.lambda?.kind === 'report' ? null : invoked;
      }
      if (invoked !== null) {
        invoked.entries.push(entry);
        absorb(invoked, entry);
        lastId = null;
        lastTrace = invoked;
        continue;
      }
    }
    if (entry.kind === 'access') {
      trace = entry.requestId !== null ? byId.get(entry.requestId) ?? newTrace(entry.requestId) : newTrace(null);
      if (trace.entries.length === 0) {
        traces.push(trace);
        if (entry.requestId !== null) byId.set(entry.requestId, trace);
      }
    } else if (entry.requestId !== null) {
      const existing = byId.get(entry.requestId);
      if (existing) trace = existing;
      else if (entry.header === true && anonymous !== null && !anonymous.closed) {
        // Console output: the `Response Code: 500` preamble precedes `Execution log for request <id>`.
        trace = anonymous;
        trace.requestId = entry.requestId;
        byId.set(entry.requestId, trace);
        anonymous = null;
      } else {
        trace = newTrace(entry.requestId);
        byId.set(entry.requestId, trace);
        traces.push(trace);
      }
    } else {
      if (anonymous === null || anonymous.closed || (startsRequest(entry) && anonymous.entries.length > 0)) {
        anonymous = newTrace(null);
        traces.push(anonymous);
      }
      trace = anonymous;
    }
    trace.entries.push(entry);
    const hadId = trace.requestId !== null;
    absorb(trace, entry);
    // A client's transcript names API Gateway's request id: later lines with that id join it.
    if (!hadId && trace.requestId !== null && !byId.has(trace.requestId)) byId.set(trace.requestId, trace);
    lastId = entry.kind === 'execution' ? entry.requestId : null;
    lastTrace = trace;
  }
  for (const t of traces) if (t.status === null && t.impliedStatus !== null) t.status = t.impliedStatus;
  return traces;
}
