/**
 * Use case: keep every REST API stage of the account watched. For each stage the coverage function
 * wants (1) a subscription filter on its execution log group (and on its access log group when access
 * logging goes to CloudWatch Logs) that forwards the failure lines to log-ingest, and (2) a managed
 * 5XXError alarm, whose state changes reach alarm-ingest through EventBridge.
 *
 * The decisions are pure ({@link planCoverage}): desired state is compared with what the account holds
 * before anything is written, so a second run over an unchanged account writes nothing. Other
 * people's subscription filters are never touched: a log group that already holds the two filters
 * CloudWatch Logs allows is reported as full, not taken over. Only names this stack owns (its filter
 * name and its managed alarm prefix) are ever updated or deleted.
 *
 * What a subscription forwards: a filter sees one log line at a time, so it cannot forward "every line
 * of a failing request". It forwards the failure lines only ({@link EXECUTION_FAILURE_PATTERN} /
 * {@link ACCESS_FAILURE_PATTERN}, the same patterns the diagnosis uses), each carrying its request id;
 * log-ingest classifies those, and the worker's diagnosis re-reads the whole failing requests with
 * FilterLogEvents by request id.
 */
import { ACCESS_FAILURE_PATTERN, EXECUTION_FAILURE_PATTERN } from '../logs/failure-patterns.ts';
import { parseFilterPattern } from '../logs/filter-pattern.ts';
import { err, ok, type Result } from '../result.ts';
import { logGroupFromArn } from './diagnose.ts';

/** The tag that takes a stage (or a whole API) out of coverage: `apigw-doctor:monitor=false`. */
export const MONITOR_TAG = 'apigw-doctor:monitor';

/** The tag CloudFormation puts on what a stack creates: the stack's own APIs are never watched. */
export const STACK_NAME_TAG = 'aws:cloudformation:stack-name';

/** CloudWatch Logs allows at most this many (log-group-level) subscription filters per log group. */
export const MAX_SUBSCRIPTION_FILTERS = 2;

/** The terms of an "any of" pattern (the failure patterns are all of that form; a test keeps them so). */
function anyTerms(pattern: string): readonly string[] {
  const parsed = parseFilterPattern(pattern);
  return parsed.ok && parsed.value.kind === 'any-term' ? parsed.value.terms : [];
}

/**
 * The one pattern an account-level subscription filter policy forwards with: it sees every log group
 * of the account, execution and access logs alike, so it carries both term lists (each term once).
 * Terms are quoted unless they are plain words, as CloudWatch requires.
 */
export const ACCOUNT_POLICY_FILTER_PATTERN = [...new Set([...anyTerms(EXECUTION_FAILURE_PATTERN), ...anyTerms(ACCESS_FAILURE_PATTERN)])]
  .map((t) => (/^\w+$/.test(t) ? `?${t}` : `?"${t}"`))
  .join(' ');

/** How failure lines reach log-ingest. */
export type SubscriptionMode =
  /** One subscription filter per stage log group, managed by the coverage function. */
  | 'log-group'
  /** One account-level subscription filter policy (the stack creates it); no per-group filters. */
  | 'account';

/** `key=value` matches that tag value; `key` alone matches the tag with any value. */
export interface TagSelector {
  readonly key: string;
  readonly value: string | null;
}

/** What the reconciler works with. */
export interface CoverageSettings {
  readonly mode: SubscriptionMode;
  /** The ARN of log-ingest, the destination of every filter (required in `log-group` mode). */
  readonly destinationArn: string | null;
  /** The name of this stack's subscription filter (the only filter name it ever writes or deletes). */
  readonly filterName: string;
  /** The name prefix of the managed alarms (the only alarms it ever writes or deletes). */
  readonly managedAlarmPrefix: string;
  /** When not empty, only stages (or APIs) carrying one of these tags are watched. */
  readonly includeTags: readonly TagSelector[];
  /** Stages (or APIs) carrying one of these tags are not watched (besides `apigw-doctor:monitor=false`). */
  readonly excludeTags: readonly TagSelector[];
  /** This stack's name: APIs it created are not watched. */
  readonly stackName: string | null;
  /** This stack's own log groups: never subscribed, whatever a stage says (no forwarding loop). */
  readonly ownLogGroups: readonly string[];
}

