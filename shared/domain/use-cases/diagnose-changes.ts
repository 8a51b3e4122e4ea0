/**
 * What changed before it broke: CloudTrail management events on the resources of the failing path
 * (functions, API and stage, roles, VPC link, load balancer, target groups, security groups), as
 * {@link Change} values ranked by how well they explain the diagnosis, each with the command that
 * undoes it where that can be said exactly.
 *
 * Budget: LookupEvents allows 2 calls per second per account, so one lookup per event source (the
 * resource type) and at most {@link MAX_LOOKUPS} per diagnosis, one page each, two at a time; a page
 * that leaves events unread is reported as a window cut short. Pure: reads through the port only.
 */
import type { AccountReader, CloudTrailEventInfo, LookupEventsResult, ReadFailure } from '../../ports/account-reader.ts';
import type { CauseId, Change, CheckId, CheckResult, JsonObject, JsonValue, SdkRequest } from '../model.ts';
import type { Result } from '../result.ts';
import { requestCommand, sdkRequest } from '../checks/sdk-request.ts';
import { changeSummary } from './diagnose-change-words.ts';
import { jsonField as field, parseEventDetail as parseDetail } from './cloudtrail-detail.ts';

/** LookupEvents calls one diagnosis may make (the account allows 2 per second). */
export const MAX_LOOKUPS = 4;
/** How far back before the first failure the lookup starts. */
export const CHANGE_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** Lookups in flight at once, so a diagnosis stays inside CloudTrail's 2 calls/s. */
const LOOKUP_CONCURRENCY = 2;

/** The event sources (resource types) a diagnosis may look up, most telling first. */
export type ChangeSource = 'lambda.amazonaws.com' | 'apigateway.amazonaws.com' | 'ec2.amazonaws.com' | 'elasticloadbalancing.amazonaws.com' | 'iam.amazonaws.com';

const SOURCE_ORDER: readonly ChangeSource[] = [
  'lambda.amazonaws.com',
  'apigateway.amazonaws.com',
  'ec2.amazonaws.com',
  'elasticloadbalancing.amazonaws.com',
  'iam.amazonaws.com',
];

/** What {@link lookUpChanges} needs. */
export interface ChangeQuery {
  readonly sources: ReadonlySet<ChangeSource>;
  /** Epoch ms the lookup starts from (24 h before the first failure) and ends at (now). */
  readonly startTime: number;
  readonly endTime: number;
}

/** The raw events per looked-up source, and the notes about the lookups (failures, cut-short windows). */
export interface ChangeLookup {
  readonly events: readonly CloudTrailEventInfo[];
  readonly notes: readonly string[];
  /** Sources left out by the budget. */
  readonly skipped: readonly ChangeSource[];
}

/** Runs the lookups: one per source, at most {@link MAX_LOOKUPS}, {@link LOOKUP_CONCURRENCY} at a time. */
export async function lookUpChanges(reader: AccountReader, query: ChangeQuery): Promise<ChangeLookup> {
  const ordered = SOURCE_ORDER.filter((s) => query.sources.has(s));
  const chosen = ordered.slice(0, MAX_LOOKUPS);
  const results: { source: ChangeSource; read: Result<LookupEventsResult, ReadFailure> }[] = [];
  for (let i = 0; i < chosen.length; i += LOOKUP_CONCURRENCY) {
    const batch = chosen.slice(i, i + LOOKUP_CONCURRENCY);
    results.push(...(await Promise.all(batch.map(async (source) => ({
      source,
      read: await reader.lookupEvents({ attribute: { AttributeKey: 'EventSource', AttributeValue: source }, startTime: query.startTime, endTime: query.endTime }),
    })))));
  }
  const events: CloudTrailEventInfo[] = [];
  const notes: string[] = [];
  // One note per distinct failure (a recording without CloudTrail fails every lookup the same way).
  const failed = new Map<string, ChangeSource[]>();
  for (const { source, read } of results) {
    if (!read.ok) {
      failed.set(read.error.message, [...(failed.get(read.error.message) ?? []), source]);
      continue;
    }
    events.push(...read.value.events);
    if (read.value.truncated) {
      const times = read.value.events.map((e) => (e.EventTime === undefined ? Number.NaN : Date.parse(e.EventTime))).filter(Number.isFinite);
      const oldest = times.length === 0 ? null : new Date(Math.min(...times)).toISOString();
      notes.push(`What changed: the window was cut short for ${source}: CloudTrail had more events than the one page read (LookupEvents allows 2 calls/s)${oldest === null ? '' : `, so changes before ${oldest} are not listed`}.`);
    }
  }
  for (const [message, sources] of failed) {
    notes.push(`What changed: could not look up ${sources.join(', ')} events in CloudTrail (${message}); changes there are not listed.`);
  }
  const skipped = ordered.slice(MAX_LOOKUPS);
  if (skipped.length > 0) notes.push(`What changed: ${skipped.join(', ')} not looked up (at most ${MAX_LOOKUPS} CloudTrail lookups per diagnosis).`);
  return { events, notes, skipped };
}

