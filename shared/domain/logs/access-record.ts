/**
 * Reads one access-log row (JSON with any field names, a tab-separated export row, or a CLF-style
 * line with the integration error appended) by recognising *values*, because every team names its
 * `$context` variables differently. Also recognises a bare response body a client saw.
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
  /** Every other non-empty string value: the error texts the classification rules read. */
  readonly texts: readonly string[];
  /** A Logs Insights aggregate row's count (`stats count(*)`), else 1. */
  readonly count: number;
  /** True when this is a body a client saw (`{"message": "..."}`), not a log row. */
  readonly clientBody: boolean;
}

/** API Gateway's gateway-response types (DG supported-gateway-response-types). */
const RESPONSE_TYPES = new Set([
  'ACCESS_DENIED', 'API_CONFIGURATION_ERROR', 'AUTHORIZER_CONFIGURATION_ERROR', 'AUTHORIZER_FAILURE', 'BAD_REQUEST_PARAMETERS',
  'BAD_REQUEST_BODY', 'DEFAULT_4XX', 'DEFAULT_5XX', 'EXPIRED_TOKEN', 'INVALID_API_KEY', 'INVALID_SIGNATURE', 'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT', 'MISSING_AUTHENTICATION_TOKEN', 'QUOTA_EXCEEDED', 'REQUEST_TOO_LARGE', 'RESOURCE_NOT_FOUND', 'THROTTLED',
  'UNAUTHORIZED', 'UNSUPPORTED_MEDIA_TYPE', 'WAF_FILTERED',
]);

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const STATUS_KEYS = new Set(['status', 'statuscode', 'httpstatus', 'status_code', 'responsecode', 'response_code', 'httpstatuscode']);
const REQUEST_ID_KEYS = new Set(['requestid', 'request_id', 'apigwrequestid', 'apigw_request_id', 'xrequestid']);
const METHOD_KEYS = new Set(['httpmethod', 'http_method', 'method', 'requestmethod']);
const PATH_KEYS = new Set(['path', 'resourcepath', 'resource_path', 'routekey', 'route_key', 'service_endpoint', 'endpoint', 'resource']);
const EMPTY = new Set(['', '-', 'null', 'undefined', 'n/a']);
const HTTP_METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY)$/;
const CLF_LINE = /^\S+ \S+ \S+ \[[^\]]+\] "([A-Z]+) ([^" ]*)[^"]*" (\d{3}) \S+ ?(.*)$/;

function lower(key: string): string {
  const dot = key.lastIndexOf('.');
  return (dot === -1 ? key : key.slice(dot + 1)).toLowerCase();
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

function fromPairs(pairs: ReadonlyArray<readonly [string, string]>, clientBody: boolean): AccessRecord {
  let requestId: string | null = null;
  let status: number | null = null;
  let responseType: string | null = null;
  let method: string | null = null;
  let path: string | null = null;
  let apiId: string | null = null;
  let stage: string | null = null;
  let integrationStatus: string | null = null;
  let count = 1;
  const texts: string[] = [];
  for (const [key, raw] of pairs) {
    const value = raw.trim();
    if (EMPTY.has(value.toLowerCase())) continue;
    const k = lower(key);
    const full = key.toLowerCase();
    if (RESPONSE_TYPES.has(value)) {
      responseType ??= value;
      continue;
    }
    if (STATUS_KEYS.has(k) && !full.includes('integration') && !full.includes('author') && /^\d{3}$/.test(value)) {
      status = Number(value);
      continue;
    }
    if (full.includes('integration') && k.includes('status')) {
      // `integrationStatus` is what the Lambda *service* answered; `integration.status` is what the code returned.
      if (k === 'integrationstatus' || k === 'integration_integrationstatus') integrationStatus ??= value;
      continue;
    }
    if (REQUEST_ID_KEYS.has(k) && !full.includes('integration') && !full.includes('author')) {
      requestId ??= value;
      continue;
    }
    if (METHOD_KEYS.has(k) && HTTP_METHOD.test(value)) {
      method ??= value;
      continue;
    }
    if (PATH_KEYS.has(k) && value.startsWith('/')) {
      path ??= value;
      continue;
    }
    if (k === 'apiid' || k === 'api_id') {
      apiId ??= value;
      continue;
    }
    if (k === 'stage') {
      stage ??= value;
      continue;
    }
    if (k === 'count' && /^\d+$/.test(value)) {
      count = Math.max(1, Number(value));
      continue;
    }
    // Pure numbers (latencies, lengths, epochs) never explain a failure.
    if (!/^[\d.:]+$/.test(value)) texts.push(value);
  }
  return { requestId, status, responseType, method, path, apiId, stage, integrationStatus, texts, count, clientBody };
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
    else if (HTTP_METHOD.test(cell)) pairs.push(['method', cell]);
    else if (cell.startsWith('/')) pairs.push(['path', cell]);
    else if (/^\d{3}$/.test(cell) && Number(cell) >= 100 && Number(cell) < 600) pairs.push(['status', cell]);
    else pairs.push(['value', cell]);
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
