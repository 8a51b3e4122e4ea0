/**
 * An account for use-case tests, described as plain maps and turned into a recording (the format of
 * events/accounts/README.md), so the tests run the real reader over recorded clients: the same SDK
 * field mapping, error classification, paging, memo and CloudWatch filter-pattern matching as every
 * other recorded account. Nothing is answered here by hand: a read with no data behind it is a
 * recording gap (`no record for …`), not a made-up answer such as "allowed".
 */
import type { JsonObject } from '../../shared/domain/model.ts';
import type {
  AccountReader,
  AliasInfo,
  FunctionConcurrencyInfo,
  FunctionConfigurationInfo,
  HttpApiInfo,
  HttpAuthorizerInfo,
  HttpIntegrationInfo,
  HttpRouteInfo,
  HttpStageInfo,
  PolicyDocument,
  ResourceInfo,
  RestApiInfo,
  RoleInfo,
  SimulationResult,
  StageInfo,
  TargetHealthInfo,
  VpcLinkInfo,
} from '../../shared/ports/account-reader.ts';
import type { RawLogEvent } from '../../shared/domain/model.ts';
import type { AwsAccountReader } from '../../shared/adapters/aws/account-reader.ts';
import { createAccountReaderFromRecording, parseRecording, type RecordedCall, type RecordedError, type Recording } from '../../shared/adapters/recorded/recorded-account.ts';

/** The reads of the port, by method name (what `reads` lists). */
export type ReadName = Exclude<keyof AccountReader, 'account' | 'region'>;

/** What the account holds. Keys as noted; anything not given answers the way AWS answers for it. */
export interface FakeAccountData {
  readonly apis?: Record<string, RestApiInfo>;
  /** Key `${apiId}/${stage}`. */
  readonly stages?: Record<string, StageInfo>;
  /** Key API id. */
  readonly resources?: Record<string, ResourceInfo[]>;
  readonly cloudwatchRoleArn?: string;
  /** Key function name, or `${name}:${qualifier}`. */
  readonly policies?: Record<string, PolicyDocument>;
  readonly functions?: Record<string, FunctionConfigurationInfo>;
  readonly concurrency?: Record<string, FunctionConcurrencyInfo>;
  /** Key `${functionName}:${aliasName}`. */
  readonly aliases?: Record<string, AliasInfo>;
  readonly vpcLinks?: Record<string, VpcLinkInfo>;
  /** Key role name. */
  readonly roles?: Record<string, RoleInfo>;
  /** SimulatePrincipalPolicy results, key the role ARN simulated. No entry: the simulation is not recorded. */
  readonly simulations?: Record<string, SimulationResult[]>;
  /** Key target group ARN. */
  readonly targetHealth?: Record<string, TargetHealthInfo[]>;
  /** Log events per log group, recorded whole: the recorded client applies the query's filter pattern and window. */
  readonly logs?: Record<string, RawLogEvent[]>;
  /** HTTP APIs (API Gateway v2), key API id: the API and what its listings return. */
  readonly httpApis?: Record<string, FakeHttpApi>;
  /** Reads that fail, with the SDK error they fail with (e.g. `{ name: 'AccessDeniedException', message }`). */
  readonly failures?: Partial<Record<ReadName, RecordedError>>;
}

/** One HTTP API of a fake account, with SDK-shaped (PascalCase) items. */
export interface FakeHttpApi {
  readonly api: HttpApiInfo;
  readonly stages?: readonly HttpStageInfo[];
  readonly routes?: readonly HttpRouteInfo[];
  readonly integrations?: readonly HttpIntegrationInfo[];
  readonly authorizers?: readonly HttpAuthorizerInfo[];
}

