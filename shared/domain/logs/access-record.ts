/**
 * Reads one access-log row (JSON with any field names, a tab-separated export row, or a CLF-style
 * line with the integration error appended) by recognising *values* first and key names second,
 * because every team names its `$context` variables differently (`status`, `code`, `http_status`,
 * `response.status`…). Also recognises a bare response body a client saw.
 */

/** What an access row (or a client body) tells, normalised. */
export interface AccessRecord {
  readonly requestId: string | null;
  /** The status the client got (`$context.status`), when a field says so. */
  readonly status: number | null;
  /** `$context.error.responseType` value, e.g. `INTEGRATION_FAILURE`. */
  readonly responseType: string | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly apiId: string | null;
  readonly stage: string | null;
  /** Status the Lambda service returned (`$context.integration.integrationStatus`). */
  readonly integrationStatus: string | null;
  /** `$context.responseLatency` in ms, when a latency-named field carries a number. */
  readonly latencyMs: number | null;
  /** `$context.integrationLatency` / `$context.integration.latency` in ms. */
  readonly integrationLatencyMs: number | null;
  /** Every other non-empty string value: the error texts the classification rules read. */
  readonly texts: readonly string[];
  /** A Logs Insights aggregate row's count (`stats count(*)`), else 1. */
  readonly count: number;
  /** True when this is a body a client saw (`{"message": "..."}`), not a log row. */
  readonly clientBody: boolean;
  /**
   * True when the value carries the marks of an API Gateway access-log record (a request id, a status
   * under a status-like name, a response type, an HTTP method or path, an API Gateway error text).
   * Such a row with no readable `status` is *unreadable*, never healthy; arbitrary JSON is neither.
   */
  readonly accessRow: boolean;
}

/** API Gateway's gateway-response types (DG supported-gateway-response-types). */
const RESPONSE_TYPES = new Set([
  'ACCESS_DENIED', 'API_CONFIGURATION_ERROR', 'AUTHORIZER_CONFIGURATION_ERROR', 'AUTHORIZER_FAILURE', 'BAD_REQUEST_PARAMETERS',
  'BAD_REQUEST_BODY', 'DEFAULT_4XX', 'DEFAULT_5XX', 'EXPIRED_TOKEN', 'INVALID_API_KEY', 'INVALID_SIGNATURE', 'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT', 'MISSING_AUTHENTICATION_TOKEN', 'QUOTA_EXCEEDED', 'REQUEST_TOO_LARGE', 'RESOURCE_NOT_FOUND', 'THROTTLED',
  'UNAUTHORIZED', 'UNSUPPORTED_MEDIA_TYPE', 'WAF_FILTERED',
]);

/**
 * The texts API Gateway itself writes into `$context.error.message` / `$context.integrationErrorMessage`
 * (and sends to clients). Their presence marks a row as an access record whatever its keys are called.
 */
const GATEWAY_ERROR_TEXT = /Internal server error|Endpoint request timed out|Execution failed due to|Lambda Customer Function Error|Malformed Lambda proxy response|Lambda (?:execution|invocation) failed|Service Unavailable|Missing Authentication Token|Limit Exceeded|Too Many Requests|Network error communicating with endpoint|Invalid permissions on Lambda function/i;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** HTTP API request ids (`$context.requestId` = `$context.extendedRequestId`): base64 text such as `JJTuVh0SoAMEPmg=`. */
const APIGW_ID = /^(?=[^=]*[A-Za-z])[A-Za-z0-9+/]{14,22}={1,2}$/;
/** What an id under an explicit request-id name may be: the constraint of the `(<id>)` execution-log prefix, so they join. */
const ID_TEXT = /^[^\s()]{4,80}$/;
const HTTP_STATUS_TEXT = /^[1-5]\d\d$/;
const NUMBER_TEXT = /^\d+(?:\.\d+)?$/;
/** The HTTP status codes in the IANA registry: a nameless 3-digit value is only a status if it is one of these. */
const REGISTERED_STATUSES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/**
 * Status field names, best first (compared lower-case with `_`, `-`, spaces removed). The first name
 * of this list present in a row wins over the later ones, whatever the row's key order.
 */
