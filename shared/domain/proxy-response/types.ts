/**
 * Public types of the Lambda proxy-response checker. Kept apart from the logic so the rule modules
 * can share them without importing the entry point.
 */

/** Which kind of API Gateway API sits in front of the function. */
export type ApiFlavor = 'rest' | 'http';

/** HTTP API Lambda integration payload format version. */
export type PayloadFormat = '1.0' | '2.0';

/** What the checker needs to know about the API besides the function's output. */
export interface ProxyResponseOptions {
  /** The API kind; callers apply the default `'rest'`. */
  readonly api: ApiFlavor;
  /** Only for `'http'`; defaults to `'2.0'`. Ignored for `'rest'`. */
  readonly payloadFormat?: PayloadFormat;
  /** Binary media types configured on the API; undefined = unknown (then say so where it matters). */
  readonly binaryMediaTypes?: readonly string[];
}

/** One rule of the proxy-response contract that the function's output breaks. */
export interface Violation {
  /** The offending field, e.g. `body`, `headers.X-Foo`, `multiValueHeaders.Set-Cookie[0]`, `$` for the whole value. */
  readonly path: string;
  /** Stable kebab-case rule id, e.g. `body-not-string`. */
  readonly rule: string;
  /** What is wrong and what API Gateway does about it. */
  readonly message: string;
  /** How to fix it, with a short corrected example in Node.js and in Python. */
  readonly fix: string;
}

/** What API Gateway does with one function output. */
export interface ProxyResponseVerdict {
  /** The status the client gets. */
  readonly status: number;
  /**
   * False when API Gateway rejects the response (502 REST / 500 HTTP API); always `violations.length === 0`.
   * True is a pass only without `undetermined`.
   */
  readonly valid: boolean;
  readonly violations: readonly Violation[];
  /** What the client receives (e.g. `{"message": "Internal server error"}`), null if unknown. */
  readonly clientBody: string | null;
  /**
   * Non-fatal observations. Each starts with a stable kebab-case id and a colon
   * (e.g. `truncated: ...`, `base64-not-decoded: ...`) so callers can match on it.
   */
  readonly notes: readonly string[];
  /**
   * Present when the input cannot be judged as a whole: a body API Gateway cut (`[TRUNCATED]`) whose
   * visible part breaks no rule, or source code (`body: JSON.stringify(x)`) instead of a value. It
   * says why, in one sentence. Such a verdict is never a pass: `valid` then only means that nothing
   * visible breaks a rule, and `status` is what the visible part alone would give. Absent otherwise.
   */
  readonly undetermined?: string;
}

/** The body a REST API client gets when API Gateway fails the request (exact bytes, note the space and casing). */
export const REST_ERROR_BODY = '{"message": "Internal server error"}';

/** The body an HTTP API client gets when API Gateway fails the request (exact bytes: no space, capitalised). */
export const HTTP_API_ERROR_BODY = '{"message":"Internal Server Error"}';
