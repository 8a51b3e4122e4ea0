/**
 * The builder of recorded accounts: a scenario (one REST API stage, its functions, settings, log lines,
 * CloudTrail events and metrics, in a few readable lines) expanded into the raw SDK outputs a live
 * `--record` run would have written (events/accounts/README.md), one record for every read `diagnose`
 * makes. Log queries are answered the way CloudWatch Logs would: the failure pattern and the request-id
 * pattern the use case sends are applied to the scenario's log lines, so the recording stays right when
 * the requests change. Scenario lists live beside this file, one per topic; `scripts/make-accounts.ts`
 * writes them all.
 *
 * Output is deterministic (ids, tokens and hashes derive from the scenario by SHA-256, never from the
 * clock or a random source), so regenerating leaves committed files unchanged unless a scenario changed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonObject, JsonValue } from '../../shared/domain/model.ts';
import type { RecordedCall, RecordedMetric, RecordedTrailEvent, Recording } from '../../shared/adapters/recorded/recorded-account.ts';
import { EXECUTION_FAILURE_PATTERN } from '../../shared/domain/logs/failure-patterns.ts';
import { FUNCTION_LOG_PATTERN } from '../../shared/domain/use-cases/diagnose-function-logs.ts';
import { describeFilterPatternError, filterPatternMatcher } from '../../shared/domain/logs/filter-pattern.ts';

const EVENTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'events');
/** Where the recorded accounts are written. */
export const ACCOUNTS_DIR = join(EVENTS_DIR, 'accounts');

/** The made-up account every sample describes (events/README.md). */
export const ACCOUNT = '123456789012';
/** The Region of every recorded account. */
export const REGION = 'us-east-1';
/** The recorded clock: log events sit a few minutes before it, inside `--since 1h`. */
export const NOW = '2026-11-20T14:10:00.000Z';

/** Why a request failed (or not), in API Gateway's own execution-log wording (docs/facts.md (d)). */
export type Outcome = 'ok' | 'invalid-permissions' | 'timeout' | 'throttled';

/** One request to the stage, as the execution log records it. */
export interface RequestSpec {
  /** Time of day on 2026-11-20, UTC, `HH:MM:SS.mmm`. */
  readonly at: string;
  readonly verb: string;
  /** The resource path template, e.g. `/orders/{id}`. */
  readonly resource: string;
  /** Values of the path parameters of `resource`. */
  readonly params?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly outcome: Outcome;
}

/** One method of the API: verb, resource path and the function its AWS_PROXY integration invokes. */
export interface MethodSpec {
  readonly verb: string;
  readonly path: string;
  readonly fn: string;
  /** The integration's `timeoutInMillis`; API Gateway reports 29000 when nobody changed it. */
  readonly timeoutInMillis?: number;
  /** Raw GetMethod fields laid over the default (e.g. `authorizationType`, `authorizerId`). */
  readonly method?: JsonObject;
  /** Raw integration fields laid over the default AWS_PROXY one (e.g. an HTTP_PROXY VPC_LINK integration); null removes a field. */
  readonly integration?: JsonObject;
}

/** One statement of a function's resource policy: API Gateway may invoke it for this SourceArn pattern. */
export interface PermissionSpec {
  readonly sid: string;
  readonly sourceArn: string;
}

/** A Lambda function behind the API. */
export interface FunctionSpec {
  readonly name: string;
  /** Seconds. */
  readonly timeout: number;
  readonly memory: number;
  /** The resource policy's statements; null = the function has no resource policy at all. */
  readonly permissions: readonly PermissionSpec[] | null;
  /** `ReservedConcurrentExecutions`; absent = no reservation (GetFunctionConcurrency answers `{}`). */
  readonly reservedConcurrency?: number;
  /** `LoggingConfig.LogGroup`; absent = the default `/aws/lambda/<name>`. */
  readonly logGroup?: string;
  /**
   * The function's own log lines (raw, any runtime layout), or `missing` when its log group does not
   * exist; absent = the lines the execution log's requests imply (START/END/REPORT for each request
   * that reached the function, `Task timed out` where it ran out of time).
   */
  readonly log?: { readonly events: readonly FunctionLogLine[] } | 'missing';
}