/** Which recorded operation each read sends. */
const OPERATIONS: Readonly<Record<ReadName, readonly [service: string, operation: string]>> = {
  getRestApi: ['api-gateway', 'GetRestApi'],
  findRestApisByName: ['api-gateway', 'GetRestApis'],
  getResources: ['api-gateway', 'GetResources'],
  getMethod: ['api-gateway', 'GetMethod'],
  getIntegration: ['api-gateway', 'GetIntegration'],
  getStage: ['api-gateway', 'GetStage'],
  getStages: ['api-gateway', 'GetStages'],
  getAccountSettings: ['api-gateway', 'GetAccount'],
  getTags: ['api-gateway', 'GetTags'],
  getVpcLink: ['api-gateway', 'GetVpcLink'],
  getFunctionPolicy: ['lambda', 'GetPolicy'],
  getFunctionConfiguration: ['lambda', 'GetFunctionConfiguration'],
  getAlias: ['lambda', 'GetAlias'],
  getFunctionConcurrency: ['lambda', 'GetFunctionConcurrency'],
  listFunctionTags: ['lambda', 'ListTags'],
  filterLogEvents: ['cloudwatch-logs', 'FilterLogEvents'],
  getRole: ['iam', 'GetRole'],
  simulatePrincipalPolicy: ['iam', 'SimulatePrincipalPolicy'],
  describeTargetHealth: ['elastic-load-balancing-v2', 'DescribeTargetHealth'],
  getAuthorizer: ['api-gateway', 'GetAuthorizer'],
  describeLoadBalancers: ['elastic-load-balancing-v2', 'DescribeLoadBalancers'],
  describeListeners: ['elastic-load-balancing-v2', 'DescribeListeners'],
  describeTargetGroups: ['elastic-load-balancing-v2', 'DescribeTargetGroups'],
  describeSecurityGroups: ['ec2', 'DescribeSecurityGroups'],
  describeNetworkInterfaces: ['ec2', 'DescribeNetworkInterfaces'],
  describeSubnets: ['ec2', 'DescribeSubnets'],
  describeNetworkAcls: ['ec2', 'DescribeNetworkAcls'],
  lookupEvents: ['cloudtrail', 'LookupEvents'],
  getMetricData: ['cloudwatch', 'GetMetricData'],
  getHttpApi: ['apigatewayv2', 'GetApi'],
  getHttpStage: ['apigatewayv2', 'GetStage'],
  getHttpStages: ['apigatewayv2', 'GetStages'],
  getHttpRoutes: ['apigatewayv2', 'GetRoutes'],
  getHttpIntegrations: ['apigatewayv2', 'GetIntegrations'],
  getHttpAuthorizers: ['apigatewayv2', 'GetAuthorizers'],
};

