/**
 * Check `cors-preflight`: a browser sends `OPTIONS` before any cross-origin call with custom headers or a
 * JSON body, and blocks the real call when that preflight does not answer 2xx with the CORS headers. On a
 * REST API the preflight is usually a MOCK integration, and the ways it breaks are API Gateway
 * configuration errors the client sees as a 500 (docs/facts.md (i)):
 * - no integration on the OPTIONS method: CreateDeployment refuses the whole API ("No integration defined
 *   for method"), so no later change reaches any stage;
 * - a MOCK whose `application/json` request template does not produce an integer `statusCode` (a
 *   preflight has no body, so passthrough gives the mock nothing to read): "Unable to parse statusCode.
 *   It should be an integer that is defined in the request template.";
 * - a MOCK with no integration response for that status and no default one: "No match for output mapping
 *   and no default output mapping configured. Endpoint Response Status Code: 200".
 * Any other integration (a Lambda proxy answering OPTIONS, an ANY method catching it) is judged by the
 * failing requests: OPTIONS requests among the 5xx of the window are a warning on that path.
 * Pure: works on the methods and findings the diagnosis already read.
 */
import type { CheckResult, Finding, SdkRequest } from '../model.ts';
import type { IntegrationInfo, MethodInfo, ReadFailure } from '../../ports/account-reader.ts';
import type { MethodRef, StageRef } from './check-support.ts';
import { createDeploymentRequest, escapeResourcePath, iacText, methodLabel, skipForReadFailure, stageArn } from './check-support.ts';
import { requestsFix, sdkRequest } from './sdk-request.ts';

/** One method of the stage as this check sees it. */
export interface PreflightMethod {
  readonly method: MethodRef;
  /** Null when the method has no integration (or it could not be read: then `integrationFailure` says why). */
  readonly integration: IntegrationInfo | null;
  readonly integrationFailure?: ReadFailure;
  /** The method responses declared on the method (status code → response), when known. */
  readonly methodResponses?: MethodInfo['methodResponses'];
}

/** What `checkCorsPreflight` needs. */
export interface CorsPreflightInput {
  readonly stage: StageRef;
  readonly methods: readonly PreflightMethod[];
  /** The failing requests of the window (5xx only; a request below 500 gives no finding). */
  readonly findings: readonly Finding[];
}