/** One line of a function's log; `logStream` defaults to the function's own stream. */
export interface FunctionLogLine extends LogLine {
  readonly logStream?: string;
}

/** Another REST API of the account, listed by GetRestApis (names are not unique, ids are). */
export interface OtherApiSpec {
  readonly id: string;
  readonly name: string;
}

/** One recorded account: a REST API stage and everything `diagnose` reads about it. */
export interface Scenario {
  /** File name in events/accounts/. */
  readonly file: string;
  readonly api: { readonly id: string; readonly name: string; readonly description: string; readonly created: string };
  readonly stage: {
    readonly name: string;
    readonly deploymentId: string;
    /** Stage-wide `*\/*` logging level; null = no method settings at all (logging and metrics off). */
    readonly loggingLevel: 'ERROR' | 'INFO' | null;
    readonly metrics: boolean;
    /** Access-log format; null = access logging off. */
    readonly accessLogFormat: string | null;
    readonly tracing: boolean;
  };
  readonly methods: readonly MethodSpec[];
  readonly functions: readonly FunctionSpec[];
  /** Whether GetAccount has a `cloudwatchRoleArn`. */
  readonly cloudWatchRole: boolean;
  /**
   * The execution log of the stage: requests to expand into log lines, raw lines taken as they are, or
   * `missing` when the log group does not exist (logging never wrote for this stage).
   */
  readonly executionLog:
    | { readonly requests: readonly RequestSpec[] }
    | { readonly events: readonly LogLine[]; readonly logStream: string }
    | 'missing';
  /** When set, GetRestApis lists this API and these others (alarm signals name the API by ApiName). */
  readonly listedWith?: readonly OtherApiSpec[];
  /** The account's CloudTrail events (the recording's `cloudTrail` section); absent = not recorded. */
  readonly cloudTrail?: readonly TrailSpec[];
  /** The account's CloudWatch metrics (the `metrics` section); absent = not recorded. */
  readonly metrics?: readonly MetricSpec[];
  /** Records appended as they are (reads of other services: load balancers, authorizers, log groups of functions). */
  readonly extraCalls?: readonly RecordedCall[];
  /**
   * `HTTP`: the API is an HTTP API (API Gateway v2). REST knows no such id (GetRestApi answers NotFoundException),
   * the REST fields above are not recorded, and the v2 records come in `extraCalls` (scripts/accounts/http-api-scenarios.ts).
   */
  readonly apiType?: 'REST' | 'HTTP';
}

/** One CloudTrail management event, in a few fields; expanded into what LookupEvents returns. */
export interface TrailSpec {
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly at: string;
  readonly source: string;
  readonly name: string;
  readonly who: string;
  readonly parameters: JsonObject;
  readonly resources?: readonly { readonly type: string; readonly name: string }[];
  readonly readOnly?: boolean;
  /** Invoked by a service on the user's behalf, e.g. `cloudformation.amazonaws.com`. */
  readonly invokedBy?: string;
}

/** One metric as the `metrics` section holds it: per-minute values from `from`, one per minute. */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: 'Sum' | 'Maximum';
  /** `HH:MM` on 2026-11-20, UTC. */
  readonly from: string;
  readonly values: readonly number[];
}

// ---- the scenarios --------------------------------------------------------------------------

/** A well-formed access-log format: the integration error and the gateway response type of every row. */
export const GOOD_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLatency: '$context.responseLatency',
  errorMessage: '$context.error.message',
  errorResponseType: '$context.error.responseType',
  integrationError: '$context.integrationErrorMessage',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  sourceIp: '$context.identity.sourceIp',
});

/** The execute-api ARN of a path of an API in the recorded account. */
export function executeApi(apiId: string, rest: string): string {
  return `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/${rest}`;
}

/**
 * A stage logging at INFO: only INFO writes a request's whole trace (method, path, endpoint URI), which
 * the scenarios with failing requests show; at ERROR the gateway writes the failure lines alone.
 */
export const LOGGED_STAGE = { name: 'prod', loggingLevel: 'INFO', metrics: true, accessLogFormat: GOOD_ACCESS_LOG_FORMAT, tracing: true } as const;

