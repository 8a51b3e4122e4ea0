/**
 * The AccountReader port over AWS SDK v3 clients (real, recorded or recording). Every read is one
 * of `READ_OPERATIONS` (read-operations.ts); that table is also the stack's read permission list.
 */
import {
  GetAccountCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  GetVpcLinkCommand,
} from '@aws-sdk/client-api-gateway';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import {
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  ListTagsCommand,
} from '@aws-sdk/client-lambda';
import type { JsonObject, RawLogEvent } from '../../domain/model.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type {
  AccountReader,
  AccountSettingsInfo,
  AliasInfo,
  FunctionConcurrencyInfo,
  FunctionConfigurationInfo,
  FunctionPolicyInfo,
  IntegrationInfo,
  LogQuery,
  MethodInfo,
  MethodSettingInfo,
  Read,
  ReadFailure,
  ReadFailureKind,
  ResourceInfo,
  RestApiInfo,
  RoleInfo,
  SimulationResult,
  StageInfo,
  TargetHealthInfo,
  VpcLinkInfo,
} from '../../ports/account-reader.ts';
import type { AwsClients, SdkCommand } from './clients.ts';
import { OPERATION_CLIENTS, READ_OPERATIONS, type ReadOperation } from './read-operations.ts';
import { MissingRecordError } from '../recorded/missing-record-error.ts';
import { bool, compact, num, obj, objectMap, objects, str, stringMap, strings } from '../support/narrow.ts';
import { stableStringify, toPlainObject } from '../support/plain-json.ts';
import { errorMessage, errorName, httpStatusOf } from '../support/aws-error.ts';
import { parseEncodedPolicy, parsePolicyJson } from '../support/policy-json.ts';

/** API Gateway's largest page size for GetRestApis / GetResources. */
const API_GATEWAY_PAGE_SIZE = 500;
/** FilterLogEvents returns at most this many events per page, and the reader stops there by default. */
const DEFAULT_LOG_EVENT_LIMIT = 10_000;
/**
 * A cap on pages per read. FilterLogEvents may return empty pages with a token while it scans a
 * large log group; without a cap one read could page for minutes.
 */
const MAX_PAGES = 200;

/** How many SDK calls a reader made, and how many reads the memo answered. */
export interface CallStats {
  /** Calls that reached a client (the benchmark's "calls made"). */
  readonly calls: number;
  /** Reads answered from the memo, including ones that joined an in-flight call. */
  readonly cacheHits: number;
  /** Calls per operation label, e.g. `{ "apigateway:GetStage": 1 }`. */
  readonly byOperation: Readonly<Record<string, number>>;
}

/** An AccountReader that can say how many calls it made. */
export interface AwsAccountReader extends AccountReader {
  callStats(): CallStats;
}

/** What {@link createAccountReader} needs. */
export interface AccountReaderOptions {
  readonly clients: AwsClients;
  readonly account: string;
  readonly region: string;
}

/**
 * Classifies an SDK error by its name (falling back to the HTTP status), the way the checks need it:
 * `denied` and `throttled` become "could not check" skips, `not_found` is often an answer.
 */
export function classifyAwsError(error: unknown): ReadFailureKind {
  const name = errorName(error) ?? '';
  if (name === 'MissingRecordError') return 'error';
  if (/NotFound(Exception)?$/.test(name) || name === 'NoSuchEntity' || name === 'NoSuchEntityException') return 'not_found';
  if (name.startsWith('AccessDenied') || name === 'UnauthorizedOperation' || name === 'UnauthorizedException') return 'denied';
  // Only after the SDK's own (adaptive) retries gave up, since the error reaches us then.
  if (name.startsWith('Throttl') || name === 'TooManyRequestsException' || name === 'RequestLimitExceeded') return 'throttled';
  const status = httpStatusOf(error);
  if (status === 404) return 'not_found';
  if (status === 403) return 'denied';
  if (status === 429) return 'throttled';
  return 'error';
}

