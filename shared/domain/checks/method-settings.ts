/**
 * A stage's `methodSettings` map: reading its keys (`*\/*`, `~1items/GET`, `items/GET`) and writing the
 * IaC that sets one entry, shared by the logging, data-trace and metrics checks.
 */
import type { StageRef } from './check-support.ts';
import { iacText } from './check-support.ts';

/** The key API Gateway uses for the stage-wide defaults. */
export const ALL_METHODS_KEY = '*/*';

/** One `methodSettings` key, decoded. `resourcePath` and `httpMethod` are `*` in the stage-wide key. */
export interface SettingKey {
  /** The key exactly as the stage stores it (patch paths must name it so). */
  readonly key: string;
  /** `/items/{id}`, `/` for the root, or `*`. */
  readonly resourcePath: string;
  /** Upper-case verb, or `*`. */
  readonly httpMethod: string;
}

/**
 * Normalises a resource path for comparison: one leading `/`, no trailing `/` (except the root).
 * Callers pass paths from GetResources (`/items`) and from logs or people (`items/`), which must meet.
 */
export function normalizeResourcePath(path: string): string {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return `/${trimmed}`;
}

/**
 * Decodes a `methodSettings` key. AWS writes `~1items/GET` (the resource path with `/` escaped as `~1`);
 * some tools write `items/GET`; both mean `GET /items`. The verb is after the last `/`, which an escaped
 * path never contains. Returns null for a key without a `/`.
 */
export function parseSettingKey(key: string): SettingKey | null {
  if (key === ALL_METHODS_KEY) return { key, resourcePath: '*', httpMethod: '*' };
  const slash = key.lastIndexOf('/');
  if (slash < 0) return null;
  const verb = key.slice(slash + 1).toUpperCase();
  if (verb === '') return null;
  // `~1` before `~0` (JSON Pointer order), so an escaped `~01` reads back as `~1`, not `/`.
  const path = key.slice(0, slash).replaceAll('~1', '/').replaceAll('~0', '~');
  return { key, resourcePath: normalizeResourcePath(path), httpMethod: verb };
}

/** The patch-operation path of one setting of one key: `/~1items/GET/logging/loglevel`. */
export function settingPatchPath(key: string, leaf: string): string {
  return `/${key}/${leaf}`;
}

/** The property of a method setting, as each IaC dialect spells it, with its value. */
export interface SettingProperty {
  /** e.g. `loggingLevel: apigateway.MethodLoggingLevel.ERROR` */
  readonly cdk: string;
  /** e.g. `LoggingLevel: ERROR` */
  readonly cloudFormation: string;
  /** e.g. `logging_level = "ERROR"` */
  readonly terraform: string;
}

/** CloudFormation's `ResourcePath`: `/*` for all, `/` for the root, else `/` + the path with `/` escaped as `~1`. */
function cloudFormationResourcePath(target: SettingKey): string {
  if (target.resourcePath === '*') return '/*';
  if (target.resourcePath === '/') return '/';
  return `/~1${target.resourcePath.slice(1).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** Terraform's `method_path`: `*\/*`, or the path without its leading slash plus the verb (AWS's `~1` form for the root). */
function terraformMethodPath(target: SettingKey): string {
  if (target.resourcePath === '*') return ALL_METHODS_KEY;
  const path = target.resourcePath === '/' ? '~1' : target.resourcePath.slice(1);
  return `${path}/${target.httpMethod}`;
}

/**
 * The IaC that sets `property` on the method setting `target` of `stage`. Stage-wide settings go in CDK's
 * `deployOptions` directly (which CDK renders as `*\/*`), per-method ones in `methodOptions`.
 */
export function methodSettingIac(stage: StageRef, target: SettingKey, property: SettingProperty): string {
  const cdk =
    target.resourcePath === '*'
      ? [`new apigateway.RestApi(this, 'Api', {`, `  deployOptions: { stageName: '${stage.stageName}', ${property.cdk} },`, `});`]
      : [
          `new apigateway.RestApi(this, 'Api', {`,
          `  deployOptions: {`,
          `    stageName: '${stage.stageName}',`,
          `    methodOptions: { '${target.resourcePath}/${target.httpMethod}': { ${property.cdk} } },`,
          `  },`,
          `});`,
        ];
  const cloudFormation = [
    `Type: AWS::ApiGateway::Stage   # same MethodSettings list on AWS::Serverless::Api`,
    `Properties:`,
    `  StageName: ${stage.stageName}`,
    `  MethodSettings:`,
    `    - ResourcePath: '${cloudFormationResourcePath(target)}'`,
    `      HttpMethod: '${target.httpMethod}'`,
    `      ${property.cloudFormation}`,
  ];
  const terraform = [
    `resource "aws_api_gateway_method_settings" "this" {`,
    `  rest_api_id = "${stage.restApiId}"`,
    `  stage_name  = "${stage.stageName}"`,
    `  method_path = "${terraformMethodPath(target)}"`,
    `  settings {`,
    `    ${property.terraform}`,
    `  }`,
    `}`,
  ];
  return iacText({ cdk: cdk.join('\n'), cloudFormation: cloudFormation.join('\n'), terraform: terraform.join('\n') });
}
