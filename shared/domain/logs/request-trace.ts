/**
 * Groups log entries by request and pulls out what an investigation needs from each request:
 * method, resource path, final status, integration latency, the Lambda function ARN, the Lambda
 * request id, `X-Amz-Function-Error`, the endpoint response body and the authorizer lines.
 */
import type { LogEntry } from './log-entry.ts';

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
}

function newTrace(requestId: string | null): RequestTrace {
  return {
    requestId, entries: [], method: null, resourcePath: null, requestPath: null, status: null, integrationStatus: null, integrationLatencyMs: null,
    functionArn: null, endpoint: null, lambdaRequestId: null, functionError: null, errorType: null, responseBody: null,
    responseHeaders: null, lambdaInvokeStatus: null, authorizerId: null, authorizerFunctionArn: null, inAuthorizer: false, authorizerBody: null, apiId: null, stage: null, count: 1,
    closed: false,
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
  if (entry.kind !== 'execution') {
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
  return entry.header === true || entry.message.startsWith('Starting execution for request') || entry.message.startsWith('Extended Request Id');
}

/**
 * Groups entries into request traces, in order of first appearance. Lines with a request id group by
 * it (requests interleave in real logs); access rows are one request each; lines without an id form
 * anonymous requests split at a final status line or a request start.
 */
export function groupRequests(entries: readonly LogEntry[]): RequestTrace[] {
  const traces: RequestTrace[] = [];
  const byId = new Map<string, RequestTrace>();
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
    absorb(trace, entry);
    lastId = entry.kind === 'execution' ? entry.requestId : null;
    lastTrace = trace;
  }
  return traces;
}
