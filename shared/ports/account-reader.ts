/**
 * The AccountReader port: every read the investigation makes of an AWS account. Adapters in
 * `shared/adapters/` implement it (SDK clients, recorded accounts); use cases receive it as an argument.
 * Types here are plain data, narrowed copies of the AWS SDK outputs with the SDK's own field names (so
 * adapters stay thin) and no SDK imports.
 */
import type { RawLogEvent } from '../domain/model.ts';
import type { Result } from '../domain/result.ts';

/** Why a read could not be answered. `not_found` is usually an answer in itself (see each method). */
export type ReadFailureKind = 'denied' | 'throttled' | 'not_found' | 'error';

/** A read that failed, with enough context for a `skip` message. */
export interface ReadFailure {
  readonly kind: ReadFailureKind;
  /** `service:Operation`, e.g. `lambda:GetPolicy`. */
  readonly operation: string;
  readonly message: string;
}

/** Every read resolves (never rejects) to a value or a typed failure. */
export type Read<T> = Promise<Result<T, ReadFailure>>;

// ---- API Gateway (REST) ---------------------------------------------------------------------

/** GetRestApi / an item of GetRestApis. */
export interface RestApiInfo {
  readonly id: string;
  readonly name?: string;
  readonly binaryMediaTypes?: readonly string[];
  readonly endpointConfiguration?: { readonly types?: readonly string[] };
  readonly tags?: Readonly<Record<string, string>>;
}

/** An integration as GetIntegration (or GetResources embed=methods) returns it. */
export interface IntegrationInfo {
  /** `AWS_PROXY`, `AWS`, `HTTP`, `HTTP_PROXY`, `MOCK`. */
  readonly type?: string;
  /** The integration's own HTTP method (Lambda integrations must use POST). */
  readonly httpMethod?: string;
  readonly uri?: string;
  readonly credentials?: string;
  readonly connectionType?: string;
  readonly connectionId?: string;
  readonly timeoutInMillis?: number;
  readonly passthroughBehavior?: string;
  readonly contentHandling?: string;
  readonly requestTemplates?: Readonly<Record<string, string>>;
  readonly integrationResponses?: Readonly<Record<string, { readonly statusCode?: string; readonly selectionPattern?: string }>>;
}

/** A method as GetMethod (or GetResources embed=methods) returns it. */
export interface MethodInfo {
  readonly httpMethod?: string;
  readonly authorizationType?: string;
  readonly authorizerId?: string;
  readonly methodIntegration?: IntegrationInfo;
  readonly methodResponses?: Readonly<Record<string, { readonly statusCode?: string }>>;
}

/** An item of GetResources with `embed: ["methods"]`. */
export interface ResourceInfo {
  readonly id: string;
  readonly path?: string;
  readonly resourceMethods?: Readonly<Record<string, MethodInfo>>;
}

/** One entry of a stage's `methodSettings` map (keys `*\/*`, `~1items/GET`, `items/GET`). */
export interface MethodSettingInfo {
  readonly metricsEnabled?: boolean;
  readonly loggingLevel?: string;
  readonly dataTraceEnabled?: boolean;
  readonly throttlingBurstLimit?: number;
  readonly throttlingRateLimit?: number;
}

