/**
 * Check `binary-media-types` (informational): the API's binary media types decide whether bodies are
 * passed as binary or text. `*\/*` breaks non-proxy Lambda integrations' mapping templates; no binary
 * type at all turns a function's base64 body into base64 text at the client.
 */
import type { CheckResult, SdkRequest } from '../model.ts';
import type { IntegrationInfo, RestApiInfo } from '../../ports/account-reader.ts';
import type { CheckInput, MethodRef, StageRef } from './check-support.ts';
import {
  createDeploymentRequest,
  iacText,
  isReadFailure,
  methodLabel,
  restApiArn,
  skipForReadFailure,
  skipNotApplicable,
  updateIntegrationRequest,
} from './check-support.ts';
import { patchOperations, requestCommand, requestsFix, sdkRequest, type PatchOperation } from './sdk-request.ts';
import { normalizeResourcePath } from './method-settings.ts';
import { lambdaTargetFromUri } from './lambda-target.ts';

/** One method and its integration. */
export interface MethodIntegration {
  readonly method: MethodRef;
  readonly integration: IntegrationInfo;
}

/** What {@link checkBinaryMediaTypes} looks at. */
export interface BinaryMediaTypesInput {
  readonly stage: StageRef;
  readonly api: CheckInput<RestApiInfo | null>;
  readonly integrations: readonly MethodIntegration[];
  /**
   * Methods whose function was seen returning `isBase64Encoded: true` (e.g. in the execution log's
   * "Endpoint response body before transformations").
   */
  readonly base64Responses?: readonly Pick<MethodRef, 'resourcePath' | 'httpMethod'>[];
}

const WILDCARD = '*/*';

/** UpdateRestApi with one patch operation. */
function updateRestApiRequest(stage: StageRef, operation: PatchOperation): SdkRequest {
  return sdkRequest('api-gateway', 'UpdateRestApi', stage.region, { restApiId: stage.restApiId, patchOperations: patchOperations([operation]) });
}

/** A media type as a patch path segment: `/` is escaped as `~1`. */
function mediaTypePath(mediaType: string): string {
  return `/binaryMediaTypes/${mediaType.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

function isNonProxyLambda(integration: IntegrationInfo): boolean {
  return (integration.type ?? '').toUpperCase() === 'AWS' && lambdaTargetFromUri(integration.uri ?? '') !== null;
}

function wildcardResult(input: BinaryMediaTypesInput, entry: MethodIntegration): CheckResult {
  const { stage } = input;
  const resource = methodLabel(entry.method);
  const convertToText = [
    updateIntegrationRequest(stage, entry.method, { op: 'replace', path: '/contentHandling', value: 'CONVERT_TO_TEXT' }),
    createDeploymentRequest(stage),
  ];
  return {
    id: 'binary-media-types',
    status: 'warn',
    resource,
    message:
      `API ${stage.restApiId} lists ${WILDCARD} as a binary media type, so every request body reaches the non-proxy Lambda integration ` +
      `of ${resource} as binary, and its mapping template fails ("Unable to transform request", 500). ` +
      `Convert the body to text for this integration, or list only the real binary types instead of ${WILDCARD}.`,
    supports: ['mapping_template_error'],
    fix: {
      requests: convertToText,
      cli: [
        ...convertToText.map(requestCommand),
        `# or drop ${WILDCARD} (add the real binary types instead):`,
        requestCommand(updateRestApiRequest(stage, { op: 'remove', path: mediaTypePath(WILDCARD) })),
      ].join('\n'),
      iac: iacText({
        cdk: `new apigateway.LambdaIntegration(fn, { proxy: false, contentHandling: apigateway.ContentHandling.CONVERT_TO_TEXT /* ... */ })`,
        cloudFormation: [`Integration:`, `  Type: AWS`, `  ContentHandling: CONVERT_TO_TEXT`].join('\n'),
        terraform: `resource "aws_api_gateway_integration" "this" {\n  content_handling = "CONVERT_TO_TEXT"\n}`,
      }),
    },
  };
}

function base64Result(input: BinaryMediaTypesInput, methods: readonly string[], suggested: string): CheckResult {
  const { stage } = input;
  return {
    id: 'binary-media-types',
    status: 'warn',
    resource: restApiArn(stage.region, stage.restApiId),
    message:
      `API ${stage.restApiId} has no binary media types, but the function behind ${methods.join(', ')} returns isBase64Encoded: true: ` +
      `clients get the base64 text instead of the binary body (status 200, so no 5xx). Add the binary media type ` +
      `(clients must send a matching Accept header) and redeploy.`,
    supports: [],
    fix: requestsFix(
      [updateRestApiRequest(stage, { op: 'add', path: mediaTypePath(suggested) }), createDeploymentRequest(stage)],
      iacText({
        cdk: `new apigateway.RestApi(this, 'Api', { binaryMediaTypes: ['${suggested}'] });`,
        cloudFormation: [`Type: AWS::ApiGateway::RestApi   # AWS::Serverless::Api: BinaryMediaTypes too`, `Properties:`, `  BinaryMediaTypes:`, `    - '${suggested}'`].join('\n'),
        terraform: `resource "aws_api_gateway_rest_api" "this" {\n  binary_media_types = ["${suggested}"]\n}`,
      }),
    ),
  };
}

/**
 * Warns per non-proxy Lambda integration (without CONVERT_TO_TEXT) when the API lists `*\/*` (supports
 * `mapping_template_error`), and once for the API when it has no binary media types while a function
 * returns base64 bodies. Otherwise one pass for the API.
 */
export function checkBinaryMediaTypes(input: BinaryMediaTypesInput): CheckResult[] {
  const { stage, api } = input;
  const apiResource = restApiArn(stage.region, stage.restApiId);
  if (isReadFailure(api)) return [skipForReadFailure('binary-media-types', apiResource, api)];
  if (api === null) return [skipNotApplicable('binary-media-types', apiResource, `API ${stage.restApiId} does not exist.`)];
  const types = api.binaryMediaTypes ?? [];
  const results: CheckResult[] = [];
  const nonProxyLambda = input.integrations.filter((entry) => isNonProxyLambda(entry.integration));

  if (types.includes(WILDCARD)) {
    for (const entry of nonProxyLambda) {
      if ((entry.integration.contentHandling ?? '').toUpperCase() !== 'CONVERT_TO_TEXT') results.push(wildcardResult(input, entry));
    }
  }

  const base64 = input.base64Responses ?? [];
  if (types.length === 0 && base64.length > 0) {
    const methods = [...new Set(base64.map((method) => `${method.httpMethod.toUpperCase()} ${normalizeResourcePath(method.resourcePath)}`))];
    // `*/*` would push every body of the non-proxy Lambda integrations through as binary (the warning
    // above), so suggest it only where there are none.
    results.push(base64Result(input, methods, nonProxyLambda.length === 0 ? WILDCARD : 'application/octet-stream'));
  }

  if (results.length > 0) return results;
  const listed = types.length === 0 ? 'no binary media types' : `binary media types ${types.join(', ')}`;
  return [
    {
      id: 'binary-media-types',
      status: 'pass',
      resource: apiResource,
      message: `API ${stage.restApiId} has ${listed}; no method is affected by them.`,
    },
  ];
}