/** The content type API Gateway selects a request template by when a request has none (a preflight has none). */
const DEFAULT_CONTENT_TYPE = 'application/json';
/** What the mock's request template must render to answer 200 (DG "Mock integrations for REST APIs"). */
const MOCK_STATUS_TEMPLATE = '{"statusCode": 200}';
/** The headers the console's "Enable CORS" allows by default. */
const ALLOW_HEADERS = 'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token';
const CORS_HEADERS = ['Access-Control-Allow-Headers', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Origin'] as const;

function detail(finding: Finding, key: string): string | null {
  const value = finding.details[key];
  return typeof value === 'string' ? value : null;
}

/** How many failing requests a finding stands for (access-log rows without request id are grouped). */
function countOf(finding: Finding): number {
  const count = finding.details['count'];
  return typeof count === 'number' && count > 0 ? count : 1;
}

/** The status code a mock request template renders, when it is written as a literal; null when it is not found. */
export function templateStatusCode(template: string): string | null {
  return /["']?statusCode["']?\s*:\s*["']?(\d{3})\b/.exec(template)?.[1] ?? null;
}

/** True when an integration response is selected for `status` (a default one has no selection pattern). */
function selects(pattern: string | undefined, status: string): boolean {
  if (pattern === undefined || pattern === '') return true;
  try {
    // API Gateway matches the selection pattern against the whole status code.
    return new RegExp(`^(?:${pattern})$`).test(status);
  } catch {
    return false;
  }
}

/** The verbs of the resource's other methods, for Access-Control-Allow-Methods. */
function allowedMethods(resourcePath: string, methods: readonly PreflightMethod[]): string {
  const verbs = new Set(methods.filter((m) => m.method.resourcePath === resourcePath).map((m) => m.method.httpMethod.toUpperCase()));
  verbs.add('OPTIONS');
  if (verbs.has('ANY')) return "'*'";
  return `'${[...verbs].sort().join(',')}'`;
}

function methodKey(stage: StageRef, method: MethodRef): { restApiId: string; resourceId: string; httpMethod: string } {
  return { restApiId: stage.restApiId, resourceId: method.resourceId, httpMethod: method.httpMethod.toUpperCase() };
}

/** PutMethodResponse declaring the CORS headers for `status`, unless the method already declares that status. */
function methodResponseRequests(stage: StageRef, m: PreflightMethod, status: string): SdkRequest[] {
  if (m.methodResponses?.[status] !== undefined) return [];
  return [
    sdkRequest('api-gateway', 'PutMethodResponse', stage.region, {
      ...methodKey(stage, m.method),
      statusCode: status,
      responseParameters: Object.fromEntries(CORS_HEADERS.map((h) => [`method.response.header.${h}`, false])),
    }),
  ];
}

/** PutIntegrationResponse: the default response for `status`, carrying the CORS headers. */
function integrationResponseRequest(stage: StageRef, m: PreflightMethod, status: string, methods: readonly PreflightMethod[]): SdkRequest {
  return sdkRequest('api-gateway', 'PutIntegrationResponse', stage.region, {
    ...methodKey(stage, m.method),
    statusCode: status,
    responseParameters: {
      'method.response.header.Access-Control-Allow-Headers': `'${ALLOW_HEADERS}'`,
      'method.response.header.Access-Control-Allow-Methods': allowedMethods(m.method.resourcePath, methods),
      'method.response.header.Access-Control-Allow-Origin': "'*'",
    },
  });
}

/** The template change that keeps the preflight a working MOCK. */
function preflightIac(m: PreflightMethod, methods: readonly PreflightMethod[]): string {
  const verbs = allowedMethods(m.method.resourcePath, methods);
  return iacText({
    cdk: [
      `// on the resource ${m.method.resourcePath}: a MOCK OPTIONS method with the request template and integration response`,
      `resource.addCorsPreflight({ allowOrigins: apigateway.Cors.ALL_ORIGINS, allowMethods: ${verbs === "'*'" ? 'apigateway.Cors.ALL_METHODS' : `[${verbs.slice(1, -1).split(',').map((v) => `'${v}'`).join(', ')}]`} });`,
    ].join('\n'),
    cloudFormation: [
      'Type: AWS::ApiGateway::Method',
      'Properties:',
      '  HttpMethod: OPTIONS',
      '  AuthorizationType: NONE',
      '  MethodResponses:',
      "    - StatusCode: '200'",
      '      ResponseParameters:',
      ...CORS_HEADERS.map((h) => `        method.response.header.${h}: false`),
      '  Integration:',
      '    Type: MOCK',
      '    RequestTemplates:',
      `      application/json: '${MOCK_STATUS_TEMPLATE}'`,
      '    IntegrationResponses:',
      "      - StatusCode: '200'",
      '        ResponseParameters:',
      `          method.response.header.Access-Control-Allow-Headers: "'${ALLOW_HEADERS}'"`,
      `          method.response.header.Access-Control-Allow-Methods: "${verbs}"`,
      `          method.response.header.Access-Control-Allow-Origin: "'*'"`,
    ].join('\n'),
    terraform: [
      'resource "aws_api_gateway_integration" "options" {',
      '  http_method       = "OPTIONS"',
      '  type              = "MOCK"',
      `  request_templates = { "application/json" = jsonencode({ statusCode = 200 }) }`,
      '}',
      'resource "aws_api_gateway_integration_response" "options" {',
      '  http_method = "OPTIONS"',
      '  status_code = "200"',
      '  response_parameters = {',
      `    "method.response.header.Access-Control-Allow-Headers" = "'${ALLOW_HEADERS}'"`,
      `    "method.response.header.Access-Control-Allow-Methods" = "${verbs}"`,
      `    "method.response.header.Access-Control-Allow-Origin"  = "'*'"`,
      '  }',
      '}',
    ].join('\n'),
  });
}

/** The failing OPTIONS requests of one path (any path when `path` is null), and what they say. */
function failingPreflights(findings: readonly Finding[], path: string | null): { count: number; causes: string[]; statuses: string[] } {
  const hits = findings.filter((f) => detail(f, 'method')?.toUpperCase() === 'OPTIONS' && (path === null || detail(f, 'resourcePath') === path));
  return {
    count: hits.reduce((n, f) => n + countOf(f), 0),
    causes: [...new Set(hits.map((f) => f.cause))].sort(),
    statuses: [...new Set(hits.flatMap((f) => (f.status === null ? [] : [String(f.status)])))].sort(),
  };
}

function seenText(seen: { count: number; statuses: string[] }): string {
  if (seen.count === 0) return '';
  const statuses = seen.statuses.length === 0 ? '5xx' : seen.statuses.join('/');
  return ` ${seen.count} preflight request${seen.count === 1 ? '' : 's'} failed with ${statuses} in the window.`;
}

const ORIGIN_NOTE = "Access-Control-Allow-Origin '*' is what the console's Enable CORS sets; put your site's origin there if the API takes credentials.";

/** The result for one OPTIONS method, or null when it is fine. */
function judge(input: CorsPreflightInput, m: PreflightMethod): CheckResult | null {
  const { stage } = input;
  const resource = methodLabel(m.method);
  const seen = failingPreflights(input.findings, m.method.resourcePath);
  if (m.integration === null) {
    if (m.integrationFailure !== undefined) return skipForReadFailure('cors-preflight', resource, m.integrationFailure);
    return {
      id: 'cors-preflight',
      status: 'fail',
      resource,
      message:
        `${resource} has no integration: CreateDeployment refuses the whole API ("No integration defined for method"), so no change since ` +
        `reaches stage ${stage.stageName}, and browsers get whatever the last deployment answers to the preflight.${seenText(seen)} ` +
        `Give it a MOCK integration that answers 200 with the CORS headers, then deploy. ${ORIGIN_NOTE}`,
      supports: ['integration_misconfigured'],
      fix: requestsFix(
        [
          ...methodResponseRequests(stage, m, '200'),
          sdkRequest('api-gateway', 'PutIntegration', stage.region, {
            ...methodKey(stage, m.method),
            type: 'MOCK',
            requestTemplates: { [DEFAULT_CONTENT_TYPE]: MOCK_STATUS_TEMPLATE },
            passthroughBehavior: 'WHEN_NO_MATCH',
          }),
          integrationResponseRequest(stage, m, '200', input.methods),
          createDeploymentRequest(stage),
        ],
        preflightIac(m, input.methods),
      ),
    };
  }
  const type = (m.integration.type ?? '').toUpperCase();
  if (type !== 'MOCK') {
    if (seen.count === 0) return null;
    return {
      id: 'cors-preflight',
      status: 'warn',
      resource,
      message:
        `Preflights to ${m.method.resourcePath} fail:${seenText(seen)} ${resource} is answered by its ${type || 'unknown'} integration, so whatever ` +
        `breaks it (${seen.causes.join(', ')}) also breaks every browser call to this path with a CORS error. The other checks on this method ` +
        `say why; a MOCK OPTIONS method answering 200 with the CORS headers takes the backend out of the preflight.`,
    };
  }
  const templates = m.integration.requestTemplates ?? {};
  const template = templates[DEFAULT_CONTENT_TYPE];
  if (template === undefined || !/statusCode/.test(template)) {
    const has = Object.keys(templates).length === 0 ? 'no request template' : `request templates only for ${Object.keys(templates).sort().join(', ')}`;
    return {
      id: 'cors-preflight',
      status: 'fail',
      resource,
      message:
        `The MOCK integration of ${resource} has ${template === undefined ? has : 'an application/json request template without a statusCode'}: ` +
        `a preflight has no body and no Content-Type, so the mock finds no statusCode and API Gateway answers 500 ` +
        `("Unable to parse statusCode. It should be an integer that is defined in the request template").${seenText(seen)} ` +
        `Set the application/json template to ${MOCK_STATUS_TEMPLATE}, then deploy.`,
      supports: ['integration_misconfigured'],
      fix: requestsFix(
        [
          sdkRequest('api-gateway', 'UpdateIntegration', stage.region, {
            ...methodKey(stage, m.method),
            patchOperations: [{ op: template === undefined ? 'add' : 'replace', path: `/requestTemplates/${escapeResourcePath(DEFAULT_CONTENT_TYPE)}`, value: MOCK_STATUS_TEMPLATE }],
          }),
          createDeploymentRequest(stage),
        ],
        preflightIac(m, input.methods),
      ),
    };
  }
  // A template that computes the status (VTL) cannot be judged here; a literal one can.
  const status = templateStatusCode(template);
  const responses = Object.values(m.integration.integrationResponses ?? {});
  const selected = status === null ? responses.length > 0 : responses.some((r) => selects(r.selectionPattern, status));
  if (!selected) {
    const shown = status ?? '200';
    return {
      id: 'cors-preflight',
      status: 'fail',
      resource,
      message:
        `The MOCK integration of ${resource} answers status ${shown}, but ${responses.length === 0 ? 'it has no integration response at all' : `none of its integration responses (${responses.map((r) => r.statusCode ?? '?').join(', ')}) is selected for ${shown} and none is the default`}: ` +
        `API Gateway answers the preflight 500 ("No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${shown}").${seenText(seen)} ` +
        `Add the ${shown} integration response with the CORS headers, then deploy. ${ORIGIN_NOTE}`,
      supports: ['mapping_template_error'],
      fix: requestsFix(
        [...methodResponseRequests(stage, m, shown), integrationResponseRequest(stage, m, shown, input.methods), createDeploymentRequest(stage)],
        preflightIac(m, input.methods),
      ),
    };
  }
  if (seen.count > 0) {
    return {
      id: 'cors-preflight',
      status: 'warn',
      resource,
      message: `The MOCK integration of ${resource} looks right (request template with statusCode ${status ?? '(computed)'}, an integration response for it), yet${seenText(seen)} The last deployment may predate the fix: deploy the stage, then check the failing lines.`,
      fix: requestsFix([createDeploymentRequest(stage)], preflightIac(m, input.methods)),
    };
  }
  return null;
}

/**
 * One result per OPTIONS method that fails or warns, plus a warning for failing OPTIONS requests to a path
 * with no OPTIONS method (an ANY method or a proxy resource answers them), and one stage-wide pass when every
 * OPTIONS method is fine. No result at all when the stage has no OPTIONS method and no preflight failed:
 * an API without CORS is not a finding.
 */
export function checkCorsPreflight(input: CorsPreflightInput): CheckResult[] {
  const options = input.methods.filter((m) => m.method.httpMethod.toUpperCase() === 'OPTIONS');
  const out: CheckResult[] = [];
  for (const m of options) {
    const result = judge(input, m);
    if (result !== null) out.push(result);
  }
  const covered = new Set(options.map((m) => m.method.resourcePath));
  const elsewhere = new Map<string, Finding[]>();
  for (const f of input.findings) {
    if (detail(f, 'method')?.toUpperCase() !== 'OPTIONS') continue;
    const path = detail(f, 'resourcePath') ?? '(unknown path)';
    if (covered.has(path)) continue;
    elsewhere.set(path, [...(elsewhere.get(path) ?? []), f]);
  }
  for (const [path, hits] of [...elsewhere].sort(([a], [b]) => a.localeCompare(b))) {
    const seen = failingPreflights(hits, null);
    const handler = input.methods.find((m) => m.method.resourcePath === path && m.method.httpMethod.toUpperCase() === 'ANY');
    out.push({
      id: 'cors-preflight',
      status: 'warn',
      resource: `OPTIONS ${path}`,
      message:
        `Preflights to ${path} fail:${seenText(seen)} ${handler === undefined ? 'The path has no OPTIONS method' : `The path has no OPTIONS method, so its ANY method (${handler.integration?.type ?? 'no integration'}) answers them`}, ` +
        `and whatever breaks it (${seen.causes.join(', ')}) also breaks every browser call to this path with a CORS error. ` +
        `Add a MOCK OPTIONS method answering 200 with the CORS headers.`,
    });
  }
  if (options.length > 0 && out.length === 0) {
    out.push({
      id: 'cors-preflight',
      status: 'pass',
      resource: stageArn(input.stage),
      message: `${options.length} OPTIONS method${options.length === 1 ? '' : 's'} answer preflights (${options.map((m) => m.method.resourcePath).join(', ')}), and no preflight failed in the window.`,
    });
  }
  return out;
}