/** GetStage / an item of GetStages. */
export interface StageInfo {
  readonly stageName?: string;
  readonly deploymentId?: string;
  readonly variables?: Readonly<Record<string, string>>;
  readonly methodSettings?: Readonly<Record<string, MethodSettingInfo>>;
  readonly accessLogSettings?: { readonly destinationArn?: string; readonly format?: string };
  readonly tracingEnabled?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

/** GetAccount: the account-level, per-Region settings. */
export interface AccountSettingsInfo {
  readonly cloudwatchRoleArn?: string;
}

/** GetAuthorizer / an item of GetAuthorizers (REST). */
export interface AuthorizerInfo {
  readonly id?: string;
  readonly name?: string;
  /** `TOKEN`, `REQUEST` (Lambda) or `COGNITO_USER_POOLS`. */
  readonly type?: string;
  /** `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<fn>/invocations` for Lambda authorizers. */
  readonly authorizerUri?: string;
  /** The role API Gateway assumes to invoke the authorizer; absent = the function's resource policy applies. */
  readonly authorizerCredentials?: string;
  readonly identitySource?: string;
}

/** GetVpcLink. */
export interface VpcLinkInfo {
  readonly id?: string;
  readonly name?: string;
  readonly status?: string;
  readonly statusMessage?: string;
  readonly targetArns?: readonly string[];
}

// ---- API Gateway v2 (HTTP APIs) -------------------------------------------------------------
// Field names as `@aws-sdk/client-apigatewayv2` returns them (PascalCase, unlike REST's camelCase).

/** GetApi. `ProtocolType` is `HTTP` or `WEBSOCKET`. */
export interface HttpApiInfo {
  readonly ApiId: string;
  readonly Name?: string;
  readonly ProtocolType?: string;
  readonly ApiEndpoint?: string;
  readonly DisableExecuteApiEndpoint?: boolean;
  readonly Tags?: Readonly<Record<string, string>>;
}

/** A stage's default or per-route settings (`RouteSettings` keys are route keys such as `GET /orders`). */
export interface HttpRouteSettingsInfo {
  readonly DetailedMetricsEnabled?: boolean;
  /** WebSocket APIs only; HTTP APIs have no execution logs. */
  readonly LoggingLevel?: string;
  readonly DataTraceEnabled?: boolean;
  readonly ThrottlingBurstLimit?: number;
  readonly ThrottlingRateLimit?: number;
}

/** GetStage / an item of GetStages (v2). */
export interface HttpStageInfo {
  readonly StageName?: string;
  readonly AutoDeploy?: boolean;
  readonly DeploymentId?: string;
  /** Why the last automatic deployment failed, when it did. */
  readonly LastDeploymentStatusMessage?: string;
  readonly StageVariables?: Readonly<Record<string, string>>;
  readonly AccessLogSettings?: { readonly DestinationArn?: string; readonly Format?: string };
  readonly DefaultRouteSettings?: HttpRouteSettingsInfo;
  readonly RouteSettings?: Readonly<Record<string, HttpRouteSettingsInfo>>;
  readonly Tags?: Readonly<Record<string, string>>;
}

/** An item of GetRoutes. `Target` is `integrations/<IntegrationId>`. */
export interface HttpRouteInfo {
  readonly RouteId?: string;
  /** `GET /orders`, `ANY /{proxy+}`, `$default`. */
  readonly RouteKey?: string;
  readonly Target?: string;
  /** `NONE`, `AWS_IAM`, `CUSTOM` (Lambda authorizer), `JWT`. */
  readonly AuthorizationType?: string;
  readonly AuthorizerId?: string;
}

/** An item of GetIntegrations. */
export interface HttpIntegrationInfo {
  readonly IntegrationId?: string;
  /** `AWS_PROXY` (Lambda), `HTTP_PROXY`, `AWS` (WebSocket), `MOCK`. */
  readonly IntegrationType?: string;
  readonly IntegrationSubtype?: string;
  /** A Lambda function ARN, the `arn:aws:apigateway:<r>:lambda:path/…/invocations` form, a URL or a listener ARN. */
  readonly IntegrationUri?: string;
  readonly IntegrationMethod?: string;
  /** `1.0` or `2.0` for Lambda proxy integrations. */
  readonly PayloadFormatVersion?: string;
  readonly TimeoutInMillis?: number;
  readonly CredentialsArn?: string;
  readonly ConnectionType?: string;
  readonly ConnectionId?: string;
  readonly TlsConfig?: { readonly ServerNameToVerify?: string };
}

/** An item of GetAuthorizers (v2). */
export interface HttpAuthorizerInfo {
  readonly AuthorizerId?: string;
  readonly Name?: string;
  /** `REQUEST` (Lambda) or `JWT`. */
  readonly AuthorizerType?: string;
  readonly AuthorizerUri?: string;
  readonly AuthorizerCredentialsArn?: string;
  readonly AuthorizerPayloadFormatVersion?: string;
  readonly EnableSimpleResponses?: boolean;
  readonly IdentitySource?: readonly string[];
}

// ---- Lambda ---------------------------------------------------------------------------------

/** GetPolicy, with `Policy` already parsed from its JSON string. */
export interface FunctionPolicyInfo {
  /** The policy document (parsed). */
  readonly policy: PolicyDocument;
  /** Size in bytes of the policy JSON as Lambda returned it (for the 20 KB limit). */
  readonly sizeBytes: number;
  readonly RevisionId?: string;
}

/** An IAM-style policy document (resource policy or role policy). Loosely typed on purpose: real ones vary. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}

/** One policy statement as IAM accepts it (strings or arrays, principal as `*` or a map). */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: string | Readonly<Record<string, string | readonly string[]>>;
  readonly NotPrincipal?: string | Readonly<Record<string, string | readonly string[]>>;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** GetFunctionConfiguration. */
export interface FunctionConfigurationInfo {
  readonly FunctionName?: string;
  readonly FunctionArn?: string;
  readonly Runtime?: string;
  /** Seconds. */
  readonly Timeout?: number;
  readonly MemorySize?: number;
  readonly State?: string;
  readonly StateReason?: string;
  readonly LastUpdateStatus?: string;
  readonly Version?: string;
  readonly VpcConfig?: { readonly SubnetIds?: readonly string[]; readonly SecurityGroupIds?: readonly string[] };
  /** Where the function logs: `LogGroup` absent = the default `/aws/lambda/<name>`. */
  readonly LoggingConfig?: { readonly LogGroup?: string; readonly LogFormat?: string };
}

/** GetAlias. */
export interface AliasInfo {
  readonly Name?: string;
  readonly AliasArn?: string;
  readonly FunctionVersion?: string;
}

/** GetFunctionConcurrency: `ReservedConcurrentExecutions` absent = no reservation. */
export interface FunctionConcurrencyInfo {
  readonly ReservedConcurrentExecutions?: number;
}

// ---- IAM, ELBv2, Logs -----------------------------------------------------------------------

/** GetRole, with the trust policy already URL-decoded and parsed. */
export interface RoleInfo {
  readonly RoleName?: string;
  readonly Arn?: string;
  readonly AssumeRolePolicyDocument?: PolicyDocument;
}

/** One evaluation result of SimulatePrincipalPolicy. */
export interface SimulationResult {
  readonly EvalActionName?: string;
  readonly EvalResourceName?: string;
  /** `allowed`, `explicitDeny`, `implicitDeny`. */
  readonly EvalDecision?: string;
}

/** One target of DescribeTargetHealth. */
export interface TargetHealthInfo {
  readonly Target?: { readonly Id?: string; readonly Port?: number };
  readonly TargetHealth?: { readonly State?: string; readonly Reason?: string; readonly Description?: string };
}

/** An item of DescribeLoadBalancers. */
export interface LoadBalancerInfo {
  readonly LoadBalancerArn?: string;
  readonly LoadBalancerName?: string;
  readonly DNSName?: string;
  /** `network`, `application`, `gateway`. */
  readonly Type?: string;
  readonly State?: { readonly Code?: string; readonly Reason?: string };
  readonly VpcId?: string;
  readonly AvailabilityZones?: readonly { readonly ZoneName?: string; readonly SubnetId?: string }[];
  readonly SecurityGroups?: readonly string[];
}

/** One action of a listener (only what the chain follows: forwards to target groups). */
export interface ListenerActionInfo {
  readonly Type?: string;
  readonly TargetGroupArn?: string;
  readonly ForwardConfig?: { readonly TargetGroups?: readonly { readonly TargetGroupArn?: string }[] };
}

/** An item of DescribeListeners. */
export interface ListenerInfo {
  readonly ListenerArn?: string;
  readonly Port?: number;
  readonly Protocol?: string;
  readonly DefaultActions?: readonly ListenerActionInfo[];
}

/** An item of DescribeTargetGroups. */
export interface TargetGroupInfo {
  readonly TargetGroupArn?: string;
  readonly TargetGroupName?: string;
  readonly Port?: number;
  readonly Protocol?: string;
  /** `instance`, `ip`, `alb`, `lambda`. */
  readonly TargetType?: string;
  readonly HealthCheckPort?: string;
  readonly HealthCheckProtocol?: string;
  readonly HealthCheckPath?: string;
}

/** One ingress (or egress) permission of a security group. */
export interface IpPermissionInfo {
  /** `tcp`, `udp`, `icmp`, or `-1` for all. */
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly IpRanges?: readonly { readonly CidrIp?: string; readonly Description?: string }[];
  readonly UserIdGroupPairs?: readonly { readonly GroupId?: string }[];
  readonly PrefixListIds?: readonly { readonly PrefixListId?: string }[];
}

/** An item of DescribeSecurityGroups. */
export interface SecurityGroupInfo {
  readonly GroupId?: string;
  readonly GroupName?: string;
  readonly VpcId?: string;
  readonly IpPermissions?: readonly IpPermissionInfo[];
}

/** An item of DescribeNetworkInterfaces. */
export interface NetworkInterfaceInfo {
  readonly NetworkInterfaceId?: string;
  readonly SubnetId?: string;
  readonly PrivateIpAddress?: string;
  readonly Groups?: readonly { readonly GroupId?: string; readonly GroupName?: string }[];
  readonly Attachment?: { readonly InstanceId?: string };
}

/** An item of DescribeSubnets. */
export interface SubnetInfo {
  readonly SubnetId?: string;
  readonly CidrBlock?: string;
  readonly VpcId?: string;
  readonly AvailabilityZone?: string;
}

/** One entry of a network ACL. */
export interface NetworkAclEntryInfo {
  readonly RuleNumber?: number;
  /** `-1` = all, `6` = tcp, `17` = udp. */
  readonly Protocol?: string;
  readonly RuleAction?: string;
  readonly Egress?: boolean;
  readonly CidrBlock?: string;
  readonly PortRange?: { readonly From?: number; readonly To?: number };
}

/** An item of DescribeNetworkAcls. */
export interface NetworkAclInfo {
  readonly NetworkAclId?: string;
  readonly Associations?: readonly { readonly SubnetId?: string }[];
  readonly Entries?: readonly NetworkAclEntryInfo[];
}

/** A DescribeNetworkInterfaces filter, e.g. `{ Name: 'addresses.private-ip-address', Values: ['10.0.1.5'] }`. */
export interface Ec2Filter {
  readonly Name: string;
  readonly Values: readonly string[];
}

// ---- CloudTrail, CloudWatch metrics -----------------------------------------------------------

/** The one attribute LookupEvents filters on (it accepts exactly one per call). */
export interface LookupAttribute {
  readonly AttributeKey: 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId';
  readonly AttributeValue: string;
}

/** A LookupEvents query. Times are epoch milliseconds. */
export interface LookupEventsQuery {
  readonly attribute: LookupAttribute;
  readonly startTime: number;
  readonly endTime: number;
  /** Pages to read at most (each page is one call of at most 50 events; CloudTrail allows 2 calls/s). Default 1. */
  readonly maxPages?: number;
}

/** One event as LookupEvents returns it (`EventTime` as an ISO string, `CloudTrailEvent` the raw JSON text). */
export interface CloudTrailEventInfo {
  readonly EventId?: string;
  readonly EventName?: string;
  readonly EventTime?: string;
  readonly EventSource?: string;
  readonly Username?: string;
  readonly Resources?: readonly { readonly ResourceType?: string; readonly ResourceName?: string }[];
  readonly CloudTrailEvent?: string;
}

/** What a LookupEvents read found: the events (newest first) and whether more remained unread. */
export interface LookupEventsResult {
  readonly events: readonly CloudTrailEventInfo[];
  /** True when CloudTrail had more events than the pages read: the window was cut short. */
  readonly truncated: boolean;
}

/** CloudWatch statistics a metric-stat query may ask for. */
export type MetricStatistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount';

/** One metric-stat query of GetMetricData. */
export interface MetricQuery {
  /** Lower-case start, letters/digits/underscores (GetMetricData's rule for ids). */
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: MetricStatistic;
  /** Seconds, a multiple of 60. */
  readonly period: number;
}

/** One result of GetMetricData: the datapoints of one query, oldest first. */
export interface MetricSeries {
  readonly id: string;
  /** Epoch milliseconds, paired with `values`. */
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
}

/** Options for FilterLogEvents. Times are epoch milliseconds. */
export interface LogQuery {
  readonly logGroupName: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly filterPattern?: string;
  /** Stop after this many events (the adapter pages until then). */
  readonly limit?: number;
}

/**
 * Everything the investigation reads from an account. The set of methods is the stack's read
 * permission list; adding a read means adding a permission. Implementations memoise within one
 * diagnosis and never reject: failures come back as `ReadFailure`.
 * `not_found` conventions: GetPolicy with no policy → ok(null); a missing function/alias/role → ok(null).
 */
export interface AccountReader {
  readonly account: string;
  readonly region: string;
  getRestApi(restApiId: string): Read<RestApiInfo | null>;
  /** All REST APIs with this name (names are not unique). */
  findRestApisByName(name: string): Read<readonly RestApiInfo[]>;
  getResources(restApiId: string): Read<readonly ResourceInfo[]>;
  getMethod(restApiId: string, resourceId: string, httpMethod: string): Read<MethodInfo | null>;
  getIntegration(restApiId: string, resourceId: string, httpMethod: string): Read<IntegrationInfo | null>;
  getStage(restApiId: string, stageName: string): Read<StageInfo | null>;
  getStages(restApiId: string): Read<readonly StageInfo[]>;
  getAccountSettings(): Read<AccountSettingsInfo>;
  getTags(resourceArn: string): Read<Readonly<Record<string, string>>>;
  getVpcLink(vpcLinkId: string): Read<VpcLinkInfo | null>;
  getFunctionPolicy(functionName: string, qualifier?: string): Read<FunctionPolicyInfo | null>;
  getFunctionConfiguration(functionName: string, qualifier?: string): Read<FunctionConfigurationInfo | null>;
  getAlias(functionName: string, aliasName: string): Read<AliasInfo | null>;
  getFunctionConcurrency(functionName: string): Read<FunctionConcurrencyInfo>;
  listFunctionTags(functionArn: string): Read<Readonly<Record<string, string>>>;
  filterLogEvents(query: LogQuery): Read<readonly RawLogEvent[]>;
  getRole(roleName: string): Read<RoleInfo | null>;
  simulatePrincipalPolicy(roleArn: string, actions: readonly string[], resources: readonly string[]): Read<readonly SimulationResult[]>;
  describeTargetHealth(targetGroupArn: string): Read<readonly TargetHealthInfo[]>;
  /** GetAuthorizer; a missing authorizer → ok(null). */
  getAuthorizer(restApiId: string, authorizerId: string): Read<AuthorizerInfo | null>;
  describeLoadBalancers(loadBalancerArns: readonly string[]): Read<readonly LoadBalancerInfo[]>;
  describeListeners(loadBalancerArn: string): Read<readonly ListenerInfo[]>;
  describeTargetGroups(loadBalancerArn: string): Read<readonly TargetGroupInfo[]>;
  describeSecurityGroups(groupIds: readonly string[]): Read<readonly SecurityGroupInfo[]>;
  describeNetworkInterfaces(filters: readonly Ec2Filter[]): Read<readonly NetworkInterfaceInfo[]>;
  describeSubnets(subnetIds: readonly string[]): Read<readonly SubnetInfo[]>;
  /** The ACLs associated with these subnets. */
  describeNetworkAcls(subnetIds: readonly string[]): Read<readonly NetworkAclInfo[]>;
  /** CloudTrail LookupEvents (management events); each page read is one call against a 2 calls/s account limit. */
  lookupEvents(query: LookupEventsQuery): Read<LookupEventsResult>;
  /** One GetMetricData call (more only when CloudWatch pages the answer). Times are epoch milliseconds. */
  getMetricData(queries: readonly MetricQuery[], startTime: number, endTime: number): Read<readonly MetricSeries[]>;
  // ---- API Gateway v2 (HTTP APIs): apigateway:GET on /apis/…
  /** GetApi; no such API → ok(null). */
  getHttpApi(apiId: string): Read<HttpApiInfo | null>;
  /** GetStage (v2); no such stage → ok(null). */
  getHttpStage(apiId: string, stageName: string): Read<HttpStageInfo | null>;
  /** GetStages (v2), every page. */
  getHttpStages(apiId: string): Read<readonly HttpStageInfo[]>;
  /** GetRoutes, every page. */
  getHttpRoutes(apiId: string): Read<readonly HttpRouteInfo[]>;
  /** GetIntegrations, every page (one listing instead of a GetIntegration per route). */
  getHttpIntegrations(apiId: string): Read<readonly HttpIntegrationInfo[]>;
  /** GetAuthorizers (v2), every page. */
  getHttpAuthorizers(apiId: string): Read<readonly HttpAuthorizerInfo[]>;
}
