/**
 * The AccountReader port over AWS SDK v3 clients (real, recorded or recording). Every read is one
 * of `READ_OPERATIONS` (read-operations.ts); that table is also the stack's read permission list.
 */
import {
  GetAccountCommand,
  GetAuthorizerCommand,
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
import {
  GetApiCommand,
  GetAuthorizersCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand as GetHttpStageCommand,
  GetStagesCommand as GetHttpStagesCommand,
} from '@aws-sdk/client-apigatewayv2';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import {
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  ListTagsCommand,
} from '@aws-sdk/client-lambda';
import type { JsonObject, JsonValue, RawLogEvent } from '../../domain/model.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import type {
  AccountReader,
  AccountSettingsInfo,
  AliasInfo,
  AuthorizerInfo,
  CloudTrailEventInfo,
  FunctionConcurrencyInfo,
  FunctionConfigurationInfo,
  FunctionPolicyInfo,
  HttpApiInfo,
  HttpAuthorizerInfo,
  HttpIntegrationInfo,
  HttpRouteInfo,
  HttpRouteSettingsInfo,
  HttpStageInfo,
  IntegrationInfo,
  IpPermissionInfo,
  ListenerInfo,
  LoadBalancerInfo,
  LogQuery,
  LookupEventsResult,
  MetricSeries,
  NetworkAclInfo,
  NetworkInterfaceInfo,
  SecurityGroupInfo,
  SubnetInfo,
  TargetGroupInfo,
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
/** LookupEvents' largest page. */
const CLOUDTRAIL_PAGE_SIZE = 50;

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

    getAuthorizer: (restApiId, authorizerId) =>
      readOne('GetAuthorizer', new GetAuthorizerCommand({ restApiId, authorizerId }), (output): AuthorizerInfo =>
        compact({
          id: str(output['id']),
          name: str(output['name']),
          type: str(output['type']),
          authorizerUri: str(output['authorizerUri']),
          authorizerCredentials: str(output['authorizerCredentials']),
          identitySource: str(output['identitySource']),
        }),
      ),

    describeLoadBalancers: (loadBalancerArns) =>
      readPages(
        'DescribeLoadBalancers',
        (marker) => new DescribeLoadBalancersCommand({ LoadBalancerArns: [...loadBalancerArns], ...optional('Marker', marker) }),
        (output) => ({ items: objects(output['LoadBalancers']).map(toLoadBalancer), next: str(output['NextMarker']) }),
      ),

    describeListeners: (loadBalancerArn) =>
      readPages(
        'DescribeListeners',
        (marker) => new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, ...optional('Marker', marker) }),
        (output) => ({ items: objects(output['Listeners']).map(toListener), next: str(output['NextMarker']) }),
      ),

    describeTargetGroups: (loadBalancerArn) =>
      readPages(
        'DescribeTargetGroups',
        (marker) => new DescribeTargetGroupsCommand({ LoadBalancerArn: loadBalancerArn, ...optional('Marker', marker) }),
        (output) => ({ items: objects(output['TargetGroups']).map(toTargetGroup), next: str(output['NextMarker']) }),
      ),

    describeSecurityGroups: (groupIds) =>
      readPages(
        'DescribeSecurityGroups',
        (nextToken) => new DescribeSecurityGroupsCommand({ GroupIds: [...groupIds], ...optional('NextToken', nextToken) }),
        (output) => ({ items: objects(output['SecurityGroups']).map(toSecurityGroup), next: str(output['NextToken']) }),
      ),

    describeNetworkInterfaces: (filters) =>
      readPages(
        'DescribeNetworkInterfaces',
        (nextToken) =>
          new DescribeNetworkInterfacesCommand({
            Filters: filters.map((f) => ({ Name: f.Name, Values: [...f.Values] })),
            ...optional('NextToken', nextToken),
          }),
        (output) => ({ items: objects(output['NetworkInterfaces']).map(toNetworkInterface), next: str(output['NextToken']) }),
      ),

    describeSubnets: (subnetIds) =>
      readPages(
        'DescribeSubnets',
        (nextToken) => new DescribeSubnetsCommand({ SubnetIds: [...subnetIds], ...optional('NextToken', nextToken) }),
        (output) => ({
          items: objects(output['Subnets']).map(
            (subnet): SubnetInfo =>
              compact({
                SubnetId: str(subnet['SubnetId']),
                CidrBlock: str(subnet['CidrBlock']),
                VpcId: str(subnet['VpcId']),
                AvailabilityZone: str(subnet['AvailabilityZone']),
              }),
          ),
          next: str(output['NextToken']),
        }),
      ),

    describeNetworkAcls: (subnetIds) =>
      readPages(
        'DescribeNetworkAcls',
        (nextToken) =>
          new DescribeNetworkAclsCommand({
            Filters: [{ Name: 'association.subnet-id', Values: [...subnetIds] }],
            ...optional('NextToken', nextToken),
          }),
        (output) => ({ items: objects(output['NetworkAcls']).map(toNetworkAcl), next: str(output['NextToken']) }),
      ),

    lookupEvents: (query) =>
      guard('LookupEvents', async (): Promise<Result<LookupEventsResult, ReadFailure>> => {
        const maxPages = Math.max(1, Math.floor(query.maxPages ?? 1));
        const events: CloudTrailEventInfo[] = [];
        const seen = new Set<string>();
        let token: string | undefined;
        for (let page = 0; page < maxPages; page += 1) {
          const outcome = await send(
            'LookupEvents',
            new LookupEventsCommand({
              LookupAttributes: [{ AttributeKey: query.attribute.AttributeKey, AttributeValue: query.attribute.AttributeValue }],
              StartTime: new Date(query.startTime),
              EndTime: new Date(query.endTime),
              MaxResults: CLOUDTRAIL_PAGE_SIZE,
              ...optional('NextToken', token),
            }),
          );
          if (!outcome.ok) return err(toFailure('LookupEvents', outcome.error));
          events.push(...objects(outcome.output['Events']).map(toCloudTrailEvent));
          const next = str(outcome.output['NextToken']);
          if (next === undefined || next === '' || seen.has(next)) return ok({ events, truncated: false });
          seen.add(next);
          token = next;
        }
        // Pages left unread: the caller says the window was cut short.
        return ok({ events, truncated: true });
      }),

    getMetricData: async (queries, startTime, endTime) => {
      if (queries.length === 0) return ok([]);
      const all = await readPages(
        'GetMetricData',
        (nextToken) =>
          new GetMetricDataCommand({
            MetricDataQueries: queries.map((q) => ({
              Id: q.id,
              MetricStat: {
                Metric: {
                  Namespace: q.namespace,
                  MetricName: q.metricName,
                  Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
                },
                Period: q.period,
                Stat: q.stat,
              },
              ReturnData: true,
            })),
            StartTime: new Date(startTime),
            EndTime: new Date(endTime),
            ScanBy: 'TimestampAscending',
            ...optional('NextToken', nextToken),
          }),
        (output) => ({ items: objects(output['MetricDataResults']).map(toMetricSeries), next: str(output['NextToken']) }),
      );
      if (!all.ok) return all;
      // A paged answer returns more datapoints of the same ids: merge them per id.
      const merged = new Map<string, { timestamps: number[]; values: number[] }>();
      for (const series of all.value) {
        const entry = merged.get(series.id) ?? { timestamps: [], values: [] };
        entry.timestamps.push(...series.timestamps);
        entry.values.push(...series.values);
        merged.set(series.id, entry);
      }
      return ok([...merged.entries()].map(([id, entry]): MetricSeries => ({ id, ...entry })));
    },

    getHttpApi: (apiId) => readOne('apigatewayv2:GetApi', new GetApiCommand({ ApiId: apiId }), toHttpApi),

    getHttpStage: (apiId, stageName) =>
      readOne('apigatewayv2:GetStage', new GetHttpStageCommand({ ApiId: apiId, StageName: stageName }), toHttpStage),

    // v2 listings page with NextToken; MaxResults is left to the service default (its ceiling is undocumented).
    getHttpStages: (apiId) =>
      readPages(
        'apigatewayv2:GetStages',
        (token) => new GetHttpStagesCommand({ ApiId: apiId, ...optional('NextToken', token) }),
        (output) => ({ items: objects(output['Items']).map(toHttpStage), next: str(output['NextToken']) }),
      ),

    getHttpRoutes: (apiId) =>
      readPages(
        'apigatewayv2:GetRoutes',
        (token) => new GetRoutesCommand({ ApiId: apiId, ...optional('NextToken', token) }),
        (output) => ({ items: objects(output['Items']).map(toHttpRoute), next: str(output['NextToken']) }),
      ),

    getHttpIntegrations: (apiId) =>
      readPages(
        'apigatewayv2:GetIntegrations',
        (token) => new GetIntegrationsCommand({ ApiId: apiId, ...optional('NextToken', token) }),
        (output) => ({ items: objects(output['Items']).map(toHttpIntegration), next: str(output['NextToken']) }),
      ),

    getHttpAuthorizers: (apiId) =>
      readPages(
        'apigatewayv2:GetAuthorizers',
        (token) => new GetAuthorizersCommand({ ApiId: apiId, ...optional('NextToken', token) }),
        (output) => ({ items: objects(output['Items']).map(toHttpAuthorizer), next: str(output['NextToken']) }),
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
  const logging = obj(output['LoggingConfig']);
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
    LoggingConfig: logging === undefined ? undefined : compact({ LogGroup: str(logging['LogGroup']), LogFormat: str(logging['LogFormat']) }),
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
  return compact({ timestamp: num(output['timestamp']), message: str(output['message']) ?? '', logStreamName: str(output['logStreamName']) });
}

