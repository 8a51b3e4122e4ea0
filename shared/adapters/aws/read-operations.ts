/**
 * The read operations table: every AWS call the investigation may make, its service (as recordings
 * name it) and the IAM action that allows it. The account reader calls only these; the CDK stack
 * grants exactly {@link READ_PERMISSIONS}; the README's permission list is tested against it.
 * No SDK import, so the stack and the docs can import it cheaply.
 */
import type { ClientKey, ServiceName } from './clients.ts';

/** Which recording service each client talks to. */
export const CLIENT_SERVICES: Readonly<Record<ClientKey, ServiceName>> = {
  apiGateway: 'api-gateway',
  lambda: 'lambda',
  logs: 'cloudwatch-logs',
  iam: 'iam',
  elbv2: 'elastic-load-balancing-v2',
  cloudTrail: 'cloudtrail',
  cloudWatch: 'cloudwatch',
  ec2: 'ec2',
  apiGatewayV2: 'apigatewayv2',
};

/** Which client serves each operation the reader may call. */
export const OPERATION_CLIENTS = {
  GetRestApi: 'apiGateway',
  GetRestApis: 'apiGateway',
  GetResources: 'apiGateway',
  GetMethod: 'apiGateway',
  GetIntegration: 'apiGateway',
  GetStage: 'apiGateway',
  GetStages: 'apiGateway',
  GetAccount: 'apiGateway',
  GetTags: 'apiGateway',
  GetVpcLink: 'apiGateway',
  GetPolicy: 'lambda',
  GetFunctionConfiguration: 'lambda',
  GetAlias: 'lambda',
  GetFunctionConcurrency: 'lambda',
  ListTags: 'lambda',
  FilterLogEvents: 'logs',
  GetRole: 'iam',
  SimulatePrincipalPolicy: 'iam',
  DescribeTargetHealth: 'elbv2',
  GetAuthorizer: 'apiGateway',
  DescribeLoadBalancers: 'elbv2',
  DescribeListeners: 'elbv2',
  DescribeTargetGroups: 'elbv2',
  DescribeSecurityGroups: 'ec2',
  DescribeNetworkInterfaces: 'ec2',
  DescribeSubnets: 'ec2',
  DescribeNetworkAcls: 'ec2',
  LookupEvents: 'cloudTrail',
  GetMetricData: 'cloudWatch',
  // API Gateway v2 (HTTP APIs) repeats REST's operation names (GetStage, GetStages…), so its keys are
  // `apigatewayv2:<Operation>`: the recording service name, then the SDK operation. Every other key is
  // the bare SDK operation name, unique across the other clients.
  'apigatewayv2:GetApi': 'apiGatewayV2',
  'apigatewayv2:GetStage': 'apiGatewayV2',
  'apigatewayv2:GetStages': 'apiGatewayV2',
  'apigatewayv2:GetRoutes': 'apiGatewayV2',
  'apigatewayv2:GetIntegrations': 'apiGatewayV2',
  'apigatewayv2:GetAuthorizers': 'apiGatewayV2',
} as const satisfies Record<string, ClientKey>;

/** A read the reader may make: an SDK operation name, qualified by its service where the name repeats (see {@link OPERATION_CLIENTS}). */
export type ReadOperation = keyof typeof OPERATION_CLIENTS;

/** The SDK operation a read key names: `apigatewayv2:GetStage` → `GetStage`, `GetPolicy` → `GetPolicy`. */
export function sdkOperationOf(key: ReadOperation): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(colon + 1);
}

/** The read key of one SDK call made on one client, or undefined when the reader may not make it. */
export function readOperationOf(client: ClientKey, operation: string): ReadOperation | undefined {
  const qualified = `${CLIENT_SERVICES[client]}:${operation}`;
  const key = Object.hasOwn(OPERATION_CLIENTS, qualified) ? qualified : operation;
  return Object.hasOwn(OPERATION_CLIENTS, key) && OPERATION_CLIENTS[key as ReadOperation] === client ? (key as ReadOperation) : undefined;
}

/** IAM's service prefix per client; also the prefix of `ReadFailure.operation`. */
const IAM_PREFIXES: Readonly<Record<ClientKey, string>> = {
  apiGateway: 'apigateway',
  lambda: 'lambda',
  logs: 'logs',
  iam: 'iam',
  elbv2: 'elasticloadbalancing',
  cloudTrail: 'cloudtrail',
  cloudWatch: 'cloudwatch',
  ec2: 'ec2',
  // API Gateway v2 is authorised by the same `apigateway:GET` on resource ARNs.
  apiGatewayV2: 'apigateway',
};

/** One operation the reader may call: its service (as in recordings), its label and its IAM permission. */
export interface ReadOperationInfo {
  readonly service: ServiceName;
  /** `lambda:GetPolicy`, `apigateway:GetStage`, `apigatewayv2:GetStage` (HTTP APIs): the `operation` of a `ReadFailure`. */
  readonly label: string;
  /** The SDK operation name (`GetStage` for both API Gateway clients). */
  readonly operation: string;
  /**
   * The IAM action that allows it. API Gateway's management API is authorised by HTTP verb on
   * resource ARNs, so all of its reads need `apigateway:GET`.
   */
  readonly permission: string;
}

function describeOperation(key: ReadOperation): ReadOperationInfo {
  const client = OPERATION_CLIENTS[key];
  const operation = sdkOperationOf(key);
  // v2 reads are labelled by their own service so a failure or a call count never reads as REST's GetStage.
  const label = client === 'apiGatewayV2' ? key : `${IAM_PREFIXES[client]}:${operation}`;
  return { service: CLIENT_SERVICES[client], label, operation, permission: IAM_PREFIXES[client] === 'apigateway' ? 'apigateway:GET' : label };
}

/** Every operation the reader may call, keyed by read key (the SDK operation name, service-qualified for API Gateway v2). */
export const READ_OPERATIONS: Readonly<Record<ReadOperation, ReadOperationInfo>> = Object.fromEntries(
  (Object.keys(OPERATION_CLIENTS) as ReadOperation[]).map((operation) => [operation, describeOperation(operation)]),
) as Record<ReadOperation, ReadOperationInfo>;

/** The IAM actions the reader needs, each once: the stack grants exactly these for reads. */
export const READ_PERMISSIONS: readonly string[] = [...new Set(Object.values(READ_OPERATIONS).map((info) => info.permission))];

