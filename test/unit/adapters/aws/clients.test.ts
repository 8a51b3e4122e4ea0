import { APIGatewayClient, GetStageCommand } from '@aws-sdk/client-api-gateway';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import {
  createAwsClients,
  defaultAwsClients,
  NotACommandError,
  operationNameOf,
  type SdkCommand,
} from '../../../../shared/adapters/aws/clients.ts';

describe('createAwsClients', () => {
  it('builds nothing until a client is used, then builds each client once and instruments it', () => {
    // Prepare
    const built: string[] = [];
    const instrument = <C extends object>(client: C): C => {
      built.push(client.constructor.name);
      return client;
    };

    // Act
    const clients = createAwsClients({ region: 'eu-west-1', instrument });
    const before = [...built];
    const first = clients.lambda;
    const second = clients.lambda;

    // Assess
    expect(before).toStrictEqual([]);
    expect(first).toBe(second);
    expect(built).toStrictEqual(['LambdaClient']);
  });

  it('gives one client per service, in the Region, with adaptive retries', async () => {
    // Prepare
    const clients = createAwsClients({ region: 'eu-west-1', maxAttempts: 5 });

    // Act
    const all = [clients.apiGateway, clients.lambda, clients.logs, clients.iam, clients.elbv2];
    const regions = await Promise.all(all.map((client) => client.config.region()));
    const attempts = await Promise.all(all.map((client) => client.config.maxAttempts()));

    // Assess
    expect(clients.apiGateway).toBeInstanceOf(APIGatewayClient);
    expect(clients.lambda).toBeInstanceOf(LambdaClient);
    expect(clients.logs).toBeInstanceOf(CloudWatchLogsClient);
    expect(clients.iam).toBeInstanceOf(IAMClient);
    expect(clients.elbv2).toBeInstanceOf(ElasticLoadBalancingV2Client);
    expect(regions).toStrictEqual(['eu-west-1', 'eu-west-1', 'eu-west-1', 'eu-west-1', 'eu-west-1']);
    expect(all.map((client) => client.config.retryMode)).toStrictEqual(['adaptive', 'adaptive', 'adaptive', 'adaptive', 'adaptive']);
    expect(attempts).toStrictEqual([5, 5, 5, 5, 5]);
  });
});

describe('defaultAwsClients', () => {
  it('shares one client set per Region', () => {
    // Prepare
    const region = 'ap-southeast-2';

    // Act
    const first = defaultAwsClients(region);
    const again = defaultAwsClients(region);
    const other = defaultAwsClients('sa-east-1');

    // Assess
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(first.apiGateway).toBe(again.apiGateway);
  });
});

describe('operationNameOf', () => {
  it('strips "Command" from the class name', () => {
    // Prepare
    const commands = [new GetStageCommand({ restApiId: 'a', stageName: 'b' }), new GetPolicyCommand({ FunctionName: 'f' })];

    // Act
    const names = commands.map(operationNameOf);

    // Assess
    expect(names).toStrictEqual(['GetStage', 'GetPolicy']);
  });

  it('falls back to the operation schema when a bundler renamed the class', () => {
    // Prepare
    const Minified = class extends GetStageCommand {};
    Object.defineProperty(Minified, 'name', { value: 'a' });
    const command = new Minified({ restApiId: 'a', stageName: 'b' });

    // Act
    const name = operationNameOf(command);

    // Assess
    expect(command.constructor.name).toBe('a');
    expect(name).toBe('GetStage');
  });

  it('throws NotACommandError for something that is not a command', () => {
    // Prepare
    const notACommand: SdkCommand = { input: {} };

    // Act
    const act = () => operationNameOf(notACommand);

    // Assess
    expect(act).toThrow(NotACommandError);
    expect(act).toThrow('cannot tell the operation of Object');
  });
});