function toLoadBalancer(output: JsonObject): LoadBalancerInfo {
  const state = obj(output['State']);
  return compact({
    LoadBalancerArn: str(output['LoadBalancerArn']),
    LoadBalancerName: str(output['LoadBalancerName']),
    DNSName: str(output['DNSName']),
    Type: str(output['Type']),
    State: state === undefined ? undefined : compact({ Code: str(state['Code']), Reason: str(state['Reason']) }),
    VpcId: str(output['VpcId']),
    AvailabilityZones: objects(output['AvailabilityZones']).map((zone) => compact({ ZoneName: str(zone['ZoneName']), SubnetId: str(zone['SubnetId']) })),
    SecurityGroups: strings(output['SecurityGroups']),
  });
}

function toListener(output: JsonObject): ListenerInfo {
  return compact({
    ListenerArn: str(output['ListenerArn']),
    Port: num(output['Port']),
    Protocol: str(output['Protocol']),
    DefaultActions: objects(output['DefaultActions']).map((action) => {
      const forward = obj(action['ForwardConfig']);
      return compact({
        Type: str(action['Type']),
        TargetGroupArn: str(action['TargetGroupArn']),
        ForwardConfig:
          forward === undefined
            ? undefined
            : { TargetGroups: objects(forward['TargetGroups']).map((group) => compact({ TargetGroupArn: str(group['TargetGroupArn']) })) },
      });
    }),
  });
}

