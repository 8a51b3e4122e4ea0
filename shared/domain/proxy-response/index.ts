/**
 * The Lambda proxy-response checker: given what a function returned (the text of the execution-log line
 * "Endpoint response body before transformations: ..." or a file), predict what API Gateway does with it
 * for REST proxy integrations and HTTP APIs (payload 1.0 and 2.0): the status the client gets, every
 * rule the output breaks with its fix, and the body the client receives. Pure; never throws on input.
 */
import { decodeBase64AsText, isValidBase64, mediaTypeMatches } from './binary.ts';
import { extractResponseText } from './extract.ts';
import { readObjectLiteral, type LiteralLanguage, type LiteralRead } from './literal.ts';
import type { Contract } from './fixes.ts';
import { isComplete, member, parseJsonTree, type JsonNode } from './json-tree.ts';
import {
  checkBody,
  checkCookies,
  checkHeaders,
  checkIsBase64Encoded,
  checkMultiValueHeaders,
  checkStatusCode,
  Findings,
  headerValue,
  noteMergedHeaders,
  preview,
  describe,
  V1_KEYS,
  V2_KEYS,
  type StatusRead,
} from './rules.ts';
import {
  HTTP_API_ERROR_BODY,
  REST_ERROR_BODY,
  type ProxyResponseOptions,
  type ProxyResponseVerdict,
} from './types.ts';

export type { ApiFlavor, PayloadFormat, ProxyResponseOptions, ProxyResponseVerdict, Violation } from './types.ts';
export { HTTP_API_ERROR_BODY, REST_ERROR_BODY } from './types.ts';
export { extractResponseText, RESPONSE_BODY_MARKER, type ExtractedResponse } from './extract.ts';
export { readObjectLiteral, type LiteralLanguage, type LiteralRead } from './literal.ts';
export type { RuleId } from './fixes.ts';

/** Keys of the error objects the Lambda service itself answers with (as opposed to your function). */
const LAMBDA_SERVICE_ERROR_KEYS: ReadonlySet<string> = new Set(['Message', 'message', 'Type', 'Reason']);

/**
 * Predicts what API Gateway does with `text`, the output of a Lambda proxy integration.
 * `valid` is always `violations.length === 0`; a verdict with `undetermined` is never a pass.
 */
export function checkProxyResponse(text: string, options: ProxyResponseOptions): ProxyResponseVerdict {
  const contract: Contract = options.api === 'rest' ? 'rest' : options.payloadFormat === '1.0' ? 'http-1.0' : 'http-2.0';
  const f = new Findings(contract);
  const extracted = extractResponseText(text);
  if (extracted.truncated) {
    f.note(
      'truncated',
      'API Gateway cut this log line ([TRUNCATED]); only the visible part was judged and the full response is unknown, so problems past the cut cannot be ruled out and the client body is unknown.',
    );
  }
  const outcome = judge(extracted.text, extracted.truncated, extracted.fromLogLine, options, f);
  if (f.violations.length > 0) {
    return {
      status: f.failureStatus(),
      valid: false,
      violations: f.violations,
      clientBody: contract === 'rest' ? REST_ERROR_BODY : HTTP_API_ERROR_BODY,
      notes: f.notes,
    };
  }
  // A cut body whose visible part is clean is not a pass: the rest may break any rule.
  const undetermined = outcome.undetermined ?? (extracted.truncated ? TRUNCATED_UNDETERMINED : undefined);
  return {
    status: outcome.status,
    valid: true,
    violations: [],
    clientBody: extracted.truncated || undetermined !== undefined ? null : outcome.body,
    notes: f.notes,
    ...(undetermined === undefined ? {} : { undetermined }),
  };
}

const TRUNCATED_UNDETERMINED =
  'API Gateway cut this body in the log ([TRUNCATED]) and the visible part breaks no rule, so whether the whole response is valid cannot be told; check the complete value the function returns (its own log of the response, or the handler run locally).';

interface Outcome {
  readonly status: number;
  readonly body: string | null;
  /** Why the input cannot be judged (see `ProxyResponseVerdict.undetermined`). */
  readonly undetermined?: string;
}

const NO_OUTCOME: Outcome = { status: 200, body: null };

