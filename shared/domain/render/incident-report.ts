/**
 * The one input every notification renders from (Slack card, SNS JSON, Chatbot message), and the
 * pure helpers they share: the redacted summary of an incident, its severity, and the links a person
 * opens first (the stage in the API Gateway console, the execution log in Logs Insights).
 *
 * Everything that came from logs or the account passes through {@link redactSecrets} here, once, so
 * no renderer can forget to: secrets never leave.
 */
import { CAUSES } from '../causes.ts';
import type { ActionId, CauseId, CheckId, CheckStatus, Diagnosis, Finding, Incident, Outcome, PlanStep, StepMode } from '../model.ts';
import { redactSecrets } from './redact.ts';

/** Which message an incident gets: the first one, a "still failing" update, or the "resolved" one. */
export type IncidentReportKind = 'new' | 'ongoing' | 'resolved';

/** Everything a notification about one incident says. */
export interface IncidentReport {
  readonly kind: IncidentReportKind;
  readonly incident: Incident;
  /** The API's name, when known (the incident key only has its id). */
  readonly apiName: string | null;
  /** The diagnosis behind the incident (null when only counting, e.g. an `ongoing` update from an alarm). */
  readonly diagnosis: Diagnosis | null;
  readonly plan: readonly PlanStep[];
  readonly outcomes: readonly Outcome[];
  /** Things the reader should know (rate limit reached, action blocked, ...). */
  readonly notes: readonly string[];
}

/** How urgent a message is; SNS subscribers filter on it (`severity` attribute). */
export type Severity = 'high' | 'medium' | 'low' | 'info';

/** One failing request's evidence, redacted. */
export interface EvidenceItem {
  readonly requestId: string | null;
  readonly status: number | null;
  /** How many failures this item stands for (access-log rows without request id are grouped). */
  readonly count: number;
  readonly lines: readonly string[];
}

/** One failing check, redacted. */
export interface CheckSummary {
  readonly id: CheckId;
  readonly status: CheckStatus;
  readonly resource: string;
  readonly message: string;
  readonly fix: { readonly cli: string; readonly iac: string } | null;
  /** Where the plan step answering this check stands (its fix is the step's), or null when none does. */
  readonly action: ActionState | null;
}

/**
 * Where an action stands: `verified` / `applied` / `failed` / `skipped` (an outcome), `pending` (an
 * `apply` step with no outcome yet), `planned` (dry-run), `suggested` (no automatic action exists).
 */
export type ActionState = 'verified' | 'applied' | 'failed' | 'skipped' | 'pending' | 'planned' | 'suggested';

/** One plan step with its outcome, redacted. */
export interface ActionSummary {
  readonly action: ActionId | null;
  readonly mode: StepMode;
  readonly state: ActionState;
  readonly check: CheckId | null;
  readonly resource: string;
  readonly reason: string;
  /** The AWS CLI text of the fix (null for an outcome no plan step describes). */
  readonly cli: string | null;
  /** The template change that keeps the fix (from the check's fix), or null. */
  readonly iac: string | null;
  readonly undo: string | null;
}

/** The links a notification carries. */
export interface IncidentLinks {
  /** The API's stages in the API Gateway console. */
  readonly stage: string;
  /** Logs Insights on the stage's execution log for the incident's window. */
  readonly logsInsights: string;
}

/** An incident, ready to render: plain data, every free text redacted. */
export interface IncidentSummary {
  readonly kind: IncidentReportKind;
  readonly severity: Severity;
  readonly incidentId: string;
  readonly cause: {
    readonly id: CauseId;
    readonly title: string;
    readonly why: string;
    readonly todo: readonly string[];
    /** The diagnosis's confidence in this cause (0..1), when it ranked it. */
    readonly confidence: number | null;
    readonly because: readonly string[];
  };
  readonly api: { readonly id: string; readonly name: string | null; readonly stage: string; readonly region: string; readonly account: string };
  /** `GET /orders`, or `*` when the evidence names no route; `method`/`path` are its parts. */
  readonly route: { readonly key: string; readonly method: string | null; readonly path: string | null };
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly resolvedAt: string | null;
  readonly resolvedReason: string | null;
  readonly evidence: readonly EvidenceItem[];
  readonly checks: readonly CheckSummary[];
  readonly actions: readonly ActionSummary[];
  readonly links: IncidentLinks;
  readonly notes: readonly string[];
  /** The action applied or planned first, or null when there is none (SNS `action` attribute). */
  readonly primaryAction: ActionId | null;
}