/** The resources of the failing path, as the identifiers CloudTrail events name them by. */
export interface PathResources {
  /** Function names (unqualified) and ARNs. */
  readonly functions: readonly string[];
  readonly restApiId: string;
  readonly stageName: string;
  /** VPC link ids, load balancer and target group ARNs, security group ids, role ARNs and names. */
  readonly others: readonly string[];
}

/** What ranks and explains the changes: the checks and the causes of the diagnosis. */
export interface ChangeContext {
  readonly checks: readonly CheckResult[];
  readonly causes: readonly CauseId[];
  /** Epoch ms of the first failure, or null when unknown. */
  readonly firstFailureAt: number | null;
  readonly region: string;
}

/** The checks an event name can explain, most specific first (the name without its API version suffix). */
const EXPLAINS: Readonly<Record<string, readonly CheckId[]>> = {
  AddPermission: ['invoke-permission', 'authorizer-permission'],
  RemovePermission: ['invoke-permission', 'authorizer-permission'],
  // A re-created authorizer gets a new id, which its function's permission does not name.
  CreateAuthorizer: ['authorizer-permission'],
  DeleteAuthorizer: ['authorizer-permission'],
  UpdateAuthorizer: ['authorizer-permission', 'authorizer-role'],
  PutFunctionConcurrency: ['reserved-concurrency'],
  DeleteFunctionConcurrency: ['reserved-concurrency'],
  UpdateFunctionConfiguration: ['integration-timeout', 'function-exists'],
  DeleteFunction: ['function-exists'],
  CreateFunction: ['function-exists'],
  DeleteAlias: ['function-exists'],
  UpdateAlias: ['function-exists', 'invoke-permission'],
  RevokeSecurityGroupIngress: ['vpc-link-health'],
  AuthorizeSecurityGroupIngress: ['vpc-link-health'],
  ModifySecurityGroupRules: ['vpc-link-health'],
  ModifyNetworkInterfaceAttribute: ['vpc-link-health'],
  ReplaceNetworkAclEntry: ['vpc-link-health'],
  CreateNetworkAclEntry: ['vpc-link-health'],
  DeleteNetworkAclEntry: ['vpc-link-health'],
  ReplaceNetworkAclAssociation: ['vpc-link-health'],
  DeregisterTargets: ['vpc-link-health'],
  RegisterTargets: ['vpc-link-health'],
  ModifyTargetGroup: ['vpc-link-health'],
  ModifyListener: ['vpc-link-health'],
  DeleteListener: ['vpc-link-health'],
  DeleteLoadBalancer: ['vpc-link-health'],
  UpdateVpcLink: ['vpc-link-health'],
  DeleteVpcLink: ['vpc-link-health'],
  UpdateIntegration: ['integration-timeout', 'integration-method', 'stage-variables'],
  PutIntegration: ['integration-method', 'invoke-permission', 'integration-timeout'],
  CreateRestApi: ['invoke-permission'],
  ImportRestApi: ['invoke-permission'],
  PutRestApi: ['invoke-permission', 'integration-method'],
  DeleteRestApi: ['invoke-permission'],
  CreateDeployment: ['invoke-permission', 'integration-timeout', 'stage-variables'],
  UpdateStage: ['execution-logging', 'stage-variables', 'access-logging', 'data-trace'],
  UpdateAccount: ['account-cloudwatch-role'],
  UpdateAssumeRolePolicy: ['credentials-role'],
  PutRolePolicy: ['credentials-role'],
  DeleteRolePolicy: ['credentials-role'],
  DetachRolePolicy: ['credentials-role'],
  AttachRolePolicy: ['credentials-role'],
};

