/**
 * Use case part: read the Lambda authorizers of the methods a diagnosis looks at in depth, once per
 * authorizer however many methods share it. Per authorizer: GetAuthorizer; then, without
 * authorizerCredentials, GetPolicy of its function (the reader memoises, so a function that is also an
 * integration costs nothing more), with them GetRole + SimulatePrincipalPolicy; and, only when requests
 * failed, GetFunctionConfiguration and GetFunctionConcurrency of its function. Cognito authorizers are
 * not read at all (their checks say so). Each authorizer's context is attached to the first method (in
 * the diagnosis's order) that uses it, so its results are listed once.
 *
 * Calls: 2 per Lambda authorizer (3 with a credentials role), 2 more when requests failed; at most
 * {@link MAX_AUTHORIZERS} authorizers (API Gateway's default quota per REST API).
 */
import type { AccountReader, MethodInfo, ReadFailure } from '../../ports/account-reader.ts';
import type { Result } from '../result.ts';
import type { AuthorizerContext } from '../checks/authorizer-permission.ts';
import { authorizerCredentialsOf, LAMBDA_AUTHORIZER_TYPES } from '../checks/authorizer-permission.ts';
import { isReadFailure, methodLabel, type MethodRef } from '../checks/check-support.ts';
import { lambdaTargetFromUri } from '../checks/lambda-target.ts';
import { roleNameFromArn } from '../checks/credentials-role.ts';

/** API Gateway's default quota of authorizers per REST API: the reads stay bounded by it. */
export const MAX_AUTHORIZERS = 10;

/** One method the diagnosis looks at in depth, keyed by whatever the caller uses for methods. */
export interface AuthorizedMethod<K> {
  readonly key: K;
  readonly ref: MethodRef;
  readonly method: MethodInfo;
}

/** What {@link readAuthorizers} reads for. */
export interface AuthorizerReadRequest<K> {
  readonly restApiId: string;
  /** The stage's variables (an authorizerUri may name its function through one). */
  readonly variables: Readonly<Record<string, string>>;
  /** The in-depth methods, in the diagnosis's order. */
  readonly methods: readonly AuthorizedMethod<K>[];
  /** Functions (ARNs, qualified as invoked) the diagnosis already checks as integrations. */
  readonly integrationFunctions: ReadonlySet<string>;
  /** True when requests failed: then the authorizer functions' configuration and concurrency are read too. */
  readonly deep: boolean;
}

/** What was read, per authorizer: the context for the first method using it, and the authorizer function ARNs. */
export interface AuthorizerReads<K> {
  readonly byMethod: ReadonlyMap<K, AuthorizerContext>;
  /** The Lambda functions the authorizers invoke (for "what changed" lookups). */
  readonly functions: readonly string[];
  /** Notes for the diagnosis (authorizers left unread because of the bound). */
  readonly notes: readonly string[];
}

const CHECKED_TYPES: readonly string[] = ['CUSTOM', 'COGNITO_USER_POOLS'];

/** A read's value or its failure; undefined when it was not made. */
function valueOf<T>(read: Result<T, ReadFailure> | null): T | ReadFailure | undefined {
  return read === null ? undefined : read.ok ? read.value : read.error;
}

/** Reads every authorizer the in-depth methods use (independent reads in parallel). Never rejects. */
export async function readAuthorizers<K>(reader: AccountReader, request: AuthorizerReadRequest<K>): Promise<AuthorizerReads<K>> {
  const groups = new Map<string, { type: string; methods: AuthorizedMethod<K>[] }>();
  for (const m of request.methods) {
    const type = m.method.authorizationType ?? 'NONE';
    const id = m.method.authorizerId;
    if (!CHECKED_TYPES.includes(type) || id === undefined || id === '') continue;
    const group = groups.get(id) ?? { type, methods: [] };
    group.methods.push(m);
    groups.set(id, group);
  }
  const ids = [...groups.keys()];
  const notes = ids.length > MAX_AUTHORIZERS ? [`Authorizers: checked ${MAX_AUTHORIZERS} of ${ids.length} authorizers (${ids.slice(MAX_AUTHORIZERS).join(', ')} not read).`] : [];
  const read = await Promise.all(ids.slice(0, MAX_AUTHORIZERS).map(async (authorizerId) => {
    const group = groups.get(authorizerId) ?? { type: 'NONE', methods: [] };
    const usedBy = group.methods.map((m) => methodLabel(m.ref));
    const base = { authorizerId, authorizationType: group.type, usedBy, policy: undefined, role: undefined, simulation: undefined, functionConfiguration: undefined, concurrency: undefined, alsoIntegration: false };
    if (group.type !== 'CUSTOM') return { first: group.methods[0], context: { ...base, authorizer: undefined, target: null } satisfies AuthorizerContext };
    const got = await reader.getAuthorizer(request.restApiId, authorizerId);
    const info = got.ok ? got.value : null;
    const authorizer = got.ok ? got.value : got.error;
    const target = info !== null && LAMBDA_AUTHORIZER_TYPES.includes(info.type ?? '') && info.authorizerUri !== undefined ? lambdaTargetFromUri(info.authorizerUri, request.variables) : null;
    if (info === null || target === null || target.functionName === '' || target.unresolved.length > 0) {
      return { first: group.methods[0], context: { ...base, authorizer, target } satisfies AuthorizerContext };
    }
    const credentials = authorizerCredentialsOf(info);
    const qualifier = target.qualifier ?? undefined;
    const [policy, role, simulation, config, concurrency] = await Promise.all([
      credentials === null ? reader.getFunctionPolicy(target.functionName, qualifier) : null,
      credentials === null ? null : reader.getRole(roleNameFromArn(credentials)),
      credentials === null ? null : reader.simulatePrincipalPolicy(credentials, ['lambda:InvokeFunction'], [target.functionArn]),
      request.deep ? reader.getFunctionConfiguration(target.functionName, qualifier) : null,
      request.deep ? reader.getFunctionConcurrency(target.functionName) : null,
    ]);
    const context: AuthorizerContext = {
      ...base,
      authorizer,
      target,
      policy: valueOf(policy),
      role: valueOf(role),
      simulation: valueOf(simulation),
      functionConfiguration: valueOf(config),
      concurrency: valueOf(concurrency),
      alsoIntegration: request.integrationFunctions.has(target.functionArn),
    };
    return { first: group.methods[0], context };
  }));
  const byMethod = new Map<K, AuthorizerContext>();
  const functions: string[] = [];
  for (const r of read) {
    if (r.first !== undefined) byMethod.set(r.first.key, r.context);
    if (r.context.target !== null && !isReadFailure(r.context.authorizer)) functions.push(r.context.target.functionArn);
  }
  return { byMethod, functions: [...new Set(functions)].sort(), notes };
}
