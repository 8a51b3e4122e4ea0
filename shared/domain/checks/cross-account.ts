/**
 * Functions in another account. An integration may invoke a function that lives in another account
 * (docs/facts.md (g), DG "cross-account Lambda integrations"): its resource policy, configuration and
 * concurrency can only be read with that account's credentials. Reading them from here would either be
 * denied or, worse, read this account's function of the same name (Lambda resolves a bare name in the
 * caller's account). So the diagnosis does not read them, and the checks that need those reads
 * (`invoke-permission`, `integration-timeout`, `function-exists`, `reserved-concurrency`, `policy-size`)
 * are `skip` with the exact commands to run in the function's account: never a result that pretends.
 * Pure: builds results and command text only.
 */
import type { CheckId, CheckResult, Fix, JsonObject } from '../model.ts';
import type { IntegrationInfo } from '../../ports/account-reader.ts';
import type { MethodRef, StageRef } from './check-support.ts';
import { methodLabel } from './check-support.ts';
import { requestCommand, sdkRequest } from './sdk-request.ts';
import type { LambdaTarget } from './lambda-target.ts';
import { APIGATEWAY_PRINCIPAL, invokePermissionFix, permissionStatementId, scopedSourceArn } from './invoke-permission.ts';
import { isAliasQualifier } from './function-exists.ts';
import { POLICY_SIZE_LIMIT_BYTES } from './policy-size.ts';

/** True when the target names an account and it is not `account` (the API's). A bare name lives in the API's account. */
export function isInOtherAccount(target: LambdaTarget, account: string): boolean {
  return target.account !== null && target.account !== account;
}

/** What the skips of one method (and, once, of its function) need. */
export interface CrossAccountInput {
  readonly stage: StageRef;
  readonly method: MethodRef;
  readonly target: LambdaTarget;
  readonly integration: IntegrationInfo | null;
  /** A concrete path a failing request used, for the SourceArn to look for. */
  readonly requestPath: string | null;
  /** The method is implicated by the failures: the in-depth checks would have run on it. */
  readonly inDepth: boolean;
  /** The first in-depth method of this function: the per-function skips are listed once. */
  readonly firstForFunction: boolean;
}

/** The unqualified function ARN (concurrency is per function, never per alias). */
function unqualified(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}

function shellLines(account: string, commands: readonly string[]): string {
  return [`# run with credentials of account ${account} (the function's account)`, ...commands].join('\n');
}

/** One skip: what was not checked, why, and what to run in the function's account. */
function skip(id: CheckId, resource: string, input: CrossAccountInput, what: string, commands: readonly string[], iac?: string): CheckResult {
  const account = input.target.account ?? '';
  const fix: Fix = { requests: [], cli: shellLines(account, commands), iac: iac ?? '' };
  return {
    id,
    status: 'skip',
    resource,
    message:
      `Not checked: function in account ${account}, not this API's account ${input.stage.account}; its ${what} can only be read there ` +
      `(apigw-doctor does not read it with this account's credentials, which Lambda would deny). Run this there:\n${commands.join('\n')}`,
    fix,
  };
}

/**
 * The results for one method whose function is in another account: `invoke-permission` always (it is read
 * for every Lambda method), `integration-timeout` when the method is in depth, and once per function
 * `function-exists`, `reserved-concurrency` and `policy-size`.
 */
export function crossAccountResults(input: CrossAccountInput): CheckResult[] {
  const { stage, method, target } = input;
  const region = target.region ?? stage.region;
  const fn = target.functionArn;
  const qualifier: JsonObject = target.qualifier === null ? {} : { Qualifier: target.qualifier };
  const getPolicy = requestCommand(sdkRequest('lambda', 'GetPolicy', region, { FunctionName: unqualified(fn), ...qualifier }));
  const out: CheckResult[] = [];

  const role = input.integration?.credentials;
  if (role === undefined || role === '') {
    const sourceArn = scopedSourceArn({ region: stage.region, account: stage.account, apiId: stage.restApiId, method: method.httpMethod, resourcePath: method.resourcePath });
    const addPermission = requestCommand(
      sdkRequest('lambda', 'AddPermission', region, {
        FunctionName: unqualified(fn),
        StatementId: permissionStatementId(stage.restApiId, method.httpMethod, method.resourcePath),
        Action: 'lambda:InvokeFunction',
        Principal: APIGATEWAY_PRINCIPAL,
        SourceArn: sourceArn,
        // The API is in another account: SourceAccount pins the grant to it as well.
        SourceAccount: stage.account,
        ...qualifier,
      }),
    );
    const iac = invokePermissionFix({ region: stage.region, account: stage.account, restApiId: stage.restApiId, httpMethod: method.httpMethod, resourcePath: method.resourcePath, target }).iac;
    out.push(
      skip('invoke-permission', fn, input,
        `resource policy (does it let ${APIGATEWAY_PRINCIPAL} invoke it for ${methodLabel(method)}${input.requestPath === null || input.requestPath === method.resourcePath ? '' : ` (request path ${input.requestPath})`}, SourceArn ${sourceArn}?)`,
        [getPolicy, `# if no statement allows ${APIGATEWAY_PRINCIPAL} with that SourceArn (and SourceAccount ${stage.account}), add it:`, addPermission],
        `# in the function's account (${target.account ?? ''}) stack\n${iac}`),
    );
  } else {
    // With a credentials role the function's policy must trust the role (the role's own policy is checked by credentials-role).
    const addPermission = requestCommand(
      sdkRequest('lambda', 'AddPermission', region, {
        FunctionName: unqualified(fn),
        StatementId: permissionStatementId(stage.restApiId, `ROLE ${method.httpMethod}`, method.resourcePath),
        Action: 'lambda:InvokeFunction',
        Principal: role,
        ...qualifier,
      }),
    );
    out.push(skip('invoke-permission', fn, input, `resource policy (does it let the integration role ${role} invoke it?)`, [getPolicy, `# if no statement allows ${role}, add it:`, addPermission]));
  }

  if (input.inDepth) {
    const integrationTimeout = input.integration?.timeoutInMillis ?? 29_000;
    out.push(
      skip('integration-timeout', methodLabel(method), input, `timeout (it must stay under the integration timeout of ${integrationTimeout} ms, or API Gateway answers 504 first)`, [
        requestCommand(sdkRequest('lambda', 'GetFunctionConfiguration', region, { FunctionName: unqualified(fn), ...qualifier })) + ' --query Timeout',
      ]),
    );
  }
  if (input.inDepth && input.firstForFunction) {
    const existence = [
      requestCommand(sdkRequest('lambda', 'GetFunctionConfiguration', region, { FunctionName: unqualified(fn), ...qualifier })) + " --query '[State,LastUpdateStatus]'",
      ...(isAliasQualifier(target.qualifier) ? [requestCommand(sdkRequest('lambda', 'GetAlias', region, { FunctionName: unqualified(fn), Name: target.qualifier ?? '' }))] : []),
    ];
    out.push(
      skip('function-exists', fn, input, 'existence and state (a missing function, alias or version answers 500)', existence),
      skip('reserved-concurrency', unqualified(fn), input, 'reserved concurrency (0 throttles every invocation)', [
        requestCommand(sdkRequest('lambda', 'GetFunctionConcurrency', region, { FunctionName: unqualified(fn) })),
      ]),
      skip('policy-size', fn, input, `resource policy size (AddPermission fails at ${POLICY_SIZE_LIMIT_BYTES} bytes)`, [`${getPolicy} --query 'length(Policy)' --output text`]),
    );
  }
  return out;
}
