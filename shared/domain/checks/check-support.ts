/**
 * What the stage, logging and Lambda configuration checks share: how a failed read becomes a `skip`,
 * how the checked resources are named, and how a fix is written for the CLI and for IaC.
 * Pure: no I/O, only string building.
 */
import type { CheckId, CheckResult } from '../model.ts';
import type { ReadFailure, ReadFailureKind } from '../../ports/account-reader.ts';
import type { SdkRequest } from '../model.ts';
import { patchOperations, sdkRequest, type PatchOperation } from './sdk-request.ts';

/** A check input that was either read, or whose read failed (the check then skips, saying why). */
export type CheckInput<T> = T | ReadFailure;

const READ_FAILURE_KINDS: readonly ReadFailureKind[] = ['denied', 'throttled', 'not_found', 'error'];

/**
 * True when `value` is a {@link ReadFailure} rather than the data that was asked for.
 * The port's data types never carry `kind` + `operation` + `message` together, so the shape is decisive.
 */
export function isReadFailure(value: unknown): value is ReadFailure {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record['kind'] === 'string' &&
    (READ_FAILURE_KINDS as readonly string[]).includes(record['kind']) &&
    typeof record['operation'] === 'string' &&
    typeof record['message'] === 'string'
  );
}

/** The `skip` result for a check whose input could not be read. */
export function skipForReadFailure(id: CheckId, resource: string, failure: ReadFailure): CheckResult {
  return {
    id,
    status: 'skip',
    resource,
    message: `Skipped: ${failure.operation} failed (${failure.kind}): ${failure.message}`,
  };
}

/** The `skip` result for a check that does not apply to this resource. */
export function skipNotApplicable(id: CheckId, resource: string, reason: string): CheckResult {
  return { id, status: 'skip', resource, message: `Not applicable: ${reason}` };
}

/** One deployed stage of a REST API, with where it lives (fix commands need all of it). */
export interface StageRef {
  readonly restApiId: string;
  readonly stageName: string;
  readonly region: string;
  readonly account: string;
}

/** One method of a REST API: `resourceId` is what UpdateIntegration needs, `resourcePath` what people read. */
export interface MethodRef {
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly httpMethod: string;
}

/** `GET /items`: how a method is named in results and messages. */
export function methodLabel(method: Pick<MethodRef, 'resourcePath' | 'httpMethod'>): string {
  return `${method.httpMethod.toUpperCase()} ${method.resourcePath}`;
}

/** The API Gateway ARN of a REST API (the resource tags and IAM policies use). */
export function restApiArn(region: string, restApiId: string): string {
  return `arn:aws:apigateway:${region}::/restapis/${restApiId}`;
}

/** The API Gateway ARN of a stage. */
export function stageArn(stage: Pick<StageRef, 'region' | 'restApiId' | 'stageName'>): string {
  return `${restApiArn(stage.region, stage.restApiId)}/stages/${stage.stageName}`;
}

/**
 * Escapes a resource path for a patch-operation path or a `methodSettings` key: `/items/{id}` → `~1items~1{id}`.
 * `~` goes first so an escaped `/` is not escaped twice (JSON Pointer order).
 */
export function escapeResourcePath(resourcePath: string): string {
  return resourcePath.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** UpdateStage with these patch operations (`aws apigateway update-stage … --patch-operations …`). */
export function updateStageRequest(stage: StageRef, operations: readonly PatchOperation[]): SdkRequest {
  return sdkRequest('api-gateway', 'UpdateStage', stage.region, {
    restApiId: stage.restApiId,
    stageName: stage.stageName,
    patchOperations: patchOperations(operations),
  });
}

/** UpdateIntegration of one method with one patch operation. */
export function updateIntegrationRequest(stage: StageRef, method: Pick<MethodRef, 'resourceId' | 'httpMethod'>, operation: PatchOperation): SdkRequest {
  return sdkRequest('api-gateway', 'UpdateIntegration', stage.region, {
    restApiId: stage.restApiId,
    resourceId: method.resourceId,
    httpMethod: method.httpMethod.toUpperCase(),
    patchOperations: patchOperations([operation]),
  });
}

/** CreateDeployment of the stage: API-level changes (integrations, binary types) only reach a stage on deploy. */
export function createDeploymentRequest(stage: StageRef): SdkRequest {
  return sdkRequest('api-gateway', 'CreateDeployment', stage.region, { restApiId: stage.restApiId, stageName: stage.stageName });
}

/** The same change in the three IaC dialects people deploy API Gateway with. */
export interface IacSnippets {
  readonly cdk: string;
  readonly cloudFormation: string;
  readonly terraform: string;
}

/**
 * Renders IaC snippets as one labelled text block. Without the template change the next deploy
 * silently reverts a CLI fix, so every fix carries all three.
 */
export function iacText(snippets: IacSnippets): string {
  return [
    '# CDK (TypeScript)',
    snippets.cdk,
    '',
    '# SAM / CloudFormation',
    snippets.cloudFormation,
    '',
    '# Terraform',
    snippets.terraform,
  ].join('\n');
}
