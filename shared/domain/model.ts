/**
 * The shared vocabulary of apigw-doctor: causes, findings, signals and checks.
 * Pure data types only; every stage of the pipeline speaks in these.
 */

/** Any value that survives `JSON.stringify` → `JSON.parse` unchanged. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** The fixed cause taxonomy (docs/architecture.md "Cause taxonomy"). The CLI and every message use these ids. */
export const CAUSE_IDS = [
  'malformed_proxy_response',
  'missing_invoke_permission',
  'credentials_role_error',
  'integration_timeout',
  'lambda_function_error',
  'lambda_throttled',
  'lambda_service_error',
  'payload_too_large',
  'function_not_found',
  'integration_misconfigured',
  'authorizer_error',
  'network_or_vpc_link',
  'http_backend_error',
  'mapping_template_error',
  'unknown',
] as const;

/** One cause id from the taxonomy. */
export type CauseId = (typeof CAUSE_IDS)[number];

/** True when `value` is a cause id of the taxonomy. */
export function isCauseId(value: string): value is CauseId {
  return (CAUSE_IDS as readonly string[]).includes(value);
}

/** How sure a finding is: `high` = the gateway's own words; `low` = e.g. only a body the client saw. */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * One failing request (or one group of identical access-log rows without a request id),
 * explained: which cause, from which lines, with which extracted details.
 */
export interface Finding {
  readonly cause: CauseId;
  /** API Gateway request id, when the log carries one. */
  readonly requestId: string | null;
  /** The status the client got, when known. */
  readonly status: number | null;
  /** The log lines that show the cause, verbatim (prefixes stripped). */
  readonly evidence: readonly string[];
  /** Cause-specific facts: function ARN, error type, role ARN, payload limit, rule id, ... */
  readonly details: JsonObject;
}

/** Identifiers of the account checks (docs/architecture.md "Checks"). */
export const CHECK_IDS = [
  'invoke-permission',
  'credentials-role',
  'execution-logging',
  'account-cloudwatch-role',
  'data-trace',
  'detailed-metrics',
  'access-logging',
  'integration-timeout',
  'reserved-concurrency',
  'function-exists',
  'stage-variables',
  'binary-media-types',
  'integration-method',
  'vpc-link-health',
  'policy-size',
  'authorizer-permission',
  'authorizer-role',
  'cors-preflight',
  'tracing',
] as const;

/** One check id. */
export type CheckId = (typeof CHECK_IDS)[number];

/** The outcome of one check. `skip` = could not be evaluated (read denied, not applicable). */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/**
 * One AWS SDK call, as plain data: `service` is the client package suffix (`lambda`, `api-gateway`,
 * `iam`, `cloudwatch-logs`), `operation` the command name without `Command`, `input` exactly what
 * `client.send(new <operation>Command(input))` takes, `region` the client's Region.
 */
export interface SdkRequest {
  readonly service: 'lambda' | 'api-gateway' | 'apigatewayv2' | 'iam' | 'cloudwatch-logs' | 'ec2';
  readonly operation: string;
  readonly region: string;
  readonly input: JsonObject;
}

/**
 * The exact change that fixes a failing check. `requests` are the SDK calls that make it, in order
 * (empty when the fix needs a person: a code change, a choice of function); `cli` is the same change
 * as AWS CLI commands (rendered from `requests` where there are any, plus the steps only a person can
 * take); `iac` the template change so the next deploy keeps it.
 */
export interface Fix {
  readonly requests: readonly SdkRequest[];
  readonly cli: string;
  readonly iac: string;
}

/** The result of one check on one resource. */
export interface CheckResult {
  readonly id: CheckId;
  readonly status: CheckStatus;
  /** ARN or `METHOD /path` the check looked at. */
  readonly resource: string;
  readonly message: string;
  readonly fix?: Fix;
  /** Causes this check result supports when it fails or warns (used to rank causes). */
  readonly supports?: readonly CauseId[];
}

/** Which API flavour an event or log is about. */
export type ApiKind = 'rest' | 'http' | 'unknown';

/** A log line as delivered (one CloudWatch Logs event's message, possibly multi-line). */
export interface RawLogEvent {
  readonly timestamp?: number;
  readonly message: string;
  /** The stream FilterLogEvents found it in (tells functions apart in a log group they share). */
  readonly logStreamName?: string;
}

/** Where a signal came from. */
export type SignalSource = 'logs' | 'alarm';

/**
 * Something that says "an API may be failing": a batch of log events or an alarm state change.
 * The ingest Lambdas turn raw events into signals; the worker investigates them.
 */
