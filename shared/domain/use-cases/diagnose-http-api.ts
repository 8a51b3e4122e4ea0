/**
 * Use case: diagnose an API by id, REST or HTTP (API Gateway v2), and the HTTP API diagnosis itself.
 *
 * {@link diagnoseApi} finds which kind the id names and dispatches: REST first by default (GetRestApi is
 * the first read `diagnoseStage` makes anyway, so a REST API costs no extra call and an HTTP API one:
 * the GetRestApi that found nothing), HTTP first when the caller knows (an alarm on the HTTP API `5xx`
 * metric, dimension `ApiId`), which costs a REST API one GetApi instead.
 *
 * {@link diagnoseHttpStage} reads the API, the stage (access-log settings, auto-deploy), its routes and
 * integrations (one listing each), the failing requests from the access log (HTTP APIs have no execution
 * logs: the access log's `$context.integrationErrorMessage` says why), and for the Lambda routes the
 * function policy (every Lambda route) and configuration, concurrency and alias (routes the failures point
 * at); the Lambda authorizers of those routes with one GetAuthorizers. Then it runs the checks that apply
 * to HTTP APIs, says `skip` with the reason for the REST-only ones, and ranks the causes.
 *
 * Calls for an HTTP API: GetRestApi (the miss), GetApi, GetStage, GetRoutes, GetIntegrations, one access
 * log query, GetAuthorizers when a failing route has a Lambda authorizer, one GetPolicy per function, the
 * deep Lambda reads per implicated function, plus the shared CloudTrail (≤ 4) and GetMetricData (1) reads.
 */
import type {
  AccountReader,
  HttpApiInfo,
  HttpAuthorizerInfo,
  HttpIntegrationInfo,
  HttpRouteInfo,
  HttpStageInfo,
  ReadFailure,
} from '../../ports/account-reader.ts';
import type { CheckResult, DiagnoseError, Diagnosis, Finding } from '../model.ts';
import { err, ok, type Result } from '../result.ts';
import type { StageRef } from '../checks/check-support.ts';
import { checkCredentialsRole } from '../checks/credentials-role.ts';
import { checkFunctionExists, isAliasQualifier } from '../checks/function-exists.ts';
import { checkAuthorizerPermission } from '../checks/authorizer-permission.ts';
import { checkAuthorizerRole } from '../checks/authorizer-role.ts';
import { checkInvokePermission, DEFAULT_ROUTE } from '../checks/invoke-permission.ts';
import { lambdaTargetFromUri, type LambdaTarget } from '../checks/lambda-target.ts';
import { checkPolicySize } from '../checks/policy-size.ts';
import { checkReservedConcurrency } from '../checks/reserved-concurrency.ts';
import { executeApiArn } from '../iam/arn-match.ts';
import {
  checkHttpAccessLogging,
  checkHttpDetailedMetrics,
  checkHttpIntegrationTimeout,
  httpNotApplicable,
  httpStageArn,
  matchRoute,
  NO_EXECUTION_LOGS,
  routeMethod,
} from '../checks/http-api.ts';
import { skipNotApplicable } from '../checks/check-support.ts';
import { ACCESS_FAILURE_PATTERN } from '../logs/failure-patterns.ts';
import { classifyLogEvents } from './classify-logs.ts';
import { diagnoseStage, logGroupFromArn, type DiagnoseRequest } from './diagnose.ts';
import { CHANGE_LOOKBACK_MS, lookUpChanges, type ChangeSource } from './diagnose-changes.ts';
import { readMetrics } from './diagnose-metrics.ts';
import { createFunctionLogReader, functionLogScope } from './diagnose-function-logs.ts';
import { concludeDiagnosis } from './diagnose-conclusion.ts';

/** An API to diagnose by id, whichever kind it is. */
export interface ApiDiagnoseRequest extends Omit<DiagnoseRequest, 'restApiId'> {
  readonly apiId: string;
  /** Which kind to look up first (an alarm with the `ApiId` dimension is on an HTTP API). Default `REST`. */
  readonly prefer?: 'REST' | 'HTTP';
}

/** One HTTP API stage to diagnose. */
export type HttpDiagnoseRequest = Omit<ApiDiagnoseRequest, 'prefer'>;

