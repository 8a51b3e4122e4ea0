/**
 * What each cause means in plain words and what to do about it. Shared by the CLI report and the
 * notifications, so an on-call engineer reads the same explanation everywhere.
 */
import type { CauseId, JsonValue } from './model.ts';

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

/** A finding's details as `adviceFor` reads them. */
type Details = { readonly [key: string]: JsonValue };

const text = (d: Details, key: string): string | null => (typeof d[key] === 'string' ? (d[key] as string) : null);
const number = (d: Details, key: string): number | null => (typeof d[key] === 'number' ? (d[key] as number) : null);
const flag = (d: Details, key: string): boolean => d[key] === true;

/** The inputs a finding was read from, beyond the gateway's own logs (classify's `details.inputs`). */
function inputs(d: Details): readonly string[] {
  const v = d['inputs'];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The advice for a Lambda function error, by what the function's log or the gateway says it was. */
function functionErrorAdvice(d: Details): CauseInfo | null {
  const base = CAUSES.lambda_function_error;
  const type = text(d, 'errorType') ?? '';
  const timedOut = number(d, 'lambdaTimedOutAfterSeconds');
  if (flag(d, 'functionTimeout') || (timedOut !== null && timedOut < 29)) {
    const after = timedOut !== null ? `${String(timedOut)} s` : 'its timeout';
    return {
      title: 'The Lambda function hit its own timeout',
      why: `The function ran into its configured timeout (${after}) before API Gateway's integration timeout, so Lambda stopped it and API Gateway answered 502. It was cut off, not crashed: catching errors in the handler does not help.`,
      todo: [
        'Find what the function waits on (a database, an HTTP call, a VPC without a NAT gateway so AWS API calls hang) with the REPORT Duration and X-Ray; give those calls their own shorter timeouts.',
        "Raise the function's timeout if the work needs it (aws lambda update-function-configuration --function-name <fn> --timeout <s>), staying below the integration timeout (29 s) so a slow call still fails visibly.",
        'More memory also means more CPU: a CPU-bound function often finishes faster with a larger MemorySize.',
      ],
    };
  }
  if (flag(d, 'outOfMemory') || type === 'Runtime.OutOfMemory') {
    const used = number(d, 'maxMemoryUsedMb') ?? number(d, 'memorySizeMb');
    return {
      title: 'The Lambda function ran out of memory',
      why: `The function used all the memory it has${used !== null ? ` (${String(used)} MB)` : ''}, so the runtime was stopped mid-request and API Gateway answered 502.`,
      todo: [
        'Raise the memory: aws lambda update-function-configuration --function-name <fn> --memory-size <MB> (and in your IaC).',
        'Look for what grows per request (whole files or result sets read into memory, caches without a bound) and stream or page it instead.',
      ],
    };
  }
  if (type === 'Runtime.ImportModuleError') {
    const module = text(d, 'missingModule') ?? text(d, 'handlerModule');
    return {
      title: 'The Lambda function cannot load its code (ImportModuleError)',
      why: `The runtime could not import the handler's module${module !== null ? ` ('${module}')` : ''}: the handler setting names a file that is not in the package, or a dependency was not packaged. Every invocation fails before your code runs.`,
      todo: [
        "Check the function's Handler setting (file.export, e.g. index.handler for index.js / index.mjs at the root of the package) against what the deployment package contains.",
        'Package the dependencies with the code (node_modules or the Python packages at the root of the zip, or in a layer) and deploy the build output, not the source folder.',
        'Match the runtime to the code: ES modules need .mjs or "type": "module"; a package built for another Python version or CPU architecture does not import.',
      ],
    };
  }
  if (type === 'Runtime.HandlerNotFound') {
    const handler = text(d, 'handler');
    return {
      title: 'The Lambda handler is not exported',
      why: `The module loads, but the handler the function configuration names${handler !== null ? ` (${handler})` : ''} is not an exported function, so every invocation fails.`,
      todo: [
        'Export the handler by the name the Handler setting uses: exports.handler = … (CommonJS) or export const handler = … (ES modules; a default export is not found).',
        'Check that a bundler (webpack, esbuild) keeps the export in the output file the Handler setting points at.',
      ],
    };
  }
  if (type === 'Runtime.UserCodeSyntaxError') {
    return {
      title: "The Lambda function's code does not parse",
      why: 'The runtime could not load the code because of a syntax error (often code written for a newer runtime version than the function uses), so every invocation fails.',
      todo: ["Run the code with the function's runtime version locally, fix the syntax error, or move the function to the runtime the code is written for."],
    };
  }
  if (type === 'Runtime.InvalidEntrypoint' || text(d, 'initError') !== null || type === 'Runtime.ExitError' || flag(d, 'killed')) {
    return {
      title: 'The Lambda function crashed or could not start',
      why: `${text(d, 'initError') !== null ? 'The function failed its init phase' : type === 'Runtime.InvalidEntrypoint' ? 'The runtime could not start the function\'s entrypoint' : 'The function\'s process exited before it answered'}${flag(d, 'killed') ? ' (killed by a signal, most often for using all its memory)' : ''}, so Lambda reported an error and API Gateway answered 502.`,
      todo: [
        flag(d, 'killed') ? 'Compare Max Memory Used with Memory Size in the REPORT line; raise the memory if they are equal.' : "Read the function's log just before the error for the exception or exit code.",
        type === 'Runtime.InvalidEntrypoint' ? 'For container images, check ENTRYPOINT/CMD and that the image is built for the function\'s architecture.' : 'Keep the init code (outside the handler) small and safe: an exception there fails every cold start (init has a 10 s limit).',
      ],
    };
  }
  const action = text(d, 'deniedAction');
  if (action !== null) {
    return {
      title: "The Lambda function's own AWS call was denied",
      why: `The function ran, but its execution role is not allowed to call ${action}${text(d, 'deniedResource') !== null ? ` on ${text(d, 'deniedResource') ?? ''}` : ''}, so it failed and API Gateway answered with an error.`,
      todo: [
        `Allow ${action} on that resource in the function's execution role${text(d, 'roleArn') !== null ? ` (${text(d, 'roleArn') ?? ''})` : ''}, in your IaC (e.g. table.grantReadData(fn) in CDK).`,
        'Catch AWS errors in the handler and return a proper {statusCode, body} so clients get a useful answer.',
      ],
    };
  }
  return base;
}

/**
 * The explanation of a finding: the cause's, made specific by what the finding's details say (a
 * function timeout is not a crash, an out-of-memory is not a timeout, a KMS failure is not a Lambda
 * outage, an unrecognised failure line is not "logging is off").
 */
export function adviceFor(cause: CauseId, details: Details): CauseInfo {
  switch (cause) {
    case 'lambda_function_error':
      return functionErrorAdvice(details) ?? CAUSES[cause];
    case 'integration_timeout': {
      const ranFor = number(details, 'lambdaTimedOutAfterSeconds') ?? (number(details, 'lambdaDurationMs') !== null ? Math.round((number(details, 'lambdaDurationMs') ?? 0) / 100) / 10 : null);
      if (ranFor === null) return CAUSES[cause];
      return {
        title: 'The function ran longer than the integration timeout',
        why: `The function's own log shows it ran ${String(ranFor)} s; API Gateway stops waiting after the integration timeout (29 s by default), so the client got 504 while the function went on.`,
        todo: [
          "Set the function's timeout below the integration timeout, so a slow request fails (and shows in the logs) instead of running on after the client got 504.",
          'Answer within the timeout: move long work to an asynchronous path (return 202 and process from a queue or Step Functions) or page the work.',
          'For Regional and private REST APIs the integration timeout can be raised above 29 s (not for edge-optimized APIs or HTTP APIs).',
        ],
      };
    }
    case 'lambda_service_error':
      if (flag(details, 'kms')) {
        return {
          title: "Lambda could not decrypt the function's environment variables (KMS)",
          why: `Lambda refused to start the function: the KMS key that encrypts its environment variables ${text(details, 'kmsError') === 'AccessDeniedException' || text(details, 'kmsError') === null ? 'denied the decrypt' : `failed (${text(details, 'kmsError') ?? ''})`}. Often the execution role was deleted and re-created under the same name, which breaks the key's grant, or the key was disabled or deleted. API Gateway answered 500 and the function logged nothing.`,
          todo: [
            "Let the execution role use the key: allow kms:Decrypt for the role in the key policy (customer managed key) and check the key is enabled.",
            "Re-create the grant by saving the function's configuration again: aws lambda update-function-configuration --function-name <fn> --kms-key-arn <key-arn> (or without a key, for the AWS managed one).",
          ],
        };
      }
      return CAUSES[cause];
    case 'authorizer_error':
      if (text(details, 'gatewayErrorType') !== null && inputs(details).length > 0) {
        return {
          ...CAUSES[cause],
          why: `The response carried x-amzn-ErrorType: ${text(details, 'gatewayErrorType') ?? ''}: API Gateway's authorizer step failed (the authorizer crashed, timed out, could not be invoked, or returned something that is not a valid policy), so the integration never ran. A browser often reports this as a CORS error, since the gateway's error response has no CORS headers.`,
          todo: [
            "Open the authorizer function's logs at that time; run the authorizer with the console's Test button.",
            'Make the authorizer return {principalId, policyDocument} or throw "Unauthorized" (not an HTTP-style {statusCode} object).',
            'Check that API Gateway may invoke the authorizer (its resource policy or the authorizer credentials role).',
          ],
        };
      }
      return CAUSES[cause];
    case 'unknown': {
      const unrecognized = text(details, 'unrecognized');
      if (unrecognized !== null) {
        return {
          title: 'API Gateway gives a reason apigw-doctor does not recognise',
          why: `The log says why the request failed, in words no rule knows yet: "${unrecognized.length > 200 ? `${unrecognized.slice(0, 199)}…` : unrecognized}". Logging is on; the line is quoted as evidence.`,
          todo: [
            'Read the quoted line: it names what API Gateway could not do (search its wording in the API Gateway documentation and re:Post).',
            'Run `apigw-doctor diagnose` against the stage to check the configuration the line is about.',
            'Report the wording (an issue with the line) so a rule can name its cause.',
          ],
        };
      }
      const from = inputs(details);
      if (from.length > 0 && from.every((i) => i === 'http-transcript' || i === 'client-body' || i === 'client-error' || i === 'websocket')) {
        const id = text(details, 'extendedRequestId');
        return {
          title: 'The client got a 5xx; what it saw does not say why',
          why: `Only the client's side is here (status${text(details, 'gatewayErrorType') !== null ? `, x-amzn-ErrorType ${text(details, 'gatewayErrorType') ?? ''}` : ''}${from.includes('client-body') || from.includes('websocket') ? ', body' : ''}). API Gateway's generic error responses (Internal server error, InternalServerErrorException) cover many causes; the gateway's own logs name the one.`,
          todo: [
            `Find the request in the execution log (API-Gateway-Execution-Logs_<apiId>/<stage>) or the access log by its request id (x-amzn-RequestId${id !== null ? `; extended id ${id}` : ''}) and run apigw-doctor classify on those lines.`,
            "Read the function's own log around that time (its REPORT, Task timed out, Runtime.* lines) and paste it too.",
            'If the stage has no execution log, turn it on (ERROR level) and add $context.integrationErrorMessage to the access log format.',
          ],
        };
      }
      return CAUSES[cause];
    }
    default:
      return CAUSES[cause];
  }
}
