/** Test helpers for the adapters: mocked SDK clients, fake clients, SDK-shaped errors, a call-every-read driver. */
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsClients, operationNameOf, type AwsSdkClients, type SdkCommand, type SendClient } from '../../../../shared/adapters/aws/clients.ts';
import type { AccountReader } from '../../../../shared/ports/account-reader.ts';

/** Real clients (never reaching AWS), one per service, (never reaching AWS) and their stubs. */
export function mockedClients() {
  const clients: AwsSdkClients = createAwsClients({ region: 'us-east-1' });
  const mocks = {
    apiGateway: mockClient(clients.apiGateway),
    lambda: mockClient(clients.lambda),
    logs: mockClient(clients.logs),
    iam: mockClient(clients.iam),
    elbv2: mockClient(clients.elbv2),
    cloudTrail: mockClient(clients.cloudTrail),
    cloudWatch: mockClient(clients.cloudWatch),
    ec2: mockClient(clients.ec2),
    apiGatewayV2: mockClient(clients.apiGatewayV2),
  };
  return { clients, mocks };
}

/** A SendClient answering every command with `answer(operation, input)` and remembering what it was asked. */
export function fakeClient(answer: (operation: string, input: object) => unknown = () => ({})) {
  const received: { operation: string; input: object }[] = [];
  const client: SendClient = {
    send: async (command: SdkCommand) => {
      const operation = operationNameOf(command);
      received.push({ operation, input: command.input });
      return answer(operation, command.input);
    },
  };
  return { client, received };
}

/** An SDK-shaped error (what a client rejects with), with the HTTP status in `$metadata`. */
export function awsError(name: string, message: string, httpStatusCode?: number): Error {
  const error = new Error(message);
  error.name = name;
  Object.assign(error, { $metadata: httpStatusCode === undefined ? {} : { httpStatusCode } });
  return error;
}

const API = 'a1b2c3';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';

/**
 * Calls every method of the port once, one after another, and returns the results by method name.
 * The READ_PERMISSIONS test checks that this names every method, so a new port method must be added here.
 */
export async function readEverything(reader: AccountReader): Promise<Record<string, unknown>> {
  const calls: Record<string, () => Promise<unknown>> = {
    getRestApi: () => reader.getRestApi(API),
    findRestApisByName: () => reader.findRestApisByName('orders'),
    getResources: () => reader.getResources(API),
    getMethod: () => reader.getMethod(API, 'r1', 'GET'),
    getIntegration: () => reader.getIntegration(API, 'r1', 'GET'),
    getStage: () => reader.getStage(API, 'prod'),
    getStages: () => reader.getStages(API),
    getAccountSettings: () => reader.getAccountSettings(),
    getTags: () => reader.getTags(`arn:aws:apigateway:us-east-1::/restapis/${API}/stages/prod`),
    getVpcLink: () => reader.getVpcLink('vl1'),
    getFunctionPolicy: () => reader.getFunctionPolicy('orders'),
    getFunctionConfiguration: () => reader.getFunctionConfiguration('orders'),
    getAlias: () => reader.getAlias('orders', 'live'),
    getFunctionConcurrency: () => reader.getFunctionConcurrency('orders'),
    listFunctionTags: () => reader.listFunctionTags(FUNCTION_ARN),
    filterLogEvents: () => reader.filterLogEvents({ logGroupName: `API-Gateway-Execution-Logs_${API}/prod`, startTime: 1000 }),
    getRole: () => reader.getRole('apigw-invoke'),
    simulatePrincipalPolicy: () =>
      reader.simulatePrincipalPolicy('arn:aws:iam::123456789012:role/apigw-invoke', ['lambda:InvokeFunction'], [FUNCTION_ARN]),
    describeTargetHealth: () => reader.describeTargetHealth('arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123'),
    getAuthorizer: () => reader.getAuthorizer(API, 'au1'),
    describeLoadBalancers: () => reader.describeLoadBalancers(['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/web/0123']),
    describeListeners: () => reader.describeListeners('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/web/0123'),
    describeTargetGroups: () => reader.describeTargetGroups('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/web/0123'),
    describeSecurityGroups: () => reader.describeSecurityGroups(['sg-0123']),
    describeNetworkInterfaces: () => reader.describeNetworkInterfaces([{ Name: 'addresses.private-ip-address', Values: ['10.0.1.5'] }]),
    describeSubnets: () => reader.describeSubnets(['subnet-0123']),
    describeNetworkAcls: () => reader.describeNetworkAcls(['subnet-0123']),
    lookupEvents: () => reader.lookupEvents({ attribute: { AttributeKey: 'EventSource', AttributeValue: 'lambda.amazonaws.com' }, startTime: 0, endTime: 1000 }),
    getMetricData: () =>
      reader.getMetricData([{ id: 'e5xx', namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'orders' }, stat: 'Sum', period: 60 }], 0, 60_000),
    getHttpApi: () => reader.getHttpApi('h1t2p3'),
    getHttpStage: () => reader.getHttpStage('h1t2p3', 'prod'),
    getHttpStages: () => reader.getHttpStages('h1t2p3'),
    getHttpRoutes: () => reader.getHttpRoutes('h1t2p3'),
    getHttpIntegrations: () => reader.getHttpIntegrations('h1t2p3'),
    getHttpAuthorizers: () => reader.getHttpAuthorizers('h1t2p3'),
  };
  const results: Record<string, unknown> = {};
  for (const [method, call] of Object.entries(calls)) results[method] = await call();
  return results;
}