/** Lambda authorizers read per diagnosis at most (one GetAuthorizers lists them all; this bounds the function reads). */
const MAX_HTTP_AUTHORIZERS = 10;

function readError(what: string, failure: ReadFailure): DiagnoseError {
  return { code: failure.kind === 'denied' ? 'access-denied' : 'read-failed', message: `cannot read ${what}: ${failure.message}` };
}

/**
 * Diagnoses the API `apiId` names, REST or HTTP: looks the id up as the preferred kind, then as the other,
 * and runs that kind's diagnosis. An id that names neither is `api-not-found`, saying both were looked for.
 */
export async function diagnoseApi(reader: AccountReader, request: ApiDiagnoseRequest): Promise<Result<Diagnosis, DiagnoseError>> {
  const { apiId, prefer, ...rest } = request;
  const asRest = (): Promise<Result<Diagnosis, DiagnoseError>> => diagnoseStage(reader, { ...rest, restApiId: apiId });
  const asHttp = (): Promise<Result<Diagnosis, DiagnoseError>> => diagnoseHttpStage(reader, { ...rest, apiId });
  const lookRest = async (): Promise<Result<boolean, ReadFailure>> => {
    const read = await reader.getRestApi(apiId);
    return read.ok ? ok(read.value !== null) : read;
  };
  const lookHttp = async (): Promise<Result<boolean, ReadFailure>> => {
    const read = await reader.getHttpApi(apiId);
    return read.ok ? ok(read.value !== null) : read;
  };
  const order = prefer === 'HTTP' ? ([[lookHttp, asHttp], [lookRest, asRest]] as const) : ([[lookRest, asRest], [lookHttp, asHttp]] as const);
  const failures: ReadFailure[] = [];
  for (const [look, run] of order) {
    const found = await look();
    if (found.ok && found.value) return run();
    if (!found.ok) failures.push(found.error);
  }
  const first = failures[0];
  if (first !== undefined) return err(readError(`API ${apiId} as a REST or an HTTP API in ${reader.region}`, first));
  return err({ code: 'api-not-found', message: `no REST API and no HTTP API with id ${apiId} in ${reader.region} (account ${reader.account})` });
}

/** One route with its integration and the function it invokes on this stage. */
interface HttpRoute {
  readonly route: HttpRouteInfo;
  readonly routeKey: string;
  readonly integration: HttpIntegrationInfo | null;
  readonly target: LambdaTarget | null;
}

interface LogResult {
  readonly findings: readonly Finding[];
  readonly source: string | null;
  readonly notes: readonly string[];
  readonly firstFailureAt: number | null;
}

/** The failing requests of the window: HTTP APIs have only the access log. */
async function readAccessFailures(reader: AccountReader, request: HttpDiagnoseRequest, stage: HttpStageInfo): Promise<LogResult> {
  const destination = stage.AccessLogSettings?.DestinationArn;
  const group = destination === undefined ? null : logGroupFromArn(destination);
  if (group === null) {
    return { findings: [], source: null, notes: [`${NO_EXECUTION_LOGS}, and stage ${request.stageName} has no access log: no failing request could be read (see access-logging).`], firstFailureAt: null };
  }
  const rows = await reader.filterLogEvents({ logGroupName: group, startTime: request.startTime, endTime: request.endTime, filterPattern: ACCESS_FAILURE_PATTERN, limit: 1_000 });
  if (!rows.ok) return { findings: [], source: null, notes: [`Could not read the access log ${group}: ${rows.error.message}`], firstFailureAt: null };
  const times = rows.value.map((e) => e.timestamp).filter((t): t is number => typeof t === 'number');
  return {
    findings: classifyLogEvents(rows.value).findings,
    source: `${group} (access log, ${rows.value.length} rows)`,
    notes: [],
    firstFailureAt: times.length === 0 ? null : Math.min(...times),
  };
}

