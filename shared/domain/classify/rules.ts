/**
 * The classification rules: API Gateway's own wordings, each mapped to a cause, with the fact it
 * comes from (a `docs/facts.md` section, or the public source). Adding a wording is one
 * entry. Where several rules match one request, the highest `priority` wins: a specific wording
 * (a throttle body inside a 2018 "Malformed" response, `X-Amz-Function-Error=Unhandled`) beats the
 * generic line it came with.
 */
import type { CauseId, Confidence, JsonObject } from '../model.ts';
import { GATEWAY_ERROR_TYPES } from '../logs/http-transcript.ts';
import { checkProxyResponse } from '../proxy-response/index.ts';

/** Where in a request's evidence a rule looks. */
export type RuleTarget =
  /** Execution-log messages that are not routine, access-log error texts, client-body messages. */
  | 'message'
  /** The endpoint response headers and body before transformations. */
  | 'response'
  /** The authorizer result body. */
  | 'authorizer'
  /** An access log's `$context.error.responseType` value. */
  | 'response-type'
  /** A line of the Lambda function's own log (START/END/REPORT, `Task timed out`, runtime errors). */
  | 'lambda'
  /** A response head a client saw: a header line as `name: value` (name in lower case). */
  | 'http'
  /** A body a client saw, as a whole (its text values are read by the `message` rules too). */
  | 'client'
  /**
   * The endpoint response body judged as a whole: what Lambda itself answered (a KMS failure) or a
   * return value that breaks the proxy-response rules (REST: execution logs are REST's). The body line
   * is logged at INFO level next to the `Method completed with status: 5xx` line, which is what selects
   * such a request in a log query: these wordings need no filter-pattern term of their own.
   */
  | 'logged-body';

/**
 * The targets that read API Gateway's own logs (execution and access logs): the wordings log queries
 * and subscription filters must select. The others read what never is in those log groups (a
 * function's own log, a client's transcript or body, a logged body judged as a whole).
 */
export const GATEWAY_LOG_TARGETS: ReadonlySet<RuleTarget> = new Set<RuleTarget>(['message', 'response', 'authorizer', 'response-type']);

/** One wording → cause mapping. */
export interface Rule {
  readonly id: string;
  readonly cause: CauseId;
  readonly on: RuleTarget;
  readonly pattern: RegExp;
  readonly priority: number;
  readonly confidence: Confidence;
  /** Where this wording is documented or was observed. */
  readonly fact: string;
  /** A real (or documented) text this rule must recognise; the rule tests run every example. */
  readonly example: string;
  /** Extracts cause-specific details from the match. */
  readonly details?: (match: RegExpExecArray) => JsonObject;
  /** A further condition on the match (a threshold, a comparison): the rule applies only when it holds. */
  readonly when?: (match: RegExpExecArray, text: string) => boolean;
}

/**
 * The integration timeout assumed when reading a function's own log: REST's default, 29 s (docs/facts.md
 * (c)). A function that ran (or timed out) past it was cut off by API Gateway first: the client got
 * 504 `integration_timeout`; one that timed out before it failed on its own timeout (502).
 */
export const INTEGRATION_TIMEOUT_SECONDS = 29;

/** API Gateway's own 5xx `x-amzn-ErrorType` values, each with the cause it names (null: it does not say). */
const ERROR_TYPE_CAUSES: Readonly<Record<string, { readonly cause: CauseId; readonly confidence: Confidence }>> = {
  AuthorizerConfigurationException: { cause: 'authorizer_error', confidence: 'medium' },
  AuthorizerFailureException: { cause: 'authorizer_error', confidence: 'medium' },
};

/**
 * One rule per 5xx `x-amzn-ErrorType` value (shared/domain/logs/http-transcript.ts, GATEWAY_ERROR_TYPES).
 * The authorizer ones name the cause; the others (`InternalServerErrorException`, which DEFAULT_5XX,
 * INTEGRATION_FAILURE and INTEGRATION_TIMEOUT all send) only say "it failed at or behind the gateway".
 * 4xx values are no rule: such a response is not a 5xx (the reader reads their default status).
 */