function toTargetGroup(output: JsonObject): TargetGroupInfo {
  return compact({
    TargetGroupArn: str(output['TargetGroupArn']),
    TargetGroupName: str(output['TargetGroupName']),
    Port: num(output['Port']),
    Protocol: str(output['Protocol']),
    TargetType: str(output['TargetType']),
    HealthCheckPort: str(output['HealthCheckPort']),
    HealthCheckProtocol: str(output['HealthCheckProtocol']),
    HealthCheckPath: str(output['HealthCheckPath']),
  });
}

function toIpPermission(output: JsonObject): IpPermissionInfo {
  return compact({
    IpProtocol: str(output['IpProtocol']),
    FromPort: num(output['FromPort']),
    ToPort: num(output['ToPort']),
    IpRanges: objects(output['IpRanges']).map((range) => compact({ CidrIp: str(range['CidrIp']), Description: str(range['Description']) })),
    UserIdGroupPairs: objects(output['UserIdGroupPairs']).map((pair) => compact({ GroupId: str(pair['GroupId']) })),
    PrefixListIds: objects(output['PrefixListIds']).map((list) => compact({ PrefixListId: str(list['PrefixListId']) })),
  });
}

function toSecurityGroup(output: JsonObject): SecurityGroupInfo {
  return compact({
    GroupId: str(output['GroupId']),
    GroupName: str(output['GroupName']),
    VpcId: str(output['VpcId']),
    IpPermissions: objects(output['IpPermissions']).map(toIpPermission),
  });
}

function toNetworkInterface(output: JsonObject): NetworkInterfaceInfo {
  const attachment = obj(output['Attachment']);
  return compact({
    NetworkInterfaceId: str(output['NetworkInterfaceId']),
    SubnetId: str(output['SubnetId']),
    PrivateIpAddress: str(output['PrivateIpAddress']),
    Groups: objects(output['Groups']).map((group) => compact({ GroupId: str(group['GroupId']), GroupName: str(group['GroupName']) })),
    Attachment: attachment === undefined ? undefined : compact({ InstanceId: str(attachment['InstanceId']) }),
  });
}

function toNetworkAcl(output: JsonObject): NetworkAclInfo {
  return compact({
    NetworkAclId: str(output['NetworkAclId']),
    Associations: objects(output['Associations']).map((association) => compact({ SubnetId: str(association['SubnetId']) })),
    Entries: objects(output['Entries']).map((entry) => {
      const range = obj(entry['PortRange']);
      return compact({
        RuleNumber: num(entry['RuleNumber']),
        Protocol: str(entry['Protocol']),
        RuleAction: str(entry['RuleAction']),
        Egress: bool(entry['Egress']),
        CidrBlock: str(entry['CidrBlock']),
        PortRange: range === undefined ? undefined : compact({ From: num(range['From']), To: num(range['To']) }),
      });
    }),
  });
}

