/**
 * Check `authorizer-permission`: a Lambda authorizer (REST `TOKEN`/`REQUEST`, HTTP API Lambda authorizers)
 * without `authorizerCredentials` is invoked under the function's resource policy, with SourceArn
 * `arn:aws:execute-api:<region>:<account>:<apiId>/authorizers/<authorizerId>` — one ARN for every stage
 * and method. A permission granted for the methods (`<api>/*\/*\/*`), for another API id, or for the
 * authorizer's previous id (authorizers get a new id when they are re-created) does not cover it, and
 * every request to the methods it protects ends in a 500 (AuthorizerConfigurationException) before the
 * integration runs. The policy evaluation is the invoke-permission one (same evaluator, same wording).
 *
 * This file also holds what the diagnosis reads about one authorizer ({@link AuthorizerContext}) and the
 * registry runner for it: the permission result, plus the authorizer function's existence and reserved
 * concurrency (the function-exists and reserved-concurrency checks, reused, saying which authorizer it is).
 */
import type { CheckResult, Fix } from '../model.ts';
import type {
  AuthorizerInfo,
  FunctionConcurrencyInfo,
  FunctionConfigurationInfo,
  FunctionPolicyInfo,
  PolicyStatement,
  RoleInfo,
  SimulationResult,
} from '../../ports/account-reader.ts';
import { parseExecuteApiArn } from '../iam/arn-match.ts';
import type { CheckInput, StageRef } from './check-support.ts';
import { createDeploymentRequest, isReadFailure, restApiArn, skipForReadFailure, skipNotApplicable } from './check-support.ts';
import { cliCommand } from './fix-text.ts';
import { checkFunctionExists } from './function-exists.ts';
import {
  APIGATEWAY_PRINCIPAL,
  authorizerSourceArn,
  evaluateStage,
  explainDenial,
  invokePermissionFix,
  qualifiedArn,
  type InvokePermissionInput,
} from './invoke-permission.ts';
import type { LambdaTarget } from './lambda-target.ts';
import { requestCommand } from './sdk-request.ts';
import { checkReservedConcurrency } from './reserved-concurrency.ts';

/** The authorizer types that invoke a Lambda function (REST); HTTP APIs call theirs `REQUEST` too. */
export const LAMBDA_AUTHORIZER_TYPES: readonly string[] = ['TOKEN', 'REQUEST'];

/** Which authorizer a check is about: the same fields for REST and HTTP API authorizers. */
export interface AuthorizerIdentity {
  /** The API's account and Region (the SourceArn's). */
  readonly account: string;
  readonly region: string;
  /** The REST API id or HTTP API id. */
  readonly apiId: string;
  readonly authorizerId: string;
  /** The authorizer's name, for messages; null when unknown. */
  readonly authorizerName: string | null;
  /** The methods or routes it protects (`GET /orders`, `ANY /{proxy+}`), for messages. */
  readonly usedBy: readonly string[];
  /** The function its `authorizerUri` names, resolved for this stage. */
  readonly target: LambdaTarget;
}

/** What {@link checkAuthorizerPermission} needs. REST and HTTP API authorizers share the SourceArn shape. */
export interface AuthorizerPermissionInput extends AuthorizerIdentity {
  /** GetPolicy of that function (with the target's qualifier): the policy, null when it has none, or the read failure. */
  readonly policy: CheckInput<FunctionPolicyInfo | null>;
}

/** `Lambda authorizer orders-token (7xq2lm)`: how messages name an authorizer. */
export function authorizerLabel(authorizerId: string, name: string | null): string {
  return name === null || name === '' ? `Lambda authorizer ${authorizerId}` : `Lambda authorizer ${name} (${authorizerId})`;
}

function usedByText(usedBy: readonly string[]): string {
  if (usedBy.length === 0) return '';
  const shown = usedBy.slice(0, 4).join(', ');
  return ` (used by ${shown}${usedBy.length > 4 ? ` and ${usedBy.length - 4} more` : ''})`;
}

/** The SourceArn patterns of the statements that grant API Gateway anything, any operator, any key case. */
function grantedPatterns(statements: readonly PolicyStatement[]): string[] {
  const patterns: string[] = [];
  for (const s of statements) {
    if (s.Effect !== 'Allow') continue;
    for (const block of Object.values(s.Condition ?? {})) {
      for (const [key, values] of Object.entries(block)) {
        if (key.toLowerCase() === 'aws:sourcearn') patterns.push(...(typeof values === 'string' ? [values] : values));
      }
    }
  }
  return patterns;
}