function judge(text: string, truncated: boolean, fromLogLine: boolean, options: ProxyResponseOptions, f: Findings): Outcome {
  if (text === '') {
    f.violate('not-json', '$', `The response is empty, not JSON. ${f.rejection()}`);
    return NO_OUTCOME;
  }
  const xmlError = /^<([A-Za-z]+Exception)>/.exec(text);
  if (xmlError !== null) {
    const methodHint = text.includes('Unable to determine service/operation name')
      ? ' "Unable to determine service/operation name to be authorized" means the integration calls Lambda with a method other than POST.'
      : '';
    f.violate(
      'lambda-invoke-error',
      '$',
      `Lambda rejected the Invoke call with ${xmlError[1] ?? 'an error'} before your function ran; this is Lambda's error document, not a function output.${methodHint} API Gateway answers 500.`,
    );
    return NO_OUTCOME;
  }
  // Non-JSON fails in every contract, payload 2.0 included: 2.0 only infers a response from *valid JSON*
  // ("if your function returns valid JSON and doesn't return a statusCode"), and there is nothing else it
  // could map. Managed runtimes always serialize to JSON, so this comes from custom runtimes or bad logs.
  const parsed = parseJsonTree(text, truncated);
  if (!parsed.ok) {
    // A cut body cannot be read as a printed object (its end is missing); it is judged as the text API Gateway got.
    const literal: LiteralRead = truncated ? { kind: 'not-a-literal' } : readObjectLiteral(text);
    if (!fromLogLine && literal.kind === 'converted') {
      f.note(LITERAL_NOTE_IDS[literal.language], conversionNote(literal.language, literal.json, literal.droppedUndefined, f));
      const converted = parseJsonTree(literal.json, false);
      if (converted.ok) return judgeValue(converted.value, literal.json, options, f);
    }
    if (!fromLogLine && literal.kind === 'source') {
      const reason = sourceReason(literal.language, literal.expression);
      f.note('source-code', reason);
      return { ...NO_OUTCOME, undetermined: reason };
    }
    const where = parsed.error.offset > 0 ? ` at character ${String(parsed.error.offset + 1)}` : '';
    const printed = literal.kind === 'not-a-literal' ? '' : ` ${loggedLiteralExplanation(literal.language)}`;
    f.violate(
      'not-json',
      '$',
      `The response is not JSON (${parsed.error.reason}${where}; it starts with ${JSON.stringify(preview(text, 40))}).${printed} ${f.rejection()}`,
    );
    return NO_OUTCOME;
  }
  const root = parsed.value;
  if (root.kind === 'string' && root.complete) noteStringifiedResponse(root.value, f);
  return judgeValue(root, text, options, f);
}

/** Judges a parsed response value (the part after the text has become JSON). */
function judgeValue(root: JsonNode, text: string, options: ProxyResponseOptions, f: Findings): Outcome {
  if (lambdaSideError(root, f)) return NO_OUTCOME;
  return f.contract === 'http-2.0' ? judgeV2(root, text, options, f) : judgeV1(root, options, f);
}

const LITERAL_NOTE_IDS: Readonly<Record<LiteralLanguage, string>> = {
  python: 'python-dict',
  javascript: 'javascript-object',
  either: 'printed-object',
};

/** What happens when the function returns its response as a string instead of an object. */
function returnedStringOutcome(f: Findings): string {
  if (f.contract === 'http-2.0') return 'an HTTP API with payload 2.0 sends as the body, with status 200 and none of your headers';
  return f.contract === 'rest' ? 'a REST API rejects (502)' : 'an HTTP API with payload 1.0 rejects (500)';
}

/**
 * The note for a printed object that was converted. Why a conversion is right: API Gateway never sees a
 * printed dict from a managed runtime. The runtime serializes what the handler returns (Python
 * `json.dumps`, Node.js `JSON.stringify`), so a dict in single quotes comes from the function's own
 * print()/console.log, and what API Gateway received is its JSON form. The only way to send the
 * printed form is to return a string (`str(response)`), which arrives as a quoted JSON string.
 */
function conversionNote(language: LiteralLanguage, json: string, droppedUndefined: boolean, f: Findings): string {
  const judged = `so it was judged as ${preview(json, 160)}`;
  const dropped = droppedUndefined ? ' (keys whose value is undefined are left out, as JSON.stringify does)' : '';
  const asString = `Only a function that returns this text itself as a string sends something else: a JSON string, which ${returnedStringOutcome(f)}.`;
  switch (language) {
    case 'python':
      return `The input is a Python dict as print() shows it (single quotes, True/False/None), not what API Gateway receives: Lambda's Python runtime sends a returned dict as JSON (json.dumps), ${judged}. ${asString}`;
    case 'javascript':
      return `The input is a JavaScript object as console.log prints it, not what API Gateway receives: Lambda's Node.js runtime sends JSON.stringify(value), ${judged}${dropped}. ${asString}`;
    case 'either':
      return `The input is an object as print() or console.log shows it (single-quoted strings), not JSON: Lambda's Python and Node.js runtimes send a returned object as JSON, ${judged}. ${asString}`;
  }
}

