/**
 * Reads what a client saw of a request: `curl -v` / `curl -i` / httpie transcripts and bare response
 * headers (the status line, `x-amzn-RequestId`, `apigw-requestid`, `x-amz-apigw-id`,
 * `x-amzn-ErrorType`, `x-amzn-Trace-Id`, `x-cache: Error from cloudfront`), WebSocket clients
 * (`wscat`'s `error: Unexpected server response: 502`, a browser's handshake error, error frames),
 * and client SDK dumps (axios `Request failed with status code 502`, Python requests `<Response
 * [429]>` and `HTTPError: 502 Server Error`, botocore `ClientError`, a logged `{ status, statusText,
 * data }`), plus `aws apigateway test-invoke-method` output.
 *
 * Lines are read one at a time; what a header or a body means depends on whether a transcript is
 * open (after a command, a status line or an API Gateway header), which the caller keeps
 * (`TranscriptState`). Every test starts with a first-character guard: execution-log lines never get
 * past it.
 */

/** One value API Gateway sends in `x-amzn-ErrorType`, and what it stands for. */
export interface GatewayErrorType {
  /** The header value, e.g. `AuthorizerConfigurationException`. */
  readonly value: string;
  /** The gateway response types that send it (DG supported-gateway-response-types). */
  readonly responseTypes: readonly string[];
  /** The status those responses have by default (a gateway response can be given another); null when it varies. */
  readonly status: number | null;
}

/**
 * The `x-amzn-ErrorType` values of API Gateway's gateway responses. Types and default statuses: DG
 * `supported-gateway-response-types.html` (docs/facts.md (c)). Which value each type sends: LocalStack's
 * AWS-validated gateway responses (`localstack/localstack`
 * `localstack-core/localstack/services/apigateway/next_gen/execute_api/gateway_response.py`, `code`),
 * and the headers in the real transcripts of test/fixtures/real-logs-evidence.jsonl
 * (`InternalServerErrorException` on 500/502/504, `AuthorizerConfigurationException`,
 * `MissingAuthenticationTokenException`, `TooManyRequestsException`). `InternalFailure` and
 * `ServiceUnavailable(Exception)` are the AWS common errors (HTTP 500/503) of every AWS API.
 */
export const GATEWAY_ERROR_TYPES: readonly GatewayErrorType[] = [
  // 5xx: the request failed at the gateway or behind it.
  { value: 'InternalServerErrorException', responseTypes: ['DEFAULT_5XX', 'INTEGRATION_FAILURE', 'INTEGRATION_TIMEOUT'], status: null },
  { value: 'AuthorizerConfigurationException', responseTypes: ['AUTHORIZER_CONFIGURATION_ERROR'], status: 500 },
  { value: 'AuthorizerFailureException', responseTypes: ['AUTHORIZER_FAILURE'], status: 500 },
  { value: 'ApiConfigurationException', responseTypes: ['API_CONFIGURATION_ERROR'], status: 500 },
  { value: 'IntegrationFailureException', responseTypes: ['INTEGRATION_FAILURE'], status: 504 },
  { value: 'InternalFailureException', responseTypes: ['DEFAULT_5XX'], status: 500 },
  { value: 'InternalFailure', responseTypes: ['DEFAULT_5XX'], status: 500 },
  { value: 'ServiceUnavailableException', responseTypes: ['DEFAULT_5XX'], status: 503 },
  { value: 'ServiceUnavailable', responseTypes: ['DEFAULT_5XX'], status: 503 },
  // 4xx: the gateway refused the request; no 5xx finding.
  { value: 'MissingAuthenticationTokenException', responseTypes: ['MISSING_AUTHENTICATION_TOKEN'], status: 403 },
  { value: 'ForbiddenException', responseTypes: ['INVALID_API_KEY', 'ACCESS_DENIED'], status: 403 },
  { value: 'AccessDeniedException', responseTypes: ['ACCESS_DENIED'], status: 403 },
  { value: 'UnauthorizedException', responseTypes: ['UNAUTHORIZED'], status: 401 },
  { value: 'BadRequestException', responseTypes: ['BAD_REQUEST_PARAMETERS', 'BAD_REQUEST_BODY', 'UNSUPPORTED_MEDIA_TYPE', 'DEFAULT_4XX'], status: 400 },
  { value: 'LimitExceededException', responseTypes: ['QUOTA_EXCEEDED'], status: 429 },
  { value: 'TooManyRequestsException', responseTypes: ['THROTTLED'], status: 429 },
  { value: 'ExpiredTokenException', responseTypes: ['EXPIRED_TOKEN'], status: 403 },
  { value: 'InvalidSignatureException', responseTypes: ['INVALID_SIGNATURE'], status: 403 },
  { value: 'IncompleteSignatureException', responseTypes: ['MISSING_AUTHENTICATION_TOKEN'], status: 403 },
  { value: 'RequestTooLargeException', responseTypes: ['REQUEST_TOO_LARGE'], status: 413 },
  { value: 'ResourceNotFoundException', responseTypes: ['RESOURCE_NOT_FOUND'], status: 404 },
  { value: 'NotFoundException', responseTypes: ['RESOURCE_NOT_FOUND'], status: 404 },
  { value: 'WafFilteredException', responseTypes: ['WAF_FILTERED'], status: 403 },
];

