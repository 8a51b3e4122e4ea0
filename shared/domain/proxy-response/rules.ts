/**
 * The rules of the three response contracts, applied to a (possibly truncated) JSON tree.
 *
 * What the rules rely on (docs/facts.md (a)-(b), including LocalStack's HTTP API parity tests
 * `TestHttpApiAwsProxyIntegration::test_aws_proxy_response_payload_format_validation_v1/_v2`, which are
 * marked `@markers.aws.validated`, i.e. recorded against real AWS):
 * - REST: only statusCode, headers, multiValueHeaders, body, isBase64Encoded; any other key -> 502.
 *   statusCode optional (200); `{}` -> 200 with an empty body; `headers: null` and boolean header values
 *   are accepted; `"201"` -> 201, `"test"` -> 502; a non-array multiValueHeaders value -> 502.
 * - HTTP API, payload 1.0: same fields, but unknown keys are ignored (`wrongValue` -> 200), and statusCode
 *   is REQUIRED: `{}` and `{"headers":{...}}` -> 500 (validated v1 test: "APIGW v2 basically only fails if
 *   the statusCode is not provided"). This differs from REST.
 * - HTTP API, payload 2.0: without statusCode the whole value is the body (200, application/json), even a
 *   bare string (`"justAString"` -> 200) or `{}`; but an object carrying `errorMessage` -> 500 (validated).
 *   With statusCode: cookies, isBase64Encoded, statusCode, headers, body; unknown keys (including
 *   multiValueHeaders) ignored; cookies as an object -> 500; `"test"` status -> 500.
 * Where AWS behaviour is not verified (number/boolean body, non-boolean isBase64Encoded, fractional
 * statusCode, non-string cookies), the documented field type is enforced and the message says so.
 * A statusCode outside 100-599 (0 included) fails like a malformed response: REST 502, HTTP API 500
 * (observed behaviour; AWS documents no range, docs/facts.md (a)).
 */
import { fixFor, type Contract, type RuleId } from './fixes.ts';
import { isComplete, member, type JsonNode } from './json-tree.ts';
import type { Violation } from './types.ts';

/** Top-level keys of the payload-1.0 / REST response. */
export const V1_KEYS: ReadonlySet<string> = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

/** Top-level keys of the payload-2.0 custom response. */
export const V2_KEYS: ReadonlySet<string> = new Set(['cookies', 'isBase64Encoded', 'statusCode', 'headers', 'body']);

/** Rules whose REST failure is 500 rather than 502: the Lambda service failed, not the response shape. */
const REST_500_RULES: ReadonlySet<RuleId> = new Set(['lambda-service-error', 'throttled', 'lambda-invoke-error', 'invalid-base64']);

/** What the statusCode field says. */
export type StatusRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'value'; readonly value: number }
  /** Cut off by truncation, or invalid (then a violation was recorded). */
  | { readonly kind: 'unknown' };

/** Accumulates violations and notes for one verdict. */
export class Findings {
  readonly violations: Violation[] = [];
  readonly notes: string[] = [];
  private readonly rules: RuleId[] = [];
  /** The status code the function asked for, used to tailor the fix examples. */
  wantedStatus: number | undefined;

  constructor(readonly contract: Contract) {}

  /** Records a broken rule; the fix text is derived from the rule and the contract. */
  violate(rule: RuleId, path: string, message: string, fixDetail?: { readonly timeout?: boolean }): void {
    this.rules.push(rule);
    const detail = { ...(this.wantedStatus === undefined ? {} : { statusCode: this.wantedStatus }), ...fixDetail };
    this.violations.push({ path, rule, message, fix: fixFor(rule, this.contract, detail) });
  }

  /** Records a non-fatal observation as `id: text` (once). */
  note(id: string, text: string): void {
    const line = `${id}: ${text}`;
    if (!this.notes.includes(line)) this.notes.push(line);
  }

  /** The status API Gateway answers with when it rejects the response. */
  failureStatus(): number {
    if (this.contract !== 'rest') return 500;
    const first = this.rules[0];
    return first !== undefined && REST_500_RULES.has(first) ? 500 : 502;
  }

  /** How API Gateway reacts to a broken response, for the end of each message. */
  rejection(): string {
    return this.contract === 'rest'
      ? 'API Gateway rejects the response ("Execution failed due to configuration error: Malformed Lambda proxy response") and the client gets 502.'
      : 'API Gateway rejects the response and the client gets 500 {"message":"Internal Server Error"}.';
  }
}