// ---- Links ---------------------------------------------------------------------------------------

/**
 * The console origin for a Region: `https://<region>.console.aws.amazon.com`, with the China and
 * GovCloud partitions' own hosts.
 */
export function consoleOrigin(region: string): string {
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return 'https://console.amazonaws-us-gov.com';
  return `https://${region}.console.aws.amazon.com`;
}

/**
 * The stages page of a REST API in the API Gateway console:
 * `<origin>/apigateway/main/apis/<apiId>/stages?api=<apiId>&region=<region>`. AWS does not document
 * console URLs; this is the form the current console itself puts in the address bar (and that public
 * runbooks link to), so it is the least likely to move.
 */
export function stageConsoleUrl(region: string, apiId: string): string {
  const id = encodeURIComponent(apiId);
  return `${consoleOrigin(region)}/apigateway/main/apis/${id}/stages?api=${id}&region=${encodeURIComponent(region)}`;
}

/**
 * The execution log group of a REST API stage. API Gateway names it itself: "The log group is named
 * API-Gateway-Execution-Logs_{rest-api-id}/{stage_name}" (API Gateway Developer Guide, "Execution
 * logging for REST APIs").
 */
export function executionLogGroup(apiId: string, stage: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stage}`;
}

/** A Logs Insights query to link to. */
export interface LogsInsightsLink {
  readonly region: string;
  readonly logGroups: readonly string[];
  /** An absolute window, or null for "the last hour" (used when the incident's times do not parse). */
  readonly window: { readonly start: Date; readonly end: Date } | null;
  readonly query: string;
  /** The time zone the console shows; default UTC, so times match the message's. */
  readonly timeZone?: 'UTC' | 'Local';
}

/** A primitive of the console's `queryDetail` notation: URI-encoded with `%` → `*` (and `!'()*~` encoded too). */
function insightsPrimitive(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%/g, '*');
}

/**
 * A CloudWatch Logs Insights console URL that opens with the query, log groups and window filled in.
 * The format is not documented by AWS; it is the console's own notation, as reverse-engineered in the
 * Stack Overflow question "Is there a way to generate the AWS Console URLs for CloudWatch Log Group
 * filters?" (accepted answer on Logs Insights links):
 * - `queryDetail` is an object written `~(key~value~key~value)`, an array `(~value~value)`;
 * - a string value is `'` + encodeURIComponent(value) with `%` replaced by `*`; booleans and numbers are bare;
 * - the notation is `escape()`d (only `~ ( ) '` need it here), prefixed with `?queryDetail=`,
 *   encodeURIComponent'd once more, and every `%` replaced by `$`; it goes after `#logsV2:logs-insights`.
 */
