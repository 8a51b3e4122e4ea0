/**
 * Check `function-exists`: the function (and alias or version) an integration names must exist and be
 * usable on this stage. A deleted function, a missing alias, or a function in Failed/Inactive state all
 * fail every invoke, and the REST execution log only shows a generic Lambda error status.
 */
import type { CheckResult, Fix } from '../model.ts';
import type { AliasInfo, FunctionConfigurationInfo } from '../../ports/account-reader.ts';
import type { CheckInput, MethodRef, StageRef } from './check-support.ts';
import { createDeploymentRequest, iacText, isReadFailure, methodLabel, skipForReadFailure, skipNotApplicable } from './check-support.ts';
import { cliCommand } from './fix-text.ts';
import { requestCommand } from './sdk-request.ts';
import type { LambdaTarget } from './lambda-target.ts';

/** What {@link checkFunctionExists} looks at. */
export interface FunctionExistsInput {
  /** The function the integration (or authorizer) invokes on this stage. */
  readonly target: LambdaTarget;
  /** Region for commands when the uri does not say. */
  readonly region: string;
  /** GetFunctionConfiguration(functionName, qualifier); null = no such function (or version, or alias). */
  readonly functionConfiguration: CheckInput<FunctionConfigurationInfo | null>;
  /** GetAlias, when the qualifier is an alias; null = no such alias. */
  readonly alias?: CheckInput<AliasInfo | null>;
  /** The method whose integration names the function, so the fix can re-point it. */
  readonly integration?: { readonly stage: StageRef; readonly method: MethodRef };
}

/** True when a qualifier names an alias rather than a version (`$LATEST` or a number). */
export function isAliasQualifier(qualifier: string | null): qualifier is string {
  return qualifier !== null && qualifier !== '$LATEST' && !/^\d+$/.test(qualifier);
}

const INVOCATIONS_PATH = 'lambda:path/2015-03-31/functions';

/** Which function should serve is a person's choice: commands to run and fill in, no request to send. */
function notFoundFix(input: FunctionExistsInput, region: string): Fix {
  const listFunctions = cliCommand(['aws', 'lambda', 'list-functions', '--region', region, '--query', 'Functions[].FunctionArn']);
  const ref = input.integration;
  const repoint =
    ref === undefined
      ? []
      : [
          '# then point the integration at a function that exists (and give API Gateway permission to invoke it):',
          cliCommand([
            'aws',
            'apigateway',
            'update-integration',
            '--rest-api-id',
            ref.stage.restApiId,
            '--resource-id',
            ref.method.resourceId,
            '--http-method',
            ref.method.httpMethod.toUpperCase(),
            '--patch-operations',
            `op=replace,path=/uri,value=arn:aws:apigateway:${region}:${INVOCATIONS_PATH}/<function-arn>/invocations`,
            '--region',
            region,
          ]),
          requestCommand(createDeploymentRequest(ref.stage)),
        ];
  return {
    requests: [],
    cli: ['# deploy the function, or find the one that should be used:', listFunctions, ...repoint].join('\n'),
    iac: iacText({
      cdk: `new apigateway.LambdaIntegration(fn) // reference the function object, not a name or ARN string, so the two cannot drift apart`,
      cloudFormation: [
        `Integration:`,
        `  Type: AWS_PROXY`,
        `  IntegrationHttpMethod: POST`,
        `  Uri: !Sub arn:aws:apigateway:\${AWS::Region}:${INVOCATIONS_PATH}/\${Fn.Arn}/invocations`,
      ].join('\n'),
      terraform: `resource "aws_api_gateway_integration" "this" {\n  uri = aws_lambda_function.fn.invoke_arn\n}`,
    }),
  };
}

/** Which version the alias should serve is the owner's choice ($LATEST shown): nothing to send automatically. */
function aliasFix(functionName: string, alias: string, region: string): Fix {
  return {
    requests: [],
    cli: [
      '# point the alias at the published version that should serve traffic ($LATEST shown):',
      cliCommand(['aws', 'lambda', 'create-alias', '--function-name', functionName, '--name', alias, '--function-version', '$LATEST', '--region', region]),
    ].join('\n'),
    iac: iacText({
      cdk: `new lambda.Alias(this, 'Alias', { aliasName: '${alias}', version: fn.currentVersion });`,
      cloudFormation: [
        `Type: AWS::Lambda::Alias   # SAM: AutoPublishAlias: ${alias} on the AWS::Serverless::Function`,
        `Properties:`,
        `  Name: ${alias}`,
        `  FunctionName: ${functionName}`,
        `  FunctionVersion: !GetAtt FnVersion.Version`,
      ].join('\n'),
      terraform: [
        `resource "aws_lambda_alias" "this" {`,
        `  name             = "${alias}"`,
        `  function_name    = "${functionName}"`,
        `  function_version = aws_lambda_function.fn.version`,
        `}`,
      ].join('\n'),
    }),
  };
}