/** A short human description of a JSON value's type, e.g. `a JSON object`, `the number 42`. */
export function describe(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'a JSON object';
    case 'array':
      return 'an array';
    case 'string':
      return node.complete ? `the string ${preview(JSON.stringify(node.value))}` : 'a string';
    case 'number':
      return node.complete ? `the number ${String(node.value)}` : 'a number';
    case 'boolean':
      return `the boolean ${String(node.value)}`;
    case 'null':
      return 'null';
    case 'cut':
      return 'a value cut off by truncation';
  }
}

/** Shortens `text` for messages. */
export function preview(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

const isScalar = (n: JsonNode): boolean => n.kind === 'string' || n.kind === 'number' || n.kind === 'boolean';

/** Reads and validates `statusCode`. */
export function checkStatusCode(root: JsonNode, f: Findings): StatusRead {
  const node = member(root, 'statusCode');
  if (node === undefined) return { kind: 'missing' };
  if (node.kind === 'null') {
    f.note('status-code-null', 'statusCode is null, which is read as no statusCode.');
    return { kind: 'missing' };
  }
  if (!isComplete(node)) {
    f.note('truncated', 'statusCode is cut off, so the status shown is only the default 200.');
    return { kind: 'unknown' };
  }
  let value: number | undefined;
  if (node.kind === 'number' && Number.isSafeInteger(node.value)) value = node.value;
  if (node.kind === 'string' && /^-?\d{1,9}$/.test(node.value)) value = Number.parseInt(node.value, 10);
  if (value === undefined) {
    const verified = node.kind === 'string' ? '' : ' (only non-numeric strings are verified against AWS; other types break the documented integer contract)';
    f.violate(
      'status-code-not-integer',
      'statusCode',
      `statusCode is ${describe(node)}, not an integer or a string of digits${verified}. ${f.rejection()}`,
    );
    return { kind: 'unknown' };
  }
  if (node.kind === 'string') f.note('status-code-string', `statusCode is the string "${node.value}"; API Gateway reads it as ${String(value)}.`);
  if (value < 100 || value > 599) {
    // Not in AWS's documentation: observed behaviour (docs/facts.md (a)). There is no HTTP status to
    // send, so the gateway fails the request instead of passing the number on.
    f.violate(
      'status-code-out-of-range',
      'statusCode',
      `statusCode ${String(value)} is not an HTTP status (100-599), so API Gateway cannot send it; the client does not get ${String(value)}. ${f.rejection()} (Observed behaviour, not documented by AWS.)`,
    );
    return { kind: 'unknown' };
  }
  f.wantedStatus = value;
  return { kind: 'value', value };
}

/** Validates `headers` (single-value map). */
export function checkHeaders(root: JsonNode, f: Findings): void {
  const node = member(root, 'headers');
  if (node === undefined || node.kind === 'null' || node.kind === 'cut') return;
  if (node.kind !== 'object') {
    f.violate('headers-not-object', 'headers', `headers is ${describe(node)}, but it must be an object mapping header names to strings. ${f.rejection()}`);
    return;
  }
  for (const [name, value] of node.entries) checkHeaderValue(`headers.${name}`, value, f);
}

function checkHeaderValue(path: string, value: JsonNode, f: Findings): void {
  if (value.kind === 'object' || value.kind === 'array') {
    const hint = f.contract === 'http-2.0' ? 'join several values with commas' : 'put lists in multiValueHeaders';
    f.violate('header-value-not-scalar', path, `${path} is ${describe(value)}; header values must be strings (${hint}). ${f.rejection()}`);
  } else if (value.kind === 'null') {
    f.note('header-value-null', `${path} is null; whether API Gateway drops the header or rejects the response is not verified. Omit it instead.`);
  } else if ((value.kind === 'number' || value.kind === 'boolean') && isComplete(value)) {
    f.note('header-value-coerced', `${path} is ${describe(value)}; API Gateway sends it as the text "${String(value.value)}" (verified for booleans).`);
  }
}

/** Validates `multiValueHeaders` (payload 1.0 / REST). */
export function checkMultiValueHeaders(root: JsonNode, f: Findings): void {
  const node = member(root, 'multiValueHeaders');
  if (node === undefined || node.kind === 'null' || node.kind === 'cut') return;
  if (node.kind !== 'object') {
    f.violate(
      'multi-value-headers-not-object',
      'multiValueHeaders',
      `multiValueHeaders is ${describe(node)}, but it must be an object mapping header names to arrays of strings. ${f.rejection()}`,
    );
    return;
  }
  for (const [name, value] of node.entries) {
    const path = `multiValueHeaders.${name}`;
    if (value.kind === 'cut') continue;
    if (value.kind === 'null') {
      f.note('header-value-null', `${path} is null; whether API Gateway drops the header or rejects the response is not verified. Omit it instead.`);
      continue;
    }
    if (value.kind !== 'array') {
      f.violate('multi-value-header-not-array', path, `${path} is ${describe(value)}, but every multiValueHeaders value must be an array, even for one value. ${f.rejection()}`);
      continue;
    }
    for (const [index, item] of value.items.entries()) checkHeaderValue(`${path}[${String(index)}]`, item, f);
  }
}

/** Validates `body`. */
export function checkBody(root: JsonNode, f: Findings): void {
  const node = member(root, 'body');
  if (node === undefined || node.kind === 'null' || node.kind === 'cut' || node.kind === 'string') return;
  const verified =
    node.kind === 'object' ? ' (a common mistake: the object was not serialized)' : ' (objects are verified to fail; for this type the documented string contract is enforced)';
  f.violate('body-not-string', 'body', `body is ${describe(node)}, but it must be a string${verified}. ${f.rejection()}`);
}

/** Validates `isBase64Encoded`. */
export function checkIsBase64Encoded(root: JsonNode, f: Findings): void {
  const node = member(root, 'isBase64Encoded');
  if (node === undefined || node.kind === 'null' || node.kind === 'boolean' || !isComplete(node)) return;
  f.violate(
    'is-base64-encoded-not-boolean',
    'isBase64Encoded',
    `isBase64Encoded is ${describe(node)}, but it must be the boolean true or false (documented contract; coercion of other types is not verified). ${f.rejection()}`,
  );
}

/** Validates `cookies` (payload 2.0). */
export function checkCookies(root: JsonNode, f: Findings): void {
  const node = member(root, 'cookies');
  if (node === undefined || node.kind === 'null' || node.kind === 'cut') return;
  if (node.kind !== 'array') {
    f.violate('cookies-not-array', 'cookies', `cookies is ${describe(node)}, but it must be an array of Set-Cookie strings. ${f.rejection()}`);
    return;
  }
  for (const [index, item] of node.items.entries()) {
    if (item.kind === 'string' || item.kind === 'cut') continue;
    f.violate(
      'cookie-not-string',
      `cookies[${String(index)}]`,
      `cookies[${String(index)}] is ${describe(item)}, but each cookie must be a Set-Cookie string such as "id=abc; Path=/" (documented contract). ${f.rejection()}`,
    );
  }
}

/** Notes header names set in both `headers` and `multiValueHeaders`: only the multi-value ones survive. */
export function noteMergedHeaders(root: JsonNode, f: Findings): void {
  const single = member(root, 'headers');
  const multi = member(root, 'multiValueHeaders');
  if (single?.kind !== 'object' || multi?.kind !== 'object') return;
  for (const [name, value] of multi.entries) {
    const shadowed = single.entries.find(([k]) => k.toLowerCase() === name.toLowerCase());
    if (shadowed === undefined || value.kind !== 'array') continue;
    const kept = value.items.filter(isScalar).map((v) => (v.kind === 'string' ? v.value : JSON.stringify(v)));
    f.note(
      'merged-headers',
      `headers.${shadowed[0]} is also set in multiValueHeaders.${name}; API Gateway merges the two and only ${JSON.stringify(kept)} reaches the client.`,
    );
  }
}

/** The value of a header (case-insensitive), with multiValueHeaders winning as API Gateway merges them. */
export function headerValue(root: JsonNode, header: string): string | undefined {
  const wanted = header.toLowerCase();
  const multi = member(root, 'multiValueHeaders');
  if (multi?.kind === 'object') {
    for (const [k, v] of multi.entries) {
      const first = v.kind === 'array' ? v.items[0] : undefined;
      if (k.toLowerCase() === wanted && first?.kind === 'string') return first.value;
    }
  }
  const single = member(root, 'headers');
  if (single?.kind === 'object') {
    for (const [k, v] of single.entries) if (k.toLowerCase() === wanted && v.kind === 'string') return v.value;
  }
  return undefined;
}