/**
 * Events that change the very resource the check reads (a policy statement, a rule, a setting), as
 * opposed to ones that only may have (a deployment). Only these get the failing check's fix as revert.
 */
const DIRECT = new Set([
  'RemovePermission', 'PutFunctionConcurrency', 'UpdateFunctionConfiguration', 'DeleteFunction', 'DeleteAlias', 'UpdateAlias',
  'RevokeSecurityGroupIngress', 'ModifySecurityGroupRules', 'ModifyNetworkInterfaceAttribute', 'ReplaceNetworkAclEntry',
  'CreateNetworkAclEntry', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclAssociation', 'DeregisterTargets', 'ModifyTargetGroup',
  'ModifyListener', 'DeleteListener', 'DeleteLoadBalancer', 'UpdateVpcLink', 'DeleteVpcLink', 'UpdateIntegration', 'UpdateStage',
  'UpdateAccount', 'UpdateAssumeRolePolicy', 'PutRolePolicy', 'DeleteRolePolicy', 'DetachRolePolicy',
  'CreateAuthorizer',
]);

/**
 * Causes an event can explain with no check to show it: new code or configuration that makes the
 * function crash, hang or answer badly (seen in its own log or metrics, diagnose-function-logs.ts).
 */
const EXPLAINS_CAUSE: Readonly<Record<string, readonly CauseId[]>> = {
  UpdateFunctionCode: ['lambda_function_error', 'malformed_proxy_response', 'payload_too_large'],
  UpdateFunctionConfiguration: ['lambda_function_error', 'integration_timeout'],
  PublishLayerVersion: ['lambda_function_error'],
};

/** Events that grant or restore (a permission, a rule, targets): they cannot explain something missing. */
const GRANTS = new Set(['AddPermission', 'AuthorizeSecurityGroupIngress', 'DeleteFunctionConcurrency', 'RegisterTargets', 'CreateFunction', 'AttachRolePolicy']);

/** The cause a check's failure stands for, when the check has gone back to passing but the logs still show it. */
const CHECK_CAUSE: Readonly<Partial<Record<CheckId, CauseId>>> = {
  'invoke-permission': 'missing_invoke_permission',
  'reserved-concurrency': 'lambda_throttled',
  'integration-timeout': 'integration_timeout',
  'function-exists': 'function_not_found',
  'vpc-link-health': 'network_or_vpc_link',
  'credentials-role': 'credentials_role_error',
  'authorizer-permission': 'missing_invoke_permission',
  'authorizer-role': 'credentials_role_error',
  'integration-method': 'integration_misconfigured',
  'stage-variables': 'integration_misconfigured',
};

/** `RemovePermission20150331v2` → `RemovePermission`. */
export function baseEventName(name: string): string {
  return name.replace(/\d{8}(?:v\d+)?$/, '');
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function strings(value: JsonValue | undefined, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value as readonly JsonValue[]) strings(item, out);
  else if (typeof value === 'object' && value !== null) for (const member of Object.values(value)) strings(member, out);
  return out;
}

/** CloudTrail's `{ items: [...] }` lists (EC2 request parameters) as plain arrays. */
function items(value: JsonValue | undefined): readonly JsonValue[] {
  const list = field(value, 'items');
  return Array.isArray(list) ? (list as readonly JsonValue[]) : [];
}

/** The SDK `IpPermissions` of an EC2 ingress request's parameters, or null when the request used rule ids instead. */
function ipPermissionsOf(parameters: JsonValue | undefined): JsonValue[] | null {
  const permissions = items(field(parameters, 'ipPermissions'));
  if (permissions.length === 0) return null;
  return permissions.map((p): JsonObject => {
    const out: Record<string, JsonValue> = {};
    const protocol = text(field(p, 'ipProtocol'));
    if (protocol !== undefined) out['IpProtocol'] = protocol;
    const from = field(p, 'fromPort');
    const to = field(p, 'toPort');
    if (typeof from === 'number') out['FromPort'] = from;
    if (typeof to === 'number') out['ToPort'] = to;
    const ranges = items(field(p, 'ipRanges')).map((r): JsonObject => {
      const description = text(field(r, 'description'));
      return { CidrIp: text(field(r, 'cidrIp')) ?? '', ...(description === undefined ? {} : { Description: description }) };
    });
    if (ranges.length > 0) out['IpRanges'] = ranges;
    const groups = items(field(p, 'groups')).map((g): JsonObject => ({ GroupId: text(field(g, 'groupId')) ?? '' }));
    if (groups.length > 0) out['UserIdGroupPairs'] = groups;
    const prefixLists = items(field(p, 'prefixListIds')).map((l): JsonObject => ({ PrefixListId: text(field(l, 'prefixListId')) ?? '' }));
    if (prefixLists.length > 0) out['PrefixListIds'] = prefixLists;
    return out;
  });
}

