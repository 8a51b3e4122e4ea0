/**
 * What each cause means in plain words and what to do about it. Shared by the CLI report and the
 * notifications, so an on-call engineer reads the same explanation everywhere.
 */
import type { CauseId } from './model.ts';

/** A cause, explained. */
export interface CauseInfo {
  /** Short title, e.g. "Lambda returned a malformed proxy response". */
  readonly title: string;
  /** Why API Gateway answered with a 5xx. */
  readonly why: string;
  /** What to do, most likely fix first. */
  readonly todo: readonly string[];
}

/** The explanation of every cause id. */
export const CAUSES: Readonly<Record<CauseId, CauseInfo>> = {
  malformed_proxy_response: {
    title: 'Lambda returned a malformed proxy response',
    why: 'With a Lambda proxy integration, API Gateway only accepts {statusCode, headers, multiValueHeaders, body, isBase64Encoded}, with body a string. Anything else (body as an object, an extra key, a bare string, nothing at all) becomes a 502.',
    todo: [
      'Return body as a string: JSON.stringify(data) in Node.js, json.dumps(data) in Python.',
      'Remove keys other than statusCode, headers, multiValueHeaders, body, isBase64Encoded (REST APIs reject unknown keys).',
      'Run `apigw-doctor check-response` on the "Endpoint response body before transformations" to see every violated rule.',
    ],
  },
  missing_invoke_permission: {
    title: 'API Gateway is not allowed to invoke the Lambda function',
    why: "The function's resource-based policy has no statement letting apigateway.amazonaws.com invoke it for this API, stage and method (often after the API was re-created with a new id, or a deploy removed the permission). API Gateway answers 500 before the function runs.",
    todo: [
      'Add the permission: aws lambda add-permission --function-name <fn> --statement-id <id> --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn arn:aws:execute-api:<region>:<account>:<apiId>/*/<METHOD>/<path>',
      'Put the same permission in your IaC (AWS::Lambda::Permission / aws_lambda_permission / fn.addPermission) so the next deploy keeps it.',
      'Run `apigw-doctor diagnose` to get the exact command with your identifiers.',
    ],
  },
  credentials_role_error: {
    title: 'API Gateway cannot use the integration or authorizer role',
    why: "The role set as the integration's (or authorizer's) credentials does not trust apigateway.amazonaws.com, or is not allowed to call the target. With caller credentials, the caller's own role needs lambda:InvokeFunction.",
    todo: [
      "Add apigateway.amazonaws.com to the role's trust policy (sts:AssumeRole).",
      'Allow lambda:InvokeFunction on the function in the role policy.',
    ],
  },
  integration_timeout: {
    title: 'The integration did not answer within the integration timeout',
    why: 'API Gateway waited for the backend for the whole integration timeout (29 s by default for REST APIs) and answered 504. The backend may still have finished later.',
    todo: [
      "Make the backend answer faster (pagination, async processing, more Lambda memory), or set the function's timeout below the integration timeout so it fails visibly.",
      'For Regional and private REST APIs the integration timeout can be raised above 29 s (not for edge-optimized APIs or HTTP APIs).',
    ],
  },
  lambda_function_error: {
    title: 'The Lambda function failed',
    why: 'The function threw an error, crashed or timed out. Lambda answered with X-Amz-Function-Error and API Gateway turned that into a 502.',
    todo: [
      "Open the function's logs for the Lambda request id and fix the error.",
      'Catch errors in the handler and return a proper {statusCode: 500, body} response so clients get a useful answer.',
    ],
  },
  lambda_throttled: {
    title: 'Lambda throttled the invocation',
    why: "The function hit its reserved concurrency (0 means switched off) or the account's concurrency limit. Lambda answered 429 (Rate Exceeded) and API Gateway returned 500.",
    todo: [
      'Check the reserved concurrency: aws lambda get-function-concurrency --function-name <fn> (0 = every call is throttled).',
      'Raise the reserved concurrency or the account limit, or throttle clients with a usage plan so they get 429 instead of 500.',
    ],
  },
  lambda_service_error: {
    title: 'The Lambda service failed',
    why: 'Lambda itself returned an error (Type: Service), not your code. API Gateway answered 500.',
    todo: ['Retry; if it persists, check the AWS Health Dashboard for Lambda in this Region.'],
  },
  payload_too_large: {
    title: "The function's response is over Lambda's 6 MB limit",
    why: 'A synchronous Lambda response may be at most 6 MB. The function finished, but Lambda could not return its response, so API Gateway answered 502.',
    todo: [
      'Return less data (pagination, compression) or return a pre-signed S3 URL for large payloads.',
    ],
  },
  function_not_found: {
    title: 'The integration points at a function that does not exist',
    why: 'The function, version or alias in the integration URI does not exist, or a stage variable in the URI has no value on this stage, so the function name resolves to nothing.',
    todo: [
      'Check the function name and alias in the integration URI.',
      'Set the stage variable on this stage (aws apigateway update-stage ... op=replace,path=/variables/<name>,value=<value>).',
    ],
  },
  integration_misconfigured: {
    title: 'The integration is misconfigured',
    why: 'API Gateway could not call the backend as configured: a Lambda integration that does not use POST, or an endpoint address that does not resolve.',
    todo: [
      'Lambda integrations must use integration HTTP method POST (whatever the method clients call).',
      'Check the endpoint URI of HTTP integrations.',
    ],
  },
  authorizer_error: {
    title: 'The authorizer failed',
    why: 'The Lambda authorizer crashed or returned something that is not a valid authorizer response, so API Gateway answered 500 before the integration ran.',
    todo: [
      "Open the authorizer function's logs and fix the error.",
      'Make the authorizer return {principalId, policyDocument} (or {isAuthorized} for HTTP API simple responses).',
    ],
  },
  network_or_vpc_link: {
    title: 'API Gateway could not reach the backend through the network or VPC link',
    why: 'The VPC link, its load balancer or the TLS certificate behind it failed, so API Gateway answered 500.',
    todo: [
      'Check the VPC link status and the target group health of its load balancer.',
      "Make the backend's TLS certificate match the host name in the integration URI.",
    ],
  },
  http_backend_error: {
    title: 'The HTTP backend failed (TLS or connection)',
    why: "API Gateway could not complete the HTTPS call to the backend: the certificate is expired, self-signed or not trusted, or the connection failed.",
    todo: ["Renew the backend's certificate or use one from a CA API Gateway trusts."],
  },
  mapping_template_error: {
    title: 'A mapping template or integration response mapping failed',
    why: 'The request or response mapping (VTL template, content handling, integration response selection) could not be applied, so API Gateway answered 500.',
    todo: [
      'Check the request template and content handling (binary media types) of the integration.',
      'Make every integration response map to a method response that exists.',
    ],
  },
  unknown: {
    title: 'API Gateway answered with a 5xx but the log does not say why',
    why: 'The lines available show the failure but not its cause (access logs without $context.integrationErrorMessage, or execution logging off).',
    todo: [
      'Turn on execution logging (ERROR) for the stage and add $context.integrationErrorMessage and $context.error.responseType to the access log format.',
      'Run `apigw-doctor diagnose` against the stage.',
    ],
  },
};
