/**
 * Use case: diagnose one REST API stage. Reads the stage, its methods and integrations, the recent
 * failing requests and the Lambda functions behind them through the `AccountReader` port (independent
 * reads in parallel; the reader memoises, so shared resources are read once), runs the checks, and
 * ranks the causes with the reasons.
 *
 * Read budget: shared reads (API, stage, resources, account settings, two log queries) plus one
 * `GetPolicy` per distinct function; the deeper Lambda reads (configuration, concurrency, alias) are
 * made for the functions the failing requests point at, or for every function when no request failed
 * (then the diagnosis is an audit of the stage), plus one FilterLogEvents per log group of those functions
 * when their own log can add to what the gateway's says (diagnose-function-logs.ts).
 */
import type { AccountReader, IntegrationInfo, MethodInfo, ReadFailure, StageInfo } from '../../ports/account-reader.ts';
import type { CheckResult, DiagnoseError, Diagnosis, Finding, RawLogEvent } from '../model.ts';
import { ACCESS_FAILURE_PATTERN, EXECUTION_FAILURE_PATTERN, MAX_TRACED_REQUESTS } from '../logs/failure-patterns.ts';
import { err, ok, type Result } from '../result.ts';
import { lambdaTargetFromUri, type LambdaTarget } from '../checks/lambda-target.ts';
import type { MethodRef, StageRef } from '../checks/check-support.ts';
import { isAliasQualifier } from '../checks/function-exists.ts';
import { runFunctionChecks, runMethodChecks, runStageChecks, type StageContext } from '../checks/registry.ts';
import { classifyLogEvents } from './classify-logs.ts';
import { CHANGE_LOOKBACK_MS, lookUpChanges, type ChangeSource } from './diagnose-changes.ts';
import { readMetrics } from './diagnose-metrics.ts';
import { readAuthorizers } from './diagnose-authorizers.ts';
import { chainResources, createVpcLinkChains, vpcLinkHealthInput } from './diagnose-vpc-link.ts';
import { createFunctionLogReader, functionLogScope } from './diagnose-function-logs.ts';
import { concludeDiagnosis } from './diagnose-conclusion.ts';
import { crossAccountResults, isInOtherAccount } from '../checks/cross-account.ts';

/** What to diagnose. */
export interface DiagnoseRequest {
  readonly restApiId: string;
  readonly stageName: string;
  /** Start of the log window (epoch ms) and its end. */
  readonly startTime: number;
  readonly endTime: number;
  /** Findings already in hand (e.g. from a replayed event); when given, logs are not queried. */
  readonly findings?: readonly Finding[];
  /** Progress messages for long runs (the CLI prints them on stderr). */
  readonly progress?: (message: string) => void;
  /** When the failures began (epoch ms), if the caller knows (an alarm's state change); else the logs or metrics say. */
  readonly firstFailureAt?: number;
}

/** One method of the API with its integration. */
interface ApiMethod {
  readonly ref: MethodRef;
  readonly method: MethodInfo;
  readonly integration: IntegrationInfo | null;
  /** Why GetIntegration failed, when it did (`integration` is then null but may exist). */
  readonly integrationFailure?: ReadFailure;
}

const REQUEST_ID_PREFIX = /^\(([^()\s]{4,80})\)/;

function failure(read: Result<unknown, ReadFailure>): ReadFailure | null {
  return read.ok ? null : read.error;
}

/** The value of a read, or the failure itself (what the checks take). */
function valueOr<T>(read: Result<T, ReadFailure>): T | ReadFailure {
  return read.ok ? read.value : read.error;
}

/** Every method of the API, sorted by path then verb. */
function methodsOf(resources: readonly { readonly id: string; readonly path?: string; readonly resourceMethods?: Readonly<Record<string, MethodInfo>> }[]): ApiMethod[] {
  const out: ApiMethod[] = [];
  for (const resource of resources) {
    for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
      out.push({ ref: { resourceId: resource.id, resourcePath: resource.path ?? '/', httpMethod: verb }, method, integration: method.methodIntegration ?? null });
    }
  }
  return out.sort((a, b) => a.ref.resourcePath.localeCompare(b.ref.resourcePath) || a.ref.httpMethod.localeCompare(b.ref.httpMethod));
}