export interface Signal {
  readonly source: SignalSource;
  readonly apiId: string | null;
  readonly apiName: string | null;
  readonly stage: string | null;
  /** Alarm state (`ALARM`, `OK`, `INSUFFICIENT_DATA`), or null for log signals. */
  readonly state: string | null;
  readonly region: string | null;
  readonly account: string | null;
  readonly apiKind: ApiKind;
  /** For log signals: the log group and whether it is an execution or an access log. */
  readonly logGroup?: string;
  readonly logKind?: 'execution' | 'access';
  /** For log signals: the events of the batch. */
  readonly events?: readonly RawLogEvent[];
  /** For alarm signals: the alarm's name and reason. */
  readonly alarmName?: string;
  readonly reason?: string;
  /** ISO time of the alarm state change or of the last log event. */
  readonly time?: string;
}

/** Which of the supported shapes an event arrived in. */
export type EventKind = 'logs' | 'alarm-eventbridge' | 'alarm-sns' | 'alarm-lambda-action' | 'unknown';

/** A valid event (or part of one) that carries nothing to diagnose, and why. */
export interface IgnoredEvent {
  readonly reason: string;
}

/** The outcome of parsing one event: zero or more signals, plus the parts that were skipped on purpose. */
export interface ParsedEvent {
  readonly kind: EventKind;
  readonly signals: readonly Signal[];
  readonly ignored: readonly IgnoredEvent[];
}

// ---- Diagnosis -------------------------------------------------------------------------------

/** One cause with how sure apigw-doctor is (0..1) and why. */
export interface RankedCause {
  readonly cause: CauseId;
  readonly confidence: number;
  readonly because: readonly string[];
}

/**
 * One management event on a resource of the failing path (CloudTrail LookupEvents): who changed what,
 * when, how it relates to the diagnosis, and the command that undoes it where its own request says how.
 */
export interface Change {
  /** ISO time of the event. */
  readonly time: string;
  readonly eventName: string;
  readonly eventSource: string;
  /** The CloudTrail user name (a role session, an IAM user, a service), or null when it has none. */
  readonly who: string | null;
  /** The resources it touched (names or ARNs as CloudTrail lists them, else from the request). */
  readonly resources: readonly string[];
  /** The failing check or cause it explains, or null when it explains none. */
  readonly relatedTo: string | null;
  /** Minutes from the event to the first failure (negative: it came after), or null when no failure time is known. */
  readonly minutesBeforeFirstFailure: number | null;
  /** The AWS CLI command that undoes it, or null when its request parameters cannot say how. */
  readonly revert: string | null;
  /** The same undo as an SDK request (what `revert` is rendered from), or null. */
  readonly revertRequest: SdkRequest | null;
  /** What it did, in words (`revoked 10.0.0.0/24:8080 on sg-0a1b`, `removed permission orders-read from orders-handler`), when known. */
  readonly summary?: string;
}

/** The diagnosis of one stage. */
export interface Diagnosis {
  /** `type` is `HTTP` for an HTTP API (API Gateway v2); absent for a REST API. */
  readonly api: { readonly id: string; readonly name: string | null; readonly stage: string; readonly region: string; readonly account: string; readonly type?: 'REST' | 'HTTP' };
  readonly findings: readonly Finding[];
  readonly checks: readonly CheckResult[];
  readonly causes: readonly RankedCause[];
  /** Where the findings came from, e.g. `API-Gateway-Execution-Logs_a1b2c3d4e5/prod (37 events)`. */
  readonly logSource: string | null;
  /** Things the reader should know (logs unavailable, reads skipped, ...). */
  readonly notes: readonly string[];
  /**
   * What changed on the failing path before it broke, most relevant first (empty when nothing changed
   * or CloudTrail could not be read; absent in diagnoses made without the lookup).
   */
  readonly changes?: readonly Change[];
  /** The implicated functions' own log groups, read for the window (absent when none was read). */
  readonly functionLogs?: readonly FunctionLogSummary[];
  /** Which evidence the top cause rests on, one sentence (e.g. `metrics (GetMetricData) and /aws/lambda/orders logs; execution logging is off`). */
  readonly evidence?: string;
}

/** What one function's own log group said for the window (diagnose-function-logs.ts). */
export interface FunctionLogSummary {
  readonly functionName: string;
  readonly functionArn: string;
  /** `LoggingConfig.LogGroup`, else `/aws/lambda/<name>`. */
  readonly logGroup: string;
  /** True when the group is not the default one (a custom `LoggingConfig.LogGroup`). */
  readonly custom: boolean;
  /** `read`, or why not: the group does not exist (`not_found`), the read was refused or failed. */
  readonly status: 'read' | 'not_found' | 'denied' | 'throttled' | 'error';
  /** Matching lines read, invocations seen (REPORT lines) and failed invocations. */
  readonly lines: number;
  readonly invocations: number;
  readonly failedInvocations: number;
  /** The read stopped at its line limit: counts are a lower bound. */
  readonly truncated: boolean;
  /** The failures the function's own lines show, one per cause and error (`details.count` invocations). */
  readonly findings: readonly Finding[];
  /** One line for a person, e.g. `orders-handler: 6 of 6 invocations failed in /aws/lambda/orders-handler: Runtime.ImportModuleError`. */
  readonly message: string;
}