export function logsInsightsUrl(link: LogsInsightsLink): string {
  const str = (value: string): string => `'${insightsPrimitive(value)}`;
  const parts: string[] = link.window === null
    ? ['end~0', 'start~-3600', `timeType~${str('RELATIVE')}`, `unit~${str('seconds')}`]
    : [`end~${str(link.window.end.toISOString())}`, `start~${str(link.window.start.toISOString())}`, `timeType~${str('ABSOLUTE')}`];
  parts.push(`tz~${str(link.timeZone ?? 'UTC')}`, `editorString~${str(link.query)}`, 'isLiveTail~false', `source~(${link.logGroups.map((g) => `~${str(g)}`).join('')})`);
  const detail = `~(${parts.join('~')})`.replace(/[~()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const fragment = encodeURIComponent(`?queryDetail=${detail}`).replace(/%/g, '$');
  return `${consoleOrigin(link.region)}/cloudwatch/home?region=${encodeURIComponent(link.region)}#logsV2:logs-insights${fragment}`;
}

/** Minutes of log before the first and after the last failure the Logs Insights link covers. */
const WINDOW_PADDING_MS = 5 * 60_000;
/** The largest time a `Date` can hold (ECMAScript: ±8.64e15 ms around the epoch). */
const MAX_DATE_MS = 8.64e15;
/** At most this many request ids go into the link's filter (the URL has to stay clickable). */
const MAX_LINKED_REQUEST_IDS = 10;

function regexLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** The Logs Insights query for an incident: its request ids when known, else every 5xx trace. */
export function incidentLogsQuery(requestIds: readonly string[]): string {
  const ids = [...new Set(requestIds)].slice(0, MAX_LINKED_REQUEST_IDS);
  const filter = ids.length > 0 ? ids.map(regexLiteral).join('|') : String.raw`Execution failed|status: 5\d\d|timed out`;
  return `fields @timestamp, @message, @logStream\n| filter @message like /${filter}/\n| sort @timestamp asc\n| limit 500`;
}

/** The console and Logs Insights links of an incident (window: first seen − 5 min … last seen / resolved + 5 min). */
export function incidentLinks(incident: Incident, requestIds: readonly string[]): IncidentLinks {
  const { region, apiId, stage } = incident.key;
  const start = Date.parse(incident.firstSeen);
  const end = Date.parse(incident.resolvedAt ?? incident.lastSeen);
  // Dates outside ±8.64e15 ms cannot be written as ISO strings, so the padded window must stay inside.
  const valid = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS - WINDOW_PADDING_MS;
  const window = valid(start) && valid(end) && start <= end
    ? { start: new Date(start - WINDOW_PADDING_MS), end: new Date(end + WINDOW_PADDING_MS) }
    : null;
  return {
    stage: stageConsoleUrl(region, apiId),
    logsInsights: logsInsightsUrl({ region, logGroups: [executionLogGroup(apiId, stage)], window, query: incidentLogsQuery(requestIds) }),
  };
}

// ---- Summary -------------------------------------------------------------------------------------

/** Splits `GET /orders` into its method and path (`*` = no route known). */
export function parseRoute(route: string): { readonly method: string | null; readonly path: string | null } {
  const match = /^([A-Z]+|ANY)\s+(\/\S*)$/.exec(route.trim());
  return match === null ? { method: null, path: null } : { method: match[1] ?? null, path: match[2] ?? null };
}

function detailString(finding: Finding, key: string): string | null {
  const value = finding.details[key];
  return typeof value === 'string' ? value : null;
}

/** The findings that are this incident's: its cause, and its route when the finding names one. */
function incidentFindings(report: IncidentReport): readonly Finding[] {
  const gateway = (report.diagnosis?.findings ?? []).filter((f) => f.cause === report.incident.key.cause);
  // No gateway line shows it (execution logging off): the function's own log lines are the evidence.
  const findings = gateway.length > 0 ? gateway : (report.diagnosis?.functionLogs ?? []).flatMap((l) => l.findings).filter((f) => f.cause === report.incident.key.cause);
  const { method, path } = parseRoute(report.incident.key.route);
  if (method === null || path === null) return findings;
  const onRoute = findings.filter((f) => {
    const m = detailString(f, 'method');
    const p = detailString(f, 'resourcePath') ?? detailString(f, 'requestPath');
    return (m === null || m === method || m === 'ANY') && (p === null || p === path);
  });
  // A finding without route details still belongs to the stage; better than no evidence at all.
  return onRoute.length > 0 ? onRoute : findings;
}

/**
 * How urgent the message is. `resolved` → info; every action applied and verified → low (fixed,
 * for the record); `new` → high (a 5xx nobody has seen yet); `ongoing` → medium (already announced,
 * still failing: a reminder, not a second page).
 */
export function severityOf(report: Pick<IncidentReport, 'kind' | 'plan' | 'outcomes'>): Severity {
  if (report.kind === 'resolved') return 'info';
  const applied = report.plan.filter((s) => s.mode === 'apply');
  const fixed = applied.length > 0 && applied.every((s) => report.outcomes.some((o) => o.action === s.action && o.resource === s.resource && o.status === 'verified'));
  if (fixed) return 'low';
  return report.kind === 'new' ? 'high' : 'medium';
}

function actionSummaries(report: IncidentReport): ActionSummary[] {
  const checks = report.diagnosis?.checks ?? [];
  const used = new Set<Outcome>();
  const out: ActionSummary[] = report.plan.map((step) => {
    const outcome = step.action === null ? undefined : report.outcomes.find((o) => !used.has(o) && o.action === step.action && o.resource === step.resource);
    if (outcome !== undefined) used.add(outcome);
    const check = checks.find((c) => c.id === step.check && c.resource === step.resource && c.fix !== undefined) ?? checks.find((c) => c.id === step.check && c.fix !== undefined);
    const state: ActionState = outcome !== undefined ? outcome.status : step.mode === 'apply' ? 'pending' : step.mode === 'dry-run' ? 'planned' : 'suggested';
    return {
      action: step.action,
      mode: step.mode,
      state,
      check: step.check,
      resource: redactSecrets(step.resource),
      reason: redactSecrets(outcome?.reason ?? step.reason),
      cli: redactSecrets(step.cli),
      iac: check?.fix === undefined ? null : redactSecrets(check.fix.iac),
      undo: nullable(outcome?.undo ?? step.undo),
    };
  });
  for (const outcome of report.outcomes) {
    if (used.has(outcome)) continue;
    out.push({ action: outcome.action, mode: 'apply', state: outcome.status, check: null, resource: redactSecrets(outcome.resource), reason: redactSecrets(outcome.reason), cli: null, iac: null, undo: nullable(outcome.undo) });
  }
  return out;
}

function nullable(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : redactSecrets(text);
}

/** The incident as plain, redacted data: what every renderer shows. */
export function summarizeIncident(report: IncidentReport): IncidentSummary {
  const { incident, diagnosis } = report;
  const key = incident.key;
  const info = CAUSES[key.cause];
  const ranked = diagnosis?.causes.find((c) => c.cause === key.cause);
  const findings = incidentFindings(report);
  const evidence: EvidenceItem[] = findings.map((f) => ({
    requestId: f.requestId === null ? null : redactSecrets(f.requestId),
    status: f.status,
    count: typeof f.details['count'] === 'number' && f.details['count'] > 0 ? f.details['count'] : 1,
    lines: f.evidence.map(redactSecrets),
  }));
  const failing = (diagnosis?.checks ?? []).filter((c) => c.status === 'fail');
  // Checks that support this incident's cause come first: they are why it happened.
  const ordered = [...failing.filter((c) => c.supports?.includes(key.cause) === true), ...failing.filter((c) => c.supports?.includes(key.cause) !== true)];
  const actions = actionSummaries(report);
  const checks: CheckSummary[] = ordered.map((c) => {
    // Several checks can share a resource (one function behind two routes); the fix text tells them apart.
    const index = report.plan.findIndex((p) => p.check === c.id && p.resource === c.resource && (c.fix === undefined || p.cli === c.fix.cli));
    return {
      id: c.id,
      status: c.status,
      resource: redactSecrets(c.resource),
      message: redactSecrets(c.message),
      fix: c.fix === undefined ? null : { cli: redactSecrets(c.fix.cli), iac: redactSecrets(c.fix.iac) },
      action: actions[index]?.state ?? null,
    };
  });
  const requestIds = evidence.flatMap((e) => (e.requestId === null ? [] : [e.requestId]));
  const primary = report.outcomes[0]?.action ?? report.plan.find((s) => s.action !== null && s.mode !== 'suggest')?.action ?? null;
  return {
    kind: report.kind,
    severity: severityOf(report),
    incidentId: incident.id,
    cause: {
      id: key.cause,
      title: info.title,
      why: info.why,
      todo: info.todo,
      confidence: ranked?.confidence ?? null,
      because: (ranked?.because ?? []).map(redactSecrets),
    },
    api: { id: key.apiId, name: report.apiName ?? diagnosis?.api.name ?? null, stage: key.stage, region: key.region, account: key.account },
    route: { key: key.route, ...parseRoute(key.route) },
    count: incident.count,
    firstSeen: incident.firstSeen,
    lastSeen: incident.lastSeen,
    resolvedAt: incident.resolvedAt,
    resolvedReason: nullable(incident.resolvedReason),
    evidence,
    checks,
    actions,
    links: incidentLinks(incident, requestIds),
    notes: [...report.notes, ...(diagnosis?.notes ?? [])].map(redactSecrets),
    primaryAction: primary,
  };
}

/** `2026-11-20 14:02:11 UTC` for an ISO time (the text as given when it does not parse). */
export function formatTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '')} UTC`;
}