/** Lambda function ARN without its qualifier, for comparing a log's ARN with an integration's. */
function unqualified(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}

/** The methods the findings point at (by method + resource path, else by function). */
function implicatedMethods(findings: readonly Finding[], methods: readonly ApiMethod[], targets: ReadonlyMap<ApiMethod, LambdaTarget | null>): Set<ApiMethod> {
  const out = new Set<ApiMethod>();
  for (const f of findings) {
    const verb = f.details['method'];
    const path = f.details['resourcePath'];
    const fn = f.details['functionArn'];
    let matched = false;
    if (typeof verb === 'string' && typeof path === 'string') {
      for (const m of methods) {
        if (m.ref.resourcePath === path && (m.ref.httpMethod === verb || m.ref.httpMethod === 'ANY')) {
          out.add(m);
          matched = true;
        }
      }
    }
    if (!matched && typeof fn === 'string') {
      for (const m of methods) {
        const t = targets.get(m);
        if (t && (t.functionArn === fn || unqualified(t.functionArn) === unqualified(fn))) {
          out.add(m);
          matched = true;
        }
      }
    }
    // A failure we cannot place (an access row without a path) makes every Lambda method a suspect.
    if (!matched) for (const m of methods) if (targets.get(m)) out.add(m);
  }
  return out;
}

/** A concrete path a failing request of this method used (the SourceArn carries the real path). */
function requestPathFor(findings: readonly Finding[], method: MethodRef): string | null {
  for (const f of findings) {
    const path = f.details['requestPath'];
    if (typeof path === 'string' && f.details['resourcePath'] === method.resourcePath && (f.details['method'] === method.httpMethod || method.httpMethod === 'ANY')) return path;
  }
  return null;
}

/** Request ids of the failing lines, most recent last, deduplicated. */
function failingRequestIds(events: readonly RawLogEvent[]): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    const id = REQUEST_ID_PREFIX.exec(e.message)?.[1];
    if (id !== undefined && !seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return ids.slice(-MAX_TRACED_REQUESTS);
}

/** The log group name in an access-log destination ARN (`arn:aws:logs:r:a:log-group:NAME[:*]`). */
export function logGroupFromArn(arn: string): string | null {
  const m = /:log-group:([^:]+)(?::\*)?$/.exec(arn);
  return m?.[1] ?? null;
}

interface LogResult {
  readonly findings: readonly Finding[];
  readonly source: string | null;
  readonly notes: readonly string[];
  /** The earliest failing line's time (epoch ms), or null. */
  readonly firstFailureAt: number | null;
}

function earliest(events: readonly RawLogEvent[]): number | null {
  const times = events.map((e) => e.timestamp).filter((t): t is number => typeof t === 'number');
  return times.length === 0 ? null : Math.min(...times);
}

/** Reads the failing requests of the window: execution logs first (all lines of each failing request), else the access log. */
async function readFailures(reader: AccountReader, request: DiagnoseRequest, stage: StageInfo): Promise<LogResult> {
  const group = `API-Gateway-Execution-Logs_${request.restApiId}/${request.stageName}`;
  const window = { startTime: request.startTime, endTime: request.endTime };
  const notes: string[] = [];
  const marks = await reader.filterLogEvents({ logGroupName: group, ...window, filterPattern: EXECUTION_FAILURE_PATTERN, limit: 1_000 });
  if (marks.ok) {
    const ids = failingRequestIds(marks.value);
    if (ids.length === 0) return { findings: [], source: `${group} (no failing request)`, notes, firstFailureAt: null };
    const full = await reader.filterLogEvents({ logGroupName: group, ...window, filterPattern: ids.map((id) => `?"${id}"`).join(' '), limit: 5_000 });
    const events = full.ok ? full.value : marks.value;
    if (!full.ok) notes.push(`Could not read every line of the failing requests (${full.error.message}); classified the failure lines only.`);
    return { findings: classifyLogEvents(events).findings, source: `${group} (${ids.length} failing request${ids.length === 1 ? '' : 's'}, ${events.length} lines)`, notes, firstFailureAt: earliest(marks.value) };
  }
  notes.push(marks.error.kind === 'not_found'
    ? `No execution log group ${group}: execution logging has never written for this stage.`
    : `Could not read the execution log ${group}: ${marks.error.message}`);
  const destination = stage.accessLogSettings?.destinationArn;
  const accessGroup = destination === undefined ? null : logGroupFromArn(destination);
  if (accessGroup === null) return { findings: [], source: null, notes, firstFailureAt: null };
  const rows = await reader.filterLogEvents({ logGroupName: accessGroup, ...window, filterPattern: ACCESS_FAILURE_PATTERN, limit: 1_000 });
  if (!rows.ok) {
    notes.push(`Could not read the access log ${accessGroup}: ${rows.error.message}`);
    return { findings: [], source: null, notes, firstFailureAt: null };
  }
  return { findings: classifyLogEvents(rows.value).findings, source: `${accessGroup} (access log, ${rows.value.length} rows)`, notes, firstFailureAt: earliest(rows.value) };
}