/** A plain-JSON copy (drops `undefined` members), as a recording file would hold it. */
function json(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

const NOT_FOUND: RecordedError = { name: 'NotFoundException', message: 'Invalid resource identifier specified' };
const LAMBDA_NOT_FOUND: RecordedError = { name: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' };

/**
 * The recording for `data`. Specific records (e.g. `GetPolicy { FunctionName }`) win over the
 * catch-all `{}` record of their operation, which answers like AWS does for anything else (not found,
 * no reservation, no tags). A read listed in `failures` has only its error record.
 */
export function fakeRecording(data: FakeAccountData, account = '123456789012', region = 'us-east-1'): Recording {
  const calls: RecordedCall[] = [];
  const add = (read: ReadName, input: JsonObject, output: unknown): void => {
    const [service, operation] = OPERATIONS[read];
    if (data.failures?.[read] === undefined) calls.push({ service, operation, input, output: json(output) });
  };
  const otherwise = (read: ReadName, answer: { output: unknown } | { error: RecordedError }): void => {
    const [service, operation] = OPERATIONS[read];
    if (data.failures?.[read] !== undefined) return;
    calls.push('error' in answer ? { service, operation, input: {}, error: answer.error } : { service, operation, input: {}, output: json(answer.output) });
  };

  for (const [restApiId, api] of Object.entries(data.apis ?? {})) add('getRestApi', { restApiId }, api);
  otherwise('getRestApi', { error: NOT_FOUND });
  otherwise('findRestApisByName', { output: { items: Object.values(data.apis ?? {}) } });

  for (const [restApiId, items] of Object.entries(data.resources ?? {})) {
    add('getResources', { restApiId }, { items });
    for (const resource of items) {
      for (const [httpMethod, method] of Object.entries(resource.resourceMethods ?? {})) {
        const input = { restApiId, resourceId: resource.id, httpMethod };
        add('getMethod', input, method);
        if (method.methodIntegration !== undefined) add('getIntegration', input, method.methodIntegration);
      }
    }
  }
  otherwise('getResources', { error: NOT_FOUND });
  otherwise('getMethod', { error: NOT_FOUND });
  otherwise('getIntegration', { error: NOT_FOUND });

  const stagesByApi = new Map<string, StageInfo[]>();
  for (const [key, stage] of Object.entries(data.stages ?? {})) {
    const [restApiId = '', stageName = ''] = key.split('/');
    add('getStage', { restApiId, stageName }, stage);
    stagesByApi.set(restApiId, [...(stagesByApi.get(restApiId) ?? []), stage]);
  }
  for (const restApiId of Object.keys(data.apis ?? {})) add('getStages', { restApiId }, { item: stagesByApi.get(restApiId) ?? [] });
  otherwise('getStage', { error: NOT_FOUND });
  otherwise('getStages', { error: NOT_FOUND });
  otherwise('getAccountSettings', { output: data.cloudwatchRoleArn === undefined ? {} : { cloudwatchRoleArn: data.cloudwatchRoleArn } });
  otherwise('getTags', { output: { tags: {} } });
  for (const [vpcLinkId, link] of Object.entries(data.vpcLinks ?? {})) add('getVpcLink', { vpcLinkId }, link);
  otherwise('getVpcLink', { error: NOT_FOUND });

  for (const [key, policy] of Object.entries(data.policies ?? {})) {
    const [FunctionName = '', Qualifier] = key.split(':');
    // GetPolicy returns the policy as a JSON string.
    add('getFunctionPolicy', { FunctionName, ...(Qualifier === undefined ? {} : { Qualifier }) }, { Policy: JSON.stringify(policy), RevisionId: 'rev-1' });
  }
  otherwise('getFunctionPolicy', { error: LAMBDA_NOT_FOUND });
  for (const [FunctionName, configuration] of Object.entries(data.functions ?? {})) add('getFunctionConfiguration', { FunctionName }, configuration);
  otherwise('getFunctionConfiguration', { error: { ...LAMBDA_NOT_FOUND, message: 'Function not found' } });
  for (const [key, alias] of Object.entries(data.aliases ?? {})) {
    const [FunctionName = '', Name = ''] = key.split(':');
    add('getAlias', { FunctionName, Name }, alias);
  }
  otherwise('getAlias', { error: { ...LAMBDA_NOT_FOUND, message: 'Alias not found' } });
  for (const [FunctionName, concurrency] of Object.entries(data.concurrency ?? {})) add('getFunctionConcurrency', { FunctionName }, concurrency);
  otherwise('getFunctionConcurrency', { output: {} });
  otherwise('listFunctionTags', { output: { Tags: {} } });

  for (const [logGroupName, events] of Object.entries(data.logs ?? {})) add('filterLogEvents', { logGroupName }, { events });
  otherwise('filterLogEvents', { error: { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' } });

  for (const [RoleName, role] of Object.entries(data.roles ?? {})) {
    const trust = role.AssumeRolePolicyDocument;
    // IAM returns the trust policy URL-encoded.
    add('getRole', { RoleName }, { Role: { ...role, ...(trust === undefined ? {} : { AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)) }) } });
  }
  otherwise('getRole', { error: { name: 'NoSuchEntityException', message: 'The role cannot be found.' } });
  for (const [PolicySourceArn, results] of Object.entries(data.simulations ?? {})) add('simulatePrincipalPolicy', { PolicySourceArn }, { EvaluationResults: results, IsTruncated: false });
  for (const [TargetGroupArn, targets] of Object.entries(data.targetHealth ?? {})) add('describeTargetHealth', { TargetGroupArn }, { TargetHealthDescriptions: targets });

  for (const [ApiId, http] of Object.entries(data.httpApis ?? {})) {
    add('getHttpApi', { ApiId }, http.api);
    for (const stage of http.stages ?? []) add('getHttpStage', { ApiId, StageName: stage.StageName ?? '' }, stage);
    add('getHttpStages', { ApiId }, { Items: http.stages ?? [] });
    add('getHttpRoutes', { ApiId }, { Items: http.routes ?? [] });
    add('getHttpIntegrations', { ApiId }, { Items: http.integrations ?? [] });
    add('getHttpAuthorizers', { ApiId }, { Items: http.authorizers ?? [] });
  }
  otherwise('getHttpApi', { error: NOT_FOUND });
  otherwise('getHttpStage', { error: NOT_FOUND });
  otherwise('getHttpStages', { error: NOT_FOUND });

  for (const [read, error] of Object.entries(data.failures ?? {}) as [ReadName, RecordedError][]) {
    const [service, operation] = OPERATIONS[read];
    calls.push({ service, operation, input: {}, error });
  }
  const parsed = parseRecording({ account, region, calls }, 'fake account');
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** The real reader over the recording of `data`, plus the names of the reads the use case made, in order. */
export function fakeAccount(data: FakeAccountData, account = '123456789012', region = 'us-east-1'): AwsAccountReader & { readonly reads: ReadName[] } {
  const reader = createAccountReaderFromRecording(fakeRecording(data, account, region));
  const reads: ReadName[] = [];
  const counted = { ...reader, reads };
  for (const name of Object.keys(OPERATIONS) as ReadName[]) {
    const read = reader[name] as (...args: never[]) => unknown;
    Object.assign(counted, {
      [name]: (...args: never[]) => {
        reads.push(name);
        return read(...args);
      },
    });
  }
  return counted;
}