/**
 * The common failure after an authorizer is re-created: the policy names this API's authorizers, but
 * only by other (old) ids. Returns the sentence that says so, or null when that is not the case.
 */
function otherAuthorizerIds(input: AuthorizerPermissionInput, info: FunctionPolicyInfo | null): string | null {
  if (info === null) return null;
  const ids = new Set<string>();
  for (const pattern of grantedPatterns(info.policy.Statement)) {
    const parsed = parseExecuteApiArn(pattern);
    if (parsed === null || parsed.apiId !== input.apiId) continue;
    const m = /^authorizers\/([^/*?]+)$/.exec(parsed.rest);
    if (m?.[1] !== undefined && m[1] !== input.authorizerId) ids.add(m[1]);
  }
  if (ids.size === 0) return null;
  const named = [...ids].sort().join(', ');
  return `its policy names authorizer ${named} of this API, not ${input.authorizerId}: an authorizer gets a new id when it is re-created, and the permission has to follow it`;
}

function asInvokeInput(input: AuthorizerPermissionInput, policy: FunctionPolicyInfo | null): InvokePermissionInput {
  // With authorizerId set, the evaluator uses neither the stage nor the method: the authorizer's SourceArn is the same for all.
  return {
    account: input.account,
    region: input.region,
    restApiId: input.apiId,
    stageName: '',
    method: { httpMethod: '', resourcePath: '' },
    target: input.target,
    policy,
    authorizerId: input.authorizerId,
  };
}

/** The AddPermission fix for the authorizer's SourceArn (CLI and IaC rendered from it). */
export function authorizerPermissionFix(input: AuthorizerPermissionInput, revisionId?: string): Fix {
  return invokePermissionFix({
    region: input.region,
    account: input.account,
    restApiId: input.apiId,
    httpMethod: '',
    resourcePath: '',
    target: input.target,
    authorizerId: input.authorizerId,
    ...(revisionId === undefined ? {} : { revisionId }),
  });
}

/**
 * Checks that the authorizer function's resource policy lets `apigateway.amazonaws.com` invoke it with the
 * authorizer's SourceArn (`…:<apiId>/authorizers/<authorizerId>`). Fails with the AddPermission fix (supports
 * `missing_invoke_permission`, which is how the gateway's log line reads, and `authorizer_error`, which is
 * the response the client gets); skips when the policy cannot be read or the uri names no function.
 * Pure; exported for HTTP API Lambda authorizers too (same SourceArn shape).
 */
export function checkAuthorizerPermission(input: AuthorizerPermissionInput): CheckResult {
  const { target } = input;
  const label = authorizerLabel(input.authorizerId, input.authorizerName);
  const resource = target.functionArn === '' ? target.uri : target.functionArn;
  if (target.unresolved.length > 0 || target.functionName === '') {
    const names = target.unresolved.map((n) => `stageVariables.${n}`).join(', ');
    return skipNotApplicable('authorizer-permission', resource, `the authorizerUri of ${label} names ${names === '' ? 'no function' : `${names}, which has no value on this stage`}, so there is no function whose policy could be checked`);
  }
  const crossAccount = target.account !== null && target.account !== input.account;
  const elsewhere = crossAccount ? ` The function is in account ${target.account ?? ''}, not the API's account ${input.account}: run the command with that account's credentials.` : '';
  if (isReadFailure(input.policy)) {
    if (crossAccount && input.policy.kind !== 'throttled') {
      return {
        id: 'authorizer-permission',
        status: 'warn',
        resource,
        message: `Could not read the resource policy of ${label}'s function in account ${target.account ?? ''} (${input.policy.operation}: ${input.policy.message}); if API Gateway may not invoke it, grant it with the command below.${elsewhere}`,
        fix: authorizerPermissionFix(input),
      };
    }
    return skipForReadFailure('authorizer-permission', resource, input.policy);
  }
  const info = input.policy;
  const invokeInput = asInvokeInput(input, info);
  const functionArn = qualifiedArn(target, invokeInput);
  const sourceArn = authorizerSourceArn(input.region, input.account, input.apiId, input.authorizerId);
  const evaluation = evaluateStage(invokeInput, info, '', functionArn);
  const policyName = target.qualifier === null ? 'resource policy' : `resource policy of ${target.qualifier}`;
  if (evaluation.firstDenied === null) {
    return {
      id: 'authorizer-permission',
      status: 'pass',
      resource,
      message: `API Gateway may invoke ${functionArn} as ${label}${usedByText(input.usedBy)} with SourceArn ${sourceArn} (statement ${evaluation.allowedBy.join(', ')}).`,
    };
  }
  const why = otherAuthorizerIds(input, info) ?? explainDenial(invokeInput, info, evaluation.firstDenied.evaluation, functionArn);
  return {
    id: 'authorizer-permission',
    status: 'fail',
    resource,
    message:
      `${label}${usedByText(input.usedBy)} cannot run: the ${policyName} of ${functionArn} does not allow ${APIGATEWAY_PRINCIPAL} with SourceArn ${sourceArn}; ${why}. ` +
      `API Gateway answers every request to these methods with 500 (AuthorizerConfigurationException) before the integration runs, and logs "Invalid permissions on Lambda function" then "Authorizer error".${elsewhere}`,
    fix: authorizerPermissionFix(input, info?.RevisionId),
    supports: ['missing_invoke_permission', 'authorizer_error'],
  };
}

// ---- the diagnosis's view of one authorizer ------------------------------------------------------

/**
 * What the diagnosis read about one authorizer of the stage's in-depth methods (read once per authorizer,
 * attached to the first method that uses it). `undefined` fields were not read because they do not apply.
 */
export interface AuthorizerContext {
  readonly authorizerId: string;
  /** The methods' `authorizationType`: `CUSTOM` (Lambda) or `COGNITO_USER_POOLS` (not checked). */
  readonly authorizationType: string;
  /** The in-depth methods that use it (`GET /orders`). */
  readonly usedBy: readonly string[];
  /** GetAuthorizer: the authorizer, null when there is none with this id; undefined = not read (Cognito). */
  readonly authorizer: CheckInput<AuthorizerInfo | null> | undefined;
  /** The function its authorizerUri names on this stage; null when it names none (or it was not read). */
  readonly target: LambdaTarget | null;
  /** GetPolicy of the function (only without authorizerCredentials). */
  readonly policy: CheckInput<FunctionPolicyInfo | null> | undefined;
  /** GetRole and SimulatePrincipalPolicy of the authorizerCredentials role (only with them). */
  readonly role: CheckInput<RoleInfo | null> | undefined;
  readonly simulation: CheckInput<readonly SimulationResult[]> | undefined;
  /** GetFunctionConfiguration / GetFunctionConcurrency, read only when requests failed. */
  readonly functionConfiguration: CheckInput<FunctionConfigurationInfo | null> | undefined;
  readonly concurrency: CheckInput<FunctionConcurrencyInfo> | undefined;
  /** True when the function is also an integration checked in depth: its function checks are listed once, there. */
  readonly alsoIntegration: boolean;
}

/** The API Gateway ARN of a REST API's authorizer (what a result names when there is no function to name). */
export function authorizerArn(region: string, restApiId: string, authorizerId: string): string {
  return `${restApiArn(region, restApiId)}/authorizers/${authorizerId}`;
}

/** A Lambda authorizer the checks apply to: what GetAuthorizer said and the function it names. */
export interface ApplicableAuthorizer {
  readonly info: AuthorizerInfo;
  readonly target: LambdaTarget;
  readonly label: string;
}

/** The authorizer and its function when the authorizer checks apply, else the `skip` that says why not. */
export function applicableAuthorizer(id: 'authorizer-permission' | 'authorizer-role', ctx: AuthorizerContext, stage: StageRef): ApplicableAuthorizer | { readonly skip: CheckResult } {
  const resource = authorizerArn(stage.region, stage.restApiId, ctx.authorizerId);
  const skip = (reason: string): { skip: CheckResult } => ({ skip: skipNotApplicable(id, resource, reason) });
  if (ctx.authorizationType !== 'CUSTOM') {
    return skip(
      `authorizer ${ctx.authorizerId}${usedByText(ctx.usedBy)} is ${ctx.authorizationType}: apigw-doctor checks Lambda (TOKEN/REQUEST) authorizers only; a Cognito user pool authorizer invokes no function of yours`,
    );
  }
  if (ctx.authorizer === undefined) return skip(`authorizer ${ctx.authorizerId} was not read`);
  if (isReadFailure(ctx.authorizer)) return { skip: skipForReadFailure(id, resource, ctx.authorizer) };
  if (ctx.authorizer === null) {
    return skip(`GetAuthorizer finds no authorizer ${ctx.authorizerId}${usedByText(ctx.usedBy)}; the deployed stage may still use it until the API is redeployed`);
  }
  const type = ctx.authorizer.type ?? '';
  if (!LAMBDA_AUTHORIZER_TYPES.includes(type)) return skip(`authorizer ${ctx.authorizerId} is of type ${type === '' ? '(none)' : type}, not a Lambda (TOKEN/REQUEST) authorizer`);
  if (ctx.target === null) return skip(`the authorizerUri of authorizer ${ctx.authorizerId} (${ctx.authorizer.authorizerUri ?? 'none'}) names no Lambda function`);
  return { info: ctx.authorizer, target: ctx.target, label: authorizerLabel(ctx.authorizerId, ctx.authorizer.name ?? null) };
}

/** True when GetFunctionConfiguration says the authorizer function does not exist. */
export function authorizerFunctionMissing(ctx: AuthorizerContext): boolean {
  return ctx.functionConfiguration === null;
}

/** The role API Gateway assumes to invoke the authorizer, or null when the function's resource policy applies. */
export function authorizerCredentialsOf(info: AuthorizerInfo): string | null {
  return info.authorizerCredentials === undefined || info.authorizerCredentials === '' ? null : info.authorizerCredentials;
}

/** The update-authorizer commands that re-point the authorizer at a function that exists. */
function repointAuthorizer(stage: StageRef, authorizerId: string): string {
  return [
    '# then point the authorizer at a function that exists (and let API Gateway invoke it), and redeploy:',
    cliCommand([
      'aws', 'apigateway', 'update-authorizer', '--rest-api-id', stage.restApiId, '--authorizer-id', authorizerId,
      '--patch-operations', `op=replace,path=/authorizerUri,value=arn:aws:apigateway:${stage.region}:lambda:path/2015-03-31/functions/<function-arn>/invocations`,
      '--region', stage.region,
    ]),
    requestCommand(createDeploymentRequest(stage)),
  ].join('\n');
}

/** A function-level result about the authorizer function, saying which authorizer it is and what it breaks. */
function aboutAuthorizer(result: CheckResult, label: string): CheckResult {
  const failing = result.status === 'fail' || result.status === 'warn';
  return {
    ...result,
    message: `${result.message} It is the function of ${label}${failing ? ': every request to the methods it protects fails with 500 (AuthorizerConfigurationException) before the integration runs.' : '.'}`,
    ...(failing ? { supports: [...(result.supports ?? []), 'authorizer_error'] } : {}),
  };
}

/**
 * The registry runner for one authorizer: `authorizer-permission` (when it has no authorizerCredentials),
 * and the authorizer function's `function-exists` and `reserved-concurrency` results when they were read
 * and the function is not an integration already checked. Cognito authorizers give one `skip` saying so.
 */
export function runAuthorizerPermission(ctx: AuthorizerContext, stage: StageRef): CheckResult[] {
  const applicable = applicableAuthorizer('authorizer-permission', ctx, stage);
  if ('skip' in applicable) return [applicable.skip];
  const { info, target, label } = applicable;
  const results: CheckResult[] = [];
  if (!ctx.alsoIntegration && ctx.functionConfiguration !== undefined) {
    const exists = checkFunctionExists({ target, region: stage.region, functionConfiguration: ctx.functionConfiguration });
    const withRepoint = exists.status === 'fail' && exists.fix !== undefined ? { ...exists, fix: { ...exists.fix, cli: `${exists.fix.cli}\n${repointAuthorizer(stage, ctx.authorizerId)}` } } : exists;
    results.push(aboutAuthorizer(withRepoint, label));
  }
  if (!ctx.alsoIntegration && ctx.concurrency !== undefined) {
    const unqualified = target.functionArn.split(':').slice(0, 7).join(':');
    results.push(aboutAuthorizer(checkReservedConcurrency(ctx.concurrency, { functionName: target.functionName, functionArn: unqualified, region: target.region ?? stage.region }), label));
  }
  if (authorizerCredentialsOf(info) !== null) return results;
  if (authorizerFunctionMissing(ctx)) {
    results.push(skipNotApplicable('authorizer-permission', target.functionArn, `the function of ${label} does not exist (see function-exists); a permission cannot be added to it`));
    return results;
  }
  if (ctx.policy === undefined) {
    results.push(skipNotApplicable('authorizer-permission', target.functionArn, `the resource policy of ${label}'s function was not read`));
    return results;
  }
  results.push(
    checkAuthorizerPermission({
      account: stage.account,
      region: stage.region,
      apiId: stage.restApiId,
      authorizerId: ctx.authorizerId,
      authorizerName: info.name ?? null,
      usedBy: ctx.usedBy,
      target,
      policy: ctx.policy,
    }),
  );
  return results;
}