/** Why a printed object in an execution log line is really what API Gateway got (and so fails). */
function loggedLiteralExplanation(language: LiteralLanguage): string {
  const form =
    language === 'python' ? 'a Python dict as Python prints it' : language === 'javascript' ? 'a JavaScript object as console.log prints it' : 'an object printed with single-quoted strings';
  return `The logged body is ${form}. A managed Lambda runtime always sends JSON (a returned dict or object becomes {"statusCode": ...}, a returned string a quoted JSON string), so this text reached API Gateway as it is: a custom runtime or a wrapper wrote the printed form instead of serializing the response.`;
}

/** Why source code cannot be judged, with what to paste instead. */
function sourceReason(language: LiteralLanguage, expression: string): string {
  const what = language === 'python' ? 'Python source' : language === 'javascript' ? 'JavaScript source' : 'source code';
  const shortened = /^(Object|Array|Function|Circular)\b/.test(expression) ? ' (console.log shortened a nested value to [' + expression + '])' : '';
  return `This is ${what}, not the value the function returned: ${expression} is an expression whose result is only known when the function runs${shortened}. Paste what the function returned: the "Endpoint response body before transformations:" log line, or the response logged as JSON (print(json.dumps(response)), console.log(JSON.stringify(response))).`;
}

function isJsonObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/** A returned string that holds a whole response: the function serialized the response itself. */
function noteStringifiedResponse(value: string, f: Findings): void {
  const inner = value.trim();
  if (!inner.startsWith('{')) return;
  let how: string;
  if (isJsonObjectText(inner)) {
    how = 'JSON text (json.dumps(response) or JSON.stringify(response) of the whole response)';
  } else {
    const literal = readObjectLiteral(inner);
    if (literal.kind !== 'converted') return;
    how = literal.language === 'javascript' ? 'a JavaScript object as String() or util.inspect writes it' : 'a Python dict as str(response) writes it';
  }
  f.note(
    'stringified-response',
    `The function returned a string, not an object: the string holds ${how}, which ${returnedStringOutcome(f)}. Return the dict or object itself and let the runtime serialize it.`,
  );
}

/** Recognises error objects produced by Lambda rather than by the function's return statement. */
function lambdaSideError(root: JsonNode, f: Findings): boolean {
  if (root.kind !== 'object' || member(root, 'statusCode') !== undefined) return false;
  const keys = root.entries.map(([k]) => k);
  const str = (key: string): string | undefined => {
    const n = member(root, key);
    return n?.kind === 'string' ? n.value : undefined;
  };
  const serviceShape = keys.length > 0 && keys.every((k) => LAMBDA_SERVICE_ERROR_KEYS.has(k));
  const message = str('Message') ?? str('message');
  const reason = str('Reason');
  const type = str('Type');
  const answer = f.contract === 'rest' ? 'API Gateway answers 500' : 'The HTTP API answers 500';
  if (serviceShape && ((reason !== undefined && /LimitExceeded$/.test(reason)) || (message !== undefined && /^Rate Exceeded\.?$/i.test(message)))) {
    const reserved = reason === 'ReservedFunctionConcurrentInvocationLimitExceeded'
      ? " The function's reserved concurrency is used up (a reserved concurrency of 0 disables it entirely)."
      : '';
    const throttleLogs =
      f.contract === 'rest'
        ? ' (current execution logs: "Lambda invocation failed with status: 429" then "Execution failed due to configuration error: Rate Exceeded."; logs from 2018 reported the same body as "Malformed Lambda proxy response" with 502)'
        : ' (access log $context.integrationErrorMessage shows the throttle)';
    f.violate(
      'throttled',
      '$',
      `Lambda throttled the invocation (Reason: ${reason ?? 'unknown'}, "${message ?? ''}"); your function did not run.${reserved} ${answer}${throttleLogs}.`,
    );
    return true;
  }
  if (serviceShape && type === 'Service') {
    f.violate(
      'lambda-service-error',
      '$',
      `The Lambda service failed (Type: Service, "${preview(message ?? '', 120)}"); this is not your function's output. ${answer}.`,
    );
    return true;
  }
  if (serviceShape && type === 'User' && message !== undefined) {
    f.violate(
      'lambda-invoke-error',
      '$',
      `Lambda rejected the Invoke call ("${preview(message, 120)}") before your function ran; this is Lambda's error answer, not a function output. ${answer} (status inferred from the documented 403 case).`,
    );
    return true;
  }
  const errorMessage = member(root, 'errorMessage');
  const errorType = member(root, 'errorType');
  if (errorMessage === undefined && errorType === undefined) return false;
  const errorText = [str('errorType'), str('errorMessage')].filter((s) => s !== undefined).join(': ');
  const timeout = /Task timed out after/.test(str('errorMessage') ?? '') || str('errorType') === 'Sandbox.Timedout';
  const status = f.contract === 'rest' ? 502 : 500;
  const returned =
    f.contract === 'rest'
      ? 'Had the function returned this object itself, REST would still reject it as a malformed proxy response (502): errorMessage/errorType are not proxy-response fields.'
      : f.contract === 'http-1.0'
        ? 'Had the function returned this object itself, payload 1.0 would still reject it (500) because it has no statusCode.'
        : 'Payload 2.0 treats an object carrying errorMessage as a function error (500) even when the function returned it.';
  f.violate(
    'function-error-payload',
    '$',
    `This is Lambda's function-error object (${preview(errorText === '' ? 'no details' : errorText, 160)}), not a proxy response.${timeout ? " It is the function's own Lambda timeout, so the client gets " + String(status) + ', not 504.' : ''} In reality API Gateway reports it as a function error when Lambda sets X-Amz-Function-Error (unhandled exception, crash or timeout): the execution log says "Lambda execution failed with status 200 due to customer function error" and the client gets ${String(status)}. ${returned}`,
    { timeout },
  );
  return true;
}