/** The role CloudFormation deploys as in the scenarios' CloudTrail events. */
export const CLOUDFORMATION_ROLE = 'payments-deploy-role';

/** The log lines of a sample event source (events/sources/), taken as they are. */
export function sampleExecutionLog(file: string): { events: LogLine[]; logStream: string } {
  const source: unknown = JSON.parse(readFileSync(join(EVENTS_DIR, 'sources', file), 'utf8'));
  if (!isRecord(source) || !Array.isArray(source['logEvents']) || typeof source['logStream'] !== 'string') {
    throw new Error(`events/sources/${file}: expected a CloudWatch Logs batch with logStream and logEvents`);
  }
  const events = source['logEvents'].map((event: unknown, index) => {
    if (!isRecord(event) || typeof event['timestamp'] !== 'number' || typeof event['message'] !== 'string') {
      throw new Error(`events/sources/${file}: logEvents[${index}] needs a numeric timestamp and a message`);
    }
    // A subscription delivers the same event ids FilterLogEvents returns, so keep them.
    return { timestamp: event['timestamp'], message: event['message'], ...(typeof event['id'] === 'string' ? { eventId: event['id'] } : {}) };
  });
  return { events, logStream: source['logStream'] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- deterministic identifiers --------------------------------------------------------------

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

function hex(seed: string, length: number): string {
  return digest(seed).toString('hex').slice(0, length);
}

/** A UUID-shaped id (version 4 layout) derived from `seed`. */
export function uuidFrom(seed: string): string {
  const h = hex(seed, 32).split('');
  h[12] = '4';
  h[16] = '89ab'[Number.parseInt(h[16] ?? '0', 16) % 4] ?? '8';
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** Lower-case letters and digits, as API Gateway resource and deployment ids are. */
function alnum(seed: string, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...digest(seed)].slice(0, length).map((byte) => alphabet[byte % alphabet.length] ?? 'a').join('');
}

/** A CloudWatch Logs event id: 56 decimal digits. */
function eventId(seed: string): string {
  return BigInt(`0x${hex(seed, 64)}`).toString().padStart(56, '0').slice(0, 56);
}

function base64(seed: string, length: number): string {
  return digest(seed).toString('base64').replace(/[+/=]/g, '').slice(0, length);
}

function epochMs(time: string): number {
  return Date.parse(`2026-11-20T${time}Z`);
}

// ---- API Gateway outputs --------------------------------------------------------------------

function functionArn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}

function integrationUri(fn: string): string {
  return `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn(fn)}/invocations`;
}

function invokeUrl(fn: string): string {
  return `https://lambda.${REGION}.amazonaws.com/2015-03-31/functions/${functionArn(fn)}/invocations`;
}

function iso(time: string): string {
  return new Date(time).toISOString();
}

function restApiOutput(api: { id: string; name: string; description?: string; created: string }): JsonObject {
  return {
    id: api.id,
    name: api.name,
    // API Gateway leaves out a description nobody set.
    ...(api.description === undefined ? {} : { description: api.description }),
    createdDate: iso(api.created),
    apiKeySource: 'HEADER',
    endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
    disableExecuteApiEndpoint: false,
    rootResourceId: alnum(`${api.id}/`, 10),
  };
}

/** Every resource path the methods need, parents first (`/`, `/orders`, `/orders/{id}`). */
function resourcePaths(methods: readonly MethodSpec[]): string[] {
  const paths = new Set<string>(['/']);
  for (const m of methods) {
    const parts = m.path.split('/').filter((p) => p !== '');
    for (let i = 1; i <= parts.length; i += 1) paths.add(`/${parts.slice(0, i).join('/')}`);
  }
  return [...paths].sort();
}

function resourceId(apiId: string, path: string): string {
  return path === '/' ? alnum(`${apiId}/`, 10) : alnum(`${apiId}${path}`, 6);
}

function methodOutput(apiId: string, m: MethodSpec): JsonObject {
  const id = resourceId(apiId, m.path);
  const pathParameters = [...m.path.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1] ?? '');
  return {
    httpMethod: m.verb,
    authorizationType: 'NONE',
    apiKeyRequired: false,
    ...(pathParameters.length === 0 ? {} : { requestParameters: Object.fromEntries(pathParameters.map((p) => [`method.request.path.${p}`, true])) }),
    // An override of null removes the default field (a MOCK integration has no httpMethod and no uri).
    methodIntegration: Object.fromEntries(Object.entries({
      type: 'AWS_PROXY',
      httpMethod: 'POST',
      uri: integrationUri(m.fn),
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: m.timeoutInMillis ?? 29_000,
      cacheNamespace: id,
      cacheKeyParameters: [],
      ...m.integration,
    }).filter(([, value]) => value !== null)),
    ...m.method,
  };
}

