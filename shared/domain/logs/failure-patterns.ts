/**
 * The CloudWatch Logs filter patterns that select the log lines of failing requests, for a diagnosis's
 * log queries and (later) the subscription filters. Term-based CloudWatch syntax: `?` joins alternatives,
 * a quoted phrase matches as a whole.
 */

/**
 * The wordings whose lines mark a failing request in an execution log: API Gateway's own failure lines
 * and every failure wording the classifier knows (shared/domain/classify/rules.ts, a test keeps them
 * covered). One marked line per request would do (diagnose then reads the whole request), but which
 * lines a log holds varies (logging level, what the integration answered), so every wording is a term.
 */
const EXECUTION_FAILURE_TERMS = [
  'Method completed with status: 5',
  'Execution failed due to',
  'Lambda execution failed',
  'Lambda invocation failed',
  'Malformed Lambda proxy response',
  'AuthorizerConfigurationException',
  'Lambda Customer Function Error',
  'Failed to post handler success response',
  'ConcurrentInvocationLimitExceeded',
  'An error occurred and the request cannot be processed',
  'Function not found',
  'failed to satisfy constraint',
  'Invalid stage variable value',
  'have permissions to',
  'X-Amz-Function-Error',
  'Endpoint request timed out',
  'Unable to determine service/operation name',
  'Network error communicating with endpoint',
  'errorType',
  'Internal server error',
] as const;

/** Access-log error texts (`$context.integration.error`, `$context.error.message`) of failing requests. */
const ACCESS_FAILURE_TERMS = [
  'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT',
  'API_CONFIGURATION_ERROR',
  'AUTHORIZER_CONFIGURATION_ERROR',
  'AUTHORIZER_FAILURE',
  'DEFAULT_5XX',
  'Lambda Customer Function Error',
  'Endpoint request timed out',
  // HTTP API rows often carry no response type: their permission, role and authorizer wordings, and their generic body.
  'have permissions to',
  'Internal Server Error',
] as const;

/**
 * A CloudWatch Logs "any of" pattern. Terms with anything but letters, digits and `_` must be quoted
 * (CloudWatch rejects them bare), and quoting the others changes nothing, so every term is quoted
 * except plain words, which keeps the patterns short (CloudWatch accepts at most 1024 characters).
 */
export function anyOf(terms: readonly string[]): string {
  return terms.map((t) => (/^\w+$/.test(t) ? `?${t}` : `?"${t}"`)).join(' ');
}

/** Filter pattern for the execution-log lines that mark a failing request (CloudWatch Logs OR terms). */
export const EXECUTION_FAILURE_PATTERN = anyOf(EXECUTION_FAILURE_TERMS);
/** Filter pattern for access-log rows of failing requests, whatever their format. */
export const ACCESS_FAILURE_PATTERN = anyOf(ACCESS_FAILURE_TERMS);
/** At most this many failing requests are read in full (their every line). */
export const MAX_TRACED_REQUESTS = 20;