/** REST and HTTP API payload 1.0: the documented proxy response object. */
function judgeV1(root: JsonNode, options: ProxyResponseOptions, f: Findings): Outcome {
  if (root.kind === 'null') {
    f.violate(
      'null-response',
      '$',
      `The function returned null (a handler that returns nothing, e.g. a missing return or an async handler that never resolves a value). ${f.rejection()}`,
    );
    return NO_OUTCOME;
  }
  if (root.kind !== 'object') {
    f.violate('not-an-object', '$', `The function returned ${describe(root)}, not a response object with statusCode and body. ${f.rejection()}`);
    return NO_OUTCOME;
  }
  const status = checkStatusCode(root, f);
  for (const key of new Set(root.entries.map(([k]) => k))) {
    if (V1_KEYS.has(key)) continue;
    if (key === 'cookies') {
      if (f.contract === 'rest') {
        f.violate('cookies-not-allowed', 'cookies', `cookies is a payload-2.0 (HTTP API) field; a REST proxy response does not allow it. ${f.rejection()}`);
      } else {
        f.note('cookies-ignored', 'cookies is a payload-2.0 field; with payload 1.0 API Gateway ignores it, so no cookie is set.');
      }
    } else if (f.contract === 'rest') {
      f.violate(
        'unknown-key',
        key,
        `"${key}" is not a proxy-response field (allowed: statusCode, headers, multiValueHeaders, body, isBase64Encoded) and REST APIs do not tolerate unknown keys. ${f.rejection()}`,
      );
    } else {
      f.note('unknown-key-ignored', `"${key}" is not a proxy-response field; HTTP APIs ignore it.`);
    }
  }
  if (status.kind === 'missing') {
    if (f.contract === 'http-1.0' && (root.complete || member(root, 'statusCode') !== undefined)) {
      f.violate(
        'status-code-missing',
        'statusCode',
        `There is no statusCode. Unlike REST APIs (which default to 200), an HTTP API with payload format 1.0 rejects such a response and the client gets 500 {"message":"Internal Server Error"}.`,
      );
    } else if (f.contract === 'http-1.0') {
      f.note('truncated', 'statusCode is not in the visible part; payload 1.0 fails with 500 if it is missing altogether.');
    }
  }
  checkHeaders(root, f);
  checkMultiValueHeaders(root, f);
  checkBody(root, f);
  checkIsBase64Encoded(root, f);
  noteMergedHeaders(root, f);
  if (f.violations.length > 0) return NO_OUTCOME;
  return { status: statusOf(status), body: clientBody(root, options, f) };
}