/**
 * The request that undoes an event from its own request parameters: a revoked ingress rule is
 * authorised again (and an added one revoked), an added permission removed, a concurrency
 * reservation deleted. Null when the request does not say what was there before.
 */
export function inverseRequest(event: CloudTrailEventInfo, region: string): SdkRequest | null {
  const detail = parseDetail(event);
  const parameters = field(detail, 'requestParameters');
  const eventRegion = text(field(detail, 'awsRegion')) ?? region;
  const name = baseEventName(event.EventName ?? '');
  if (name === 'RevokeSecurityGroupIngress' || name === 'AuthorizeSecurityGroupIngress') {
    const groupId = text(field(parameters, 'groupId'));
    const permissions = ipPermissionsOf(parameters);
    if (groupId === undefined || permissions === null) return null;
    const inverse = name === 'RevokeSecurityGroupIngress' ? 'AuthorizeSecurityGroupIngress' : 'RevokeSecurityGroupIngress';
    return sdkRequest('ec2', inverse, eventRegion, { GroupId: groupId, IpPermissions: permissions });
  }
  if (name === 'AddPermission') {
    const functionName = text(field(parameters, 'functionName'));
    const statementId = text(field(parameters, 'statementId'));
    const qualifier = text(field(parameters, 'qualifier'));
    if (functionName === undefined || statementId === undefined) return null;
    return sdkRequest('lambda', 'RemovePermission', eventRegion, { FunctionName: functionName, StatementId: statementId, ...(qualifier === undefined ? {} : { Qualifier: qualifier }) });
  }
  if (name === 'PutFunctionConcurrency') {
    const functionName = text(field(parameters, 'functionName'));
    return functionName === undefined ? null : sdkRequest('lambda', 'DeleteFunctionConcurrency', eventRegion, { FunctionName: functionName });
  }
  return null;
}

/** True when one of the event's names is one of the path's identifiers (a function also matches by its ARN). */
function mentions(event: CloudTrailEventInfo, names: readonly string[], path: PathResources): string[] {
  const found = new Set<string>();
  const haystack = [...(event.Resources ?? []).map((r) => r.ResourceName ?? ''), ...strings(field(parseDetail(event), 'requestParameters'))];
  for (const value of haystack) {
    if (value === '') continue;
    for (const name of names) {
      if (value === name || value.endsWith(`:function:${name}`) || value.includes(`:function:${name}:`) || (name.startsWith('arn:') && value.startsWith(name))) found.add(name);
    }
    if (value === path.restApiId || value.includes(`/restapis/${path.restApiId}`)) found.add(path.restApiId);
  }
  return [...found];
}

/** Events that changed nothing: reads, and calls that failed (`errorCode`). */
function isChange(event: CloudTrailEventInfo): boolean {
  const detail = parseDetail(event);
  if (field(detail, 'readOnly') === true) return false;
  if (field(detail, 'errorCode') !== undefined) return false;
  return !/^(Get|List|Describe|Lookup|Search|Simulate|BatchGet)/.test(event.EventName ?? '');
}

/**
 * The fix of the failing result of `check` for the event. vpc-link-health has one result per hop (a
 * security group, a target group, an ACL), so an event on one of them gets only that hop's fix, never
 * another's; other checks give their first failing result's fix.
 */
function fixFor(checks: readonly CheckResult[], check: CheckId, touched: readonly string[]): SdkRequest | undefined {
  const failing = checks.filter((c) => c.id === check && (c.status === 'fail' || c.status === 'warn'));
  if (check !== 'vpc-link-health') return failing[0]?.fix?.requests[0];
  return failing.find((c) => touched.some((t) => c.resource === t || c.resource.endsWith(`/${t}`)))?.fix?.requests[0];
}

