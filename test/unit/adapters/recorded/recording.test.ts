import {
  APIGatewayClient,
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
  NotFoundException,
} from '@aws-sdk/client-api-gateway';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetApiCommand, GetRoutesCommand } from '@aws-sdk/client-apigatewayv2';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeNetworkAclsCommand, DescribeNetworkInterfacesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import {
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  ListTagsCommand,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAccount } from '../../../../cli/account.ts';
import { callerAccount } from '../../../../shared/adapters/aws/caller-identity.ts';
import { createAccountReader } from '../../../../shared/adapters/aws/account-reader.ts';
import { createAccountReaderFromRecording, parseRecording } from '../../../../shared/adapters/recorded/recorded-account.ts';
import { recordingClients } from '../../../../shared/adapters/recorded/recording.ts';
import { fakeClient, mockedClients, readEverything } from '../aws/mock-clients.ts';

const meta = { $metadata: {} };
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';

describe('recordingClients', () => {
  it('passes the call through and captures service, operation, input and output (no $metadata, ISO dates)', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    const sdkOutput = { $metadata: { httpStatusCode: 200 }, stageName: 'prod', createdDate: new Date('2026-01-02T03:04:05.000Z') };
    mocks.apiGateway.on(GetStageCommand).resolves(sdkOutput);
    const recorder = recordingClients(clients);

    // Act
    const output = await recorder.clients.apiGateway.send(new GetStageCommand({ restApiId: 'a1b2c3', stageName: 'prod' }));

    // Assess
    expect(output).toStrictEqual(sdkOutput);
    expect(mocks.apiGateway).toHaveReceivedCommandExactlyOnceWith(GetStageCommand, { restApiId: 'a1b2c3', stageName: 'prod' });
    expect(recorder.calls()).toStrictEqual([
      {
        service: 'api-gateway',
        operation: 'GetStage',
        input: { restApiId: 'a1b2c3', stageName: 'prod' },
        output: { stageName: 'prod', createdDate: '2026-01-02T03:04:05.000Z' },
      },
    ]);
  });

  it('captures an error by name and message and rethrows the very same error', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    const error = new ResourceNotFoundException({ message: 'The resource you requested does not exist.', ...meta });
    mocks.lambda.on(GetPolicyCommand).rejects(error);
    const recorder = recordingClients(clients);

    // Act
    const sent = recorder.clients.lambda.send(new GetPolicyCommand({ FunctionName: 'orders' }));

    // Assess
    await expect(sent).rejects.toBe(error);
    expect(recorder.calls()).toStrictEqual([
      {
        service: 'lambda',
        operation: 'GetPolicy',
        input: { FunctionName: 'orders' },
        error: { name: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' },
      },
    ]);
  });

  it('redacts secrets in log events and Lambda environment values, but returns the live output untouched', async () => {
    // Prepare
    const line = '(r1) Endpoint request headers: {Authorization=AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/x, X-Amz-Date=20260101T000000Z}';
    const { clients, mocks } = mockedClients();
    mocks.logs.on(FilterLogEventsCommand).resolves({ events: [{ timestamp: 1, message: line }] });
    mocks.lambda.on(GetFunctionConfigurationCommand).resolves({ FunctionName: 'orders', Environment: { Variables: { DB_PASSWORD: 'hunter2' } } });
    const recorder = recordingClients(clients);

    // Act
    const live = await recorder.clients.logs.send(new FilterLogEventsCommand({ logGroupName: 'g' }));
    await recorder.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders' }));

    // Assess
    expect(live).toStrictEqual({ events: [{ timestamp: 1, message: line }] });
    expect(recorder.calls().map((call) => call.output)).toStrictEqual([
      { events: [{ timestamp: 1, message: '(r1) Endpoint request headers: {Authorization=[REDACTED], X-Amz-Date=20260101T000000Z}' }] },
      { FunctionName: 'orders', Environment: { Variables: { DB_PASSWORD: '[REDACTED]' } } },
    ]);
  });

  it('keeps calls in the order they started, even when they finish in another order', async () => {
    // Prepare
    const delays: Record<string, number> = { slow: 30, fast: 0 };
    const { client } = fakeClient(async (_operation, input) => {
      const name = (input as { FunctionName: string }).FunctionName;
      await new Promise((resolve) => setTimeout(resolve, delays[name]));
      return { FunctionName: name };
    });
    const { clients } = mockedClients();
    const recorder = recordingClients({ ...clients, lambda: client });

    // Act
    await Promise.all([
      recorder.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'slow' })),
      recorder.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fast' })),
    ]);

    // Assess
    expect(recorder.calls().map((call) => call.input)).toStrictEqual([{ FunctionName: 'slow' }, { FunctionName: 'fast' }]);
  });

  it('toRecording writes the events/accounts/README.md format, with now as ISO only when given', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway.on(GetAccountCommand).resolves({ cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/logs' });
    const recorder = recordingClients(clients);
    await recorder.clients.apiGateway.send(new GetAccountCommand({}));

    // Act
    const withNow = recorder.toRecording({ account: '123456789012', region: 'us-east-1', now: new Date('2026-11-20T14:10:00.000Z') });
    const withoutNow = recorder.toRecording({ account: '123456789012', region: 'us-east-1' });

    // Assess
    const calls = [{ service: 'api-gateway', operation: 'GetAccount', input: {}, output: { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/logs' } }];
    expect(withNow).toStrictEqual({ account: '123456789012', region: 'us-east-1', now: '2026-11-20T14:10:00.000Z', calls });
    expect(withoutNow).toStrictEqual({ account: '123456789012', region: 'us-east-1', calls });
    expect(parseRecording(JSON.parse(JSON.stringify(withNow)), 'recorded.json')).toStrictEqual({ ok: true, value: withNow });
  });
});

describe('record → replay round trip', () => {
  it('gives the same reader results from the recording as from the live (mocked) account', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    mocks.apiGateway
      .on(GetRestApiCommand)
      .resolves({ id: 'a1b2c3', name: 'orders', createdDate: new Date('2026-01-01T00:00:00.000Z') })
      .on(GetRestApisCommand, { position: undefined })
      .resolves({ items: [{ id: 'a1b2c3', name: 'orders' }], position: 'p2' })
      .on(GetRestApisCommand, { position: 'p2' })
      .resolves({ items: [{ id: 'z9', name: 'orders' }, { id: 'y8', name: 'other' }] })
      .on(GetResourcesCommand)
      .resolves({ items: [{ id: 'r1', path: '/items', resourceMethods: { GET: { httpMethod: 'GET', methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST' } } } }] })
      .on(GetMethodCommand)
      .resolves({ httpMethod: 'GET', authorizationType: 'NONE' })
      .on(GetIntegrationCommand)
      .rejects(new NotFoundException({ message: 'No integration defined for method', ...meta }))
      .on(GetStageCommand)
      .resolves({ stageName: 'prod', variables: { fn: 'orders' }, methodSettings: { '*/*': { loggingLevel: 'OFF' } } })
      .on(GetStagesCommand)
      .resolves({ item: [{ stageName: 'prod' }] })
      .on(GetAccountCommand)
      .resolves({})
      .on(GetTagsCommand)
      .resolves({ tags: { team: 'orders' } })
      .on(GetVpcLinkCommand)
      .resolves({ id: 'vl1', status: 'AVAILABLE' });
    mocks.lambda
      .on(GetPolicyCommand)
      .resolves({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction' }] }), RevisionId: 'r1' })
      .on(GetFunctionConfigurationCommand)
      .resolves({ FunctionName: 'orders', Timeout: 30, LastModified: '2026-01-01T00:00:00.000+0000' })
      .on(GetAliasCommand)
      .rejects(new ResourceNotFoundException({ message: 'Alias not found', ...meta }))
      .on(GetFunctionConcurrencyCommand)
      .resolves({ ReservedConcurrentExecutions: 0 })
      .on(ListTagsCommand)
      .rejects(new TooManyRequestsException({ message: 'Rate exceeded', ...meta }));
    // Inside the queried window (readEverything asks from startTime 1000), as CloudWatch Logs would answer.
    mocks.logs
      .on(FilterLogEventsCommand, { nextToken: undefined })
      .resolves({ events: [{ timestamp: 1_001, message: '(r1) Method completed with status: 502' }], nextToken: 'n2' })
      .on(FilterLogEventsCommand, { nextToken: 'n2' })
      .resolves({ events: [{ timestamp: 1_002, message: '(r2) Execution failed due to configuration error: Malformed Lambda proxy response' }] });
    mocks.iam
      .on(GetRoleCommand)
      .resolves({ Role: { RoleName: 'apigw-invoke', Arn: 'arn:aws:iam::123456789012:role/apigw-invoke', Path: '/', RoleId: 'AROA1', CreateDate: new Date(0), AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)) } })
      .on(SimulatePrincipalPolicyCommand)
      .resolves({ EvaluationResults: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FUNCTION_ARN, EvalDecision: 'allowed' }], IsTruncated: false });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ Target: { Id: 'i-1', Port: 80 }, TargetHealth: { State: 'healthy' } }] });
    mocks.elbv2
      .on(DescribeLoadBalancersCommand)
      .resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb', Type: 'network', State: { Code: 'active' }, AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: 'subnet-0123' }] }] })
      .on(DescribeListenersCommand)
      .resolves({ Listeners: [{ ListenerArn: 'arn:l', Port: 80, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:tg' }] }] })
      .on(DescribeTargetGroupsCommand)
      .resolves({ TargetGroups: [{ TargetGroupArn: 'arn:tg', Port: 8080, Protocol: 'TCP', TargetType: 'ip' }] });
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-0123', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }] }] })
      .on(DescribeNetworkInterfacesCommand)
      .resolves({ NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-0123', PrivateIpAddress: '10.0.1.5', Groups: [{ GroupId: 'sg-0123' }] }] })
      .on(DescribeSubnetsCommand)
      .resolves({ Subnets: [{ SubnetId: 'subnet-0123', CidrBlock: '10.0.1.0/24' }] })
      .on(DescribeNetworkAclsCommand)
      .resolves({ NetworkAcls: [{ NetworkAclId: 'acl-1', Entries: [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' }] }] });
    mocks.cloudTrail.on(LookupEventsCommand).resolves({
      Events: [{ EventId: 'e1', EventName: 'AddPermission20150331v2', EventTime: new Date(500), EventSource: 'lambda.amazonaws.com', Username: 'deployer', CloudTrailEvent: '{"readOnly":false}' }],
    });
    mocks.cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'e5xx', Timestamps: [new Date(0)], Values: [3], StatusCode: 'Complete' }] });
    mocks.apiGatewayV2.on(GetApiCommand).resolves({ ApiId: 'h1t2p3', Name: 'orders-http', ProtocolType: 'HTTP', CreatedDate: new Date(0) });
    mocks.apiGatewayV2.on(GetRoutesCommand).resolves({ Items: [{ RouteId: 'r1', RouteKey: '$default', Target: 'integrations/i1' }] });
    const recorder = recordingClients(clients);
    const live = createAccountReader({ clients: recorder.clients, account: '123456789012', region: 'us-east-1' });
    const liveResults = await readEverything(live);

    // Act
    const file = JSON.stringify(recorder.toRecording({ account: '123456789012', region: 'us-east-1', now: '2026-11-20T14:10:00.000Z' }));
    const parsed = parseRecording(JSON.parse(file), 'round-trip.json');
    if (!parsed.ok) throw parsed.error;
    const replayed = createAccountReaderFromRecording(parsed.value);
    const replayedResults = await readEverything(replayed);

    // Assess
    expect(replayedResults).toStrictEqual(liveResults);
    expect(replayed.callStats()).toStrictEqual(live.callStats());
    expect(live.callStats().calls).toBe(37);
    expect(liveResults['getHttpApi']).toStrictEqual({ ok: true, value: { ApiId: 'h1t2p3', Name: 'orders-http', ProtocolType: 'HTTP' } });
    expect(liveResults['getHttpRoutes']).toStrictEqual({ ok: true, value: [{ RouteId: 'r1', RouteKey: '$default', Target: 'integrations/i1' }] });
    expect(liveResults['findRestApisByName']).toStrictEqual({ ok: true, value: [{ id: 'a1b2c3', name: 'orders' }, { id: 'z9', name: 'orders' }] });
    expect(liveResults['getIntegration']).toStrictEqual({ ok: true, value: null });
    expect(liveResults['listFunctionTags']).toStrictEqual({
      ok: false,
      error: { kind: 'throttled', operation: 'lambda:ListTags', message: 'TooManyRequestsException: Rate exceeded' },
    });
    expect(liveResults['getRole']).toStrictEqual({
      ok: true,
      value: { RoleName: 'apigw-invoke', Arn: 'arn:aws:iam::123456789012:role/apigw-invoke', AssumeRolePolicyDocument: trust },
    });
  });
});

describe('--record writes every call of the run', () => {
  it('records calls of any other client through wrap(), under the given service name', async () => {
    // Prepare
    const sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ops', UserId: 'AIDAEXAMPLE', ...meta });
    const { clients } = mockedClients();
    const recorder = recordingClients(clients);

    try {
      // Act
      const account = await callerAccount('us-east-1', (client) => recorder.wrap('sts', client));

      // Assess
      expect(account).toBe('123456789012');
      expect(recorder.calls()).toStrictEqual([
        { service: 'sts', operation: 'GetCallerIdentity', input: {}, output: { Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ops', UserId: 'AIDAEXAMPLE' } },
      ]);
    } finally {
      sts.restore();
    }
  });

  it('a live run with --record (cli/account.ts) writes STS GetCallerIdentity first, then the reads, and the file replays', async () => {
    // Prepare
    const sts = mockClient(STSClient);
    const apiGateway = mockClient(APIGatewayClient);
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ops', UserId: 'AIDAEXAMPLE', ...meta });
    apiGateway.on(GetRestApiCommand).resolves({ id: 'a1b2c3', name: 'orders', ...meta });
    const dir = await mkdtemp(join(tmpdir(), 'record-run-'));
    const file = join(dir, 'run.json');

    try {
      // Act
      const session = await openAccount({ region: 'us-east-1', record: file, env: {} });
      const live = await session.reader.getRestApi('a1b2c3');
      const written = await session.finish();
      const parsed = parseRecording(JSON.parse(await readFile(file, 'utf8')), file);

      // Assess
      expect(written).toBe(file);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.value.calls.map((c) => `${c.service} ${c.operation}`)).toEqual(['sts GetCallerIdentity', 'api-gateway GetRestApi']);
      expect(parsed.value.account).toBe('123456789012');
      // The STS record is ignored on replay (nothing asks for it); the reads replay as they ran.
      expect(await createAccountReaderFromRecording(parsed.value).getRestApi('a1b2c3')).toStrictEqual(live);
    } finally {
      sts.restore();
      apiGateway.restore();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

