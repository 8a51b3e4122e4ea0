/**
 * The classification rules: API Gateway's own wordings, each mapped to a cause, with the fact it
 * comes from (a `docs/facts.md` section, or the public source). Adding a wording is one
 * entry. Where several rules match one request, the highest `priority` wins: a specific wording
 * (a throttle body inside a 2018 "Malformed" response, `X-Amz-Function-Error=Unhandled`) beats the
 * generic line it came with.
 */
import type { CauseId, Confidence, JsonObject } from '../model.ts';

/** Where in a request's evidence a rule looks. */
export type RuleTarget =
  /** Execution-log messages that are not routine, access-log error texts, client-body messages. */
  | 'message'
  /** The endpoint response headers and body before transformations. */
  | 'response'
  /** The authorizer result body. */
  | 'authorizer'
  /** An access log's `$context.error.responseType` value. */
  | 'response-type';

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
}

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
];

/** Routine execution-log messages: never evidence of a failure, so the rules skip them (hot path). */
export const ROUTINE_MESSAGE = /^(?:Extended Request Id|Verifying Usage Plan|API Key |Usage Plan check|Starting execution|HTTP Method:|Method request |Endpoint request (?:URI|headers|body)|Sending request to|Received response\.|Endpoint response (?:headers|body)|Method response |Successfully completed|Method completed|AWS Integration Endpoint|X-ray Tracing|Incoming identity|Authorizer result body|Execution log for request|Starting authorizer|Using valid authorizer|Key throttle limit|Response Code:|Response$|Latency \d)/;
