/**
 * The AWS SDK v3 clients the adapters use, one per service, and the small structural type
 * ({@link SendClient}) the adapters accept instead of the concrete SDK classes, so that real clients,
 * recorded ones (recorded-account.ts) and recording wrappers (recording.ts) are interchangeable.
 */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';

/** What every SDK v3 command instance has: the input it was built with (its class names the operation). */
export interface SdkCommand {
  readonly input: object;
}

/**
 * The one method the adapters need from a client. Real SDK clients satisfy it as they are; the
 * resolved value is `unknown` on purpose because recorded outputs are hand-written JSON and must be
 * narrowed, not trusted.
 */
export interface SendClient {
  send(command: SdkCommand): Promise<unknown>;
}

/** The service names used in recordings: the SDK client package suffix (`@aws-sdk/client-<name>`). */
export const SERVICE_NAMES = [
  'api-gateway',
  'lambda',
  'cloudwatch-logs',
  'iam',
  'elastic-load-balancing-v2',
  'cloudtrail',
  'cloudwatch',
  'ec2',
  'apigatewayv2',
] as const;

/** One service name of {@link SERVICE_NAMES}. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** One client per service, as the adapters receive them. */
export interface AwsClients {
  readonly apiGateway: SendClient;
  readonly lambda: SendClient;
  readonly logs: SendClient;
  readonly iam: SendClient;
  readonly elbv2: SendClient;
  readonly cloudTrail: SendClient;
  readonly cloudWatch: SendClient;
  readonly ec2: SendClient;
  readonly apiGatewayV2: SendClient;
}

/** Every key of {@link AwsClients}, for code that wraps each client the same way. */
export const CLIENT_KEYS = ['apiGateway', 'lambda', 'logs', 'iam', 'elbv2', 'cloudTrail', 'cloudWatch', 'ec2', 'apiGatewayV2'] as const satisfies readonly (keyof AwsClients)[];

/** The key of a client in {@link AwsClients}. */
export type ClientKey = keyof AwsClients;


export { CLIENT_SERVICES } from './read-operations.ts';

/** The concrete SDK clients, for adapters that need more than `send` typing (e.g. the remediator). */
export interface AwsSdkClients extends AwsClients {
  readonly apiGateway: APIGatewayClient;
  readonly lambda: LambdaClient;
  readonly logs: CloudWatchLogsClient;
  readonly iam: IAMClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly cloudTrail: CloudTrailClient;
  readonly cloudWatch: CloudWatchClient;
  readonly ec2: EC2Client;
  readonly apiGatewayV2: ApiGatewayV2Client;
}

/**
 * Wraps a freshly built client, e.g. Powertools' `tracer.captureAWSv3Client`. This is the tracing
 * seam: observability.ts passes it in, so this module never imports the tracer itself.
 */
export type ClientInstrument = <C extends object>(client: C) => C;

/** Options for {@link createAwsClients}. */
export interface AwsClientOptions {
  /** The Region every client talks to (IAM is global; its client still needs one to sign). */
  readonly region: string;
  /** Applied once to each client when it is first built. */
  readonly instrument?: ClientInstrument;
  /** Overrides the SDK's default attempts (3) for all clients. */
  readonly maxAttempts?: number;
}

/**
 * Builds the clients lazily: a client is constructed on first access of its property and then
 * reused, so importing this module or creating the set costs nothing until a read needs a client.
 * Adaptive retries are on because a diagnosis fires bursts of reads at APIs with low TPS limits
 * (API Gateway's management API has low per-account rate quotas), and adaptive mode also
 * slows down client-side instead of only retrying.
 */
export function createAwsClients(options: AwsClientOptions): AwsSdkClients {
  const config = {
    region: options.region,
    retryMode: 'adaptive',
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  };
  const instrument: ClientInstrument = options.instrument ?? ((client) => client);
  const lazy = <C extends object>(build: () => C): (() => C) => {
    let client: C | undefined;
    return () => {
      client ??= instrument(build());
      return client;
    };
  };
  const apiGateway = lazy(() => new APIGatewayClient(config));
  const lambda = lazy(() => new LambdaClient(config));
  const logs = lazy(() => new CloudWatchLogsClient(config));
  const iam = lazy(() => new IAMClient(config));
  const elbv2 = lazy(() => new ElasticLoadBalancingV2Client(config));
  const cloudTrail = lazy(() => new CloudTrailClient(config));
  const cloudWatch = lazy(() => new CloudWatchClient(config));
  const ec2 = lazy(() => new EC2Client(config));
  const apiGatewayV2 = lazy(() => new ApiGatewayV2Client(config));
  return {
    get apiGateway() {
      return apiGateway();
    },
    get lambda() {
      return lambda();
    },
    get logs() {
      return logs();
    },
    get iam() {
      return iam();
    },
    get elbv2() {
      return elbv2();
    },
    get cloudTrail() {
      return cloudTrail();
    },
    get cloudWatch() {
      return cloudWatch();
    },
    get ec2() {
      return ec2();
    },
    get apiGatewayV2() {
      return apiGatewayV2();
    },
  };
}

/** Module-scope client sets, one per Region, so warm Lambda invocations reuse connections. */
const sharedClients = new Map<string, AwsSdkClients>();

/**
 * The process-wide client set for a Region (built lazily on first call, then reused). The
 * `instrument` of the first call for a Region wins, since clients are built once.
 */
export function defaultAwsClients(region: string, instrument?: ClientInstrument): AwsSdkClients {
  let clients = sharedClients.get(region);
  if (clients === undefined) {
    clients = createAwsClients(instrument === undefined ? { region } : { region, instrument });
    sharedClients.set(region, clients);
  }
  return clients;
}

/** Thrown by {@link operationNameOf} for an object that is not an SDK command. */
export class NotACommandError extends Error {
  override readonly name = 'NotACommandError';
}

/**
 * The operation a command performs, e.g. `GetStage` for a `GetStageCommand`. Falls back to the
 * command's operation schema (`[9, namespace, "GetStage", ...]` in SDK v3) when a bundler has
 * renamed the class, since minified class names would otherwise break record matching.
 */
export function operationNameOf(command: SdkCommand): string {
  const className = command.constructor.name;
  if (className.length > 'Command'.length && className.endsWith('Command')) {
    return className.slice(0, -'Command'.length);
  }
  const schema: unknown = Reflect.get(command, 'schema');
  if (Array.isArray(schema) && typeof schema[2] === 'string' && schema[2] !== '') return schema[2];
  throw new NotACommandError(`cannot tell the operation of ${className || 'an anonymous object'}`);
}