/**
 * Fails when the function (or its version) does not exist or the alias is missing (supports
 * `function_not_found`); warns when the function is Failed or Inactive (supports `lambda_service_error`);
 * skips when the function name hangs on an unset stage variable (that is `stage-variables`' finding) or a
 * read failed.
 */
export function checkFunctionExists(input: FunctionExistsInput): CheckResult {
  const { target } = input;
  const resource = target.functionArn === '' ? target.uri : target.functionArn;
  const region = target.region ?? input.region;
  const usedBy = input.integration === undefined ? '' : ` (used by ${methodLabel(input.integration.method)} on stage ${input.integration.stage.stageName})`;
  if (target.unresolved.length > 0 || target.functionName === '') {
    const names = target.unresolved.join(', ');
    return skipNotApplicable(
      'function-exists',
      resource,
      `the function name depends on stage variable(s) ${names === '' ? '(none named)' : names} with no value on this stage (see stage-variables).`,
    );
  }
  const config = input.functionConfiguration;
  if (isReadFailure(config)) return skipForReadFailure('function-exists', resource, config);

  const alias = input.alias;
  if (isAliasQualifier(target.qualifier) && alias === null) {
    return {
      id: 'function-exists',
      status: 'fail',
      resource,
      message:
        `Alias ${target.qualifier} of Lambda function ${target.functionName}${config === null ? ' (or the function itself)' : ''} ` +
        `does not exist${usedBy}: every invoke fails with ResourceNotFoundException and the client gets a 5xx.`,
      supports: ['function_not_found'],
      fix: aliasFix(target.functionName, target.qualifier, region),
    };
  }
  if (config === null) {
    const what =
      target.qualifier !== null && /^\d+$/.test(target.qualifier)
        ? `Version ${target.qualifier} of Lambda function ${target.functionName} does not exist`
        : `Lambda function ${target.functionArn} does not exist`;
    return {
      id: 'function-exists',
      status: 'fail',
      resource,
      message: `${what}${usedBy}: every invoke fails with ResourceNotFoundException and the client gets a 5xx.`,
      supports: ['function_not_found'],
      fix: notFoundFix(input, region),
    };
  }

  const state = config.State ?? 'Active';
  if (state === 'Failed' || state === 'Inactive') {
    const reason = config.StateReason === undefined ? '' : ` (${config.StateReason})`;
    const consequence =
      state === 'Failed'
        ? 'every invoke fails until the cause is fixed and the function is updated'
        : 'Lambda reclaimed its resources after it sat idle; the next invoke starts reactivating it and invokes fail until it is Active again';
    const name = config.FunctionName ?? target.functionName;
    return {
      id: 'function-exists',
      status: 'warn',
      resource,
      message: `Lambda function ${name} is ${state}${reason}${usedBy}: ${consequence}.`,
      supports: ['lambda_service_error'],
      fix: {
        requests: [],
        cli: [
          cliCommand([
            'aws',
            'lambda',
            'get-function-configuration',
            '--function-name',
            target.functionArn,
            '--region',
            region,
            '--query',
            '[State,StateReason,StateReasonCode,LastUpdateStatus]',
          ]),
          state === 'Failed'
            ? '# fix the StateReason (e.g. subnets without free IPs, a KMS key the function cannot use), then redeploy the function'
            : '# the next invoke (any request) starts reactivation; wait until it is Active:',
          ...(state === 'Inactive'
            ? [cliCommand(['aws', 'lambda', 'wait', 'function-active-v2', '--function-name', target.functionArn, '--region', region])]
            : []),
        ].join('\n'),
        iac: iacText({
          cdk: '// no template change: redeploy the stack once the cause above is fixed',
          cloudFormation: '# no template change: update the stack once the cause above is fixed',
          terraform: '# no configuration change: terraform apply once the cause above is fixed',
        }),
      },
    };
  }
  return {
    id: 'function-exists',
    status: 'pass',
    resource,
    message: `Lambda function ${target.functionArn} exists and is ${state}${usedBy}.`,
  };
}