/** The routes the findings point at: by the request's verb and path, routed as the API routes them; else every Lambda route. */
function implicatedRoutes(findings: readonly Finding[], routes: readonly HttpRoute[]): Set<HttpRoute> {
  const out = new Set<HttpRoute>();
  const byRoute = new Map(routes.map((r) => [r.route, r]));
  for (const f of findings) {
    const verb = f.details['method'];
    const path = f.details['resourcePath'];
    const matched = typeof verb === 'string' && typeof path === 'string' ? matchRoute(routes.map((r) => r.route), verb, path) : null;
    const route = matched === null ? undefined : byRoute.get(matched);
    if (route !== undefined) out.add(route);
    // A row without verb and path cannot be placed: every Lambda route is a suspect.
    else for (const r of routes) if (r.target !== null) out.add(r);
  }
  return out;
}

/** A concrete request path of a failing request on this route, for the SourceArn (the gateway sends the real path). */
function requestPathFor(findings: readonly Finding[], route: HttpRoute, routes: readonly HttpRoute[]): string | null {
  for (const f of findings) {
    const verb = f.details['method'];
    const path = f.details['resourcePath'];
    if (typeof verb !== 'string' || typeof path !== 'string') continue;
    if (matchRoute(routes.map((r) => r.route), verb, path) === route.route) return path;
  }
  return null;
}

function valueOr<T>(read: Result<T, ReadFailure>): T | ReadFailure {
  return read.ok ? read.value : read.error;
}

/** The role name of a role ARN (`arn:aws:iam::a:role/path/name` → `name`). */
function roleNameOf(arn: string): string | undefined {
  return /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
}