/** One stage as the account describes it. */
export interface StageView {
  readonly apiId: string;
  readonly apiName: string | null;
  readonly stageName: string;
  readonly apiTags: Readonly<Record<string, string>>;
  readonly stageTags: Readonly<Record<string, string>>;
  /** True when some method of the stage logs at ERROR or INFO. */
  readonly executionLogging: boolean;
  /** The access log destination ARN, when access logging is on. */
  readonly accessLogDestination: string | null;
}

/** All stages of the scope, and the APIs whose stages could not be listed (nothing of theirs is deleted). */
export interface StageListing {
  readonly stages: readonly StageView[];
  readonly incompleteApis: readonly string[];
  readonly failures: readonly string[];
}

/** One subscription filter on a log group. */
export interface SubscriptionFilterView {
  readonly name: string;
  readonly pattern: string;
  readonly destinationArn: string;
}

/** A log group's subscription filters, or that it does not exist (yet). */
export type LogGroupState = { readonly exists: false } | { readonly exists: true; readonly filters: readonly SubscriptionFilterView[] };

/** The managed alarm of one stage, as PutMetricAlarm takes it. */
export interface AlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly { readonly name: string; readonly value: string }[];
  readonly statistic: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: string;
  readonly treatMissingData: string;
}

/** An existing alarm, as DescribeAlarms returns it (fields the reconciler compares; absent ones are null). */
export type AlarmView = { readonly [K in keyof AlarmSpec]: AlarmSpec[K] | null };

/** One change the reconciler makes. */
export type CoverageWrite =
  | { readonly kind: 'put-subscription-filter'; readonly logGroupName: string; readonly filterName: string; readonly pattern: string; readonly destinationArn: string; readonly reason: string }
  | { readonly kind: 'delete-subscription-filter'; readonly logGroupName: string; readonly filterName: string; readonly reason: string }
  | { readonly kind: 'put-alarm'; readonly alarm: AlarmSpec; readonly reason: string }
  | { readonly kind: 'delete-alarm'; readonly alarmName: string; readonly reason: string };

/** What became of one log group of a stage. */
export type LogGroupStatus =
  /** Our filter is on it, as desired. */
  | 'subscribed'
  /** The account-level policy forwards it. */
  | 'account-policy'
  /** Two other filters are on it: not touched, reported. */
  | 'full'
  /** The group does not exist (yet): logging never wrote there. The CreateLogGroup rule re-runs coverage. */
  | 'missing'
  /** One of this stack's own groups: never subscribed. */
  | 'own'
  /** The stage is not watched (tags, own stack). */
  | 'not-watched'
  /** Its subscription filters could not be read. */
  | 'unreadable';

/** The coverage of one stage. */
export interface StageCoverage {
  readonly apiId: string;
  readonly stageName: string;
  readonly watched: boolean;
  /** Why the stage is not watched, when it is not. */
  readonly reason: string | null;
  /** Whether any logging the forwarding can use is on. */
  readonly logging: boolean;
  readonly logGroups: readonly { readonly name: string; readonly kind: 'execution' | 'access'; readonly status: LogGroupStatus }[];
  /** The managed alarm's name, when the stage has one. */
  readonly alarm: string | null;
}

/** The plan for a scope: every write, and what each stage's coverage is once they are made. */
export interface CoveragePlan {
  readonly writes: readonly CoverageWrite[];
  readonly stages: readonly StageCoverage[];
}