/**
 * The changes among `events` that touched the failing path, most relevant first: an event that
 * explains a failing check (or a cause the logs show) beats one that does not, and among equals the
 * one closest before the first failure comes first. Events on other resources are left out.
 */
export function rankChanges(events: readonly CloudTrailEventInfo[], path: PathResources, context: ChangeContext): Change[] {
  const names = [...new Set([...path.functions, ...path.others].filter((n) => n !== ''))];
  const failing = new Map<string, CheckResult>();
  for (const check of context.checks) if ((check.status === 'fail' || check.status === 'warn') && !failing.has(check.id)) failing.set(check.id, check);
  const seen = new Set<string>();
  const scored: { change: Change; score: number; at: number }[] = [];
  for (const event of events) {
    if (event.EventId !== undefined) {
      if (seen.has(event.EventId)) continue;
      seen.add(event.EventId);
    }
    if (!isChange(event)) continue;
    const touched = mentions(event, names, path);
    if (touched.length === 0) continue;
    const at = event.EventTime === undefined ? Number.NaN : Date.parse(event.EventTime);
    if (!Number.isFinite(at)) continue;
    const name = baseEventName(event.EventName ?? '');
    const candidates = GRANTS.has(name) ? [] : (EXPLAINS[name] ?? []);
    const check = candidates.find((id) => failing.has(id));
    const cause = check === undefined ? candidates.map((id) => CHECK_CAUSE[id]).find((c) => c !== undefined && context.causes.includes(c)) : undefined;
    const relatedTo = check ?? cause ?? (EXPLAINS_CAUSE[name] ?? []).find((c) => context.causes.includes(c)) ?? null;
    const own = inverseRequest(event, context.region);
    // Where the event's own parameters cannot say what was there before (a removed permission, a
    // changed timeout), the failing check's fix restores exactly what the path needs.
    const fixRequest = check === undefined || !DIRECT.has(name) ? undefined : fixFor(context.checks, check, touched);
    const revertRequest = own ?? fixRequest ?? null;
    const minutes = context.firstFailureAt === null ? null : Math.round((context.firstFailureAt - at) / 60_000);
    const detail = parseDetail(event);
    const who = event.Username ?? text(field(field(detail, 'userIdentity'), 'arn')) ?? null;
    const resources = [...new Set([...(event.Resources ?? []).map((r) => r.ResourceName).filter((r): r is string => r !== undefined && r !== ''), ...touched])];
    const summary = changeSummary(event);
    const closeness = minutes === null ? 0 : minutes >= 0 ? Math.max(0, 2_000 - minutes) : Math.max(0, 500 + minutes);
    scored.push({
      change: {
        time: new Date(at).toISOString(),
        eventName: event.EventName ?? '',
        eventSource: event.EventSource ?? '',
        who,
        resources,
        relatedTo,
        minutesBeforeFirstFailure: minutes,
        revert: revertRequest === null ? null : requestCommand(revertRequest),
        revertRequest,
        ...(summary === null ? {} : { summary }),
      },
      score: (relatedTo === null ? 0 : DIRECT.has(name) ? 10_000 : 5_000) + closeness,
      at,
    });
  }
  return scored.sort((a, b) => b.score - a.score || b.at - a.at).map((s) => s.change);
}

/** One line for a person: `<who> RevokeSecurityGroupIngress on sg-1 at 00:10 (5 min before the first failure)`. */
export function describeChange(change: Change): string {
  const when = change.time.slice(11, 16);
  const minutes = change.minutesBeforeFirstFailure;
  const before = minutes === null ? '' : ` (${duration(Math.abs(minutes))} ${minutes >= 0 ? 'before' : 'after'} the first failure)`;
  // The event in words when we know them ("revoked 10.0.0.0/24:8080 on sg-…"), else its name without the API version.
  const what = change.summary ?? `${baseEventName(change.eventName)} on ${change.resources.join(', ') || change.eventSource}`;
  return `${change.who ?? 'someone'} ${what} at ${when} UTC${before}`;
}

/** `45 min`, `15 h 52 min`: minutes as an on-call reader counts them. */
function duration(minutes: number): string {
  if (minutes < 120) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest === 0 ? '' : ` ${rest} min`}`;
}
