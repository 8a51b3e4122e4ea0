/**
 * Check `stage-variables`: an integration uri that names its function (or host) through a stage
 * variable works only on stages that define it. On a stage without it the gateway substitutes nothing
 * and every request to the method fails.
 */
import type { CauseId, CheckResult } from '../model.ts';
import type { IntegrationInfo, StageInfo } from '../../ports/account-reader.ts';
import type { CheckInput, MethodRef, StageRef } from './check-support.ts';
import { requestCommand } from './sdk-request.ts';
import { iacText, isReadFailure, methodLabel, skipForReadFailure, skipNotApplicable, updateStageRequest } from './check-support.ts';
import { lambdaTargetFromUri } from './lambda-target.ts';

/** `${stageVariables.x}` and the CloudFormation-escaped `$\{stageVariables.x}`. */
const STAGE_VARIABLE = /\$\\?\{stageVariables\.([A-Za-z0-9_.:-]*)\}/g;

/** Names of the stage variables `text` uses, in order of first use. */
export function stageVariableNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(STAGE_VARIABLE)) {
    const name = match[1] ?? '';
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** What {@link checkStageVariables} looks at for one method on one stage. */
export interface StageVariablesInput {
  readonly stage: StageRef;
  readonly method: MethodRef;
  readonly stageInfo: CheckInput<StageInfo | null>;
  readonly integration: CheckInput<IntegrationInfo | null>;
}

/**
 * Fails when the integration uri uses stage variables that have no value on this stage: for a Lambda
 * uri the function resolves to nothing (supports `function_not_found`), for any other uri the endpoint
 * address is broken (supports `integration_misconfigured`). Passes when every variable resolves or none
 * is used.
 */
export function checkStageVariables(input: StageVariablesInput): CheckResult {
  const { stage: ref, method, stageInfo, integration } = input;
  const resource = methodLabel(method);
  if (isReadFailure(integration)) return skipForReadFailure('stage-variables', resource, integration);
  if (integration === null) return skipNotApplicable('stage-variables', resource, `${resource} has no integration.`);
  if (isReadFailure(stageInfo)) return skipForReadFailure('stage-variables', resource, stageInfo);
  if (stageInfo === null) {
    return skipNotApplicable('stage-variables', resource, `stage ${ref.stageName} of API ${ref.restApiId} does not exist.`);
  }
  const uri = integration.uri ?? '';
  const variables = stageInfo.variables ?? {};
  const target = lambdaTargetFromUri(uri, variables);
  const used = target?.stageVariables ?? stageVariableNames(uri);
  const unresolved = target?.unresolved ?? used.filter((name) => (variables[name] ?? '') === '');
  const where = `stage ${ref.stageName} of API ${ref.restApiId}`;

  if (used.length === 0) {
    return { id: 'stage-variables', status: 'pass', resource, message: `The integration of ${resource} uses no stage variables.` };
  }
  if (unresolved.length === 0) {
    const values = used.map((name) => `${name}=${variables[name] ?? ''}`).join(', ');
    const resolved = target === null ? '' : `; it invokes ${target.functionArn}, which needs its own invoke permission`;
    return {
      id: 'stage-variables',
      status: 'pass',
      resource,
      message: `The integration of ${resource} uses stage variables that all have a value on ${where} (${values})${resolved}.`,
    };
  }

  const names = unresolved.join(', ');
  // A Lambda uri the parser gave up on (after substitution) still invokes Lambda.
  const lambda = target !== null || uri.includes(':lambda:path/');
  const supports: readonly CauseId[] = lambda ? ['function_not_found'] : ['integration_misconfigured'];
  const resolvedName = target === null ? 'nothing usable' : `"${target.functionArn}"`;
  const consequence = lambda
    ? `the function name resolves to ${resolvedName} and every request fails with 500 (the test console shows ` +
      `"Invalid stage variable value" or a functionName validation error); once set, that function also needs an invoke permission for this API`
    : 'the endpoint address resolves to an invalid value and requests fail with 500 ("Invalid endpoint address")';
  const placeholder = lambda ? '<function-name>' : '<value>';
  return {
    id: 'stage-variables',
    status: 'fail',
    resource,
    message: `The integration uri of ${resource} (${uri}) uses stage variable(s) ${names} with no value on ${where}: ${consequence}.`,
    supports,
    fix: {
      // The value is a person's choice (which function, which backend): a command to fill in, no request to send.
      requests: [],
      cli: requestCommand(updateStageRequest(ref, unresolved.map((name) => ({ op: 'replace', path: `/variables/${name}`, value: placeholder })))),
      iac: iacText({
        cdk: [
          `new apigateway.RestApi(this, 'Api', {`,
          `  deployOptions: { stageName: '${ref.stageName}', variables: { ${unresolved.map((name) => `'${name}': '${placeholder}'`).join(', ')} } },`,
          `});`,
        ].join('\n'),
        cloudFormation: [
          `Type: AWS::ApiGateway::Stage   # AWS::Serverless::Api: same Variables property`,
          `Properties:`,
          `  StageName: ${ref.stageName}`,
          `  Variables:`,
          ...unresolved.map((name) => `    ${name}: '${placeholder}'`),
        ].join('\n'),
        terraform: [
          `resource "aws_api_gateway_stage" "this" {`,
          `  rest_api_id = "${ref.restApiId}"`,
          `  stage_name  = "${ref.stageName}"`,
          `  variables = {`,
          ...unresolved.map((name) => `    ${name} = "${placeholder}"`),
          `  }`,
          `}`,
        ].join('\n'),
      }),
    },
  };
}