const STATUS_NAMES = ['status', 'statuscode', 'httpstatus', 'httpstatuscode', 'responsestatus', 'responsecode', 'responsestatuscode', 'httpcode', 'code'];
/** Request-id field names, best first (same normalisation). */
const REQUEST_ID_NAMES = ['requestid', 'apigwrequestid', 'apigatewayrequestid', 'apirequestid', 'gatewayrequestid', 'xrequestid', 'reqid', 'rid'];
/**
 * Words in a key's path that make a status or an id somebody else's: the integration's or the Lambda
 * service's (`integrationStatus`, `integration.status`, `integration.requestId`), the authorizer's, the
 * backend's, a trace's. These are never the client's status or API Gateway's request id.
 */
const FOREIGN = ['integration', 'author', 'upstream', 'backend', 'lambda', 'target', 'endpoint', 'trace', 'xray'];
/** Key words of quantities that are never a status even when their value is three digits (a 245 ms latency). */
const QUANTITY = /latency|duration|elapsed|time|length|bytes|size|count|port|epoch|ttl|^lat$|^len$|ms$/;
const LATENCY_NAMES = new Set(['lat', 'duration', 'durationms', 'elapsed', 'elapsedms', 'responsetime', 'responsetimems', 'took', 'tookms']);
const METHOD_NAMES = new Set(['httpmethod', 'method', 'requestmethod', 'verb']);
const PATH_NAMES = new Set(['path', 'resourcepath', 'routekey', 'serviceendpoint', 'endpoint', 'resource', 'route', 'uri', 'requestpath']);
const EMPTY = new Set(['', '-', 'null', 'undefined', 'n/a']);
const HTTP_METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY)$/;
const CLF_LINE = /^\S+ \S+ \S+ \[[^\]]+\] "([A-Z]+) ([^" ]*)[^"]*" (\d{3}) \S+ ?(.*)$/;

/** `Http-Status` → `httpstatus`: the spelling-free form names are compared in. */
function norm(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Flattens a JSON object one or two levels deep into `[dottedKey, value]` pairs of scalars. */
function flatten(value: unknown, prefix: string, out: Array<[string, string]>, depth: number): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string') out.push([prefix, value]);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push([prefix, String(value)]);
  else if (typeof value === 'object' && depth < 3 && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out, depth + 1);
  }
}

/** A field, split into what its name says. */
interface Field {
  readonly value: string;
  /** Normalised last segment of the key (`response.Status_Code` → `statuscode`). */
  readonly leaf: string;
  /** Normalised whole key path, for the FOREIGN words. */
  readonly full: string;
  readonly foreign: boolean;
}

/**
 * Rank of a field as the client status, lower is better; null when it cannot be one.
 * 0–8: a STATUS_NAMES name (its index); 10: a name holding `status` or ending in `code`
 * (`respStatus`, `http_code`); 20: any other name, for a registered status code (decided in fromPairs:
 * only in a row that already looks like an access record, and only when no two such values disagree).
 * Never: a FOREIGN key (`integrationStatus` is what Lambda answered, not the client), a quantity
 * (`responseLatency: 502`), a value outside 100–599.
 */
function statusRank(f: Field): number | null {
  if (f.foreign || !HTTP_STATUS_TEXT.test(f.value)) return null;
  const named = STATUS_NAMES.indexOf(f.leaf);
  if (named !== -1) return named;
  if (QUANTITY.test(f.leaf) || f.leaf.endsWith('id')) return null;
  if (f.leaf.includes('status') || f.leaf.endsWith('code')) return 10;
  return REGISTERED_STATUSES.has(Number(f.value)) ? 20 : null;
}

/**
 * Rank of a field as API Gateway's request id, lower is better; null when it cannot be one.
 * 0–7: a REQUEST_ID_NAMES name with an id-like value; 10: a name like `requestUuid`,
 * `extendedRequestId`, `req_id`; 20: a name ending in `id` whose value is request-id-shaped (a UUID or
 * an HTTP API id); 30: any name, request-id-shaped value (only when no two such values disagree).
 */