/** What the reconciler did. */
export interface CoverageReport {
  readonly mode: SubscriptionMode;
  readonly scope: CoverageScope;
  readonly stages: readonly StageCoverage[];
  /** Watched stages (a subscription or an alarm). */
  readonly stagesWatched: number;
  /** Watched stages with neither execution nor access logging: only their alarm can tell. */
  readonly stagesWithoutLogging: number;
  /** Log groups left alone because two other filters occupy them. */
  readonly logGroupsFull: readonly string[];
  /** Writes made. */
  readonly applied: readonly CoverageWrite[];
  /** Reads and writes that failed, one line each. */
  readonly failures: readonly string[];
}

/** What one run looks at: every API of the account, or one API (a CloudTrail event named it). */
export type CoverageScope = { readonly kind: 'all' } | { readonly kind: 'api'; readonly restApiId: string };

import type { CoverageAccount } from '../../ports/coverage-account.ts';
export type { CoverageAccount };

/** The execution log group API Gateway writes a stage's execution logs to. */
export function executionLogGroupName(apiId: string, stageName: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stageName}`;
}

/** The managed alarm's name: the prefix, the API id (names are not unique, ids are) and the stage. */
export function managedAlarmName(prefix: string, apiId: string, stageName: string): string {
  return `${prefix}${apiId}-${stageName}`;
}

const EXECUTION_GROUP = /^API-Gateway-Execution-Logs_([A-Za-z0-9]+)\//;

/**
 * What an invocation asks for: a CloudTrail event naming a REST API (CreateStage, UpdateStage,
 * CreateDeployment, DeleteStage) or an execution log group (CreateLogGroup) reconciles that API only;
 * anything else (the schedule, an unknown event) reconciles the whole account.
 */
export function coverageScope(event: unknown): CoverageScope {
  const parameters = field(field(event, 'detail'), 'requestParameters');
  const restApiId = field(parameters, 'restApiId');
  if (typeof restApiId === 'string' && /^[A-Za-z0-9]+$/.test(restApiId)) return { kind: 'api', restApiId };
  const group = field(parameters, 'logGroupName');
  const fromGroup = typeof group === 'string' ? EXECUTION_GROUP.exec(group)?.[1] : undefined;
  return fromGroup === undefined ? { kind: 'all' } : { kind: 'api', restApiId: fromGroup };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** True when `tags` carry a tag `selector` names. */
function carries(tags: Readonly<Record<string, string>>, selector: TagSelector): boolean {
  const value = tags[selector.key];
  return value !== undefined && (selector.value === null || value === selector.value);
}

/** The stage's tags over its API's (the more specific resource wins, as for remediation opt-in). */
function effectiveTags(stage: StageView): Readonly<Record<string, string>> {
  return { ...stage.apiTags, ...stage.stageTags };
}

/** Why a stage is not watched, or null when it is. */
export function exclusionReason(stage: StageView, settings: CoverageSettings): string | null {
  if (settings.stackName !== null && stage.apiTags[STACK_NAME_TAG] === settings.stackName) return `API ${stage.apiId} belongs to this stack (${settings.stackName})`;
  const tags = effectiveTags(stage);
  if (tags[MONITOR_TAG]?.toLowerCase() === 'false') return `tagged ${MONITOR_TAG}=false`;
  const excluded = settings.excludeTags.find((s) => carries(tags, s));
  if (excluded !== undefined) return `tagged ${excluded.key}${excluded.value === null ? '' : `=${excluded.value}`} (an exclude tag)`;
  if (settings.includeTags.length > 0 && !settings.includeTags.some((s) => carries(tags, s))) {
    return `carries none of the include tags (${settings.includeTags.map((s) => (s.value === null ? s.key : `${s.key}=${s.value}`)).join(', ')})`;
  }
  return null;
}

/** The managed alarm a watched stage should have (REST APIs publish 5XXError per ApiName and Stage). */
export function alarmSpecFor(stage: StageView, prefix: string): AlarmSpec | null {
  if (stage.apiName === null) return null;
  return {
    name: managedAlarmName(prefix, stage.apiId, stage.stageName),
    description: `apigw-doctor: REST API ${stage.apiName} (${stage.apiId}), stage ${stage.stageName} returned 5xx responses. Managed by the coverage function; tag the stage apigw-doctor:monitor=false to remove it.`,
    namespace: 'AWS/ApiGateway',
    metricName: '5XXError',
    dimensions: [
      { name: 'ApiName', value: stage.apiName },
      { name: 'Stage', value: stage.stageName },
    ],
    statistic: 'Sum',
    periodSeconds: 60,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 1,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    // No traffic is no failure: an idle stage must not sit in ALARM.
    treatMissingData: 'notBreaching',
  };
}

/** True when an existing alarm already is the desired one (dimension order does not matter). */
export function sameAlarm(current: AlarmView, desired: AlarmSpec): boolean {
  const dims = (d: readonly { name: string; value: string }[]) => JSON.stringify([...d].map((x) => [x.name, x.value]).sort());
  return (
    current.name === desired.name &&
    current.description === desired.description &&
    current.namespace === desired.namespace &&
    current.metricName === desired.metricName &&
    current.dimensions !== null &&
    dims(current.dimensions) === dims(desired.dimensions) &&
    current.statistic === desired.statistic &&
    current.periodSeconds === desired.periodSeconds &&
    current.evaluationPeriods === desired.evaluationPeriods &&
    // DescribeAlarms omits DatapointsToAlarm when it equals EvaluationPeriods.
    (current.datapointsToAlarm ?? current.evaluationPeriods) === desired.datapointsToAlarm &&
    current.threshold === desired.threshold &&
    current.comparisonOperator === desired.comparisonOperator &&
    current.treatMissingData === desired.treatMissingData
  );
}

/** The log groups a stage writes to, with the pattern a filter on each would use. */
function stageLogGroups(stage: StageView): { name: string; kind: 'execution' | 'access' }[] {
  const groups: { name: string; kind: 'execution' | 'access' }[] = [{ name: executionLogGroupName(stage.apiId, stage.stageName), kind: 'execution' }];
  const access = stage.accessLogDestination === null ? null : logGroupFromArn(stage.accessLogDestination);
  if (access !== null && !groups.some((g) => g.name === access)) groups.push({ name: access, kind: 'access' });
  return groups;
}

/** The log groups whose subscription filters the reconciler must read for these stages. */
export function logGroupsToRead(stages: readonly StageView[], settings: CoverageSettings): string[] {
  const names = new Set<string>();
  for (const stage of stages) for (const g of stageLogGroups(stage)) if (!settings.ownLogGroups.includes(g.name)) names.add(g.name);
  return [...names].sort();
}

/** The API id in a managed alarm's name (API ids are letters and digits, so the first `-` ends it). */
function apiIdOfAlarm(name: string, prefix: string): string | null {
  if (!name.startsWith(prefix)) return null;
  const m = /^([A-Za-z0-9]+)-/.exec(name.slice(prefix.length));
  return m?.[1] ?? null;
}

/** What the plan is built from. A `null` log group or alarm list means it could not be read: nothing is written for it. */
export interface CoverageInput {
  readonly listing: StageListing;
  readonly logGroups: ReadonlyMap<string, LogGroupState | null>;
  readonly alarms: readonly AlarmView[] | null;
}

/**
 * Decides every write for one scope: desired state (watched stages, their log groups, their alarms)
 * against current state. Pure; the same input gives the same plan, and a plan built from the state
 * its own writes produce is empty.
 */
export function planCoverage(input: CoverageInput, settings: CoverageSettings): CoveragePlan {
  const writes: CoverageWrite[] = [];
  const patternFor = (kind: 'execution' | 'access') => (kind === 'execution' ? EXECUTION_FAILURE_PATTERN : ACCESS_FAILURE_PATTERN);

  // Desired filter per log group: wanted when any watched stage writes there (stages may share an access log group).
  const wanted = new Map<string, 'execution' | 'access'>();
  const reasons = new Map<string, string | null>();
  for (const stage of input.listing.stages) {
    const reason = exclusionReason(stage, settings);
    reasons.set(`${stage.apiId}/${stage.stageName}`, reason);
    if (reason !== null || settings.mode !== 'log-group') continue;
    for (const g of stageLogGroups(stage)) {
      if (settings.ownLogGroups.includes(g.name)) continue;
      // An execution group keeps the execution pattern even if some stage also names it as its access log.
      if (wanted.get(g.name) !== 'execution') wanted.set(g.name, g.kind);
    }
  }

  const groupStatus = new Map<string, LogGroupStatus>();
  for (const [name, state] of input.logGroups) {
    if (state === null) {
      groupStatus.set(name, 'unreadable');
      continue;
    }
    const kind = wanted.get(name);
    const ours = state.exists ? state.filters.find((f) => f.name === settings.filterName) : undefined;
    if (kind === undefined) {
      // Not wanted (stage not watched, or the account policy forwards instead): remove our own filter only.
      if (ours !== undefined) writes.push({ kind: 'delete-subscription-filter', logGroupName: name, filterName: settings.filterName, reason: settings.mode === 'account' ? 'the account-level subscription policy forwards this group' : 'no watched stage writes to this group' });
      groupStatus.set(name, settings.mode === 'account' ? 'account-policy' : 'not-watched');
      continue;
    }
    if (!state.exists) {
      groupStatus.set(name, 'missing');
      continue;
    }
    const pattern = patternFor(kind);
    const destinationArn = settings.destinationArn ?? '';
    if (ours !== undefined && ours.pattern === pattern && ours.destinationArn === destinationArn) {
      groupStatus.set(name, 'subscribed');
      continue;
    }
    if (ours === undefined && state.filters.length >= MAX_SUBSCRIPTION_FILTERS) {
      groupStatus.set(name, 'full');
      continue;
    }
    writes.push({ kind: 'put-subscription-filter', logGroupName: name, filterName: settings.filterName, pattern, destinationArn, reason: ours === undefined ? 'no apigw-doctor filter yet' : 'the filter differs from the desired one' });
    groupStatus.set(name, 'subscribed');
  }

  // Alarms: desired per watched stage; existing managed alarms of fully listed APIs that are not desired go.
  const desiredAlarms = new Map<string, AlarmSpec>();
  for (const stage of input.listing.stages) {
    if (reasons.get(`${stage.apiId}/${stage.stageName}`) !== null) continue;
    const spec = alarmSpecFor(stage, settings.managedAlarmPrefix);
    if (spec !== null) desiredAlarms.set(spec.name, spec);
  }
  if (input.alarms !== null) {
    const current = new Map(input.alarms.filter((a) => a.name !== null).map((a) => [a.name as string, a]));
    for (const [name, spec] of desiredAlarms) {
      const existing = current.get(name);
      if (existing === undefined) writes.push({ kind: 'put-alarm', alarm: spec, reason: 'the stage has no managed 5XXError alarm yet' });
      else if (!sameAlarm(existing, spec)) writes.push({ kind: 'put-alarm', alarm: spec, reason: 'the managed alarm differs from the desired one' });
    }
    for (const name of current.keys()) {
      if (desiredAlarms.has(name)) continue;
      const apiId = apiIdOfAlarm(name, settings.managedAlarmPrefix);
      // An API whose stages could not be listed keeps its alarms until a run can see it.
      if (apiId === null || input.listing.incompleteApis.includes(apiId)) continue;
      writes.push({ kind: 'delete-alarm', alarmName: name, reason: 'its stage is gone or no longer watched' });
    }
  }

  const stages: StageCoverage[] = input.listing.stages.map((stage) => {
    const reason = reasons.get(`${stage.apiId}/${stage.stageName}`) ?? null;
    const logGroups = stageLogGroups(stage).map((g) => ({
      name: g.name,
      kind: g.kind,
      status: settings.ownLogGroups.includes(g.name) ? ('own' as const) : reason !== null ? ('not-watched' as const) : (groupStatus.get(g.name) ?? ('unreadable' as const)),
    }));
    const alarm = reason === null ? (alarmSpecFor(stage, settings.managedAlarmPrefix)?.name ?? null) : null;
    const forwarded = logGroups.some((g) => g.status === 'subscribed' || g.status === 'account-policy');
    return {
      apiId: stage.apiId,
      stageName: stage.stageName,
      watched: reason === null && (alarm !== null || forwarded),
      reason,
      logging: stage.executionLogging || stage.accessLogDestination !== null,
      logGroups,
      alarm,
    };
  });
  return { writes, stages };
}

/** The alarm name prefix a scope lists: every managed alarm, or those of one API. */
function alarmPrefixFor(scope: CoverageScope, settings: CoverageSettings): string {
  return scope.kind === 'all' ? settings.managedAlarmPrefix : `${settings.managedAlarmPrefix}${scope.restApiId}-`;
}

/** Reads the scope, plans, and applies the plan; every failure is reported, none stops the other writes. */
export async function reconcileCoverage(account: CoverageAccount, settings: CoverageSettings, scope: CoverageScope): Promise<Result<CoverageReport, string>> {
  if (settings.mode === 'log-group' && settings.destinationArn === null) return err('log-group mode needs the log-ingest function ARN (LOG_INGEST_ARN)');
  const listing = await account.listStages(scope);
  if (!listing.ok) return err(listing.error);
  const failures = [...listing.value.failures];
  const logGroups = new Map<string, LogGroupState | null>();
  for (const name of logGroupsToRead(listing.value.stages, settings)) {
    const read = await account.readLogGroup(name);
    if (!read.ok) failures.push(`cannot read the subscription filters of ${name}: ${read.error}`);
    logGroups.set(name, read.ok ? read.value : null);
  }
  const alarmsRead = await account.listAlarms(alarmPrefixFor(scope, settings));
  if (!alarmsRead.ok) failures.push(`cannot list the managed alarms: ${alarmsRead.error}`);
  const plan = planCoverage({ listing: listing.value, logGroups, alarms: alarmsRead.ok ? alarmsRead.value : null }, settings);

  const applied: CoverageWrite[] = [];
  const failedGroups = new Set<string>();
  for (const write of plan.writes) {
    const done = await account.apply(write);
    if (done.ok) applied.push(write);
    else {
      failures.push(`${describeWrite(write)} failed: ${done.error}`);
      if (write.kind === 'put-subscription-filter') failedGroups.add(write.logGroupName);
    }
  }
  const stages = plan.stages.map((s) => {
    if (!s.logGroups.some((g) => failedGroups.has(g.name))) return s;
    const logGroups = s.logGroups.map((g) => (failedGroups.has(g.name) && g.status === 'subscribed' ? { ...g, status: 'unreadable' as const } : g));
    return { ...s, logGroups, watched: s.alarm !== null || logGroups.some((g) => g.status === 'subscribed' || g.status === 'account-policy') };
  });
  const full = [...new Set(stages.flatMap((s) => s.logGroups.filter((g) => g.status === 'full').map((g) => g.name)))].sort();
  return ok({
    mode: settings.mode,
    scope,
    stages,
    stagesWatched: stages.filter((s) => s.watched).length,
    stagesWithoutLogging: stages.filter((s) => s.watched && !s.logging).length,
    logGroupsFull: full,
    applied,
    failures,
  });
}

/** One line naming a write. */
export function describeWrite(write: CoverageWrite): string {
  switch (write.kind) {
    case 'put-subscription-filter':
      return `PutSubscriptionFilter ${write.filterName} on ${write.logGroupName}`;
    case 'delete-subscription-filter':
      return `DeleteSubscriptionFilter ${write.filterName} on ${write.logGroupName}`;
    case 'put-alarm':
      return `PutMetricAlarm ${write.alarm.name}`;
    case 'delete-alarm':
      return `DeleteAlarms ${write.alarmName}`;
  }
}