/** Why a diagnosis could not be made at all. */
export interface DiagnoseError {
  readonly code: 'api-not-found' | 'stage-not-found' | 'access-denied' | 'read-failed';
  readonly message: string;
}

// ---- Acting and telling ------------------------------------------------------------------------

/** The automatic actions (DESIGN.md "Remediation"); each is one file under `domain/remediation/`. */
export const ACTION_IDS = ['add-invoke-permission', 'enable-execution-logging', 'set-account-cloudwatch-role'] as const;

/** One action id. */
export type ActionId = (typeof ACTION_IDS)[number];

/** The global remediation mode: never act, only plan (the default), or act where the owner opted in. */
export type RemediationMode = 'off' | 'dry-run' | 'apply';

/**
 * How one planned step is carried out: `apply` (allowed and opted in), `dry-run` (an action exists but
 * is not opted in, or the global mode is dry-run), `suggest` (no automatic action exists for this:
 * timeouts, reserved concurrency, code bugs are never changed automatically).
 */
export type StepMode = 'apply' | 'dry-run' | 'suggest';

/** One step of a plan: what would be done about one failing check, how, and why. */
export interface PlanStep {
  /** The action that carries it out, or null for a `suggest` step no action exists for. */
  readonly action: ActionId | null;
  readonly mode: StepMode;
  /** The failing check this step answers, and the resource it is about. */
  readonly check: CheckId;
  readonly resource: string;
  /** The exact SDK request the action sends (for `suggest`: the fix's first request, never sent), or null. */
  readonly request: SdkRequest | null;
  /** The AWS CLI text of the fix (what a person runs for `dry-run` and `suggest`). */
  readonly cli: string;
  /** The command that undoes the step once applied, or null when there is nothing to undo. */
  readonly undo: string | null;
  /** Why this mode: opted in by which tag, vetoed where, not opted in, no action for this cause. */
  readonly reason: string;
}

/** What an action did. `verified` = applied and the check passes on fresh reads. */
export type OutcomeStatus = 'applied' | 'verified' | 'failed' | 'skipped';

/** The outcome of one `apply` step. */
export interface Outcome {
  readonly action: ActionId;
  readonly resource: string;
  readonly status: OutcomeStatus;
  /** A sentence a person can act on: what happened, and for `failed`/`skipped` why and what to do. */
  readonly reason: string;
  readonly undo: string | null;
  /** The calls that changed the account (none for `skipped`). */
  readonly writes: readonly SdkRequest[];
}

/**
 * What makes two failures the same incident (DESIGN.md "Noise control"): the account, Region, API,
 * stage, cause and route (`GET /items`, or `*` when the evidence names none).
 */
export interface IncidentKey {
  readonly account: string;
  readonly region: string;
  readonly apiId: string;
  readonly stage: string;
  readonly cause: CauseId;
  readonly route: string;
}

/** An incident as the store keeps it. Times are ISO strings. */
export interface Incident {
  /** {@link IncidentKey} rendered as one string (the store's key). */
  readonly id: string;
  readonly key: IncidentKey;
  readonly status: 'open' | 'resolved';
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Failing requests counted (each request id once). */
  readonly count: number;
  /** The first message about it (Slack thread), so later ones reply under it. */
  readonly thread: { readonly channel: string; readonly ts: string } | null;
  /**
   * When the "new incident" message went out, or null: a worker that crashed after opening the
   * incident but before notifying retries and still sends it (opened is true only once).
   */
  readonly notifiedAt: string | null;
  readonly resolvedAt: string | null;
  readonly resolvedReason: string | null;
}

/** A stage as work items name it: by id, or (alarms on `ApiName`) by name until the worker resolves it. */
export interface WorkStage {
  readonly account: string;
  readonly region: string;
  readonly apiId: string | null;
  readonly apiName: string | null;
  readonly stage: string;
}

/**
 * One message on the work queue (JSON): failures for one incident key from one log batch; a failing
 * alarm to investigate (it carries no log lines); or an alarm back to OK that resolves the stage.
 */
export type WorkItem =
  | {
      readonly kind: 'failures';
      readonly key: IncidentKey;
      readonly at: string;
      readonly requestIds: readonly string[];
      readonly anonymous: number;
      /** Up to {@link MAX_FINDINGS_PER_ITEM} findings as evidence (the count is in requestIds/anonymous). */
      readonly findings: readonly Finding[];
    }
  | { readonly kind: 'alarm'; readonly stage: WorkStage; readonly at: string; readonly alarmName: string; readonly reason: string }
  | { readonly kind: 'resolve'; readonly stage: WorkStage; readonly at: string; readonly reason: string };

/** Findings carried per work item: enough evidence for a diagnosis, far below SQS's 256 KB message limit. */
export const MAX_FINDINGS_PER_ITEM = 20;