function requestIdRank(f: Field): number | null {
  if (f.foreign) return null;
  const shaped = UUID.test(f.value) || APIGW_ID.test(f.value);
  const named = REQUEST_ID_NAMES.indexOf(f.leaf);
  if (named !== -1) return ID_TEXT.test(f.value) ? named : null;
  if (f.leaf.includes('req') && (f.leaf.endsWith('id') || f.leaf.endsWith('uuid'))) return ID_TEXT.test(f.value) ? 10 : null;
  if (!shaped) return null;
  return f.leaf.endsWith('id') ? 20 : 30;
}

/** Best-ranked candidate; at the nameless rank (`nameless`), null when the values disagree. */
function pick(candidates: ReadonlyArray<{ readonly rank: number; readonly index: number }>, fields: readonly Field[], nameless: number): number | null {
  let best: { rank: number; index: number } | null = null;
  for (const c of candidates) if (best === null || c.rank < best.rank) best = c;
  if (best === null) return null;
  if (best.rank >= nameless) {
    const value = fields[best.index]?.value;
    // Two different nameless values (a UUID that is the request's, one that is the Lambda's): guessing
    // would be a coin toss, so neither is taken.
    if (candidates.some((c) => c.rank >= nameless && fields[c.index]?.value !== value)) return null;
  }
  return best.index;
}

function fromPairs(pairs: ReadonlyArray<readonly [string, string]>, clientBody: boolean): AccessRecord {
  const fields: Field[] = [];
  for (const [key, raw] of pairs) {
    const value = raw.trim();
    if (EMPTY.has(value.toLowerCase())) continue;
    const dot = key.lastIndexOf('.');
    const full = norm(key);
    fields.push({ value, leaf: norm(dot === -1 ? key : key.slice(dot + 1)), full, foreign: FOREIGN.some((w) => full.includes(w)) });
  }
  let responseType: string | null = null;
  let method: string | null = null;
  let path: string | null = null;
  let apiId: string | null = null;
  let stage: string | null = null;
  let integrationStatus: string | null = null;
  let latencyMs: number | null = null;
  let integrationLatencyMs: number | null = null;
  let count = 1;
  let gatewayText = false;
  const statusCandidates: Array<{ rank: number; index: number }> = [];
  const idCandidates: Array<{ rank: number; index: number }> = [];
  const used = new Set<number>();
  for (const [index, f] of fields.entries()) {
    const { value, leaf, full } = f;
    if (RESPONSE_TYPES.has(value)) {
      responseType ??= value;
      used.add(index);
      continue;
    }
    if (full.includes('integration') && leaf.includes('status')) {
      // `integrationStatus` is what the Lambda *service* answered; `integration.status` is what the code returned.
      if (leaf === 'integrationstatus') integrationStatus ??= value;
      used.add(index);
      continue;
    }
    if (NUMBER_TEXT.test(value) && (leaf.includes('latency') || LATENCY_NAMES.has(leaf))) {
      if (full.includes('integ')) integrationLatencyMs ??= Number(value);
      else latencyMs ??= Number(value);
      used.add(index);
      continue;
    }
    if (leaf === 'count' && /^\d+$/.test(value)) {
      count = Math.max(1, Number(value));
      used.add(index);
      continue;
    }
    if (METHOD_NAMES.has(leaf) && HTTP_METHOD.test(value)) {
      method ??= value;
      used.add(index);
      continue;
    }
    if (PATH_NAMES.has(leaf) && value.startsWith('/')) {
      path ??= value;
      used.add(index);
      continue;
    }
    if (leaf === 'apiid' || leaf === 'restapiid') {
      apiId ??= value;
      used.add(index);
      continue;
    }
    if (leaf === 'stage' || leaf === 'stagename') {
      stage ??= value;
      used.add(index);
      continue;
    }
    const s = statusRank(f);
    if (s !== null) statusCandidates.push({ rank: s, index });
    const r = requestIdRank(f);
    if (r !== null) idCandidates.push({ rank: r, index });
    if (!gatewayText && GATEWAY_ERROR_TEXT.test(value)) gatewayText = true;
  }

  // A method or path under a name of its own (`verb`, `op`…) is still one: the values are unmistakable.
  if (method === null) {
    const i = fields.findIndex((f, index) => !used.has(index) && HTTP_METHOD.test(f.value));
    if (i !== -1) {
      method = fields[i]?.value ?? null;
      used.add(i);
    }
  }
  const idIndex = pick(idCandidates, fields, 30);
  if (idIndex !== null) used.add(idIndex);
  const requestId = idIndex === null ? null : fields[idIndex]?.value ?? null;
  // Marks of an access record that do not depend on the status itself.
  const marked = requestId !== null || responseType !== null || method !== null || path !== null || integrationStatus !== null || gatewayText
    || statusCandidates.some((c) => c.rank < 20);
  // A nameless three-digit value is a status only in a row that is an access record by its other marks:
  // in arbitrary JSON it is as likely a quantity.
  const statusIndex = pick(marked ? statusCandidates : statusCandidates.filter((c) => c.rank < 20), fields, 20);
  if (statusIndex !== null) used.add(statusIndex);
  const status = statusIndex === null ? null : Number(fields[statusIndex]?.value);
  const texts: string[] = [];
  for (const [index, f] of fields.entries()) {
    // Pure numbers (latencies, lengths, epochs) never explain a failure.
    if (!used.has(index) && !/^[\d.:]+$/.test(f.value)) texts.push(f.value);
  }
  return {
    requestId, status, responseType, method, path, apiId, stage, integrationStatus, latencyMs, integrationLatencyMs, texts, count, clientBody,
    accessRow: !clientBody && (marked || status !== null),
  };
}