const ERROR_TYPE_RULES: readonly Rule[] = GATEWAY_ERROR_TYPES.filter((t) => t.status === null || t.status >= 500).map((t): Rule => {
  const named = ERROR_TYPE_CAUSES[t.value];
  return {
    id: `x-amzn-errortype-${t.value.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
    cause: named?.cause ?? 'unknown',
    on: 'http',
    priority: named !== undefined ? 55 : 8,
    confidence: named?.confidence ?? 'low',
    example: `x-amzn-errortype: ${t.value}`,
    pattern: new RegExp(`^x-amzn-errortype: ?${t.value}\\b`, 'i'),
    fact: `AWS DG supported-gateway-response-types (${t.responseTypes.join(', ')}${t.status !== null ? `, default ${String(t.status)}` : ''}); header value: localstack/localstack execute_api/gateway_response.py and the transcripts of test/fixtures/real-logs-evidence.jsonl`,
    details: () => ({ gatewayErrorType: t.value, gatewayResponseTypes: [...t.responseTypes] }),
  };
});

const seconds = (m: RegExpExecArray): number => Number(m[1]);
const num = (v: string | undefined): number => Number(v ?? NaN);

const str = (v: string | undefined): string => (v ?? '').trim();

/** All rules, in no particular order (priority decides). */
export const RULES: readonly Rule[] = [
  // --- Lambda limits and throttling ---------------------------------------------------------
  { id: 'payload-size-exceeded', cause: 'payload_too_large', on: 'message', priority: 100, confidence: 'high',
    example: "Lambda Customer Function Error:Response payload size exceeded maximum allowed payload size (6291556 bytes).",
    pattern: /Response payload size exceeded maximum allowed payload size \((\d+) bytes\)/,
    fact: 'docs/facts.md (c): Lambda sync response limit 6 MB; azul #8192, #7466',
    details: (m) => ({ limitBytes: Number(m[1]) }) },
  { id: 'runtime-413', cause: 'payload_too_large', on: 'message', priority: 100, confidence: 'high',
    example: "LAMBDA_RUNTIME Failed to post handler success response. Http response code: 413.",
    pattern: /Failed to post handler success response\. Http response code: 413/,
    fact: 'docs/facts.md (c): landing-zone-accelerator-on-aws#145' },
  { id: 'rate-exceeded', cause: 'lambda_throttled', on: 'message', priority: 100, confidence: 'high',
    example: "Execution failed due to configuration error: Rate Exceeded.",
    pattern: /Execution failed due to configuration error: Rate Exceeded\./,
    fact: 'docs/facts.md (d): azul PR #6624 (INTEGRATION_FAILURE, 500)' },
  { id: 'invoke-429', cause: 'lambda_throttled', on: 'message', priority: 100, confidence: 'high',
    example: "Lambda invocation failed with status: 429. Lambda request id: 0b8c1e42-4a4f-4a4e-9d3c-3e1c2c1a9f10",
    pattern: /Lambda invocation failed with status: 429/,
    fact: 'docs/facts.md (d): 429 form inferred from the documented 403 form; kyhau KnownIssues (429 → 500)' },
  { id: 'throttle-body', cause: 'lambda_throttled', on: 'response', priority: 100, confidence: 'high',
    example: "{\"Reason\": \"ReservedFunctionConcurrentInvocationLimitExceeded\", \"Type\": \"User\", \"message\": \"Rate Exceeded.\"}",
    pattern: /(ReservedFunctionConcurrentInvocationLimitExceeded|ConcurrentInvocationLimitExceeded|TooManyRequestsException|"message"\s*:\s*"Rate Exceeded\.")/,
    fact: 'docs/facts.md (d): 2018 throttle body behind "Malformed Lambda proxy response" (sakazuki NOTES.md)',
    details: (m) => ({ throttleReason: str(m[1]).replace(/^"message"\s*:\s*/, '').replace(/"/g, '') }) },
  { id: 'service-error-body', cause: 'lambda_service_error', on: 'response', priority: 100, confidence: 'high',
    example: "{\"Message\": \"An error occurred and the request cannot be processed.\", \"Type\": \"Service\"}",
    pattern: /"Type"\s*:\s*"Service"/,
    fact: 'docs/facts.md (d): kyhau/aws-notebook KnownIssues.md (Lambda service error → 500)' },
  { id: 'invoke-5xx', cause: 'lambda_service_error', on: 'message', priority: 95, confidence: 'medium',
    example: "Lambda invocation failed with status: 503. Lambda request id: 0b8c1e42-4a4f-4a4e-9d3c-3e1c2c1a9f10",
    pattern: /Lambda invocation failed with status: (5\d\d)/,
    fact: 'docs/facts.md (d): generic "Lambda invocation failed with status" form',
    details: (m) => ({ lambdaStatus: Number(m[1]) }) },

  // --- function not found / stage variables --------------------------------------------------
  { id: 'invoke-404', cause: 'function_not_found', on: 'message', priority: 100, confidence: 'medium',
    example: "Lambda invocation failed with status: 404. Lambda request id: 0b8c1e42-4a4f-4a4e-9d3c-3e1c2c1a9f10",
    pattern: /Lambda invocation failed with status: 404/,
    fact: 'docs/facts.md (d): INFERRED from the 403/429 forms (no citable real log)' },
  { id: 'function-not-found-body', cause: 'function_not_found', on: 'response', priority: 100, confidence: 'high',
    example: "{\"Message\":\"Function not found: arn:aws:lambda:us-east-1:123456789012:function:orders:live\",\"Type\":\"User\"}",
    pattern: /ResourceNotFoundException|Function not found: (arn:aws:lambda:\S+?)["\s,}]/,
    fact: 'Lambda Invoke API error ResourceNotFoundException',
    details: (m): JsonObject => (m[1] ? { functionArn: str(m[1]) } : {}) },
  { id: 'function-name-validation', cause: 'function_not_found', on: 'message', priority: 100, confidence: 'high',
    example: "1 validation error detected: Value 'arn:aws:lambda:us-east-1:190406971514:function:staticCharts-StaticIntraday:' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern",
    pattern: /validation error detected: Value '([^']*)' at 'functionName' failed to satisfy constraint/,
    fact: 'docs/facts.md (d): serverless/serverless#344 (stage variable resolved to nothing)',
    details: (m) => ({ functionName: str(m[1]), stageVariableEmpty: str(m[1]).endsWith(':') }) },
  { id: 'stage-variable-null', cause: 'function_not_found', on: 'message', priority: 100, confidence: 'high',
    example: "Invalid stage variable value: null.  Please use values with alphanumeric characters",
    pattern: /Invalid stage variable value: null/,
    fact: 'docs/facts.md (d): awsdocs/amazon-api-gateway-developer-guide#91',
    details: () => ({ stageVariableEmpty: true }) },

  // --- permissions and roles -------------------------------------------------------------------
  { id: 'assume-role-denied', cause: 'credentials_role_error', on: 'message', priority: 100, confidence: 'high',
    example: "Execution failed due to configuration error: API Gateway does not have permission to assume the provided role arn:aws:iam::770646514888:role/lambda_execution_role",
    pattern: /API Gateway does not have permission to assume the provided role ?(arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+)?/,
    fact: 'docs/facts.md (d)/(g): jsong253/wall-street-career-aws notes.md',
    details: (m): JsonObject => (m[1] ? { roleArn: str(m[1]) } : {}) },
  { id: 'http-api-assume-role', cause: 'credentials_role_error', on: 'message', priority: 100, confidence: 'high',
    example: "API Gateway doesn’t have permissions to assume the IAM role configured on the integration. Check the permissions and try again.",
    pattern: /doesn[’']t have permissions to assume the IAM role configured on the integration/,
    fact: 'docs/facts.md (b): terraform-aws-apigateway-v2#87' },
  { id: 'invalid-permissions', cause: 'missing_invoke_permission', on: 'message', priority: 90, confidence: 'high',
    example: "Execution failed due to configuration error: Invalid permissions on Lambda function",
    pattern: /Invalid permissions on Lambda function/,
    fact: 'docs/facts.md (d): KC api-gateway-rest-api-lambda-integrations (API_CONFIGURATION_ERROR, 500)' },
  { id: 'http-api-no-permission-integration', cause: 'missing_invoke_permission', on: 'message', priority: 90, confidence: 'high',
    example: "The IAM role configured on the integration or API Gateway doesn’t have permissions to call the integration. Check the permissions and try again.",
    pattern: /The IAM role configured on the integration or API Gateway doesn[’']t have permissions to call the integration/,
    fact: 'docs/facts.md (b): KC api-gateway-http-lambda-integrations' },
  { id: 'http-api-no-permission-authorizer', cause: 'missing_invoke_permission', on: 'message', priority: 90, confidence: 'high',
    example: "The IAM role configured on the authorizer or API Gateway doesn’t have permissions to call the authorizer. Check the permissions and try again.",
    pattern: /doesn[’']t have permissions to call the authorizer/,
    fact: 'docs/facts.md (b): KC api-gateway-http-lambda-integrations',
    details: () => ({ authorizer: true }) },

  // --- function errors ---------------------------------------------------------------------------
  { id: 'customer-function-error', cause: 'lambda_function_error', on: 'message', priority: 85, confidence: 'high',
    example: "Lambda execution failed with status 200 due to customer function error: 'LambdaContext' object has no attribute 'succeed'. Lambda request id: c2fdeda4-0849-4da2-bc61-36a9ed8b698d",
    pattern: /Lambda execution failed with status (\d{3}) due to customer function error: ([\s\S]*?)\.? Lambda request id: ([\w-]+)/,
    fact: 'docs/facts.md (a)/(d): ongzhixian note.md; ericallam fixture',
    details: (m) => ({ errorMessage: str(m[2]), lambdaRequestId: str(m[3]) }) },
  { id: 'customer-function-error-access', cause: 'lambda_function_error', on: 'message', priority: 85, confidence: 'high',
    example: "Lambda Customer Function Error:'AZUL_S3_BUCKET'",
    pattern: /^Lambda Customer Function Error:\s*([\s\S]*)$/,
    fact: 'docs/facts.md (e): access-log $context.integration.error (azul PR #6624)',
    details: (m) => ({ errorMessage: str(m[1]) }) },
  { id: 'function-error-header', cause: 'lambda_function_error', on: 'response', priority: 85, confidence: 'high',
    example: "{Date=Sat, 05 Mar 2022 15:50:39 GMT, Content-Type=application/json, X-Amz-Function-Error=Unhandled}",
    pattern: /X-Amz-Function-Error=(\w+)/i,
    fact: 'docs/facts.md (a): Lambda answers 200 with X-Amz-Function-Error: Unhandled',
    details: (m) => ({ functionError: str(m[1]) }) },
  { id: 'function-timed-out', cause: 'lambda_function_error', on: 'message', priority: 86, confidence: 'high',
    example: "Lambda execution failed with status 200 due to customer function error: 2024-01-01T00:00:03.000Z 1b2c Task timed out after 3.00 seconds. Lambda request id: 1b2c3d4e-0000-4000-8000-000000000001",
    pattern: /Task timed out after ([\d.]+) seconds/,
    fact: 'docs/facts.md (a): Lambda timeout below the integration timeout surfaces as a function error (502)',
    details: (m) => ({ lambdaTimedOutAfterSeconds: Number(m[1]) }) },
  { id: 'process-exited', cause: 'lambda_function_error', on: 'message', priority: 86, confidence: 'high',
    example: "Lambda execution failed with status 200 due to customer function error: RequestId: 80572150-944e-40e5-b782-aca7f713289f Process exited before completing request. Lambda request id: 80572150-944e-40e5-b782-aca7f713289f",
    pattern: /Process exited before completing request/,
    fact: 'test/fixtures/real-logs.jsonl: aizatto-process-exited' },

  // --- timeouts -----------------------------------------------------------------------------------
  { id: 'timeout-error', cause: 'integration_timeout', on: 'message', priority: 80, confidence: 'high',
    example: "Execution failed due to a timeout error",
    pattern: /Execution failed due to a timeout error/,
    fact: 'docs/facts.md (d): sakazuki NOTES.md; KC api-gateway-504-errors (504)' },
  { id: 'endpoint-timed-out', cause: 'integration_timeout', on: 'message', priority: 80, confidence: 'medium',
    example: "Endpoint request timed out",
    pattern: /Endpoint request timed out/,
    fact: 'docs/facts.md (c)/(e): client body and access-log $context.error.message for INTEGRATION_TIMEOUT' },
  { id: 'integration-timeout-type', cause: 'integration_timeout', on: 'response-type', priority: 80, confidence: 'medium',
    example: "INTEGRATION_TIMEOUT",
    pattern: /^INTEGRATION_TIMEOUT$/,
    fact: 'docs/facts.md (c): gateway response type INTEGRATION_TIMEOUT (504)' },

  // --- malformed / mapping / integration setup ----------------------------------------------------
  { id: 'malformed-proxy-response', cause: 'malformed_proxy_response', on: 'message', priority: 75, confidence: 'high',
    example: "Execution failed due to configuration error: Malformed Lambda proxy response",
    pattern: /Malformed Lambda proxy response/,
    fact: 'docs/facts.md (a)/(d): KC malformed-502-api-gateway (502)' },
  { id: 'unable-to-transform', cause: 'mapping_template_error', on: 'message', priority: 75, confidence: 'high',
    example: "Execution failed due to configuration error: Unable to transform request",
    pattern: /Execution failed due to configuration error: Unable to transform (request|response)/,
    fact: 'docs/facts.md (d): kyopark2014/apigw-rest-querystring lambdaInvokeError.md',
    details: (m) => ({ direction: str(m[1]) }) },
  { id: 'invalid-method-response', cause: 'mapping_template_error', on: 'message', priority: 75, confidence: 'high',
    example: "Execution failed due to configuration error: Output mapping refers to an invalid method response: 2xx",
    pattern: /Output mapping refers to an invalid method response: ?(\S*)/,
    fact: 'docs/facts.md (d): KC api-gateway-internal-server-error',
    details: (m): JsonObject => (m[1] ? { methodResponse: str(m[1]) } : {}) },
  { id: 'mock-status-unparsable', cause: 'integration_misconfigured', on: 'message', priority: 75, confidence: 'high',
    example: "Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template.",
    pattern: /Unable to parse statusCode\. It should be an integer that is defined in the request template/,
    fact: 'docs/facts.md (i): a MOCK integration whose request template gives no integer statusCode (a CORS preflight has no body)' },
  { id: 'no-output-mapping', cause: 'mapping_template_error', on: 'message', priority: 75, confidence: 'high',
    example: "Execution failed due to configuration error: No match for output mapping and no default output mapping configured. Endpoint Response Status Code: 200",
    pattern: /No match for output mapping and no default output mapping (?:configured|specified)(?:\. Endpoint Response Status Code: (\d{3}))?/,
    fact: 'docs/facts.md (i): a non-proxy integration with no integration response selected for the status and no default one',
    details: (m): JsonObject => (m[1] ? { endpointStatus: str(m[1]) } : {}) },
  { id: 'unable-to-determine-operation', cause: 'integration_misconfigured', on: 'response', priority: 100, confidence: 'high',
    example: "<AccessDeniedException><Message>Unable to determine service/operation name to be authorized</Message></AccessDeniedException>",
    pattern: /Unable to determine service\/operation name to be authorized/,
    fact: 'docs/facts.md (a)/(d): KC api-gateway-lambda-template-invoke-error (integration method not POST)',
    details: () => ({ integrationMethodNotPost: true }) },
  { id: 'invoke-403', cause: 'integration_misconfigured', on: 'message', priority: 40, confidence: 'medium',
    example: "Lambda invocation failed with status: 403. Lambda request id: abc1d2ef-34ab-56c7-de8f-90123a456789",
    pattern: /Lambda invocation failed with status: 403/,
    fact: 'docs/facts.md (d): KC api-gateway-lambda-template-invoke-error' },
  { id: 'invalid-endpoint-address', cause: 'integration_misconfigured', on: 'message', priority: 75, confidence: 'high',
    example: "Execution failed due to configuration error: Invalid endpoint address",
    pattern: /Execution failed due to configuration error: Invalid endpoint address/,
    fact: 'docs/facts.md (d): KC api-gateway-invalid-endpoint-address' },
  { id: 'empty-configuration-error', cause: 'integration_misconfigured', on: 'message', priority: 30, confidence: 'low',
    example: "Execution failed due to configuration error:",
    pattern: /^Execution failed due to configuration error:\s*$/,
    fact: 'docs/facts.md (d): KC api-gateway-lambda-template-invoke-error (empty configuration error)' },

  // --- networks, VPC links, TLS ----------------------------------------------------------------------
  { id: 'vpc-link-error', cause: 'network_or_vpc_link', on: 'message', priority: 75, confidence: 'high',
    example: "Execution failed due to an vpc link error",
    pattern: /Execution failed due to an? vpc link error/i,
    fact: 'docs/facts.md (d): heroween.hateblo.jp 2022-08-30' },
  { id: 'internal-error-executing', cause: 'network_or_vpc_link', on: 'message', priority: 70, confidence: 'medium',
    example: "Execution failed due to configuration error: There was an internal error while executing your request",
    pattern: /There was an internal error while executing your request/,
    fact: 'docs/facts.md (d): KC api-gateway-500-error-vpc' },
  { id: 'host-name-mismatch', cause: 'network_or_vpc_link', on: 'message', priority: 75, confidence: 'high',
    example: "Execution failed due to configuration error: Host name 'domain.com.com' does not match the certificate subject provided by the peer (CN=myinstance.com)",
    pattern: /Host name '([^']*)' does not match the certificate subject provided by the peer \(([^)]*)\)/,
    fact: 'docs/facts.md (d): KC api-gateway-500-error-vpc',
    details: (m) => ({ host: str(m[1]), certificateSubject: str(m[2]) }) },
  { id: 'network-error', cause: 'network_or_vpc_link', on: 'message', priority: 70, confidence: 'medium',
    example: "Network error communicating with endpoint",
    pattern: /Network error communicating with endpoint/,
    fact: 'docs/facts.md (c): KC api-gateway-network-endpoint-error' },
  { id: 'pkix', cause: 'http_backend_error', on: 'message', priority: 75, confidence: 'high',
    example: "Execution failed due to configuration error: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
    pattern: /(PKIX path (?:building|validation) failed[^\n]*|unable to find valid certification path[^\n]*|General SSLEngine problem|SSLHandshakeException[^\n]*)/,
    fact: 'docs/facts.md (d): KC api-gateway-ssl-certificate-errors',
    details: (m) => ({ tlsError: str(m[1]) }) },

  // --- authorizers ----------------------------------------------------------------------------------
  { id: 'authorizer-invalid-json', cause: 'authorizer_error', on: 'message', priority: 60, confidence: 'high',
    example: "Execution failed due to configuration error: Invalid JSON in response: Unrecognized field \"errorType\" , not marked as ignorable",
    pattern: /Invalid JSON in response: ([^\n]*)/,
    fact: 'docs/facts.md (d): jsong253/wall-street-career-aws notes.md (authorizer crashed)',
    details: (m) => ({ authorizerResponseProblem: str(m[1]) }) },
  { id: 'authorizer-error', cause: 'authorizer_error', on: 'message', priority: 55, confidence: 'medium',
    example: "Execution failed due to configuration error: Authorizer error",
    pattern: /^(?:Execution failed due to configuration error: Authorizer error|AuthorizerConfigurationException|Unauthorized request: )/,
    fact: 'docs/facts.md (d): AUTHORIZER_CONFIGURATION_ERROR (500)' },
  { id: 'authorizer-crash-body', cause: 'authorizer_error', on: 'authorizer', priority: 60, confidence: 'high',
    example: "{\"errorType\":\"Runtime.ImportModuleError\",\"errorMessage\":\"Error: Cannot find module 'okta'\"}",
    pattern: /"errorType"\s*:\s*"([^"]+)"/,
    fact: 'docs/facts.md (d): authorizer result body holding a Lambda error',
    details: (m) => ({ authorizerErrorType: str(m[1]) }) },
  { id: 'authorizer-response-type', cause: 'authorizer_error', on: 'response-type', priority: 50, confidence: 'medium',
    example: "AUTHORIZER_CONFIGURATION_ERROR",
    pattern: /^(AUTHORIZER_CONFIGURATION_ERROR|AUTHORIZER_FAILURE)$/,
    fact: 'docs/facts.md (c): gateway response types' },

  // --- response types that say "it failed" but not why ----------------------------------------------
  { id: 'generic-5xx-response-type', cause: 'unknown', on: 'response-type', priority: 10, confidence: 'low',
    example: "INTEGRATION_FAILURE",
    pattern: /^(API_CONFIGURATION_ERROR|INTEGRATION_FAILURE|DEFAULT_5XX)$/,
    fact: 'docs/facts.md (c): do not infer the cause from responseType alone' },
  { id: 'internal-server-error-body', cause: 'unknown', on: 'message', priority: 5, confidence: 'low',
    example: "Internal server error",
    pattern: /^Internal [Ss]erver [Ee]rror$/,
    fact: 'docs/facts.md (c): generic client bodies' },
  { id: 'unrecognized-execution-failure', cause: 'unknown', on: 'message', priority: 1, confidence: 'low',
    example: "Execution failed due to configuration error: Something API Gateway says that no rule knows yet",
    pattern: /^Execution failed due to (.+)$/,
    fact: 'docs/facts.md (d): every gateway failure line starts "Execution failed due to"; an unseen wording is kept as evidence, not dropped',
    details: (m) => ({ unrecognized: str(m[0]) }) },

  // --- what the function's role may not do, KMS ------------------------------------------------------
  { id: 'function-role-denied', cause: 'lambda_function_error', on: 'client', priority: 74, confidence: 'medium',
    example: "User: arn:aws:sts::696785635119:assumed-role/TodoHandlerServiceRole/TodoHandler is not authorized to perform: dynamodb:Scan on resource: arn:aws:dynamodb:eu-central-1:696785635119:table/Todo",
    pattern: /(?:User: (arn:aws[\w-]*:sts::\d{12}:assumed-role\/[^/\s]+)\S* )?is not authorized to perform: ([\w-]+:[\w*]+)(?: on resource: ([^\s",]+))?/,
    when: (m) => m[2] !== 'lambda:InvokeFunction',
    fact: 'test/fixtures/real-logs-evidence.jsonl egghead-cdk-workshop-7-dynamodb-denied-body (the function\'s execution role lacked dynamodb:Scan)',
    details: (m): JsonObject => ({ deniedAction: str(m[2]), ...(m[3] ? { deniedResource: str(m[3]) } : {}), ...(m[1] ? { roleArn: str(m[1]).replace(':sts::', ':iam::').replace(':assumed-role/', ':role/') } : {}) }) },
  { id: 'kms-decrypt-body', cause: 'lambda_service_error', on: 'logged-body', priority: 100, confidence: 'high',
    example: "{\"Message\":\"Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings. KMS Exception: AccessDeniedExceptionKMS Message: The ciphertext refers to a customer master key that does not exist\",\"Type\":null}",
    pattern: /Lambda was unable to decrypt the environment variables because KMS (?:access was denied|key is invalid|[\w ]+)|KMS(?:AccessDenied|Disabled|InvalidState|NotFound)Exception/,
    fact: 'Lambda Invoke API errors KMSAccessDeniedException/KMSDisabledException/KMSInvalidStateException/KMSNotFoundException; serverless/examples#279',
    details: (m) => ({ kms: true, kmsError: kmsError(m[0]) }) },
  { id: 'kms-decrypt-client-body', cause: 'lambda_service_error', on: 'client', priority: 100, confidence: 'high',
    example: "{\"Message\":\"Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings. KMS Exception: AccessDeniedExceptionKMS Message: The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.\",\"Type\":null}",
    pattern: /Lambda was unable to decrypt the environment variables because KMS|KMS(?:AccessDenied|Disabled|InvalidState|NotFound)Exception/,
    fact: 'Lambda Invoke API errors KMSAccessDeniedException…; DataBiosphere/azul#4200 (the body a client saw)',
    details: (m) => ({ kms: true, kmsError: kmsError(m.input) }) },

  // --- what the client saw ---------------------------------------------------------------------------
  { id: 'chalice-internal-error-body', cause: 'lambda_function_error', on: 'client', priority: 20, confidence: 'low',
    example: "{\"Code\":\"InternalServerError\",\"Message\":\"An internal server error occurred.\"}",
    pattern: /"Code"\s*:\s*"InternalServerError"\s*,\s*"Message"\s*:\s*"An internal server error occurred\."/,
    fact: 'aws/chalice chalice/app.py: a view that raises answers 500 with this body (the function ran and failed); appsecco case in test/fixtures/real-logs-evidence.jsonl' },
  { id: 'null-message-body', cause: 'unknown', on: 'client', priority: 5, confidence: 'low',
    example: "{\"message\": null}",
    pattern: /^\s*\{\s*"message"\s*:\s*null\s*\}\s*$/,
    fact: 'the default gateway response template {"message":$context.error.messageString} with no error message (localstack execute_api/gateway_response.py): a gateway-made answer, cause not said' },
  { id: 'logged-body-not-a-proxy-response', cause: 'malformed_proxy_response', on: 'logged-body', priority: 30, confidence: 'medium',
    example: "{\"statusCode\":200,\"body\":\"results\",\"ok\":true}",
    pattern: /^\s*\{[\s\S]*"statusCode"/,
    when: (_m, text) => !text.endsWith('[TRUNCATED]') && !checkProxyResponse(text, { api: 'rest' }).valid,
    fact: 'docs/facts.md (a): REST rejects a response with an unknown key, a non-string body… (LS-validated); beginner-lambda-7 in test/fixtures/real-logs-evidence.jsonl' },

  // --- the function's own log (Lambda) ---------------------------------------------------------------
  { id: 'lambda-timed-out-before-integration-timeout', cause: 'lambda_function_error', on: 'lambda', priority: 86, confidence: 'medium',
    example: "2020-06-03T07:18:30.907Z bc8a5cd5-a3dd-4cac-b2c4-fbfd52121f4d Task timed out after 6.01 seconds",
    pattern: /Task timed out after ([\d.]+) seconds/,
    when: (m) => seconds(m) < INTEGRATION_TIMEOUT_SECONDS,
    fact: 'docs/facts.md (a): a function timeout shorter than the integration timeout surfaces as a function error (502)',
    details: (m) => ({ lambdaTimedOutAfterSeconds: seconds(m), functionTimeout: true }) },
  { id: 'lambda-timed-out-after-integration-timeout', cause: 'integration_timeout', on: 'lambda', priority: 87, confidence: 'medium',
    example: "2024-05-21T19:49:18.701Z 3a5aa225-1b7c-4b0e-9a52-58c1f2c8d3e4 Task timed out after 30.03 seconds",
    pattern: /Task timed out after ([\d.]+) seconds/,
    when: (m) => seconds(m) >= INTEGRATION_TIMEOUT_SECONDS,
    fact: 'docs/facts.md (c): the REST integration timeout is 29 s by default; a function still running then gives the client 504 (DataBiosphere/azul#6284)',
    details: (m) => ({ lambdaTimedOutAfterSeconds: seconds(m), integrationTimeoutSeconds: INTEGRATION_TIMEOUT_SECONDS }) },
  { id: 'lambda-report-ran-past-integration-timeout', cause: 'integration_timeout', on: 'lambda', priority: 84, confidence: 'medium',
    example: "REPORT RequestId: 6f2bb7c1-0b1e-4a6e-9f44-2d3c8e1f0a55\tDuration: 93041.17 ms\tBilled Duration: 93042 ms\tMemory Size: 1024 MB\tMax Memory Used: 210 MB",
    pattern: /^REPORT RequestId: \S+\s+Duration: ([\d.]+) ms/,
    when: (m) => seconds(m) >= INTEGRATION_TIMEOUT_SECONDS * 1000,
    fact: 'docs/facts.md (d): after a 504 the function may still run to completion (a 93 s REPORT behind a gateway timeout, aws/chalice#537)',
    details: (m) => ({ lambdaDurationMs: seconds(m), integrationTimeoutSeconds: INTEGRATION_TIMEOUT_SECONDS }) },
  { id: 'lambda-report-status-timeout', cause: 'lambda_function_error', on: 'lambda', priority: 85, confidence: 'medium',
    example: "REPORT RequestId: 1b2c3d4e-0000-4000-8000-000000000001\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 68 MB\tStatus: timeout",
    pattern: /^REPORT RequestId: \S+\s+Duration: ([\d.]+) ms[\s\S]*\bStatus: timeout\b/,
    when: (m) => seconds(m) < INTEGRATION_TIMEOUT_SECONDS * 1000,
    fact: 'Lambda DG (monitoring-cloudwatchlogs): the REPORT line of a timed-out invocation ends "Status: timeout"',
    details: (m) => ({ lambdaDurationMs: seconds(m), functionTimeout: true }) },
  { id: 'lambda-max-memory-used', cause: 'lambda_function_error', on: 'lambda', priority: 88, confidence: 'medium',
    example: "REPORT RequestId: 1b2c3d4e-0000-4000-8000-000000000002\tDuration: 812.43 ms\tBilled Duration: 813 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB",
    pattern: /Memory Size: (\d+) MB\s+Max Memory Used: (\d+) MB/,
    when: (m) => num(m[2]) >= num(m[1]),
    fact: 'Lambda DG (monitoring-cloudwatchlogs): Max Memory Used at Memory Size means the function ran out of memory',
    details: (m) => ({ outOfMemory: true, memorySizeMb: num(m[1]), maxMemoryUsedMb: num(m[2]) }) },
  { id: 'lambda-runtime-out-of-memory', cause: 'lambda_function_error', on: 'lambda', priority: 89, confidence: 'medium',
    example: "RequestId: 1b2c3d4e-0000-4000-8000-000000000003 Error: Runtime exited with error: signal: killed\nRuntime.OutOfMemory",
    pattern: /Runtime\.OutOfMemory|JavaScript heap out of memory|MemoryError/,
    fact: 'Lambda DG (nodejs-exceptions, python-exceptions): Runtime.OutOfMemory, "JavaScript heap out of memory", MemoryError',
    details: () => ({ errorType: 'Runtime.OutOfMemory', outOfMemory: true }) },
  { id: 'lambda-import-module-error', cause: 'lambda_function_error', on: 'lambda', priority: 90, confidence: 'medium',
    example: "{\"errorType\":\"Runtime.ImportModuleError\",\"errorMessage\":\"Error: Cannot find module 'api'\\nRequire stack:\\n- /var/runtime/UserFunction.js\"}",
    pattern: /Runtime\.ImportModuleError|Unable to import module '([^']*)'|Cannot find module '([^']+)'|No module named '([^']+)'/,
    fact: 'Lambda DG (nodejs-handler, python-handler): Runtime.ImportModuleError; serverless-express#53, pulumi/examples#514 in test/fixtures/real-logs-evidence.jsonl',
    details: (m): JsonObject => ({ errorType: 'Runtime.ImportModuleError', ...(m[1] ? { handlerModule: str(m[1]) } : {}), ...(m[2] || m[3] ? { missingModule: str(m[2] ?? m[3]) } : {}) }) },
  { id: 'lambda-handler-not-found', cause: 'lambda_function_error', on: 'lambda', priority: 90, confidence: 'medium',
    example: "{\"errorType\":\"Runtime.HandlerNotFound\",\"errorMessage\":\"index.handler is undefined or not exported\"}",
    pattern: /Runtime\.HandlerNotFound|([\w$./-]+\.[\w$]+) is (?:undefined or not exported|not a function)/,
    fact: 'Lambda DG (nodejs-handler): Runtime.HandlerNotFound; serverless-express#370, valheim#32 in test/fixtures/real-logs-evidence.jsonl',
    details: (m): JsonObject => ({ errorType: 'Runtime.HandlerNotFound', ...(m[1] ? { handler: str(m[1]) } : {}) }) },
  { id: 'lambda-syntax-error', cause: 'lambda_function_error', on: 'lambda', priority: 90, confidence: 'medium',
    example: "{\"errorType\":\"Runtime.UserCodeSyntaxError\",\"errorMessage\":\"SyntaxError: Unexpected token 'export'\"}",
    pattern: /Runtime\.UserCodeSyntaxError|\bSyntaxError: ([^\n"]*)/,
    fact: 'Lambda DG (nodejs-exceptions): Runtime.UserCodeSyntaxError',
    details: (m): JsonObject => ({ errorType: 'Runtime.UserCodeSyntaxError', ...(m[1] ? { errorMessage: str(m[1]) } : {}) }) },
  { id: 'lambda-invalid-entrypoint', cause: 'lambda_function_error', on: 'lambda', priority: 89, confidence: 'medium',
    example: "Error Type: Runtime.InvalidEntrypoint",
    pattern: /Runtime\.InvalidEntrypoint/,
    fact: 'Lambda DG (images-create): Runtime.InvalidEntrypoint, the runtime could not start the entrypoint; contactform-api#30',
    details: () => ({ errorType: 'Runtime.InvalidEntrypoint' }) },
  { id: 'lambda-killed', cause: 'lambda_function_error', on: 'lambda', priority: 83, confidence: 'medium',
    example: "RequestId: 1b2c3d4e-0000-4000-8000-000000000004 Error: Runtime exited with error: signal: killed",
    pattern: /signal: killed/,
    fact: 'Lambda DG (troubleshooting-execution): "signal: killed" is the runtime stopped from outside, most often for memory',
    details: () => ({ errorType: 'Runtime.ExitError', killed: true }) },
  { id: 'lambda-init-error', cause: 'lambda_function_error', on: 'lambda', priority: 82, confidence: 'medium',
    example: "INIT_REPORT Init Duration: 10007.12 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError",
    pattern: /^INIT_REPORT\b[\s\S]*\bStatus: (error|timeout|failure)\b(?:[\s\S]*Error Type: (\S+))?/,
    fact: 'Lambda DG (monitoring-cloudwatchlogs): INIT_REPORT Status: error / timeout, the function never finished its init phase',
    details: (m): JsonObject => ({ initError: str(m[1]), ...(m[2] ? { errorType: str(m[2]) } : {}) }) },
  { id: 'lambda-runtime-exited', cause: 'lambda_function_error', on: 'lambda', priority: 80, confidence: 'medium',
    example: "RequestId: 1b2c3d4e-0000-4000-8000-000000000005 Error: Runtime exited with error: exit status 1",
    pattern: /Runtime exited with error: ([^\n]*)|Runtime\.ExitError|Process exited before completing request/,
    fact: 'Lambda DG (troubleshooting-execution): Runtime.ExitError, the process ended before it answered; test/fixtures/real-logs.jsonl aizatto-process-exited',
    details: (m): JsonObject => ({ errorType: 'Runtime.ExitError', ...(m[1] ? { exit: str(m[1]) } : {}) }) },
  { id: 'lambda-report-status-error', cause: 'lambda_function_error', on: 'lambda', priority: 71, confidence: 'medium',
    example: "REPORT RequestId: d1f425fb-f42b-4d4a-a6e5-1916edc4af25\tDuration: 11236.65 ms\tBilled Duration: 11237 ms\tMemory Size: 512 MB\tMax Memory Used: 250 MB\tStatus: error\tError Type: Runtime.Unknown",
    pattern: /^REPORT RequestId: [\s\S]*\bStatus: (?:error|failure)\b(?:[\s\S]*Error Type: (\S+))?/,
    fact: 'Lambda DG (monitoring-cloudwatchlogs): REPORT Status: error with the Error Type; DataBiosphere/azul#7466',
    details: (m): JsonObject => (m[1] ? { errorType: str(m[1]) } : {}) },
  { id: 'lambda-runtime-error-type', cause: 'lambda_function_error', on: 'lambda', priority: 70, confidence: 'medium',
    example: "Runtime.Unknown: Unknown application error occurred",
    pattern: /\b(Runtime\.[A-Z]\w+)/,
    fact: 'Lambda DG (troubleshooting-execution): the Runtime.* error types of the managed runtimes',
    details: (m) => ({ errorType: str(m[1]) }) },
  { id: 'lambda-error-object', cause: 'lambda_function_error', on: 'lambda', priority: 75, confidence: 'medium',
    example: "{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of undefined (reading 'id')\"}",
    pattern: /"errorType"\s*:\s*"((?:[^"\\]|\\.)*)"|"errorMessage"\s*:\s*"((?:[^"\\]|\\.)*)/,
    fact: 'Lambda DG (nodejs-exceptions, python-exceptions): an uncaught error is logged and returned as {"errorType","errorMessage","stackTrace"}',
    details: (m): JsonObject => ({ ...(m[1] ? { errorType: str(m[1]) } : {}), ...(m[2] ? { errorMessage: str(m[2]).replace(/\\n/g, '\n') } : {}) }) },
  { id: 'lambda-exception-line', cause: 'lambda_function_error', on: 'lambda', priority: 74, confidence: 'medium',
    example: "[ERROR] KeyError: 'ORDERS_TABLE'",
    pattern: /^(?:\[ERROR\] )?((?:[\w$]+\.)*[\w$]*(?:Error|Exception)): ([^\n]+)/,
    fact: 'Lambda DG (python-exceptions): an uncaught exception is logged as "[ERROR] <Type>: <message>" (Node.js: "ERROR Invoke Error"); awsinaction/apigateway#1',
    details: (m) => ({ errorType: str(m[1]), errorMessage: str(m[2]) }) },
  { id: 'lambda-uncaught-marker', cause: 'lambda_function_error', on: 'lambda', priority: 60, confidence: 'medium',
    example: "2021-02-12T08:22:17.961Z\tundefined\tERROR\tUncaught Exception",
    pattern: /Uncaught Exception|Invoke Error|Unhandled Promise Rejection/,
    fact: 'Lambda DG (nodejs-exceptions): the Node.js runtime logs "ERROR Uncaught Exception" / "ERROR Invoke Error" before the error object' },
  { id: 'lambda-error-line', cause: 'lambda_function_error', on: 'lambda', priority: 50, confidence: 'low',
    example: "[ERROR]\t2024-06-04T18:49:48.942Z\t1b2c3d4e-0000-4000-8000-000000000006\tpayment provider answered nothing usable",
    pattern: /^\[ERROR\] (.+)$/,
    fact: 'Lambda DG (python-logging, nodejs-logging): a line the function logged at level ERROR',
    details: (m) => ({ errorMessage: str(m[1]) }) },
  { id: 'lambda-runtime-413', cause: 'payload_too_large', on: 'lambda', priority: 100, confidence: 'high',
    example: "LAMBDA_RUNTIME Failed to post handler success response. Http response code: 413.",
    pattern: /Failed to post handler success response\. Http response code: 413/,
    fact: 'docs/facts.md (c): landing-zone-accelerator-on-aws#145' },
  { id: 'lambda-kms-decrypt', cause: 'lambda_service_error', on: 'lambda', priority: 100, confidence: 'high',
    example: "Calling the invoke API action failed with this message: Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings. KMS Exception: AccessDeniedExceptionKMS Message: The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.",
    pattern: /Lambda was unable to decrypt the environment variables because KMS|KMS(?:AccessDenied|Disabled|InvalidState|NotFound)Exception/,
    fact: 'Lambda Invoke API errors KMSAccessDeniedException…; DataBiosphere/azul#4200 (the Lambda console\'s test output)',
    details: (m) => ({ kms: true, kmsError: kmsError(m.input) }) },
  { id: 'lambda-invoke-api-failed', cause: 'lambda_service_error', on: 'lambda', priority: 60, confidence: 'medium',
    example: "Calling the invoke API action failed with this message: Rate Exceeded.",
    pattern: /^Calling the invoke API action failed with this message: ([^\n]*)/,
    fact: 'the Lambda console\'s test output when the Invoke call itself failed (the function did not run); DataBiosphere/azul#4200',
    details: (m) => ({ errorMessage: str(m[1]) }) },
  { id: 'lambda-process-exited', cause: 'lambda_function_error', on: 'lambda', priority: 81, confidence: 'medium',
    example: "RequestId: 80572150-944e-40e5-b782-aca7f713289f Process exited before completing request",
    pattern: /Process exited before completing request/,
    fact: 'test/fixtures/real-logs.jsonl: aizatto-process-exited (the function log\'s own line)',
    details: () => ({ errorType: 'Runtime.ExitError' }) },
  { id: 'lambda-function-role-denied', cause: 'lambda_function_error', on: 'lambda', priority: 76, confidence: 'medium',
    example: "[ERROR] AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/orders-role/orders is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders",
    pattern: /(?:User: (arn:aws[\w-]*:sts::\d{12}:assumed-role\/[^/\s]+)\S* )?is not authorized to perform: ([\w-]+:[\w*]+)(?: on resource: ([^\s",]+))?/,
    fact: 'IAM AccessDenied wording in the function\'s own log: its execution role lacks the action',
    details: (m): JsonObject => ({ deniedAction: str(m[2]), ...(m[3] ? { deniedResource: str(m[3]) } : {}), ...(m[1] ? { roleArn: str(m[1]).replace(':sts::', ':iam::').replace(':assumed-role/', ':role/') } : {}) }) },
  ...ERROR_TYPE_RULES,
];

/** `AccessDeniedException` etc. out of Lambda's KMS message (`KMS Exception: AccessDeniedExceptionKMS Message: …`). */
function kmsError(text: string): string {
  return /KMS Exception: (\w+?Exception)/.exec(text)?.[1] ?? /(KMS\w+Exception)/.exec(text)?.[1] ?? 'AccessDeniedException';
}

/** Routine execution-log messages: never evidence of a failure, so the rules skip them (hot path). */
export const ROUTINE_MESSAGE = /^(?:Extended Request Id|Verifying Usage Plan|API Key |Usage Plan check|Starting execution|HTTP Method:|Method request |Endpoint request (?:URI|headers|body)|Sending request to|Received response\.|Endpoint response (?:headers|body)|Method response |Successfully completed|Method completed|AWS Integration Endpoint|X-ray Tracing|Incoming identity|Authorizer result body|Execution log for request|Starting authorizer|Using valid authorizer|Key throttle limit|Response Code:|Response$|Latency \d|Status: \d{3}$|Response Body:|Response Headers:|Logs:)/;
