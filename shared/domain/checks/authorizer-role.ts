/**
 * Check `authorizer-role`: a Lambda authorizer with `authorizerCredentials` makes API Gateway assume that
 * role and invoke the authorizer function with it (the function's resource policy is then not consulted).
 * The role must trust `apigateway.amazonaws.com` (else the log says "API Gateway does not have permission to
 * assume the provided role", then "Authorizer error") and may call lambda:InvokeFunction on the function.
 * The evaluation is credentials-role's (GetRole trust policy + SimulatePrincipalPolicy), named for the authorizer.
 */
import type { CheckResult } from '../model.ts';
import type { RoleInfo, SimulationResult } from '../../ports/account-reader.ts';
import type { CheckInput, StageRef } from './check-support.ts';
import { checkCredentialsRole } from './credentials-role.ts';
import { applicableAuthorizer, authorizerCredentialsOf, authorizerFunctionMissing, authorizerLabel, type AuthorizerContext, type AuthorizerIdentity } from './authorizer-permission.ts';
import { authorizerSourceArn } from './invoke-permission.ts';
import { skipNotApplicable } from './check-support.ts';

/** What {@link checkAuthorizerRole} needs. REST and HTTP API authorizers share it. */
export interface AuthorizerRoleInput extends AuthorizerIdentity {
  /** The authorizer's credentials role ARN. */
  readonly credentials: string;
  /** GetRole: the role, null when it does not exist, or the read failure. */
  readonly role: CheckInput<RoleInfo | null>;
  /** SimulatePrincipalPolicy of lambda:InvokeFunction on the function; null when not run. */
  readonly simulation: CheckInput<readonly SimulationResult[]> | null;
}

/**
 * Checks the authorizer's credentials role: trusted by API Gateway and allowed to invoke the authorizer
 * function. Fails with the trust-policy and/or role-policy fix (supports `credentials_role_error` and
 * `authorizer_error`, plus `missing_invoke_permission` when the role may not invoke); skips on read failures.
 * Pure; exported for HTTP API Lambda authorizers too.
 */
export function checkAuthorizerRole(input: AuthorizerRoleInput): CheckResult {
  const list = input.usedBy.length === 0 ? '' : ` of ${input.usedBy.slice(0, 4).join(', ')}${input.usedBy.length > 4 ? ` and ${input.usedBy.length - 4} more` : ''}`;
  const result = checkCredentialsRole({
    credentials: input.credentials,
    usedBy: `${authorizerLabel(input.authorizerId, input.authorizerName)}${list}`,
    account: input.account,
    region: input.region,
    target: input.target,
    role: input.role,
    simulation: input.simulation,
    sourceArn: authorizerSourceArn(input.region, input.account, input.apiId, input.authorizerId),
  });
  const failing = result.status === 'fail' || result.status === 'warn';
  return {
    ...result,
    id: 'authorizer-role',
    message: failing ? `${result.message} The client gets 500 (AuthorizerConfigurationException) before the integration runs.` : result.message,
    ...(failing ? { supports: [...new Set([...(result.supports ?? ['credentials_role_error']), 'authorizer_error' as const])] } : {}),
  };
}

/** The registry runner: `authorizer-role` for a Lambda authorizer with authorizerCredentials; nothing without them. */
export function runAuthorizerRole(ctx: AuthorizerContext, stage: StageRef): CheckResult[] {
  const applicable = applicableAuthorizer('authorizer-role', ctx, stage);
  // Not-applicable authorizers are reported once, by authorizer-permission.
  if ('skip' in applicable) return [];
  const credentials = authorizerCredentialsOf(applicable.info);
  if (credentials === null) return [];
  if (authorizerFunctionMissing(ctx)) {
    return [skipNotApplicable('authorizer-role', credentials, `the function of ${applicable.label} does not exist (see function-exists), so what the role may invoke does not matter yet`)];
  }
  if (ctx.role === undefined) return [skipNotApplicable('authorizer-role', credentials, `the role of ${applicable.label} was not read`)];
  return [
    checkAuthorizerRole({
      account: stage.account,
      region: stage.region,
      apiId: stage.restApiId,
      authorizerId: ctx.authorizerId,
      authorizerName: applicable.info.name ?? null,
      usedBy: ctx.usedBy,
      credentials,
      target: applicable.target,
      role: ctx.role,
      simulation: ctx.simulation ?? null,
    }),
  ];
}