/** Diagnoses one HTTP API stage. Expected failures (no such API or stage, access denied) are values. */
export async function diagnoseHttpStage(reader: AccountReader, request: HttpDiagnoseRequest): Promise<Result<Diagnosis, DiagnoseError>> {
  const { apiId, stageName } = request;
  const progress = request.progress ?? (() => undefined);
  const ref: StageRef = { restApiId: apiId, stageName, region: reader.region, account: reader.account };
  progress(`Reading HTTP API ${apiId}, stage ${stageName}, its routes and integrations…`);
  const [apiRead, stageRead, routesRead, integrationsRead] = await Promise.all([
    reader.getHttpApi(apiId),
    reader.getHttpStage(apiId, stageName),
    reader.getHttpRoutes(apiId),
    reader.getHttpIntegrations(apiId),
  ]);
  if (!apiRead.ok) return err(readError(`HTTP API ${apiId} in ${reader.region}`, apiRead.error));
  if (apiRead.value === null) return err({ code: 'api-not-found', message: `no HTTP API with id ${apiId} in ${reader.region} (account ${reader.account})` });
  const api: HttpApiInfo = apiRead.value;
  if (api.ProtocolType !== undefined && api.ProtocolType !== 'HTTP') {
    return err({ code: 'api-not-found', message: `API ${apiId} is a ${api.ProtocolType} API: apigw-doctor diagnoses REST and HTTP APIs` });
  }
  if (!stageRead.ok) return err(readError(`stage ${stageName} of HTTP API ${apiId}`, stageRead.error));
  if (stageRead.value === null) {
    const stages = await reader.getHttpStages(apiId);
    const names = stages.ok ? stages.value.map((s) => s.StageName).filter((n): n is string => n !== undefined) : [];
    return err({ code: 'stage-not-found', message: `HTTP API ${apiId} has no stage '${stageName}'${names.length > 0 ? ` (stages: ${names.join(', ')})` : ''}` });
  }
  const stage = stageRead.value;
  const variables = stage.StageVariables ?? {};
  const notes: string[] = [];
  if (!routesRead.ok) notes.push(`Could not list the API's routes (${routesRead.error.message}): route checks skipped.`);
  if (!integrationsRead.ok) notes.push(`Could not list the API's integrations (${integrationsRead.error.message}): route checks skipped.`);
  if (stage.AutoDeploy !== true) notes.push(`Stage ${stageName} does not deploy automatically: a route or integration change reaches it only with CreateDeployment.`);
  if (stage.LastDeploymentStatusMessage !== undefined && stage.LastDeploymentStatusMessage !== '') notes.push(`The stage's last automatic deployment said: ${stage.LastDeploymentStatusMessage}`);

  const integrationsById = new Map((integrationsRead.ok ? integrationsRead.value : []).map((i) => [i.IntegrationId ?? '', i]));
  const routes: HttpRoute[] = (routesRead.ok && integrationsRead.ok ? routesRead.value : [])
    .map((route): HttpRoute => {
      const integration = integrationsById.get((route.Target ?? '').replace(/^integrations\//, '')) ?? null;
      const lambda = integration?.IntegrationType === 'AWS_PROXY' && integration.IntegrationUri !== undefined ? lambdaTargetFromUri(integration.IntegrationUri, variables) : null;
      return { route, routeKey: route.RouteKey ?? '', integration, target: lambda };
    })
    .sort((a, b) => a.routeKey.localeCompare(b.routeKey));

  let findings = request.findings ?? [];
  let logSource: string | null = request.findings ? 'the replayed event' : null;
  let firstFailureAt: number | null = request.firstFailureAt ?? null;
  if (request.findings === undefined) {
    progress('Reading the failing requests of the window from the access log…');
    const logs = await readAccessFailures(reader, request, stage);
    findings = logs.findings;
    logSource = logs.source;
    notes.push(...logs.notes);
    firstFailureAt ??= logs.firstFailureAt;
  }
  const lambdaRoutes = routes.filter((r) => r.target !== null);
  const implicated = findings.length > 0 ? implicatedRoutes(findings, routes) : new Set(lambdaRoutes);
  const deep = new Set([...implicated].filter((r) => r.target !== null));
  progress(`Checking ${routes.length} route${routes.length === 1 ? '' : 's'} (${lambdaRoutes.length} Lambda, ${deep.size} in depth)…`);

  // Metrics and what changed do not depend on the per-route reads: started now, awaited last.
  const deepFunctions = [...new Set([...deep].map((r) => r.target?.functionName).filter((n): n is string => n !== undefined && n !== ''))].sort();
  // HTTP APIs publish `5xx` by ApiId, not REST's `5XXError` by ApiName: only the functions' metrics are asked for.
  const metricsRequest = { apiName: null, stageName, functions: deepFunctions, startTime: request.startTime, endTime: request.endTime };
  const metricsRead = readMetrics(reader, metricsRequest);
  const sources = new Set<ChangeSource>(['apigateway.amazonaws.com']);
  if (lambdaRoutes.length > 0) sources.add('lambda.amazonaws.com');
  if (routes.some((r) => r.target !== null && (r.integration?.CredentialsArn ?? '') !== '')) sources.add('iam.amazonaws.com');
  const changesRead = lookUpChanges(reader, { sources, startTime: (firstFailureAt ?? request.startTime) - CHANGE_LOOKBACK_MS, endTime: request.endTime });
  // The deep functions' own log groups, as for REST: started per route once its configuration names the group.
  const functionLogs = createFunctionLogReader(reader, { startTime: request.startTime, endTime: request.endTime, firstFailureAt }, functionLogScope(findings, logSource !== null));

  // Lambda authorizers of the implicated routes: one listing, read only when such a route exists.
  const authorized = [...implicated].filter((r) => r.route.AuthorizationType === 'CUSTOM' && (r.route.AuthorizerId ?? '') !== '');
  const authorizersRead = authorized.length > 0 ? reader.getHttpAuthorizers(apiId) : null;

  const checks: CheckResult[] = [];
  const seenFunctions = new Set<string>();
  const integrationFunctions = new Set([...deep].flatMap((r) => (r.target === null ? [] : [r.target.functionArn])));
  await Promise.all(routes.map(async (r) => {
    const { target, integration } = r;
    const method = routeMethod(r.routeKey, r.route.RouteId ?? '');
    if (integration === null) {
      checks.push(skipNotApplicable('invoke-permission', `route ${r.routeKey}`, `route ${r.routeKey} has no integration (target ${r.route.Target ?? 'none'})`));
      return;
    }
    if (integration.ConnectionType === 'VPC_LINK') {
      checks.push(skipNotApplicable('vpc-link-health', `route ${r.routeKey}`, `HTTP API VPC links are not read in this version; check it with: aws apigatewayv2 get-vpc-link --vpc-link-id ${integration.ConnectionId ?? '<id>'} --region ${reader.region}`));
    }
    if (target === null) return;
    const credentials = integration.CredentialsArn !== undefined && integration.CredentialsArn !== '' ? integration.CredentialsArn : null;
    const roleName = credentials === null ? undefined : roleNameOf(credentials);
    const inDepth = deep.has(r);
    const qualifier = target.qualifier ?? undefined;
    const [policyRead, role, simulation, config, concurrency, alias] = await Promise.all([
      reader.getFunctionPolicy(target.functionName, qualifier),
      roleName === undefined ? null : reader.getRole(roleName),
      roleName === undefined || credentials === null ? null : reader.simulatePrincipalPolicy(credentials, ['lambda:InvokeFunction'], [target.functionArn]),
      inDepth ? reader.getFunctionConfiguration(target.functionName, qualifier) : null,
      inDepth ? reader.getFunctionConcurrency(target.functionName) : null,
      inDepth && isAliasQualifier(target.qualifier) ? reader.getAlias(target.functionName, target.qualifier) : null,
    ]);
    const policy = valueOr(policyRead);
    const requestPath = requestPathFor(findings, r, routes);
    if (credentials === null) {
      checks.push(checkInvokePermission({
        account: ref.account, region: ref.region, restApiId: apiId, stageName, apiType: 'HTTP',
        method: { httpMethod: method.httpMethod, resourcePath: method.resourcePath }, target, policy,
        ...(requestPath === null ? {} : { requestPath }),
      }));
    } else {
      const sourceArn = method.httpMethod === DEFAULT_ROUTE
        ? `arn:aws:execute-api:${ref.region}:${ref.account}:${apiId}/${stageName}/${DEFAULT_ROUTE}`
        : executeApiArn({ region: ref.region, account: ref.account, apiId, stage: stageName, method: method.httpMethod === 'ANY' ? '*' : method.httpMethod, resourcePath: requestPath ?? method.resourcePath });
      checks.push(checkCredentialsRole({
        credentials, usedBy: `route ${r.routeKey} integration`, account: ref.account, region: ref.region, target,
        role: role === null ? { kind: 'error', operation: 'iam:GetRole', message: `cannot tell the role name of ${credentials}` } : valueOr(role),
        simulation: simulation === null ? null : valueOr(simulation), sourceArn,
      }));
    }
    if (config === null || concurrency === null) return;
    const functionConfiguration = valueOr(config);
    functionLogs.read({ functionName: target.functionName, functionArn: target.functionArn, configuration: functionConfiguration });
    checks.push(checkHttpIntegrationTimeout({ stage: ref, routeKey: r.routeKey, integration, target, functionConfiguration, autoDeploy: stage.AutoDeploy === true }));
    // Function-level results once per function, however many routes share it.
    if (seenFunctions.has(target.functionArn)) return;
    seenFunctions.add(target.functionArn);
    checks.push(
      checkFunctionExists({ target, region: ref.region, functionConfiguration, ...(alias === null ? {} : { alias: valueOr(alias) }) }),
      checkReservedConcurrency(valueOr(concurrency), { functionName: target.functionName, functionArn: target.functionArn.split(':').slice(0, 7).join(':'), region: target.region ?? ref.region }),
      checkPolicySize({ target, region: ref.region, policy }),
    );
  }));

  const authorizerFunctions: string[] = [];
  if (authorizersRead !== null) {
    const listed = await authorizersRead;
    checks.push(...(await authorizerChecks(reader, ref, authorized, listed, variables, integrationFunctions, authorizerFunctions, notes)));
  }
  checks.push(checkHttpAccessLogging(stage, ref), checkHttpDetailedMetrics(stage, ref), ...httpNotApplicable(ref));

  const functionArns = routes.flatMap((r) => (r.target === null ? [] : [r.target.functionName, r.target.functionArn])).concat(authorizerFunctions);
  const others = routes.flatMap((r) => [r.integration?.ConnectionId ?? '', r.integration?.CredentialsArn ?? '']).filter((v) => v !== '');
  return ok(await concludeDiagnosis({
    api: { id: apiId, name: api.Name ?? null, stage: stageName, region: reader.region, account: reader.account, type: 'HTTP' },
    region: reader.region,
    findings,
    checks,
    logSource,
    notes,
    firstFailureAt,
    integrationTimeoutMs: Math.max(30_000, ...routes.map((r) => r.integration?.TimeoutInMillis ?? 30_000)),
    metricsRequest,
    metricsRead,
    changesRead,
    functionLogs,
    path: { functions: functionArns, restApiId: apiId, stageName, others },
  }));
}

/**
 * `authorizer-permission` / `authorizer-role` for the Lambda authorizers of the implicated routes (each once,
 * with the routes it protects), through the shared pure checks: HTTP API authorizers are invoked with the
 * same `…:<apiId>/authorizers/<id>` SourceArn as REST ones.
 */
async function authorizerChecks(
  reader: AccountReader,
  ref: StageRef,
  routes: readonly HttpRoute[],
  listed: Result<readonly HttpAuthorizerInfo[], ReadFailure>,
  variables: Readonly<Record<string, string>>,
  integrationFunctions: ReadonlySet<string>,
  functionsOut: string[],
  notes: string[],
): Promise<CheckResult[]> {
  const byId = new Map<string, string[]>();
  for (const r of routes) byId.set(r.route.AuthorizerId ?? '', [...(byId.get(r.route.AuthorizerId ?? '') ?? []), r.routeKey]);
  const resourceOf = (id: string): string => `${httpStageArn(ref).replace(/\/stages\/.*$/, '')}/authorizers/${id}`;
  if (!listed.ok) {
    return [...byId.keys()].map((id) => ({ id: 'authorizer-permission', status: 'skip', resource: resourceOf(id), message: `Skipped: ${listed.error.operation} failed (${listed.error.kind}): ${listed.error.message}` }));
  }
  const ids = [...byId.keys()].sort();
  if (ids.length > MAX_HTTP_AUTHORIZERS) notes.push(`${ids.length} Lambda authorizers protect the failing routes; the first ${MAX_HTTP_AUTHORIZERS} were checked.`);
  const results = await Promise.all(ids.slice(0, MAX_HTTP_AUTHORIZERS).map(async (id): Promise<CheckResult[]> => {
    const usedBy = byId.get(id) ?? [];
    const info = listed.value.find((a) => a.AuthorizerId === id);
    if (info === undefined) return [skipNotApplicable('authorizer-permission', resourceOf(id), `GetAuthorizers lists no authorizer ${id} (used by ${usedBy.join(', ')})`)];
    if (info.AuthorizerType !== 'REQUEST') return [skipNotApplicable('authorizer-permission', resourceOf(id), `authorizer ${id} is ${info.AuthorizerType ?? 'of no type'}: only Lambda (REQUEST) authorizers invoke a function of yours`)];
    const target = lambdaTargetFromUri(info.AuthorizerUri ?? '', variables);
    if (target === null) return [skipNotApplicable('authorizer-permission', resourceOf(id), `the AuthorizerUri of ${id} (${info.AuthorizerUri ?? 'none'}) names no Lambda function`)];
    functionsOut.push(target.functionName, target.functionArn);
    const base = { account: ref.account, region: ref.region, apiId: ref.restApiId, authorizerId: id, authorizerName: info.Name ?? null, usedBy, target };
    const credentials = info.AuthorizerCredentialsArn ?? '';
    if (credentials === '') {
      const policy = await reader.getFunctionPolicy(target.functionName, target.qualifier ?? undefined);
      const out: CheckResult[] = [checkAuthorizerPermission({ ...base, policy: valueOr(policy) })];
      if (!integrationFunctions.has(target.functionArn)) {
        const config = await reader.getFunctionConfiguration(target.functionName, target.qualifier ?? undefined);
        out.push(checkFunctionExists({ target, region: ref.region, functionConfiguration: valueOr(config) }));
      }
      return out;
    }
    const roleName = roleNameOf(credentials);
    const [role, simulation] = await Promise.all([
      roleName === undefined ? null : reader.getRole(roleName),
      reader.simulatePrincipalPolicy(credentials, ['lambda:InvokeFunction'], [target.functionArn]),
    ]);
    return [checkAuthorizerRole({
      ...base, credentials,
      role: role === null ? { kind: 'error', operation: 'iam:GetRole', message: `cannot tell the role name of ${credentials}` } : valueOr(role),
      simulation: valueOr(simulation),
    })];
  }));
  return results.flat();
}