/** Reads a tab-separated export row (`@timestamp  sourceIP  ...  INTEGRATION_FAILURE  ...  <error>`); null for a header row. */
function fromTabRow(line: string): AccessRecord | null {
  const cells = line.split('\t').map((c) => c.trim()).filter((c) => c !== '');
  if (cells.length < 2) return null;
  // A header row holds only identifiers such as `@timestamp`, `sourceIP`, `integrationError`.
  if (cells.every((c) => /^@?[A-Za-z_][\w.]*$/.test(c) && !RESPONSE_TYPES.has(c))) return null;
  const pairs: Array<[string, string]> = [];
  for (const cell of cells) {
    if (UUID.test(cell)) pairs.push(['requestId', cell]);
    else if (cell.startsWith('/')) pairs.push(['path', cell]);
    // Cells have no names: a three-digit cell is a nameless status candidate (a latency can be three digits too).
    else pairs.push(['', cell]);
  }
  return fromPairs(pairs, false);
}

/**
 * Reads one access row: a parsed JSON value (object), a tab-separated row, or a CLF-style line.
 * Returns null when the value is not recognisable as an access row or a client body.
 */
export function readAccessRecord(input: unknown): AccessRecord | null {
  if (typeof input === 'string') {
    const clf = CLF_LINE.exec(input);
    if (clf) {
      const rest = clf[4] ?? '';
      const pairs: Array<[string, string]> = [['method', clf[1] ?? ''], ['path', clf[2] ?? ''], ['status', clf[3] ?? '']];
      for (const token of rest.split(/\s+(?=[A-Z_]{6,}\b)|\t/)) {
        const t = token.trim();
        const id = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\s*(.*)$/.exec(t);
        if (id) {
          pairs.push(['requestId', id[1] ?? '']);
          if (id[2]) pairs.push(['value', id[2]]);
        } else if (t !== '') {
          const word = /^([A-Z_]{6,})\s+(.*)$/.exec(t);
          if (word && RESPONSE_TYPES.has(word[1] ?? '')) {
            pairs.push(['responseType', word[1] ?? ''], ['value', word[2] ?? '']);
          } else pairs.push(['value', t]);
        }
      }
      return fromPairs(pairs, false);
    }
    if (input.includes('\t')) return fromTabRow(input);
    return null;
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return null;
  const pairs: Array<[string, string]> = [];
  flatten(input, '', pairs, 0);
  if (pairs.length === 0) return null;
  const keys = pairs.map(([k]) => k.toLowerCase());
  // `{"message": "..."}` (optionally with `logref`/`type`) is what a client or the console test received.
  const clientBody = keys.includes('message') && keys.every((k) => k === 'message' || k === 'logref' || k === 'type' || k === '__type');
  return fromPairs(pairs, clientBody);
}
