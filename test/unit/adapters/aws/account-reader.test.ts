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
  NotFoundException,
  TooManyRequestsException,
  UnauthorizedException,
} from '@aws-sdk/client-api-gateway';
import { AccessDeniedException, FilterLogEventsCommand, ThrottlingException } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTargetHealthCommand, TargetGroupNotFoundException } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, NoSuchEntityException, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import {
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  ListTagsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { classifyAwsError, createAccountReader } from '../../../../shared/adapters/aws/account-reader.ts';
import { READ_OPERATIONS, READ_PERMISSIONS, readOperationOf } from '../../../../shared/adapters/aws/read-operations.ts';
import { CLIENT_SERVICES, type AwsClients } from '../../../../shared/adapters/aws/clients.ts';
import { MissingRecordError } from '../../../../shared/adapters/recorded/missing-record-error.ts';
import { awsError, fakeClient, mockedClients, readEverything } from './mock-clients.ts';

const API = 'a1b2c3';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/apigw-invoke';
const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';
const meta = { $metadata: {} };

function readerOver(clients: AwsClients) {
  return createAccountReader({ clients, account: '123456789012', region: 'us-east-1' });
}

describe('createAccountReader: API Gateway reads', () => {
  it('getRestApi sends GetRestApi and keeps the port fields only (dates dropped)', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway.on(GetRestApiCommand).resolves({
      id: API,
      name: 'orders-api',
      createdDate: new Date('2026-01-02T03:04:05.000Z'),
      binaryMediaTypes: ['image/png'],
      endpointConfiguration: { types: ['REGIONAL'] },
      tags: { team: 'orders' },
    });
    const reader = readerOver(clients);

    // Act
    const result = await reader.getRestApi(API);

    // Assess
    expect(mocks.apiGateway).toHaveReceivedCommandExactlyOnceWith(GetRestApiCommand, { restApiId: API });
    expect(result).toStrictEqual({
      ok: true,
      value: {
        id: API,
        name: 'orders-api',
        binaryMediaTypes: ['image/png'],
        endpointConfiguration: { types: ['REGIONAL'] },
        tags: { team: 'orders' },
      },
    });
  });

  it('getRestApi answers null for NotFoundException', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway.on(GetRestApiCommand).rejects(new NotFoundException({ message: 'Invalid API identifier specified', ...meta }));

    // Act
    const result = await readerOver(clients).getRestApi('nope');

    // Assess
    expect(result).toStrictEqual({ ok: true, value: null });
  });

  it('findRestApisByName pages GetRestApis with limit 500 and keeps only exact name matches', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway
      .on(GetRestApisCommand, { position: undefined })
      .resolves({ items: [{ id: 'a1', name: 'orders' }, { id: 'b2', name: 'orders-v2' }], position: 'page2' })
      .on(GetRestApisCommand, { position: 'page2' })
      .resolves({ items: [{ id: 'c3', name: 'orders' }] });

    // Act
    const result = await readerOver(clients).findRestApisByName('orders');

    // Assess
    expect(mocks.apiGateway.commandCalls(GetRestApisCommand).map((call) => call.args[0].input)).toStrictEqual([
      { limit: 500 },
      { limit: 500, position: 'page2' },
    ]);
    expect(result).toStrictEqual({ ok: true, value: [{ id: 'a1', name: 'orders' }, { id: 'c3', name: 'orders' }] });
  });

  it('getResources pages with embed ["methods"] and limit 500 and maps embedded methods and integrations', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway
      .on(GetResourcesCommand, { position: undefined })
      .resolves({ items: [{ id: 'root', path: '/' }], position: 'next-1' })
      .on(GetResourcesCommand, { position: 'next-1' })
      .resolves({
        items: [
          {
            id: 'r1',
            path: '/items',
            resourceMethods: {
              GET: {
                httpMethod: 'GET',
                authorizationType: 'NONE',
                methodIntegration: {
                  type: 'AWS_PROXY',
                  httpMethod: 'POST',
                  uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`,
                  timeoutInMillis: 29000,
                  integrationResponses: { '200': { statusCode: '200', selectionPattern: '' } },
                },
                methodResponses: { '200': { statusCode: '200' } },
              },
            },
          },
        ],
      });

    // Act
    const result = await readerOver(clients).getResources(API);

    // Assess
    expect(mocks.apiGateway.commandCalls(GetResourcesCommand).map((call) => call.args[0].input)).toStrictEqual([
      { restApiId: API, embed: ['methods'], limit: 500 },
      { restApiId: API, embed: ['methods'], limit: 500, position: 'next-1' },
    ]);
    expect(result).toStrictEqual({
      ok: true,
      value: [
        { id: 'root', path: '/' },
        {
          id: 'r1',
          path: '/items',
          resourceMethods: {
            GET: {
              httpMethod: 'GET',
              authorizationType: 'NONE',
              methodIntegration: {
                type: 'AWS_PROXY',
                httpMethod: 'POST',
                uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`,
                timeoutInMillis: 29000,
                integrationResponses: { '200': { statusCode: '200', selectionPattern: '' } },
              },
              methodResponses: { '200': { statusCode: '200' } },
            },
          },
        },
      ],
    });
  });

  it('getMethod and getIntegration send the method coordinates and answer null when missing', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway
      .on(GetMethodCommand, { resourceId: 'r1' })
      .resolves({ httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'auth1' })
      .on(GetMethodCommand, { resourceId: 'gone' })
      .rejects(new NotFoundException({ message: 'Invalid Method identifier specified', ...meta }))
      .on(GetIntegrationCommand)
      .resolves({ type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'https://backend.example.com/{proxy}', connectionType: 'VPC_LINK', connectionId: 'vl1' });
    const reader = readerOver(clients);

    // Act
    const method = await reader.getMethod(API, 'r1', 'GET');
    const missing = await reader.getMethod(API, 'gone', 'GET');
    const integration = await reader.getIntegration(API, 'r1', 'GET');

    // Assess
    expect(mocks.apiGateway).toHaveReceivedCommandWith(GetMethodCommand, { restApiId: API, resourceId: 'r1', httpMethod: 'GET' });
    expect(mocks.apiGateway.commandCalls(GetIntegrationCommand)[0]?.args[0].input).toStrictEqual({
      restApiId: API,
      resourceId: 'r1',
      httpMethod: 'GET',
    });
    expect(method).toStrictEqual({ ok: true, value: { httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'auth1' } });
    expect(missing).toStrictEqual({ ok: true, value: null });
    expect(integration).toStrictEqual({
      ok: true,
      value: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'https://backend.example.com/{proxy}', connectionType: 'VPC_LINK', connectionId: 'vl1' },
    });
  });

  it('getStage maps settings and variables; getStages maps every item', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    const stage = {
      stageName: 'prod',
      deploymentId: 'd1',
      variables: { fn: 'orders-live' },
      methodSettings: { '*/*': { loggingLevel: 'ERROR', metricsEnabled: true, dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000 } },
      accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:access', format: '$context.requestId' },
      tracingEnabled: true,
      lastUpdatedDate: new Date('2026-01-01T00:00:00.000Z'),
    };
    mocks.apiGateway.on(GetStageCommand).resolves(stage).on(GetStagesCommand).resolves({ item: [stage, { stageName: 'dev' }] });
    const reader = readerOver(clients);

    // Act
    const one = await reader.getStage(API, 'prod');
    const all = await reader.getStages(API);

    // Assess
    expect(mocks.apiGateway).toHaveReceivedCommandExactlyOnceWith(GetStageCommand, { restApiId: API, stageName: 'prod' });
    expect(mocks.apiGateway).toHaveReceivedCommandExactlyOnceWith(GetStagesCommand, { restApiId: API });
    const expected = {
      stageName: 'prod',
      deploymentId: 'd1',
      variables: { fn: 'orders-live' },
      methodSettings: { '*/*': { loggingLevel: 'ERROR', metricsEnabled: true, dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000 } },
      accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:access', format: '$context.requestId' },
      tracingEnabled: true,
    };
    expect(one).toStrictEqual({ ok: true, value: expected });
    expect(all).toStrictEqual({ ok: true, value: [expected, { stageName: 'dev' }] });
  });

  it('getAccountSettings, getTags and getVpcLink send their inputs and map their outputs', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway
      .on(GetAccountCommand)
      .resolves({ cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs', throttleSettings: { rateLimit: 10000 } })
      .on(GetTagsCommand)
      .resolves({ tags: { 'apigw-doctor:auto-remediate': 'true' } })
      .on(GetVpcLinkCommand)
      .resolves({ id: 'vl1', name: 'nlb', status: 'FAILED', statusMessage: 'NLB is not active', targetArns: ['arn:nlb'] });
    const reader = readerOver(clients);
    const stageArn = `arn:aws:apigateway:us-east-1::/restapis/${API}/stages/prod`;

    // Act
    const account = await reader.getAccountSettings();
    const tags = await reader.getTags(stageArn);
    const link = await reader.getVpcLink('vl1');

    // Assess
    expect(mocks.apiGateway.commandCalls(GetAccountCommand)[0]?.args[0].input).toStrictEqual({});
    expect(mocks.apiGateway).toHaveReceivedCommandExactlyOnceWith(GetTagsCommand, { resourceArn: stageArn });
    expect(mocks.apiGateway).toHaveReceivedCommandExactlyOnceWith(GetVpcLinkCommand, { vpcLinkId: 'vl1' });
    expect(account).toStrictEqual({ ok: true, value: { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs' } });
    expect(tags).toStrictEqual({ ok: true, value: { 'apigw-doctor:auto-remediate': 'true' } });
    expect(link).toStrictEqual({
      ok: true,
      value: { id: 'vl1', name: 'nlb', status: 'FAILED', statusMessage: 'NLB is not active', targetArns: ['arn:nlb'] },
    });
  });

  it('getStages reports a missing API as a not_found failure (a list has no null)', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway.on(GetStagesCommand).rejects(new NotFoundException({ message: 'Invalid API identifier specified', ...meta }));

    // Act
    const result = await readerOver(clients).getStages('nope');

    // Assess
    expect(result).toStrictEqual({
      ok: false,
      error: { kind: 'not_found', operation: 'apigateway:GetStages', message: 'NotFoundException: Invalid API identifier specified' },
    });
  });
});

describe('createAccountReader: Lambda reads', () => {
  const policyText = JSON.stringify({
    Version: '2012-10-17',
    Id: 'default',
    Statement: [
      {
        Sid: 'apigw-é',
        Effect: 'Allow',
        Principal: { Service: 'apigateway.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: FUNCTION_ARN,
        Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:us-east-1:123456789012:${API}/*/GET/items` } },
      },
    ],
  });

  it('getFunctionPolicy parses Policy, counts its UTF-8 bytes and keeps RevisionId', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.lambda.on(GetPolicyCommand).resolves({ Policy: policyText, RevisionId: 'rev-1' });

    // Act
    const result = await readerOver(clients).getFunctionPolicy('orders', 'live');

    // Assess
    expect(mocks.lambda.commandCalls(GetPolicyCommand)[0]?.args[0].input).toStrictEqual({ FunctionName: 'orders', Qualifier: 'live' });
    expect(result).toStrictEqual({
      ok: true,
      value: {
        policy: {
          Version: '2012-10-17',
          Id: 'default',
          Statement: [
            {
              Sid: 'apigw-é',
              Effect: 'Allow',
              Principal: { Service: 'apigateway.amazonaws.com' },
              Action: 'lambda:InvokeFunction',
              Resource: FUNCTION_ARN,
              Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:us-east-1:123456789012:${API}/*/GET/items` } },
            },
          ],
        },
        // "é" is one UTF-16 unit but two UTF-8 bytes.
        sizeBytes: policyText.length + 1,
        RevisionId: 'rev-1',
      },
    });
  });

  it('getFunctionPolicy without a qualifier sends no Qualifier, and no policy (ResourceNotFoundException) is null', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.lambda
      .on(GetPolicyCommand)
      .rejects(new ResourceNotFoundException({ message: 'The resource you requested does not exist.', ...meta }));

    // Act
    const result = await readerOver(clients).getFunctionPolicy('orders');

    // Assess
    expect(mocks.lambda.commandCalls(GetPolicyCommand)[0]?.args[0].input).toStrictEqual({ FunctionName: 'orders' });
    expect(result).toStrictEqual({ ok: true, value: null });
  });

  it('getFunctionPolicy reports a Policy that is not JSON as an error, not a rejection', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.lambda.on(GetPolicyCommand).resolves({ Policy: '{not json' });

    // Act
    const result = await readerOver(clients).getFunctionPolicy('orders');

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.error.kind).toBe('error');
    expect(result.ok ? undefined : result.error.operation).toBe('lambda:GetPolicy');
    expect(result.ok ? '' : result.error.message).toMatch(/^lambda:GetPolicy returned an unusable answer: Policy is not JSON/);
  });

  it('getFunctionConfiguration, getAlias, getFunctionConcurrency and listFunctionTags send their inputs and map outputs', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.lambda
      .on(GetFunctionConfigurationCommand)
      .resolves({
        FunctionName: 'orders',
        FunctionArn: FUNCTION_ARN,
        Runtime: 'nodejs20.x',
        Timeout: 30,
        MemorySize: 512,
        State: 'Active',
        LastUpdateStatus: 'Successful',
        Version: '$LATEST',
        VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
        Environment: { Variables: { SECRET: 'x' } },
      })
      .on(GetAliasCommand)
      .resolves({ Name: 'live', AliasArn: `${FUNCTION_ARN}:live`, FunctionVersion: '7' })
      .on(GetFunctionConcurrencyCommand)
      .resolves({ ReservedConcurrentExecutions: 0 })
      .on(ListTagsCommand)
      .resolves({ Tags: { 'apigw-doctor:auto-remediate': 'add-invoke-permission' } });
    const reader = readerOver(clients);

    // Act
    const configuration = await reader.getFunctionConfiguration('orders', '7');
    const alias = await reader.getAlias('orders', 'live');
    const concurrency = await reader.getFunctionConcurrency('orders');
    const tags = await reader.listFunctionTags(FUNCTION_ARN);

    // Assess
    expect(mocks.lambda.commandCalls(GetFunctionConfigurationCommand)[0]?.args[0].input).toStrictEqual({ FunctionName: 'orders', Qualifier: '7' });
    expect(mocks.lambda.commandCalls(GetAliasCommand)[0]?.args[0].input).toStrictEqual({ FunctionName: 'orders', Name: 'live' });
    expect(mocks.lambda.commandCalls(GetFunctionConcurrencyCommand)[0]?.args[0].input).toStrictEqual({ FunctionName: 'orders' });
    expect(mocks.lambda.commandCalls(ListTagsCommand)[0]?.args[0].input).toStrictEqual({ Resource: FUNCTION_ARN });
    expect(configuration).toStrictEqual({
      ok: true,
      value: {
        FunctionName: 'orders',
        FunctionArn: FUNCTION_ARN,
        Runtime: 'nodejs20.x',
        Timeout: 30,
        MemorySize: 512,
        State: 'Active',
        LastUpdateStatus: 'Successful',
        Version: '$LATEST',
        VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
      },
    });
    expect(alias).toStrictEqual({ ok: true, value: { Name: 'live', AliasArn: `${FUNCTION_ARN}:live`, FunctionVersion: '7' } });
    expect(concurrency).toStrictEqual({ ok: true, value: { ReservedConcurrentExecutions: 0 } });
    expect(tags).toStrictEqual({ ok: true, value: { 'apigw-doctor:auto-remediate': 'add-invoke-permission' } });
  });

  it('a missing function or alias is null; no reservation is an empty object', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    const notFound = new ResourceNotFoundException({ message: 'Function not found: orders', ...meta });
    mocks.lambda
      .on(GetFunctionConfigurationCommand)
      .rejects(notFound)
      .on(GetAliasCommand)
      .rejects(notFound)
      .on(GetFunctionConcurrencyCommand)
      .resolves({});
    const reader = readerOver(clients);

    // Act
    const results = await Promise.all([reader.getFunctionConfiguration('orders'), reader.getAlias('orders', 'live'), reader.getFunctionConcurrency('orders')]);

    // Assess
    expect(results).toStrictEqual([
      { ok: true, value: null },
      { ok: true, value: null },
      { ok: true, value: {} },
    ]);
  });
});

describe('createAccountReader: logs, IAM and ELB reads', () => {
  it('filterLogEvents sends the query with limit 10,000 by default and follows nextToken', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.logs
      .on(FilterLogEventsCommand, { nextToken: undefined })
      .resolves({ events: [{ timestamp: 1, message: 'a', logStreamName: 's', eventId: 'e1' }], nextToken: 't2' })
      .on(FilterLogEventsCommand, { nextToken: 't2' })
      .resolves({ events: [{ timestamp: 2, message: 'b' }] });
    const query = { logGroupName: `API-Gateway-Execution-Logs_${API}/prod`, startTime: 1000, endTime: 2000, filterPattern: '"status: 502"' };

    // Act
    const result = await readerOver(clients).filterLogEvents(query);

    // Assess
    expect(mocks.logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input)).toStrictEqual([
      { ...query, limit: 10000 },
      { ...query, limit: 9999, nextToken: 't2' },
    ]);
    // The stream is kept: functions sharing a custom log group are told apart by it.
    expect(result).toStrictEqual({ ok: true, value: [{ timestamp: 1, message: 'a', logStreamName: 's' }, { timestamp: 2, message: 'b' }] });
  });

  it('filterLogEvents stops at the caller’s limit, asking only for what is still missing', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.logs
      .on(FilterLogEventsCommand, { nextToken: undefined })
      .resolves({ events: [{ timestamp: 1, message: 'a' }, { timestamp: 2, message: 'b' }], nextToken: 't2' })
      .on(FilterLogEventsCommand, { nextToken: 't2' })
      .resolves({ events: [{ timestamp: 3, message: 'c' }, { timestamp: 4, message: 'd' }], nextToken: 't3' });

    // Act
    const result = await readerOver(clients).filterLogEvents({ logGroupName: 'g', limit: 3 });

    // Assess
    expect(mocks.logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input)).toStrictEqual([
      { logGroupName: 'g', limit: 3 },
      { logGroupName: 'g', limit: 1, nextToken: 't2' },
    ]);
    expect(result).toStrictEqual({
      ok: true,
      value: [
        { timestamp: 1, message: 'a' },
        { timestamp: 2, message: 'b' },
        { timestamp: 3, message: 'c' },
      ],
    });
  });

  it('filterLogEvents stops when a page token repeats instead of looping', async () => {
    // Prepare
    const { client, received } = fakeClient(() => ({ events: [{ timestamp: 1, message: 'same' }], nextToken: 'loop' }));
    const { clients } = mockedClients();
    const reader = readerOver({ ...clients, logs: client });

    // Act
    const result = await reader.filterLogEvents({ logGroupName: 'g', limit: 100 });

    // Assess
    expect(received.map((call) => call.input)).toStrictEqual([
      { logGroupName: 'g', limit: 100 },
      { logGroupName: 'g', limit: 99, nextToken: 'loop' },
    ]);
    expect(result).toStrictEqual({ ok: true, value: [{ timestamp: 1, message: 'same' }, { timestamp: 1, message: 'same' }] });
  });

  it('filterLogEvents on a missing log group is a not_found failure', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.logs.on(FilterLogEventsCommand).rejects(awsError('ResourceNotFoundException', 'The specified log group does not exist.', 400));

    // Act
    const result = await readerOver(clients).filterLogEvents({ logGroupName: 'missing' });

    // Assess
    expect(result).toStrictEqual({
      ok: false,
      error: { kind: 'not_found', operation: 'logs:FilterLogEvents', message: 'ResourceNotFoundException: The specified log group does not exist.' },
    });
  });

  it('getRole URL-decodes and parses the trust policy, accepting a single Statement object', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    const trust = { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' } };
    mocks.iam.on(GetRoleCommand).resolves({
      Role: {
        RoleName: 'apigw-invoke',
        Arn: ROLE_ARN,
        Path: '/',
        RoleId: 'AROA000',
        CreateDate: new Date('2026-01-01T00:00:00.000Z'),
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      },
    });

    // Act
    const result = await readerOver(clients).getRole('apigw-invoke');

    // Assess
    expect(mocks.iam).toHaveReceivedCommandExactlyOnceWith(GetRoleCommand, { RoleName: 'apigw-invoke' });
    expect(result).toStrictEqual({
      ok: true,
      value: {
        RoleName: 'apigw-invoke',
        Arn: ROLE_ARN,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
      },
    });
  });

  it('getRole answers null for NoSuchEntity', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'The role with name x cannot be found.', ...meta }));

    // Act
    const result = await readerOver(clients).getRole('x');

    // Assess
    expect(result).toStrictEqual({ ok: true, value: null });
  });

  it('simulatePrincipalPolicy sends the role, actions and resources and follows Marker while IsTruncated', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.iam
      .on(SimulatePrincipalPolicyCommand, { Marker: undefined })
      .resolves({ EvaluationResults: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FUNCTION_ARN, EvalDecision: 'implicitDeny' }], IsTruncated: true, Marker: 'm2' })
      .on(SimulatePrincipalPolicyCommand, { Marker: 'm2' })
      .resolves({ EvaluationResults: [{ EvalActionName: 'lambda:InvokeFunction', EvalResourceName: `${FUNCTION_ARN}:live`, EvalDecision: 'allowed' }], IsTruncated: false, Marker: 'ignored' });

    // Act
    const result = await readerOver(clients).simulatePrincipalPolicy(ROLE_ARN, ['lambda:InvokeFunction'], [FUNCTION_ARN, `${FUNCTION_ARN}:live`]);

    // Assess
    expect(mocks.iam.commandCalls(SimulatePrincipalPolicyCommand).map((call) => call.args[0].input)).toStrictEqual([
      { PolicySourceArn: ROLE_ARN, ActionNames: ['lambda:InvokeFunction'], ResourceArns: [FUNCTION_ARN, `${FUNCTION_ARN}:live`] },
      { PolicySourceArn: ROLE_ARN, ActionNames: ['lambda:InvokeFunction'], ResourceArns: [FUNCTION_ARN, `${FUNCTION_ARN}:live`], Marker: 'm2' },
    ]);
    expect(result).toStrictEqual({
      ok: true,
      value: [
        { EvalActionName: 'lambda:InvokeFunction', EvalResourceName: FUNCTION_ARN, EvalDecision: 'implicitDeny' },
        { EvalActionName: 'lambda:InvokeFunction', EvalResourceName: `${FUNCTION_ARN}:live`, EvalDecision: 'allowed' },
      ],
    });
  });

  it('describeTargetHealth maps targets; a missing target group is not_found', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.elbv2
      .on(DescribeTargetHealthCommand, { TargetGroupArn: TG_ARN })
      .resolves({
        TargetHealthDescriptions: [
          { Target: { Id: '10.0.0.1', Port: 443 }, HealthCheckPort: '443', TargetHealth: { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' } },
        ],
      })
      .on(DescribeTargetHealthCommand, { TargetGroupArn: 'gone' })
      .rejects(new TargetGroupNotFoundException({ message: 'One or more target groups not found', ...meta }));
    const reader = readerOver(clients);

    // Act
    const health = await reader.describeTargetHealth(TG_ARN);
    const missing = await reader.describeTargetHealth('gone');

    // Assess
    expect(mocks.elbv2).toHaveReceivedCommandWith(DescribeTargetHealthCommand, { TargetGroupArn: TG_ARN });
    expect(health).toStrictEqual({
      ok: true,
      value: [{ Target: { Id: '10.0.0.1', Port: 443 }, TargetHealth: { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' } }],
    });
    expect(missing).toStrictEqual({
      ok: false,
      error: { kind: 'not_found', operation: 'elasticloadbalancing:DescribeTargetHealth', message: 'TargetGroupNotFoundException: One or more target groups not found' },
    });
  });
});

describe('error mapping', () => {
  it.each([
    ['ResourceNotFoundException', 'not_found'],
    ['NotFoundException', 'not_found'],
    ['NoSuchEntity', 'not_found'],
    ['NoSuchEntityException', 'not_found'],
    ['TargetGroupNotFoundException', 'not_found'],
    ['AccessDenied', 'denied'],
    ['AccessDeniedException', 'denied'],
    ['UnauthorizedOperation', 'denied'],
    ['UnauthorizedException', 'denied'],
    ['ThrottlingException', 'throttled'],
    ['Throttling', 'throttled'],
    ['TooManyRequestsException', 'throttled'],
    ['TooManyTagsException', 'error'],
    ['ServiceException', 'error'],
    ['MissingRecordError', 'error'],
  ] as const)('classifies %s as %s', (name, kind) => {
    // Prepare
    const error = awsError(name, 'x', 400);

    // Act
    const classified = classifyAwsError(error);

    // Assess
    expect(classified).toBe(kind);
  });

  it('classifies real SDK exception instances', () => {
    // Prepare
    const errors = [
      new ThrottlingException({ message: 'Rate exceeded', ...meta }),
      new AccessDeniedException({ message: 'no', ...meta }),
      new ResourceNotFoundException({ message: 'none', ...meta }),
      new NoSuchEntityException({ message: 'none', ...meta }),
      new TooManyRequestsException({ message: 'slow down', ...meta }),
    ];

    // Act
    const kinds = errors.map(classifyAwsError);

    // Assess
    expect(kinds).toStrictEqual(['throttled', 'denied', 'not_found', 'not_found', 'throttled']);
  });

  it.each([
    [403, 'denied'],
    [404, 'not_found'],
    [429, 'throttled'],
    [500, 'error'],
  ] as const)('falls back to HTTP status %i for an unknown error name (%s)', (status, kind) => {
    // Prepare
    const error = awsError('UnknownError', 'x', status);

    // Act
    const classified = classifyAwsError(error);

    // Assess
    expect(classified).toBe(kind);
  });

  it('maps denied, throttled and other errors to failures naming the operation', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway
      .on(GetStageCommand)
      .rejects(new UnauthorizedException({ message: 'not authorized to perform apigateway:GET', ...meta }))
      .on(GetRestApiCommand)
      .rejects(new TooManyRequestsException({ message: 'Too Many Requests', ...meta }));
    mocks.logs
      .on(FilterLogEventsCommand)
      .rejects(new AccessDeniedException({ message: 'User is not authorized to perform logs:FilterLogEvents', ...meta }));
    mocks.lambda.on(GetPolicyCommand).rejects(new Error('socket hang up'));
    mocks.iam.on(GetRoleCommand).rejects(awsError('Throttling', 'Rate exceeded', 400));
    const reader = readerOver(clients);

    // Act
    const results = await Promise.all([
      reader.getStage(API, 'prod'),
      reader.getRestApi(API),
      reader.filterLogEvents({ logGroupName: 'g' }),
      reader.getFunctionPolicy('orders'),
      reader.getRole('r'),
    ]);

    // Assess
    expect(results).toStrictEqual([
      { ok: false, error: { kind: 'denied', operation: 'apigateway:GetStage', message: 'UnauthorizedException: not authorized to perform apigateway:GET' } },
      { ok: false, error: { kind: 'throttled', operation: 'apigateway:GetRestApi', message: 'TooManyRequestsException: Too Many Requests' } },
      { ok: false, error: { kind: 'denied', operation: 'logs:FilterLogEvents', message: 'AccessDeniedException: User is not authorized to perform logs:FilterLogEvents' } },
      { ok: false, error: { kind: 'error', operation: 'lambda:GetPolicy', message: 'Error: socket hang up' } },
      { ok: false, error: { kind: 'throttled', operation: 'iam:GetRole', message: 'Throttling: Rate exceeded' } },
    ]);
  });

  it('surfaces a missing record as an error whose message starts "no record for", not as denied', async () => {
    // Prepare
    const { clients } = mockedClients();
    const missing: AwsClients = {
      ...clients,
      lambda: {
        send: () => Promise.reject(new MissingRecordError('lambda', 'GetPolicy', { FunctionName: 'orders' })),
      },
    };

    // Act
    const result = await readerOver(missing).getFunctionPolicy('orders');

    // Assess
    expect(result).toStrictEqual({
      ok: false,
      error: { kind: 'error', operation: 'lambda:GetPolicy', message: 'no record for lambda GetPolicy with input {"FunctionName":"orders"}' },
    });
  });

  it('never rejects, even when a client throws synchronously', async () => {
    // Prepare
    const { clients } = mockedClients();
    const broken: AwsClients = {
      ...clients,
      apiGateway: {
        send: () => {
          throw new TypeError('boom');
        },
      },
    };

    // Act
    const result = await readerOver(broken).getStage(API, 'prod');

    // Assess
    expect(result).toStrictEqual({ ok: false, error: { kind: 'error', operation: 'apigateway:GetStage', message: 'TypeError: boom' } });
  });
});

describe('memoisation and call counting', () => {
  it('makes one call for two concurrent identical reads and counts it', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway.on(GetStageCommand).callsFake(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { stageName: 'prod' };
    });
    const reader = readerOver(clients);

    // Act
    const [first, second] = await Promise.all([reader.getStage(API, 'prod'), reader.getStage(API, 'prod')]);
    const third = await reader.getStage(API, 'prod');

    // Assess
    expect(mocks.apiGateway).toHaveReceivedCommandTimes(GetStageCommand, 1);
    expect(first).toStrictEqual({ ok: true, value: { stageName: 'prod' } });
    expect(second).toStrictEqual(first);
    expect(third).toStrictEqual(first);
    expect(reader.callStats()).toStrictEqual({ calls: 1, cacheHits: 2, byOperation: { 'apigateway:GetStage': 1 } });
  });

  it('calls again for a different input, and remembers failures too', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.lambda
      .on(GetPolicyCommand, { FunctionName: 'a' })
      .rejects(new ResourceNotFoundException({ message: 'none', ...meta }))
      .on(GetPolicyCommand, { FunctionName: 'b' })
      .rejects(awsError('AccessDeniedException', 'denied', 403));
    const reader = readerOver(clients);

    // Act
    await reader.getFunctionPolicy('a');
    await reader.getFunctionPolicy('b');
    await reader.getFunctionPolicy('b');
    await reader.getFunctionPolicy('a', 'live');

    // Assess
    expect(mocks.lambda).toHaveReceivedCommandTimes(GetPolicyCommand, 3);
    expect(reader.callStats()).toStrictEqual({ calls: 3, cacheHits: 1, byOperation: { 'lambda:GetPolicy': 3 } });
  });

  it('keeps separate memos per reader (a reader is one diagnosis)', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGateway.on(GetAccountCommand).resolves({});

    // Act
    await readerOver(clients).getAccountSettings();
    await readerOver(clients).getAccountSettings();

    // Assess
    expect(mocks.apiGateway).toHaveReceivedCommandTimes(GetAccountCommand, 2);
  });
});

describe('READ_PERMISSIONS', () => {
  it('covers every operation the reader calls, on the service it calls it on, and nothing else', async () => {
    // Prepare
    const seen: { client: keyof AwsClients; operation: string }[] = [];
    const spy = (key: keyof AwsClients) =>
      fakeClient((operation) => {
        seen.push({ client: key, operation });
        return operation === 'GetPolicy' ? { Policy: '{"Statement":[]}' } : {};
      }).client;
    const reader = readerOver({
      apiGateway: spy('apiGateway'), lambda: spy('lambda'), logs: spy('logs'), iam: spy('iam'), elbv2: spy('elbv2'),
      cloudTrail: spy('cloudTrail'), cloudWatch: spy('cloudWatch'), ec2: spy('ec2'), apiGatewayV2: spy('apiGatewayV2'),
    });

    // Act
    const methodsCalled = Object.keys(await readEverything(reader));

    // Assess
    const portMethods = Object.keys(reader).filter((key) => typeof Reflect.get(reader, key) === 'function' && key !== 'callStats');
    expect([...methodsCalled].sort()).toStrictEqual(portMethods.sort());
    const keys = seen.map(({ client, operation }) => readOperationOf(client, operation));
    seen.forEach(({ client, operation }, i) => {
      const info = READ_OPERATIONS[keys[i] ?? 'GetRestApi'];
      expect(keys[i], `${client} ${operation} is in the read table`).toBeDefined();
      expect(info.service).toBe(CLIENT_SERVICES[client]);
      expect(info.operation).toBe(operation);
      expect(READ_PERMISSIONS).toContain(info.permission);
    });
    expect([...new Set(keys)].sort()).toStrictEqual(Object.keys(READ_OPERATIONS).sort());
    expect([...READ_PERMISSIONS].sort()).toStrictEqual([
      'apigateway:GET',
      'cloudtrail:LookupEvents',
      'cloudwatch:GetMetricData',
      'ec2:DescribeNetworkAcls',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetHealth',
      'iam:GetRole',
      'iam:SimulatePrincipalPolicy',
      'lambda:GetAlias',
      'lambda:GetFunctionConcurrency',
      'lambda:GetFunctionConfiguration',
      'lambda:GetPolicy',
      'lambda:ListTags',
      'logs:FilterLogEvents',
    ]);
  });
});