const ERROR_TYPES_BY_VALUE = new Map(GATEWAY_ERROR_TYPES.map((t) => [t.value.toLowerCase(), t]));

/**
 * The gateway error type named by an `x-amzn-ErrorType` value. Some responses append the service
 * namespace (`AccessDeniedException:http://internal.amazon.com/coral/…`); it is ignored.
 */
export function gatewayErrorType(value: string): GatewayErrorType | undefined {
  const name = value.trim().replace(/[:\s].*$/, '').toLowerCase();
  return ERROR_TYPES_BY_VALUE.get(name);
}

/** What one line of a client's output is. */
export type HttpLine =
  /** `curl …`, `wscat -c …`, `http GET …`: starts a transcript; the URL names the API when it is execute-api's. */
  | { readonly type: 'command'; readonly tool: string; readonly url: string | null }
  /** A status the client got: a status line, or a client's error naming it (`Unexpected server response: 502`). */
  | { readonly type: 'status'; readonly status: number; readonly text: string; readonly from: 'status-line' | 'client'; readonly tool?: string }
  /** A response (or request) header; `name` in lower case. */
  | { readonly type: 'header'; readonly name: string; readonly value: string }
  /**
   * An AWS SDK's error (`botocore.exceptions.ClientError: An error occurred (<code>) when calling the
   * <operation> operation: <message>`): the code is an error type, or the status when it is a number.
   */
  | { readonly type: 'sdk-error'; readonly code: string; readonly operation: string; readonly message: string; readonly status: number | null }
  /** The request line of `curl -v` (`> GET /prod/items HTTP/2`). */
  | { readonly type: 'request'; readonly method: string; readonly path: string }
  /** `curl -v` chatter (`* Connected to …`, a lone `<`), `wscat`'s `Connected (press CTRL+C to quit)`. */
  | { readonly type: 'info'; readonly text: string };

/** Headers whose presence alone says "an HTTP response from API Gateway or its CloudFront". */
const MARKER_HEADERS = new Set([
  'x-amzn-requestid', 'x-amzn-errortype', 'x-amz-apigw-id', 'apigw-requestid', 'x-amzn-trace-id', 'x-amz-cf-id', 'x-amz-cf-pop', 'x-cache',
  'x-amzn-remapped-content-length', 'x-amzn-remapped-date', 'x-amz-function-error',
]);

/** True when `name` (lower case) is a header only API Gateway / CloudFront / Lambda responses carry. */
export function isMarkerHeader(name: string): boolean {
  return MARKER_HEADERS.has(name);
}