function toFailure(operation: ReadOperation, error: unknown): ReadFailure {
  const label = READ_OPERATIONS[operation].label;
  if (error instanceof MissingRecordError || errorName(error) === 'MissingRecordError') {
    return { kind: 'error', operation: label, message: errorMessage(error) };
  }
  const name = errorName(error);
  const message = errorMessage(error);
  return { kind: classifyAwsError(error), operation: label, message: name === undefined ? message : `${name}: ${message}` };
}

/** An output the reader cannot use (e.g. a Policy that is not JSON); reported as `{ kind: 'error' }`. */
export class MalformedOutputError extends Error {
  override readonly name = 'MalformedOutputError';
}

type Outcome = { readonly ok: true; readonly output: JsonObject } | { readonly ok: false; readonly error: unknown };

type Page<T> = { readonly items: readonly T[]; readonly next: string | undefined };

/**
 * Creates the reader for one diagnosis. Every call is memoised by operation and input for the
 * reader's lifetime, in-flight ones included, because several checks ask for the same stage or
 * policy at once and API Gateway's management API has low rate quotas. Use a new reader to see
 * changes (e.g. to verify a fix).
 */
export function createAccountReader(options: AccountReaderOptions): AwsAccountReader {
  const { clients } = options;
  const memo = new Map<string, Promise<Outcome>>();
  let calls = 0;
  let cacheHits = 0;
  const byOperation: Record<string, number> = {};

  function send(operation: ReadOperation, command: SdkCommand): Promise<Outcome> {
    const key = `${operation}:${stableStringify(toPlainObject(command.input))}`;
    const cached = memo.get(key);
    if (cached !== undefined) {
      cacheHits += 1;
      return cached;
    }
    calls += 1;
    const label = READ_OPERATIONS[operation].label;
    byOperation[label] = (byOperation[label] ?? 0) + 1;
    const client = clients[OPERATION_CLIENTS[operation]];
    const pending = (async (): Promise<Outcome> => {
      try {
        return { ok: true, output: toPlainObject(await client.send(command)) };
      } catch (error: unknown) {
        return { ok: false, error };
      }
    })();
    memo.set(key, pending);
    return pending;
  }

  /** Turns a mapping bug or a malformed output into a failure value, since reads never reject. */
  async function guard<T>(operation: ReadOperation, body: () => Promise<Result<T, ReadFailure>>): Read<T> {
    try {
      return await body();
    } catch (error: unknown) {
      const label = READ_OPERATIONS[operation].label;
      return err({ kind: 'error', operation: label, message: `${label} returned an unusable answer: ${errorMessage(error)}` });
    }
  }

  /** A read whose "not found" is an answer: `ok(null)`. */
  function readOne<T>(operation: ReadOperation, command: SdkCommand, map: (output: JsonObject) => T): Read<T | null> {
    return guard(operation, async () => {
      const outcome = await send(operation, command);
      if (outcome.ok) return ok(map(outcome.output));
      const failure = toFailure(operation, outcome.error);
      return failure.kind === 'not_found' ? ok(null) : err(failure);
    });
  }

  /** A read whose "not found" is a failure (`kind: 'not_found'`). */
  function readValue<T>(operation: ReadOperation, command: SdkCommand, map: (output: JsonObject) => T): Read<T> {
    return guard(operation, async () => {
      const outcome = await send(operation, command);
      return outcome.ok ? ok(map(outcome.output)) : err(toFailure(operation, outcome.error));
    });
  }

  /**
   * Follows a paginated read until there is no next token, `limit` items are in, or a token repeats
   * (a recorded page is served again and again, so its token would loop forever).
   */
  function readPages<T>(
    operation: ReadOperation,
    command: (token: string | undefined, collected: number) => SdkCommand,
    page: (output: JsonObject) => Page<T>,
    limit = Number.POSITIVE_INFINITY,
  ): Read<readonly T[]> {
    return guard(operation, async () => {
      const items: T[] = [];
      const seen = new Set<string>();
      let token: string | undefined;
      for (let pages = 0; pages < MAX_PAGES; pages += 1) {
        const outcome = await send(operation, command(token, items.length));
        if (!outcome.ok) return err(toFailure(operation, outcome.error));
        const { items: pageItems, next } = page(outcome.output);
        items.push(...pageItems);
        if (items.length >= limit) return ok(items.slice(0, limit));
        if (next === undefined || next === '' || seen.has(next)) break;
        seen.add(next);
        token = next;
      }
      return ok(items);
    });
  }

  return {
    account: options.account,
    region: options.region,

    callStats: () => ({ calls, cacheHits, byOperation: { ...byOperation } }),

    getRestApi: (restApiId) => readOne('GetRestApi', new GetRestApiCommand({ restApiId }), toRestApi),

    findRestApisByName: async (name) => {
      const all = await readPages(
        'GetRestApis',
        (position) => new GetRestApisCommand({ limit: API_GATEWAY_PAGE_SIZE, ...optional('position', position) }),
        (output) => ({ items: objects(output['items']).map(toRestApi), next: str(output['position']) }),
      );
      return all.ok ? ok(all.value.filter((api) => api.name === name)) : all;
    },

    getResources: (restApiId) =>
      readPages(
        'GetResources',
        (position) =>
          new GetResourcesCommand({ restApiId, embed: ['methods'], limit: API_GATEWAY_PAGE_SIZE, ...optional('position', position) }),
        (output) => ({ items: objects(output['items']).map(toResource), next: str(output['position']) }),
      ),

    getMethod: (restApiId, resourceId, httpMethod) =>
      readOne('GetMethod', new GetMethodCommand({ restApiId, resourceId, httpMethod }), toMethod),

    getIntegration: (restApiId, resourceId, httpMethod) =>
      readOne('GetIntegration', new GetIntegrationCommand({ restApiId, resourceId, httpMethod }), toIntegration),

    getStage: (restApiId, stageName) => readOne('GetStage', new GetStageCommand({ restApiId, stageName }), toStage),

    getStages: (restApiId) =>
      readValue('GetStages', new GetStagesCommand({ restApiId }), (output) => objects(output['item']).map(toStage)),

    getAccountSettings: () =>
      readValue('GetAccount', new GetAccountCommand({}), (output): AccountSettingsInfo =>
        compact({ cloudwatchRoleArn: str(output['cloudwatchRoleArn']) }),
      ),

    getTags: (resourceArn) =>
      readValue('GetTags', new GetTagsCommand({ resourceArn }), (output) => stringMap(output['tags']) ?? {}),

    getVpcLink: (vpcLinkId) => readOne('GetVpcLink', new GetVpcLinkCommand({ vpcLinkId }), toVpcLink),

    getFunctionPolicy: (functionName, qualifier) =>
      readOne(
        'GetPolicy',
        new GetPolicyCommand({ FunctionName: functionName, ...optional('Qualifier', qualifier) }),
        toFunctionPolicy,
      ),

    getFunctionConfiguration: (functionName, qualifier) =>
      readOne(
        'GetFunctionConfiguration',
        new GetFunctionConfigurationCommand({ FunctionName: functionName, ...optional('Qualifier', qualifier) }),
        toFunctionConfiguration,
      ),

    getAlias: (functionName, aliasName) =>
      readOne('GetAlias', new GetAliasCommand({ FunctionName: functionName, Name: aliasName }), (output): AliasInfo =>
        compact({ Name: str(output['Name']), AliasArn: str(output['AliasArn']), FunctionVersion: str(output['FunctionVersion']) }),
      ),

    getFunctionConcurrency: (functionName) =>
      readValue('GetFunctionConcurrency', new GetFunctionConcurrencyCommand({ FunctionName: functionName }), (output): FunctionConcurrencyInfo =>
        compact({ ReservedConcurrentExecutions: num(output['ReservedConcurrentExecutions']) }),
      ),

    listFunctionTags: (functionArn) =>
      readValue('ListTags', new ListTagsCommand({ Resource: functionArn }), (output) => stringMap(output['Tags']) ?? {}),

    filterLogEvents: async (query: LogQuery) => {
      const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_LOG_EVENT_LIMIT));
      if (limit === 0) return ok([]);
      return readPages(
        'FilterLogEvents',
        (nextToken, collected) =>
          new FilterLogEventsCommand({
            logGroupName: query.logGroupName,
            ...optional('startTime', query.startTime),
            ...optional('endTime', query.endTime),
            ...optional('filterPattern', query.filterPattern),
            limit: Math.min(limit - collected, DEFAULT_LOG_EVENT_LIMIT),
            ...optional('nextToken', nextToken),
          }),
        (output) => ({ items: objects(output['events']).map(toLogEvent), next: str(output['nextToken']) }),
        limit,
      );
    },

    getRole: (roleName) => readOne('GetRole', new GetRoleCommand({ RoleName: roleName }), toRole),

    simulatePrincipalPolicy: (roleArn, actions, resources) =>
      readPages(
        'SimulatePrincipalPolicy',
        (marker) =>
          new SimulatePrincipalPolicyCommand({
            PolicySourceArn: roleArn,
            ActionNames: [...actions],
            // Omitted rather than empty: IAM then simulates against `*`.
            ...(resources.length === 0 ? {} : { ResourceArns: [...resources] }),
            ...optional('Marker', marker),
          }),
        (output) => ({
          items: objects(output['EvaluationResults']).map(
            (result): SimulationResult =>
              compact({
                EvalActionName: str(result['EvalActionName']),
                EvalResourceName: str(result['EvalResourceName']),
                EvalDecision: str(result['EvalDecision']),
              }),
          ),
          next: output['IsTruncated'] === true ? str(output['Marker']) : undefined,
        }),
      ),

    describeTargetHealth: (targetGroupArn) =>
      readValue('DescribeTargetHealth', new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }), (output) =>
        objects(output['TargetHealthDescriptions']).map(toTargetHealth),
      ),
  };
}