function resourcesOutput(apiId: string, methods: readonly MethodSpec[]): JsonObject {
  const items = resourcePaths(methods).map((path): JsonObject => {
    const own = methods.filter((m) => m.path === path);
    const parent = path === '/' ? null : path.slice(0, path.lastIndexOf('/')) || '/';
    return {
      id: resourceId(apiId, path),
      ...(parent === null ? {} : { parentId: resourceId(apiId, parent), pathPart: path.slice(path.lastIndexOf('/') + 1) }),
      path,
      ...(own.length === 0 ? {} : { resourceMethods: Object.fromEntries(own.map((m) => [m.verb, methodOutput(apiId, m)])) }),
    };
  });
  return { items };
}

function stageOutput(s: Scenario): JsonObject {
  const { stage, api } = s;
  const settings: JsonObject =
    stage.loggingLevel === null
      ? {}
      : {
          '*/*': {
            metricsEnabled: stage.metrics,
            loggingLevel: stage.loggingLevel,
            dataTraceEnabled: false,
            throttlingBurstLimit: 5000,
            throttlingRateLimit: 10000,
            cachingEnabled: false,
            cacheTtlInSeconds: 300,
            cacheDataEncrypted: false,
            requireAuthorizationForCacheControl: true,
            unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
          },
        };
  return {
    deploymentId: stage.deploymentId,
    stageName: stage.name,
    cacheClusterEnabled: false,
    cacheClusterStatus: 'NOT_AVAILABLE',
    methodSettings: settings,
    ...(stage.accessLogFormat === null
      ? {}
      : { accessLogSettings: { format: stage.accessLogFormat, destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/apigateway/${api.name}/${stage.name}/access` } }),
    tracingEnabled: stage.tracing,
    createdDate: iso(api.created),
    lastUpdatedDate: iso('2026-11-20T13:58:14Z'),
  };
}

function accountOutput(withRole: boolean): JsonObject {
  return {
    ...(withRole ? { cloudwatchRoleArn: `arn:aws:iam::${ACCOUNT}:role/apigateway-cloudwatch-logs` } : {}),
    throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
    features: ['UsagePlans'],
    apiKeyVersion: '4',
  };
}

// ---- Lambda outputs -------------------------------------------------------------------------

function policyOutput(fn: FunctionSpec, permissions: readonly PermissionSpec[]): JsonObject {
  const policy = {
    Version: '2012-10-17',
    Id: 'default',
    Statement: permissions.map((p) => ({
      Sid: p.sid,
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: functionArn(fn.name),
      Condition: { ArnLike: { 'AWS:SourceArn': p.sourceArn } },
    })),
  };
  // Lambda returns the policy as a JSON string; a byte-exact string also keeps policy-size honest.
  return { Policy: JSON.stringify(policy), RevisionId: uuidFrom(`${fn.name}/policy`) };
}

function functionConfigurationOutput(fn: FunctionSpec): JsonObject {
  return {
    FunctionName: fn.name,
    FunctionArn: functionArn(fn.name),
    Runtime: 'nodejs20.x',
    Role: `arn:aws:iam::${ACCOUNT}:role/${fn.name}-role`,
    Handler: 'index.handler',
    CodeSize: 48_213 + (digest(fn.name)[0] ?? 0) * 97,
    Description: '',
    Timeout: fn.timeout,
    MemorySize: fn.memory,
    LastModified: '2026-11-02T09:41:17.000+0000',
    CodeSha256: digest(`${fn.name}/code`).toString('base64'),
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: uuidFrom(`${fn.name}/revision`),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['arm64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    RuntimeVersionConfig: { RuntimeVersionArn: `arn:aws:lambda:${REGION}::runtime:${hex('nodejs20.x', 64)}` },
    LoggingConfig: { LogFormat: 'Text', LogGroup: fn.logGroup ?? `/aws/lambda/${fn.name}` },
  };
}

// ---- execution log --------------------------------------------------------------------------

/** One execution-log event; `eventId` when the source already has one. */
export interface LogLine {
  readonly timestamp: number;
  readonly message: string;
  readonly eventId?: string;
}

function concretePath(r: RequestSpec): string {
  return r.resource.replace(/\{([^{}]+)\}/g, (_, name: string) => r.params?.[name] ?? name);
}

/** The lines API Gateway writes for one Lambda-proxy request (INFO-level wording; docs/facts.md (d)). */
export function requestLines(apiId: string, stage: string, fn: string, r: RequestSpec, tracing: boolean): LogLine[] {
  const id = uuidFrom(`${apiId}/${r.at}/${r.verb} ${r.resource}`);
  const lambdaId = uuidFrom(`${id}/lambda`);
  const start = epochMs(r.at);
  const path = concretePath(r);
  const host = `${apiId}.execute-api.${REGION}.amazonaws.com`;
  const traceId = `1-${Math.floor(start / 1000).toString(16)}-${hex(`${id}/trace`, 24)}`;
  const params = Object.entries(r.params ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
  const event = {
    resource: r.resource,
    path,
    httpMethod: r.verb,
    headers: { Accept: 'application/json', Host: host, 'X-Forwarded-For': '198.51.100.24' },
    pathParameters: r.params ?? null,
    stageVariables: null,
    requestContext: { resourcePath: r.resource, httpMethod: r.verb, stage, apiId },
  };
  const lines: [number, string][] = [
    [0, `Extended Request Id: ${base64(`${id}/extended`, 15)}=`],
    [0, `Starting execution for request: ${id}`],
    [0, `HTTP Method: ${r.verb}, Resource Path: ${r.resource}`],
    [0, `Method request path: {${params}}`],
    [0, 'Method request query string: {}'],
    [0, `Method request headers: {Accept=application/json, Host=${host}, User-Agent=okhttp/4.12.0, X-Amzn-Trace-Id=Root=${traceId}, X-Forwarded-For=198.51.100.24, X-Forwarded-Port=443, X-Forwarded-Proto=https}`],
    [0, `Method request body before transformations: ${r.body ?? ''}`],
    [1, `Endpoint request URI: ${invokeUrl(fn)}`],
    [1, `Endpoint request body after transformations: ${JSON.stringify(event)} [TRUNCATED]`],
    [1, `Sending request to ${invokeUrl(fn)}`],
  ];
  const responseHeaders = (length: number, extra: string): string =>
    `Endpoint response headers: {Date=${new Date(start).toUTCString()}, Content-Type=application/json, Content-Length=${length}, Connection=keep-alive, x-amzn-RequestId=${lambdaId}${extra}}`;
  switch (r.outcome) {
    case 'ok': {
      const body = JSON.stringify({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: path.split('/').pop() ?? '', status: 'ready' }) });
      lines.push(
        [182, 'Received response. Status: 200, Integration latency: 181 ms'],
        [182, responseHeaders(body.length, `, X-Amzn-Trace-Id=Root=${traceId};Sampled=0`)],
        [182, `Endpoint response body before transformations: ${body}`],
        [183, 'Method response body after transformations: {"id":"' + (path.split('/').pop() ?? '') + '","status":"ready"}'],
        [183, `Method response headers: {Content-Type=application/json, X-Amzn-Trace-Id=Root=${traceId}}`],
        [183, 'Successfully completed execution'],
        [183, 'Method completed with status: 200'],
        [183, `AWS Integration Endpoint RequestId : ${lambdaId}`],
      );
      break;
    }
    case 'invalid-permissions':
      lines.push(
        [9, 'Execution failed due to configuration error: Invalid permissions on Lambda function'],
        [9, 'Method completed with status: 500'],
      );
      break;
    case 'timeout':
      lines.push(
        [29_001, 'Execution failed due to a timeout error'],
        [29_001, 'Method completed with status: 504'],
      );
      break;
    case 'throttled': {
      const body = '{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}';
      lines.push(
        [4, 'Received response. Status: 429, Integration latency: 3 ms'],
        [4, responseHeaders(body.length, ', x-amzn-ErrorType=TooManyRequestsException')],
        [4, `Endpoint response body before transformations: ${body}`],
        [4, `Lambda invocation failed with status: 429. Lambda request id: ${lambdaId}`],
        [4, 'Execution failed due to configuration error: Rate Exceeded.'],
        [4, 'Method completed with status: 500'],
      );
      break;
    }
  }
  if (tracing) lines.push([lines[lines.length - 1]?.[0] ?? 0, `X-ray Tracing ID : ${traceId}`]);
  return lines.map(([offset, text]) => ({ timestamp: start + offset, message: `(${id}) ${text}` }));
}

/**
 * The events a filter pattern selects, decided as CloudWatch Logs does (shared/domain/logs/filter-pattern.ts).
 * A pattern it cannot evaluate is a bug in the scenario or the use case, so it stops the script.
 */
export function filterEvents<T extends LogLine>(events: readonly T[], pattern: string): T[] {
  const matcher = filterPatternMatcher(pattern);
  if (!matcher.ok) throw new Error(`make-accounts: ${describeFilterPatternError(pattern, matcher.error)}`);
  return events.filter((e) => matcher.value(e.message));
}

const REQUEST_ID_PREFIX = /^\(([^()\s]{4,80})\)/;

/** The filter pattern diagnose sends for every line of the failing requests the first query found. */
function requestIdPattern(failureLines: readonly LogLine[]): string {
  const ids: string[] = [];
  for (const line of failureLines) {
    const id = REQUEST_ID_PREFIX.exec(line.message)?.[1];
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids.map((id) => `?"${id}"`).join(' ');
}

function filterOutput(lines: readonly LogLine[], logStream: string): JsonObject {
  return {
    events: lines.map((line, index) => ({
      logStreamName: logStream,
      timestamp: line.timestamp,
      message: line.message,
      ingestionTime: line.timestamp + 420 + (index % 7) * 31,
      eventId: line.eventId ?? eventId(`${logStream}/${line.timestamp}/${line.message}`),
    })),
    searchedLogStreams: [],
  };
}

function executionLogCalls(s: Scenario): RecordedCall[] {
  const logGroupName = `API-Gateway-Execution-Logs_${s.api.id}/${s.stage.name}`;
  if (s.executionLog === 'missing') {
    return [{ service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName }, error: { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' } }];
  }
  let lines: LogLine[];
  let logStream: string;
  if ('events' in s.executionLog) {
    lines = [...s.executionLog.events];
    logStream = s.executionLog.logStream;
  } else {
    const fnOf = (r: RequestSpec): string => {
      const method = s.methods.find((m) => m.verb === r.verb && m.path === r.resource);
      if (method === undefined) throw new Error(`${s.file}: request ${r.verb} ${r.resource} has no method`);
      return method.fn;
    };
    lines = s.executionLog.requests.flatMap((r) => requestLines(s.api.id, s.stage.name, fnOf(r), r, s.stage.tracing));
    logStream = hex(`${s.api.id}/${s.stage.name}/stream`, 32);
  }
  lines.sort((a, b) => a.timestamp - b.timestamp);
  const failures = filterEvents(lines, EXECUTION_FAILURE_PATTERN);
  const calls: RecordedCall[] = [
    { service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName, filterPattern: EXECUTION_FAILURE_PATTERN }, output: filterOutput(failures, logStream) },
  ];
  if (failures.length > 0) {
    const pattern = requestIdPattern(failures);
    calls.push({ service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName, filterPattern: pattern }, output: filterOutput(filterEvents(lines, pattern), logStream) });
  }
  return calls;
}

// ---- the functions' own logs ----------------------------------------------------------------

/** The stream a function writes to: custom groups name the function in it (several may share the group). */
function functionStream(fn: FunctionSpec): string {
  return `2026/11/20/${fn.logGroup === undefined ? '' : fn.name}[$LATEST]${hex(`${fn.name}/stream`, 32)}`;
}

/** The lines the function wrote for the execution log's requests that reached it (Lambda's text format). */
function impliedFunctionLines(s: Scenario, fn: FunctionSpec): LogLine[] {
  if (s.executionLog === 'missing' || !('requests' in s.executionLog)) return [];
  const lines: LogLine[] = [];
  for (const r of s.executionLog.requests) {
    if (!s.methods.some((m) => m.fn === fn.name && m.verb === r.verb && m.path === r.resource)) continue;
    if (r.outcome !== 'ok' && r.outcome !== 'timeout') continue; // never invoked (no permission, throttled)
    const id = uuidFrom(`${uuidFrom(`${s.api.id}/${r.at}/${r.verb} ${r.resource}`)}/lambda`);
    const start = epochMs(r.at) + 1;
    const limitMs = fn.timeout * 1000;
    const ranMs = r.outcome === 'ok' ? 178.42 : Math.min(limitMs + 12.6, 35_000 + (digest(id)[0] ?? 0) * 50);
    const timedOut = ranMs > limitMs;
    const memoryUsed = Math.min(fn.memory, 80 + ((digest(id)[1] ?? 0) % 40));
    lines.push({ timestamp: start, message: `START RequestId: ${id} Version: $LATEST` });
    if (timedOut) lines.push({ timestamp: start + limitMs, message: `${new Date(start + limitMs).toISOString()} ${id} Task timed out after ${(ranMs / 1000).toFixed(2)} seconds` });
    const end = start + Math.round(ranMs);
    lines.push(
      { timestamp: end, message: `END RequestId: ${id}` },
      { timestamp: end, message: `REPORT RequestId: ${id}\tDuration: ${ranMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(ranMs)} ms\tMemory Size: ${fn.memory} MB\tMax Memory Used: ${memoryUsed} MB\t${timedOut ? 'Status: timeout' : ''}` },
    );
  }
  return lines;
}

/**
 * One FilterLogEvents record per function log group, answered the way CloudWatch Logs would: the
 * pattern diagnose sends applied to the functions' lines (several functions may share a custom group).
 */
function functionLogCalls(s: Scenario): RecordedCall[] {
  const groups = new Map<string, { missing: boolean; lines: { line: LogLine; stream: string }[] }>();
  for (const fn of s.functions) {
    const name = fn.logGroup ?? `/aws/lambda/${fn.name}`;
    const group = groups.get(name) ?? { missing: true, lines: [] };
    groups.set(name, group);
    if (fn.log === 'missing') continue;
    group.missing = false;
    const own: readonly FunctionLogLine[] = fn.log === undefined ? impliedFunctionLines(s, fn) : fn.log.events;
    group.lines.push(...own.map((line) => ({ line, stream: line.logStream ?? functionStream(fn) })));
  }
  return [...groups].map(([logGroupName, group]): RecordedCall => {
    if (group.missing) {
      return { service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName }, error: { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' } };
    }
    const sorted = [...group.lines].sort((a, b) => a.line.timestamp - b.line.timestamp);
    const selected = new Set(filterEvents(sorted.map((l) => l.line), FUNCTION_LOG_PATTERN));
    const events = sorted.filter((l) => selected.has(l.line)).map((l, index) => ({
      logStreamName: l.stream,
      timestamp: l.line.timestamp,
      message: l.line.message,
      ingestionTime: l.line.timestamp + 380 + (index % 5) * 27,
      eventId: l.line.eventId ?? eventId(`${l.stream}/${l.line.timestamp}/${l.line.message}`),
    }));
    return { service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName, filterPattern: FUNCTION_LOG_PATTERN }, output: { events, searchedLogStreams: [] } };
  });
}

// ---- the recording --------------------------------------------------------------------------

/** Expands one scenario into a recorded account, in the order a diagnosis reads. */
export function buildRecording(s: Scenario): Recording {
  const restApiId = s.api.id;
  const calls: RecordedCall[] = [];
  const apiGateway = (operation: string, input: JsonObject, output: JsonObject): void => {
    calls.push({ service: 'api-gateway', operation, input, output });
  };
  const rest = s.apiType !== 'HTTP';
  if (rest && s.listedWith !== undefined) {
    const all = [s.api, ...s.listedWith.map((o) => ({ ...o, created: '2025-06-01T12:00:00Z' }))].sort((a, b) => a.id.localeCompare(b.id));
    apiGateway('GetRestApis', { limit: 500 }, { items: all.map((a) => restApiOutput(a)) });
  }
  if (rest) apiGateway('GetRestApi', { restApiId }, restApiOutput(s.api));
  else calls.push({ service: 'api-gateway', operation: 'GetRestApi', input: { restApiId }, error: { name: 'NotFoundException', message: `Invalid API identifier specified ${ACCOUNT}:${restApiId}` } });
  if (rest) apiGateway('GetStage', { restApiId, stageName: s.stage.name }, stageOutput(s));
  if (rest) apiGateway('GetResources', { restApiId, embed: ['methods'] }, resourcesOutput(restApiId, s.methods));
  if (rest) apiGateway('GetAccount', {}, accountOutput(s.cloudWatchRole));
  if (rest) calls.push(...executionLogCalls(s));
  for (const fn of s.functions) {
    const FunctionName = fn.name;
    calls.push(
      fn.permissions === null
        ? { service: 'lambda', operation: 'GetPolicy', input: { FunctionName }, error: { name: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' } }
        : { service: 'lambda', operation: 'GetPolicy', input: { FunctionName }, output: policyOutput(fn, fn.permissions) },
      { service: 'lambda', operation: 'GetFunctionConfiguration', input: { FunctionName }, output: functionConfigurationOutput(fn) },
      {
        service: 'lambda', operation: 'GetFunctionConcurrency', input: { FunctionName },
        output: fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency },
      },
    );
  }
  calls.push(...functionLogCalls(s));
  calls.push(...(s.extraCalls ?? []));
  return {
    account: ACCOUNT,
    region: REGION,
    now: NOW,
    calls,
    ...(s.cloudTrail === undefined ? {} : { cloudTrail: s.cloudTrail.map((t) => trailEvent(s, t)) }),
    ...(s.metrics === undefined ? {} : { metrics: s.metrics.map(metricOutput) }),
  };
}

/** One event as LookupEvents returns it, its CloudTrailEvent text as CloudTrail writes it. */
function trailEvent(s: Scenario, t: TrailSpec): RecordedTrailEvent {
  const id = uuidFrom(`${s.file}/${t.at}/${t.name}`);
  const time = new Date(t.at).toISOString();
  const detail = {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${t.who}/${t.who}-session`,
      accountId: ACCOUNT,
      ...(t.invokedBy === undefined ? {} : { invokedBy: t.invokedBy }),
    },
    eventTime: t.at,
    eventSource: t.source,
    eventName: t.name,
    awsRegion: REGION,
    sourceIPAddress: t.invokedBy ?? '198.51.100.24',
    userAgent: t.invokedBy ?? 'aws-cli/2.17.0',
    requestParameters: t.parameters,
    responseElements: null,
    requestID: uuidFrom(`${id}/request`),
    eventID: id,
    readOnly: t.readOnly === true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
  };
  return {
    EventId: id,
    EventName: t.name,
    EventTime: time,
    EventSource: t.source,
    Username: t.who,
    Resources: (t.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: JSON.stringify(detail),
  };
}

function metricOutput(m: MetricSpec): RecordedMetric {
  const start = Date.parse(`2026-11-20T${m.from}:00Z`);
  return {
    namespace: m.namespace,
    metricName: m.metricName,
    dimensions: m.dimensions,
    unit: /Latency|Duration/.test(m.metricName) ? 'Milliseconds' : 'Count',
    datapoints: m.values.map((value, i) => ({ timestamp: new Date(start + i * 60_000).toISOString(), [m.stat]: value })),
  };
}

/** The file text of one scenario's recording. */
export function renderAccount(s: Scenario): string {
  return `${JSON.stringify(buildRecording(s) as unknown as JsonValue, null, 2)}\n`;
}