/** Diagnoses one stage. Expected failures (no such API, access denied) are values; nothing throws. */
export async function diagnoseStage(reader: AccountReader, request: DiagnoseRequest): Promise<Result<Diagnosis, DiagnoseError>> {
  const { restApiId, stageName } = request;
  const progress = request.progress ?? (() => undefined);
  const ref: StageRef = { restApiId, stageName, region: reader.region, account: reader.account };
  progress(`Reading API ${restApiId}, stage ${stageName}, its resources and the account settings…`);
  const [apiRead, stageRead, resourcesRead, accountRead] = await Promise.all([
    reader.getRestApi(restApiId),
    reader.getStage(restApiId, stageName),
    reader.getResources(restApiId),
    reader.getAccountSettings(),
  ]);
  if (!apiRead.ok) {
    return err({ code: apiRead.error.kind === 'denied' ? 'access-denied' : 'read-failed', message: `cannot read REST API ${restApiId} in ${reader.region}: ${apiRead.error.message}` });
  }
  if (apiRead.value === null) return err({ code: 'api-not-found', message: `no REST API with id ${restApiId} in ${reader.region} (account ${reader.account})` });
  const api = apiRead.value;
  if (!stageRead.ok) return err({ code: stageRead.error.kind === 'denied' ? 'access-denied' : 'read-failed', message: `cannot read stage ${stageName} of ${restApiId}: ${stageRead.error.message}` });
  if (stageRead.value === null) {
    const stages = await reader.getStages(restApiId);
    const names = stages.ok ? stages.value.map((s) => s.stageName).filter((n): n is string => n !== undefined) : [];
    return err({ code: 'stage-not-found', message: `REST API ${restApiId} has no stage '${stageName}'${names.length > 0 ? ` (stages: ${names.join(', ')})` : ''}` });
  }
  const stage = stageRead.value;
  const variables = stage.variables ?? {};
  const notes: string[] = [];
  const resourcesFailure = failure(resourcesRead);
  if (resourcesFailure) notes.push(`Could not list the API's methods (${resourcesFailure.message}): method checks skipped.`);
  const methods = resourcesRead.ok ? methodsOf(resourcesRead.value) : [];

  // Integrations missing from the embedded listing are fetched one by one (rare: GetResources embeds them).
  const integrations = await Promise.all(methods.map(async (m) => {
    if (m.integration !== null) return m;
    const read = await reader.getIntegration(restApiId, m.ref.resourceId, m.ref.httpMethod);
    return read.ok ? { ...m, integration: read.value } : { ...m, integrationFailure: read.error };
  }));
  const targets = new Map<ApiMethod, LambdaTarget | null>();
  for (const m of integrations) {
    const lambda = m.integration?.uri !== undefined && (m.integration.type === 'AWS_PROXY' || m.integration.type === 'AWS') ? lambdaTargetFromUri(m.integration.uri, variables) : null;
    targets.set(m, lambda);
  }

  let findings = request.findings ?? [];
  let logSource: string | null = request.findings ? 'the replayed event' : null;
  let firstFailureAt: number | null = request.firstFailureAt ?? null;
  if (request.findings === undefined) {
    progress('Reading the failing requests of the window from CloudWatch Logs…');
    const logs = await readFailures(reader, request, stage);
    findings = logs.findings;
    logSource = logs.source;
    notes.push(...logs.notes);
    firstFailureAt ??= logs.firstFailureAt;
  }
  const implicated = findings.length > 0 ? implicatedMethods(findings, integrations, targets) : new Set(integrations.filter((m) => targets.get(m)));
  const lambdaMethods = integrations.filter((m) => targets.get(m));
  // A function in another account is never read with this account's credentials (checks/cross-account.ts).
  const foreign = (m: ApiMethod): boolean => { const t = targets.get(m); return t !== undefined && t !== null && isInOtherAccount(t, reader.account); };
  const deep = new Set([...implicated].filter((m) => targets.get(m) && !foreign(m)));
  progress(`Checking ${integrations.length} method${integrations.length === 1 ? '' : 's'} (${lambdaMethods.length} Lambda, ${deep.size} in depth)…`);

  // What changed and what the metrics say are independent of the per-method reads: started now, awaited last.
  const deepFunctions = [...new Set([...deep].map((m) => targets.get(m)?.functionName).filter((n): n is string => n !== undefined && n !== ''))].sort();
  const metricsRequest = { apiName: api.name ?? null, stageName, functions: deepFunctions, startTime: request.startTime, endTime: request.endTime };
  const metricsRead = readMetrics(reader, metricsRequest);
  const sources = new Set<ChangeSource>(['apigateway.amazonaws.com']);
  if (lambdaMethods.length > 0) sources.add('lambda.amazonaws.com');
  if (integrations.some((m) => m.integration?.connectionType === 'VPC_LINK')) {
    sources.add('ec2.amazonaws.com');
    sources.add('elasticloadbalancing.amazonaws.com');
  }
  if (integrations.some((m) => targets.get(m) && m.integration?.credentials !== undefined && m.integration.credentials !== '')) sources.add('iam.amazonaws.com');
  const lookupFrom = firstFailureAt ?? request.startTime;
  const changesRead = lookUpChanges(reader, { sources, startTime: lookupFrom - CHANGE_LOOKBACK_MS, endTime: request.endTime });
  // The deep functions' own log groups (diagnose-function-logs.ts): started per method once its configuration names the group.
  const functionLogs = createFunctionLogReader(reader, { startTime: request.startTime, endTime: request.endTime, firstFailureAt }, functionLogScope(findings, logSource !== null));

  // Lambda authorizers of the implicated methods, read once each (diagnose-authorizers.ts); awaited per method below.
  const authorizersRead = readAuthorizers(reader, {
    restApiId, variables, deep: findings.length > 0,
    methods: integrations.filter((m) => implicated.has(m)).map((m) => ({ key: m, ref: m.ref, method: m.method })),
    integrationFunctions: new Set([...deep].flatMap((m) => targets.get(m)?.functionArn ?? [])),
  });
  const stageContext: StageContext = {
    ref,
    api,
    stage,
    accountSettings: valueOr(accountRead),
    methods: integrations.map((m) => ({
      method: m.ref, integration: m.integration, methodResponses: m.method.methodResponses,
      ...(m.integrationFailure === undefined ? {} : { integrationFailure: m.integrationFailure }),
    })),
    findings,
  };
  const checks: CheckResult[] = [];
  const seenFunctionChecks = new Set<string>();
  // The chain behind each VPC link (diagnose-vpc-link.ts), once per link target and port; its resources match CloudTrail events.
  const vpcChains = createVpcLinkChains(reader, integrations.filter((m) => findings.length > 0 && implicated.has(m)).map((m) => ({ method: m.ref, integration: m.integration })));
  const vpcResources: string[] = [];
  await Promise.all(integrations.map(async (m) => {
    const integration = m.integration;
    const target = targets.get(m) ?? null;
    const vpcLinkId = integration?.connectionType === 'VPC_LINK' ? integration.connectionId : undefined;
    const credentials = target !== null && integration?.credentials !== undefined && integration.credentials !== '' ? integration.credentials : null;
    const roleName = credentials === null ? undefined : /:role\/(?:.*\/)?([^/]+)$/.exec(credentials)?.[1];
    const qualifier = target?.qualifier ?? undefined;
    const inDepth = target !== null && deep.has(m);
    const [link, policyRead, role, simulation, config, concurrency, alias] = await Promise.all([
      vpcLinkId === undefined ? null : reader.getVpcLink(vpcLinkId),
      target === null || foreign(m) ? null : reader.getFunctionPolicy(target.functionName, qualifier),
      roleName === undefined ? null : reader.getRole(roleName),
      roleName === undefined || credentials === null || target === null ? null : reader.simulatePrincipalPolicy(credentials, ['lambda:InvokeFunction'], [target.functionArn]),
      inDepth ? reader.getFunctionConfiguration(target.functionName, qualifier) : null,
      inDepth ? reader.getFunctionConcurrency(target.functionName) : null,
      inDepth && isAliasQualifier(target.qualifier) ? reader.getAlias(target.functionName, target.qualifier) : null,
    ]);
    // undefined = not read; null inside a read = AWS says there is none (no policy, no such function).
    const policy = policyRead === null ? undefined : valueOr(policyRead);
    const functionConfiguration = config === null ? undefined : valueOr(config);
    const vpcLinkHealth = vpcLinkId === undefined || link === null || integration === null
      ? undefined
      : await vpcLinkHealthInput(vpcChains, { stage: ref, method: m.ref, integration, link: valueOr(link), findings });
    if (vpcLinkHealth !== undefined) vpcResources.push(...chainResources(vpcLinkHealth));
    if (inDepth && functionConfiguration !== undefined) functionLogs.read({ functionName: target.functionName, functionArn: target.functionArn, configuration: functionConfiguration });
    checks.push(...runMethodChecks({
      stage: stageContext,
      method: m.ref,
      integration,
      target,
      vpcLink: vpcLinkId === undefined || link === null ? null : { id: vpcLinkId, link: valueOr(link), ...(vpcLinkHealth === undefined ? {} : { health: vpcLinkHealth }) },
      policy,
      credentials: credentials === null ? null : { credentials, role: role === null ? null : valueOr(role), simulation: simulation === null ? null : valueOr(simulation) },
      requestPath: requestPathFor(findings, m.ref),
      functionConfiguration,
      authorizer: (await authorizersRead).byMethod.get(m) ?? null,
    }));
    if (target !== null && foreign(m)) {
      const first = implicated.has(m) && !seenFunctionChecks.has(target.functionArn);
      if (first) seenFunctionChecks.add(target.functionArn);
      checks.push(...crossAccountResults({ stage: ref, method: m.ref, target, integration, requestPath: requestPathFor(findings, m.ref), inDepth: implicated.has(m), firstForFunction: first }));
    }
    // Function-level results once per function, however many methods share it.
    if (target !== null && functionConfiguration !== undefined && concurrency !== null && policy !== undefined && !seenFunctionChecks.has(target.functionArn)) {
      seenFunctionChecks.add(target.functionArn);
      checks.push(...runFunctionChecks({
        stage: stageContext, method: m.ref, target, functionConfiguration, concurrency: valueOr(concurrency), policy,
        alias: alias === null ? undefined : valueOr(alias),
      }));
    }
  }));
  checks.push(...runStageChecks(stageContext));

  const authorizers = await authorizersRead;
  notes.push(...authorizers.notes);
  const functionArns = [...targets.values()].flatMap((t) => (t === null ? [] : [t.functionName, t.functionArn])).concat(authorizers.functions.flatMap((arn) => [arn.split(':')[6] ?? arn, arn]));
  const others = integrations.flatMap((m) => [m.integration?.connectionId ?? '', m.integration?.credentials ?? '']).concat(vpcResources).filter((v) => v !== '');
  return ok(await concludeDiagnosis({
    api: { id: restApiId, name: api.name ?? null, stage: stageName, region: reader.region, account: reader.account },
    region: reader.region,
    findings,
    checks,
    logSource,
    notes,
    firstFailureAt,
    integrationTimeoutMs: Math.max(29_000, ...integrations.map((m) => m.integration?.timeoutInMillis ?? 29_000)),
    metricsRequest,
    metricsRead,
    changesRead,
    functionLogs,
    path: { functions: functionArns, restApiId, stageName, others },
  }));
}