/** `{ [key]: value }` when the value is present, else `{}`: SDK inputs carry no `undefined` members, so memo keys and recordings stay clean. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

// ---- output mapping (field names as in the SDK, see ports.ts) -------------------------------

function toRestApi(output: JsonObject): RestApiInfo {
  const endpoint = obj(output['endpointConfiguration']);
  return compact({
    id: str(output['id']) ?? '',
    name: str(output['name']),
    binaryMediaTypes: strings(output['binaryMediaTypes']),
    endpointConfiguration: endpoint === undefined ? undefined : compact({ types: strings(endpoint['types']) }),
    tags: stringMap(output['tags']),
  });
}

function toIntegration(output: JsonObject): IntegrationInfo {
  return compact({
    type: str(output['type']),
    httpMethod: str(output['httpMethod']),
    uri: str(output['uri']),
    credentials: str(output['credentials']),
    connectionType: str(output['connectionType']),
    connectionId: str(output['connectionId']),
    timeoutInMillis: num(output['timeoutInMillis']),
    passthroughBehavior: str(output['passthroughBehavior']),
    contentHandling: str(output['contentHandling']),
    requestTemplates: stringMap(output['requestTemplates']),
    integrationResponses: objectMap(output['integrationResponses'], (response) =>
      compact({ statusCode: str(response['statusCode']), selectionPattern: str(response['selectionPattern']) }),
    ),
  });
}

function toMethod(output: JsonObject): MethodInfo {
  const integration = obj(output['methodIntegration']);
  return compact({
    httpMethod: str(output['httpMethod']),
    authorizationType: str(output['authorizationType']),
    authorizerId: str(output['authorizerId']),
    methodIntegration: integration === undefined ? undefined : toIntegration(integration),
    methodResponses: objectMap(output['methodResponses'], (response) => compact({ statusCode: str(response['statusCode']) })),
  });
}

function toResource(output: JsonObject): ResourceInfo {
  return compact({
    id: str(output['id']) ?? '',
    path: str(output['path']),
    resourceMethods: objectMap(output['resourceMethods'], toMethod),
  });
}

function toMethodSetting(output: JsonObject): MethodSettingInfo {
  return compact({
    metricsEnabled: bool(output['metricsEnabled']),
    loggingLevel: str(output['loggingLevel']),
    dataTraceEnabled: bool(output['dataTraceEnabled']),
    throttlingBurstLimit: num(output['throttlingBurstLimit']),
    throttlingRateLimit: num(output['throttlingRateLimit']),
  });
}

function toStage(output: JsonObject): StageInfo {
  const accessLog = obj(output['accessLogSettings']);
  return compact({
    stageName: str(output['stageName']),
    deploymentId: str(output['deploymentId']),
    variables: stringMap(output['variables']),
    methodSettings: objectMap(output['methodSettings'], toMethodSetting),
    accessLogSettings:
      accessLog === undefined
        ? undefined
        : compact({ destinationArn: str(accessLog['destinationArn']), format: str(accessLog['format']) }),
    tracingEnabled: bool(output['tracingEnabled']),
    tags: stringMap(output['tags']),
  });
}

function toVpcLink(output: JsonObject): VpcLinkInfo {
  return compact({
    id: str(output['id']),
    name: str(output['name']),
    status: str(output['status']),
    statusMessage: str(output['statusMessage']),
    targetArns: strings(output['targetArns']),
  });
}

function toFunctionPolicy(output: JsonObject): FunctionPolicyInfo {
  const text = str(output['Policy']);
  if (text === undefined) throw new MalformedOutputError('no Policy string');
  const policy = parsePolicyJson(text);
  if (!policy.ok) throw new MalformedOutputError(`Policy is ${policy.error}`);
  return compact({
    policy: policy.value,
    // The 20 KB limit counts bytes of the JSON as stored, not characters.
    sizeBytes: Buffer.byteLength(text, 'utf8'),
    RevisionId: str(output['RevisionId']),
  });
}

function toFunctionConfiguration(output: JsonObject): FunctionConfigurationInfo {
  const vpc = obj(output['VpcConfig']);
  return compact({
    FunctionName: str(output['FunctionName']),
    FunctionArn: str(output['FunctionArn']),
    Runtime: str(output['Runtime']),
    Timeout: num(output['Timeout']),
    MemorySize: num(output['MemorySize']),
    State: str(output['State']),
    StateReason: str(output['StateReason']),
    LastUpdateStatus: str(output['LastUpdateStatus']),
    Version: str(output['Version']),
    VpcConfig:
      vpc === undefined ? undefined : compact({ SubnetIds: strings(vpc['SubnetIds']), SecurityGroupIds: strings(vpc['SecurityGroupIds']) }),
  });
}

function toRole(output: JsonObject): RoleInfo {
  const role = obj(output['Role']);
  if (role === undefined) throw new MalformedOutputError('no Role');
  const encoded = role['AssumeRolePolicyDocument'];
  let trust: RoleInfo['AssumeRolePolicyDocument'];
  if (encoded !== undefined) {
    const parsed = parseEncodedPolicy(encoded);
    if (!parsed.ok) throw new MalformedOutputError(`AssumeRolePolicyDocument is ${parsed.error}`);
    trust = parsed.value;
  }
  return compact({ RoleName: str(role['RoleName']), Arn: str(role['Arn']), AssumeRolePolicyDocument: trust });
}

function toTargetHealth(output: JsonObject): TargetHealthInfo {
  const target = obj(output['Target']);
  const health = obj(output['TargetHealth']);
  return compact({
    Target: target === undefined ? undefined : compact({ Id: str(target['Id']), Port: num(target['Port']) }),
    TargetHealth:
      health === undefined
        ? undefined
        : compact({ State: str(health['State']), Reason: str(health['Reason']), Description: str(health['Description']) }),
  });
}

function toLogEvent(output: JsonObject): RawLogEvent {
  return compact({ timestamp: num(output['timestamp']), message: str(output['message']) ?? '' });
}