/** HTTP API payload 2.0: custom format when statusCode is present, otherwise the inferred format. */
function judgeV2(root: JsonNode, text: string, options: ProxyResponseOptions, f: Findings): Outcome {
  const statusNode = member(root, 'statusCode');
  if (root.kind !== 'object' || statusNode === undefined || statusNode.kind === 'null') {
    return inferred(root, text, f);
  }
  const status = checkStatusCode(root, f);
  for (const key of new Set(root.entries.map(([k]) => k))) {
    if (V2_KEYS.has(key)) continue;
    if (key === 'multiValueHeaders') {
      f.note('multi-value-headers-ignored', 'multiValueHeaders does not exist in payload 2.0 and is ignored; join values with commas in headers, and use cookies for Set-Cookie.');
    } else {
      f.note('unknown-key-ignored', `"${key}" is not a payload-2.0 response field; HTTP APIs ignore it.`);
    }
  }
  checkHeaders(root, f);
  checkBody(root, f);
  checkIsBase64Encoded(root, f);
  checkCookies(root, f);
  if (f.violations.length > 0) return NO_OUTCOME;
  return { status: statusOf(status), body: clientBody(root, options, f) };
}

function inferred(root: JsonNode, text: string, f: Findings): Outcome {
  if (root.kind === 'object' && !root.complete) {
    f.note('truncated', 'statusCode is not in the visible part; if the response has none, API Gateway returns the whole value as the body with status 200.');
    return NO_OUTCOME;
  }
  f.note('inferred-response', 'There is no statusCode, so API Gateway infers the response: status 200, content-type application/json, and the returned value as the body.');
  if (root.kind === 'object' && ['body', 'headers', 'isBase64Encoded', 'cookies'].some((k) => member(root, k) !== undefined)) {
    f.note('status-code-missing', 'The object looks like a proxy response but has no statusCode, so its headers/body are not applied: the client gets the whole object as JSON. Add statusCode.');
  }
  if (root.kind === 'null') f.note('null-inferred', 'The function returned null; that the client then gets the text null is inferred from the documented rule, not verified.');
  // A returned string becomes the body itself (LocalStack's AWS-validated test gets `null` back for "null").
  return { status: 200, body: root.kind === 'string' ? root.value : text };
}

function statusOf(status: StatusRead): number {
  return status.kind === 'value' ? status.value : 200;
}

/** The body the client receives for a valid response; null when it depends on something unknown. */
function clientBody(root: JsonNode, options: ProxyResponseOptions, f: Findings): string | null {
  const bodyNode = member(root, 'body');
  if (bodyNode !== undefined && bodyNode.kind !== 'null' && (bodyNode.kind !== 'string' || !isComplete(bodyNode))) return null;
  const body = bodyNode?.kind === 'string' ? bodyNode.value : '';
  const encoded = member(root, 'isBase64Encoded');
  if (encoded?.kind !== 'boolean' || !encoded.value) return body;
  if (f.contract === 'rest') {
    const types = options.binaryMediaTypes;
    if (types === undefined) {
      f.note(
        'binary-media-types-unknown',
        "isBase64Encoded is true but the API's binary media types are unknown: with a matching binary media type the client gets the decoded bytes, without one it gets the base64 text unchanged.",
      );
      return null;
    }
    const contentType = headerValue(root, 'content-type') ?? '';
    const match = types.find((t) => mediaTypeMatches(t, contentType));
    if (match === undefined) {
      f.note(
        'base64-not-decoded',
        types.length === 0
          ? 'isBase64Encoded is true but the API has no binary media types, so the client receives the base64 text unchanged. Add a binary media type (e.g. */*) to send the decoded bytes.'
          : `isBase64Encoded is true but no binary media type (${types.join(', ')}) matches the Content-Type "${contentType}", so the client most likely receives the base64 text unchanged (REST decides on the client's first Accept header).`,
      );
      return body;
    }
    if (match.trim() !== '*/*') {
      f.note('binary-accept-header', `REST APIs decode the body only when the client's first Accept header matches a binary media type (${match}); other clients get the base64 text.`);
    }
  }
  if (!isValidBase64(body)) {
    f.violate(
      'invalid-base64',
      'body',
      `isBase64Encoded is true but body is not valid base64, so API Gateway cannot decode it (REST: API_CONFIGURATION_ERROR; HTTP API behaviour inferred). The client gets 500.`,
    );
    return null;
  }
  return decodeBase64AsText(body);
}