const STATUS_LINE = /^(?:<\s*)?HTTP\/(\d(?:\.\d)?)\s+([1-5]\d\d)\b[ \t]*(.*)$/;
/** curl's progress meter (when its output is not a terminal). */
const CURL_PROGRESS = /^(?:%\s+Total\s+%\s+Received|Dload\s+Upload|\d+\s+\d+[kMG]?\s+\d+\s+\d+[kMG]?\s+\d+\s+\d+)/;
const REQUEST_LINE = /^(?:>\s*)?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP\/[\d.]+\s*$/;
const HEADER = /^(?:<[ \t]*)?([A-Za-z][A-Za-z0-9-]{0,62}):[ \t]*(.*)$/;
const COMMAND = /^(?:[^$#%\n]{0,80}[$#%][ \t]+)?(curl|wscat|xh|wget|https?)[ \t]+(\S.*)$/;
const URL = /(?:https?|wss?):\/\/[^\s"'<>]+/;
/** Client errors that name the status, with the tool they come from. */
const CLIENT_STATUS: ReadonlyArray<readonly [RegExp, string]> = [
  // wscat / the `ws` package: `error: Unexpected server response: 502`.
  [/(?:^|\s)(?:error: )?Unexpected server response: ([1-5]\d\d)\b/, 'websocket'],
  // Chrome: `WebSocket connection to 'wss://…' failed: Error during WebSocket handshake: Unexpected response code: 502`.
  [/Error during WebSocket handshake: Unexpected response code: ([1-5]\d\d)\b/, 'websocket'],
  // axios: `AxiosError: Request failed with status code 502` (older: `Error: Request failed …`).
  [/\bRequest failed with status code ([1-5]\d\d)\b/, 'axios'],
  // Python requests: `requests.exceptions.HTTPError: 502 Server Error: Bad Gateway for url: …` and `<Response [429]>`.
  [/HTTPError: ([1-5]\d\d) (?:Server|Client) Error\b/, 'requests'],
  [/^<Response \[([1-5]\d\d)\]>$/, 'requests'],
  // A browser console: `Failed to load resource: the server responded with a status of 502 ()`.
  [/the server responded with a status of ([1-5]\d\d)\b/, 'browser'],
];

/** botocore's error line (Python), with its exception class in front or not. */
const BOTO_ERROR = /(?:^|\s|\.)(?:\w+): An error occurred \(([\w.]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: ?(.*)$/;

/** Quick test on the first character: can the line be client output at all? (hot path guard) */
function mayBeHttp(c: number): boolean {
  // `<` `>` `*` `$` `[` `%`, letters (headers, commands, `error:`, `AxiosError`, `HTTP/…`, `WebSocket…`),
  // digits only for curl's progress meter and prompts such as `15:01 $ curl`.
  return c === 60 || c === 62 || c === 42 || c === 36 || c === 91 || c === 37 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * Reads one line of client output; null when it is none. `open` says a transcript is open, so any
 * `Name: value` line is a header; otherwise only the API Gateway / CloudFront headers (and a `status:`
 * header) are taken as headers, since `word: text` lines are everywhere.
 */
export function readHttpLine(line: string, open: boolean): HttpLine | null {
  const text = line.trim();
  if (text === '') return null;
  const c = text.charCodeAt(0);
  if (!mayBeHttp(c)) return null;
  if (c === 42 /* * */ && (text.length === 1 || text.charCodeAt(1) === 32)) return open ? { type: 'info', text } : null;
  if ((c === 60 || c === 62) && text.length === 1) return open ? { type: 'info', text } : null;
  if (open && CURL_PROGRESS.test(text)) return { type: 'info', text };
  // `curl -s -o /dev/null -w '%{http_code}'` prints the bare status.
  if (open && /^[1-5]\d\d$/.test(text)) return { type: 'status', status: Number(text), text, from: 'client', tool: 'curl' };
  if (c === 72 /* H */ || c === 60) {
    const s = STATUS_LINE.exec(text);
    if (s) return { type: 'status', status: Number(s[2]), text: text.replace(/^<\s*/, ''), from: 'status-line' };
  }
  if (c === 62 /* > */ || (c >= 65 && c <= 90)) {
    const r = REQUEST_LINE.exec(text);
    if (r) return { type: 'request', method: r[1] ?? 'GET', path: r[2] ?? '/' };
  }
  for (const [re, tool] of CLIENT_STATUS) {
    const m = re.exec(text);
    if (m) return { type: 'status', status: Number(m[1]), text, from: 'client', tool };
  }
  if (text.includes('An error occurred (')) {
    const boto = BOTO_ERROR.exec(text);
    if (boto) {
      const code = boto[1] ?? '';
      const status = /^[1-5]\d\d$/.test(code) ? Number(code) : null;
      return { type: 'sdk-error', code, operation: boto[2] ?? '', message: (boto[3] ?? '').trim(), status };
    }
  }
  const cmd = COMMAND.exec(text);
  if (cmd) {
    const tool = cmd[1] ?? 'curl';
    const args = cmd[2] ?? '';
    // `http` / `https` are httpie's commands only when a method, a URL or a flag follows.
    if ((tool !== 'http' && tool !== 'https') || /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|-|:|\S*\.\S+|\S*:\/\/)/.test(args)) {
      return { type: 'command', tool: tool === 'https' ? 'http' : tool, url: URL.exec(args)?.[0] ?? null };
    }
  }
  if (text.startsWith('Connected (press CTRL+C to quit)') || text.startsWith('Disconnected (code:')) return { type: 'info', text };
  const h = HEADER.exec(text);
  if (h) {
    const name = (h[1] ?? '').toLowerCase();
    const value = (h[2] ?? '').trim();
    if (value.startsWith('//')) return null;
    if (open || MARKER_HEADERS.has(name) || (name === 'status' && /^[1-5]\d\d\b/.test(value))) return { type: 'header', name, value };
  }
  return null;
}

/** The API, Region and stage an execute-api URL names (`https://<id>.execute-api.<region>.amazonaws.com/<stage>/…`). */
export function executeApiUrl(url: string): { readonly apiId: string; readonly region: string; readonly stage: string | null } | null {
  const m = /^(?:https?|wss?):\/\/([a-z0-9]{10})\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?(?::\d+)?(?:\/([^/?#\s]+))?/.exec(url);
  if (m === null) return null;
  return { apiId: m[1] ?? '', region: m[2] ?? '', stage: m[3] ? decodeURIComponentSafe(m[3]) : null };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Where a transcript stands, for the lines that follow. */
export type TranscriptPhase =
  /** No transcript open: only unmistakable client lines are read. */
  | 'none'
  /** After a command: request lines, then a status line or the body (curl without `-i`). */
  | 'request'
  /** After a status line or an API Gateway header: more headers, until a blank line. */
  | 'head'
  /** After the headers: the response body. */
  | 'body'
  /** A WebSocket client session: frames. */
  | 'websocket';

/** The transcript state a reader keeps between lines. */
export class TranscriptState {
  phase: TranscriptPhase = 'none';

  /** True when `Name: value` lines are headers now. */
  get open(): boolean {
    return this.phase === 'request' || this.phase === 'head';
  }

  /** True when a JSON value (or a text line) here is what the client received. */
  get expectsBody(): boolean {
    return this.phase === 'request' || this.phase === 'body' || this.phase === 'websocket';
  }

  /** Moves on after `line` was read (null: a line of another format, which closes the transcript). */
  after(line: HttpLine | null, blank: boolean): void {
    if (blank) {
      if (this.phase === 'head') this.phase = 'body';
      return;
    }
    if (line === null) {
      if (this.phase !== 'websocket') this.phase = 'none';
      return;
    }
    switch (line.type) {
      case 'command':
        this.phase = line.tool === 'wscat' ? 'websocket' : 'request';
        return;
      case 'status':
        if (line.from === 'status-line') this.phase = 'head';
        return;
      case 'header':
        if (this.phase !== 'request' && this.phase !== 'websocket') this.phase = 'head';
        return;
      case 'info':
        // A lone `<` ends curl -v's response headers.
        if (line.text === '<' && this.phase === 'head') this.phase = 'body';
        return;
      case 'request':
        if (this.phase === 'none') this.phase = 'request';
        return;
    }
  }

  /** A body value was read: curl's transcript is over; a WebSocket session goes on. */
  bodyRead(): void {
    if (this.phase !== 'websocket') this.phase = 'none';
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON (or printed) value from a client is. */
export type ClientValue =
  /** `aws apigateway test-invoke-method` output: the execution log it carries, its status and body. */
  | { readonly type: 'test-invoke'; readonly status: number | null; readonly log: string; readonly body: string | null }
  /** A client SDK's response dump (`{ status: 500, statusText, data }`, `{ statusCode, headers, body }`). */
  | { readonly type: 'sdk-response'; readonly status: number; readonly text: string; readonly body: unknown; readonly headers: ReadonlyArray<readonly [string, string]> }
  /** A header map (`{'Content-Type': …, 'x-amzn-ErrorType': …}`) as a client library prints it. */
  | { readonly type: 'headers'; readonly headers: ReadonlyArray<readonly [string, string]> }
  /** A WebSocket error frame (`{"message": "Internal server error", "connectionId": …, "requestId": …}`). */
  | { readonly type: 'websocket-frame'; readonly message: string; readonly requestId: string | null; readonly connectionId: string | null };

const PLACEHOLDER = /^(?:<[^<>]*>|\*+|\.{3}|x+)$/i;

function headerPairs(value: unknown): Array<readonly [string, string]> {
  if (!isRecord(value)) return [];
  const out: Array<readonly [string, string]> = [];
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number') out.push([k.toLowerCase(), String(v)]);
    else if (Array.isArray(v) && (typeof v[0] === 'string' || typeof v[0] === 'number')) out.push([k.toLowerCase(), String(v[0])]);
  }
  return out;
}

function httpStatus(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
}

/** Reads a JSON (or printed) value a client produced; null when it is none of the shapes above. */
export function readClientValue(value: unknown): ClientValue | null {
  if (!isRecord(value)) return null;
  const keys = Object.keys(value);
  const log = value['log'];
  if (typeof log === 'string' && (log.includes('Execution log for request') || log.includes(' : ') || log === '') && ('status' in value || 'latency' in value)) {
    const body = value['body'];
    return { type: 'test-invoke', status: httpStatus(value['status']), log, body: typeof body === 'string' ? body : null };
  }
  const status = httpStatus(value['status']) ?? httpStatus(value['statusCode']);
  const sdkMarks = ['statusText', 'data', 'config', 'request', 'headers', 'ok', 'url', 'reason'].filter((k) => k in value).length;
  // `statusCode` + `body` without SDK marks is a proxy response (what a function returned), not a client dump.
  if (status !== null && sdkMarks >= 1 && !('isBase64Encoded' in value) && !('multiValueHeaders' in value)) {
    const statusText = value['statusText'] ?? value['reason'];
    return {
      type: 'sdk-response', status, text: `${String(status)}${typeof statusText === 'string' ? ` ${statusText}` : ''}`,
      body: value['data'] ?? value['body'] ?? null, headers: headerPairs(value['headers']),
    };
  }
  const message = value['message'] ?? value['Message'];
  if (typeof message === 'string' && ('connectionId' in value || 'connectionID' in value)) {
    const id = value['requestId'];
    const conn = value['connectionId'];
    return {
      type: 'websocket-frame', message,
      requestId: typeof id === 'string' && !PLACEHOLDER.test(id) ? id : null,
      connectionId: typeof conn === 'string' && !PLACEHOLDER.test(conn) ? conn : null,
    };
  }
  const pairs = headerPairs(value);
  if (pairs.length >= 2 && pairs.length === keys.length && pairs.every(([k]) => /^[a-z][a-z0-9-]*$/.test(k)) && pairs.some(([k]) => MARKER_HEADERS.has(k))) {
    return { type: 'headers', headers: pairs };
  }
  return null;
}
