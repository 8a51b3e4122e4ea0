/**
 * The CloudWatch Logs filter patterns that select the log lines of failing requests, for a diagnosis's
 * log queries and (later) the subscription filters. Term-based CloudWatch syntax: `?` joins alternatives,
 * a quoted phrase matches as a whole.
 */

/** Filter pattern for the execution-log lines that mark a failing request (CloudWatch Logs OR terms). */
export const EXECUTION_FAILURE_PATTERN = '?"Method completed with status: 5" ?"Execution failed due to" ?"Lambda execution failed" ?"Lambda invocation failed" ?"Malformed Lambda proxy response" ?AuthorizerConfigurationException';
/** Filter pattern for access-log rows of failing requests, whatever their format. */
export const ACCESS_FAILURE_PATTERN = '?INTEGRATION_FAILURE ?INTEGRATION_TIMEOUT ?API_CONFIGURATION_ERROR ?AUTHORIZER_CONFIGURATION_ERROR ?AUTHORIZER_FAILURE ?DEFAULT_5XX';
/** At most this many failing requests are read in full (their every line). */
export const MAX_TRACED_REQUESTS = 20;