function toCloudTrailEvent(output: JsonObject): CloudTrailEventInfo {
  return compact({
    EventId: str(output['EventId']),
    EventName: str(output['EventName']),
    EventTime: str(output['EventTime']),
    EventSource: str(output['EventSource']),
    Username: str(output['Username']),
    Resources: objects(output['Resources']).map((resource) => compact({ ResourceType: str(resource['ResourceType']), ResourceName: str(resource['ResourceName']) })),
    CloudTrailEvent: str(output['CloudTrailEvent']),
  });
}

function toMetricSeries(output: JsonObject): MetricSeries {
  const times = Array.isArray(output['Timestamps']) ? (output['Timestamps'] as readonly JsonValue[]) : [];
  const values = Array.isArray(output['Values']) ? (output['Values'] as readonly JsonValue[]) : [];
  const pairs: [number, number][] = [];
  times.forEach((time, index) => {
    const at = typeof time === 'string' ? Date.parse(time) : typeof time === 'number' ? time : Number.NaN;
    const value = values[index];
    if (Number.isFinite(at) && typeof value === 'number') pairs.push([at, value]);
  });
  pairs.sort((a, b) => a[0] - b[0]);
  return { id: str(output['Id']) ?? '', timestamps: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) };
}

function toHttpApi(output: JsonObject): HttpApiInfo {
  return compact({
    ApiId: str(output['ApiId']) ?? '',
    Name: str(output['Name']),
    ProtocolType: str(output['ProtocolType']),
    ApiEndpoint: str(output['ApiEndpoint']),
    DisableExecuteApiEndpoint: bool(output['DisableExecuteApiEndpoint']),
    Tags: stringMap(output['Tags']),
  });
}

function toHttpRouteSettings(output: JsonObject): HttpRouteSettingsInfo {
  return compact({
    DetailedMetricsEnabled: bool(output['DetailedMetricsEnabled']),
    LoggingLevel: str(output['LoggingLevel']),
    DataTraceEnabled: bool(output['DataTraceEnabled']),
    ThrottlingBurstLimit: num(output['ThrottlingBurstLimit']),
    ThrottlingRateLimit: num(output['ThrottlingRateLimit']),
  });
}

function toHttpStage(output: JsonObject): HttpStageInfo {
  const accessLog = obj(output['AccessLogSettings']);
  const defaults = obj(output['DefaultRouteSettings']);
  return compact({
    StageName: str(output['StageName']),
    AutoDeploy: bool(output['AutoDeploy']),
    DeploymentId: str(output['DeploymentId']),
    LastDeploymentStatusMessage: str(output['LastDeploymentStatusMessage']),
    StageVariables: stringMap(output['StageVariables']),
    AccessLogSettings:
      accessLog === undefined ? undefined : compact({ DestinationArn: str(accessLog['DestinationArn']), Format: str(accessLog['Format']) }),
    DefaultRouteSettings: defaults === undefined ? undefined : toHttpRouteSettings(defaults),
    RouteSettings: objectMap(output['RouteSettings'], toHttpRouteSettings),
    Tags: stringMap(output['Tags']),
  });
}

function toHttpRoute(output: JsonObject): HttpRouteInfo {
  return compact({
    RouteId: str(output['RouteId']),
    RouteKey: str(output['RouteKey']),
    Target: str(output['Target']),
    AuthorizationType: str(output['AuthorizationType']),
    AuthorizerId: str(output['AuthorizerId']),
  });
}

function toHttpIntegration(output: JsonObject): HttpIntegrationInfo {
  const tls = obj(output['TlsConfig']);
  return compact({
    IntegrationId: str(output['IntegrationId']),
    IntegrationType: str(output['IntegrationType']),
    IntegrationSubtype: str(output['IntegrationSubtype']),
    IntegrationUri: str(output['IntegrationUri']),
    IntegrationMethod: str(output['IntegrationMethod']),
    PayloadFormatVersion: str(output['PayloadFormatVersion']),
    TimeoutInMillis: num(output['TimeoutInMillis']),
    CredentialsArn: str(output['CredentialsArn']),
    ConnectionType: str(output['ConnectionType']),
    ConnectionId: str(output['ConnectionId']),
    TlsConfig: tls === undefined ? undefined : compact({ ServerNameToVerify: str(tls['ServerNameToVerify']) }),
  });
}

function toHttpAuthorizer(output: JsonObject): HttpAuthorizerInfo {
  return compact({
    AuthorizerId: str(output['AuthorizerId']),
    Name: str(output['Name']),
    AuthorizerType: str(output['AuthorizerType']),
    AuthorizerUri: str(output['AuthorizerUri']),
    AuthorizerCredentialsArn: str(output['AuthorizerCredentialsArn']),
    AuthorizerPayloadFormatVersion: str(output['AuthorizerPayloadFormatVersion']),
    EnableSimpleResponses: bool(output['EnableSimpleResponses']),
    IdentitySource: strings(output['IdentitySource']),
  });
}
