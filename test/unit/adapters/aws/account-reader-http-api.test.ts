/** The AccountReader's API Gateway v2 (HTTP API) reads over aws-sdk-client-mock clients. */
import {
  GetApiCommand,
  GetAuthorizersCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  GetStagesCommand,
  NotFoundException,
} from '@aws-sdk/client-apigatewayv2';
import { GetStageCommand as GetRestStageCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { createAccountReader } from '../../../../shared/adapters/aws/account-reader.ts';
import { READ_OPERATIONS, readOperationOf, sdkOperationOf } from '../../../../shared/adapters/aws/read-operations.ts';
import type { AwsClients } from '../../../../shared/adapters/aws/clients.ts';
import { awsError, mockedClients } from './mock-clients.ts';

const API = 'h7t2p9q4rx';
const meta = { $metadata: {} };

function readerOver(clients: AwsClients) {
  return createAccountReader({ clients, account: '123456789012', region: 'us-east-1' });
}

describe('createAccountReader: API Gateway v2 reads', () => {
  it('getHttpApi sends GetApi with ApiId and keeps the port fields (dates dropped)', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGatewayV2.on(GetApiCommand).resolves({
      ApiId: API, Name: 'orders-http', ProtocolType: 'HTTP', ApiEndpoint: `https://${API}.execute-api.us-east-1.amazonaws.com`,
      CreatedDate: new Date('2026-11-20T09:00:00.000Z'), RouteSelectionExpression: '$request.method $request.path', Tags: { team: 'orders' }, ...meta,
    });

    // Act
    const result = await readerOver(clients).getHttpApi(API);

    // Assess
    expect(mocks.apiGatewayV2).toHaveReceivedCommandExactlyOnceWith(GetApiCommand, { ApiId: API });
    expect(result).toStrictEqual({
      ok: true,
      value: { ApiId: API, Name: 'orders-http', ProtocolType: 'HTTP', ApiEndpoint: `https://${API}.execute-api.us-east-1.amazonaws.com`, Tags: { team: 'orders' } },
    });
  });

  it('getHttpApi answers null for NotFoundException, and labels failures apigatewayv2:GetApi', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGatewayV2.on(GetApiCommand, { ApiId: 'gone' }).rejects(new NotFoundException({ message: 'Invalid API identifier specified', ...meta }));
    mocks.apiGatewayV2.on(GetApiCommand, { ApiId: API }).rejects(awsError('AccessDeniedException', 'not authorized to perform: apigateway:GET', 403));
    const reader = readerOver(clients);

    // Act
    const missing = await reader.getHttpApi('gone');
    const denied = await reader.getHttpApi(API);

    // Assess
    expect(missing).toStrictEqual({ ok: true, value: null });
    expect(denied).toStrictEqual({
      ok: false,
      error: { kind: 'denied', operation: 'apigatewayv2:GetApi', message: 'AccessDeniedException: not authorized to perform: apigateway:GET' },
    });
  });

  it('getHttpStage maps access-log, auto-deploy and route settings; REST GetStage is another read', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGatewayV2.on(GetStageCommand).resolves({
      StageName: '$default', AutoDeploy: true, DeploymentId: 'd1',
      AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/http/orders', Format: '{"status":"$context.status"}' },
      DefaultRouteSettings: { DetailedMetricsEnabled: false, ThrottlingBurstLimit: 100 },
      RouteSettings: { 'GET /orders': { DetailedMetricsEnabled: true } },
      StageVariables: { fn: 'orders' }, LastUpdatedDate: new Date(0), ...meta,
    });
    mocks.apiGateway.on(GetRestStageCommand).resolves({ stageName: '$default' });
    const reader = readerOver(clients);

    // Act
    const stage = await reader.getHttpStage(API, '$default');
    await reader.getStage(API, '$default');

    // Assess
    expect(mocks.apiGatewayV2).toHaveReceivedCommandExactlyOnceWith(GetStageCommand, { ApiId: API, StageName: '$default' });
    expect(stage).toStrictEqual({
      ok: true,
      value: {
        StageName: '$default', AutoDeploy: true, DeploymentId: 'd1',
        AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/http/orders', Format: '{"status":"$context.status"}' },
        DefaultRouteSettings: { DetailedMetricsEnabled: false, ThrottlingBurstLimit: 100 },
        RouteSettings: { 'GET /orders': { DetailedMetricsEnabled: true } },
        StageVariables: { fn: 'orders' },
      },
    });
    // Same SDK operation name, different read: neither memo nor call count mixes them up.
    expect(mocks.apiGateway).toHaveReceivedCommandTimes(GetRestStageCommand, 1);
    expect(reader.callStats().byOperation).toStrictEqual({ 'apigatewayv2:GetStage': 1, 'apigateway:GetStage': 1 });
  });

  it('getHttpRoutes follows NextToken and stops on a repeated token', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGatewayV2
      .on(GetRoutesCommand, { ApiId: API })
      .resolvesOnce({ Items: [{ RouteId: 'r1', RouteKey: 'GET /orders', Target: 'integrations/i1', AuthorizationType: 'NONE' }], NextToken: 't1', ...meta })
      .resolvesOnce({ Items: [{ RouteId: 'r2', RouteKey: '$default', Target: 'integrations/i1', AuthorizationType: 'CUSTOM', AuthorizerId: 'au1' }], NextToken: 't1', ...meta });

    // Act
    const routes = await readerOver(clients).getHttpRoutes(API);

    // Assess
    expect(mocks.apiGatewayV2).toHaveReceivedCommandTimes(GetRoutesCommand, 2);
    expect(mocks.apiGatewayV2).toHaveReceivedNthCommandWith(GetRoutesCommand, 2, { ApiId: API, NextToken: 't1' });
    expect(routes).toStrictEqual({
      ok: true,
      value: [
        { RouteId: 'r1', RouteKey: 'GET /orders', Target: 'integrations/i1', AuthorizationType: 'NONE' },
        { RouteId: 'r2', RouteKey: '$default', Target: 'integrations/i1', AuthorizationType: 'CUSTOM', AuthorizerId: 'au1' },
      ],
    });
  });

  it('getHttpIntegrations, getHttpAuthorizers and getHttpStages map their items; a listing of a missing API fails not_found', async () => {
    // Prepare
    const { clients, mocks } = mockedClients();
    mocks.apiGatewayV2.on(GetIntegrationsCommand).resolves({
      Items: [{
        IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
        PayloadFormatVersion: '2.0', TimeoutInMillis: 30000, IntegrationMethod: 'POST', ConnectionType: 'INTERNET', TlsConfig: { ServerNameToVerify: 'api.example.com' },
      }],
      ...meta,
    });
    mocks.apiGatewayV2.on(GetAuthorizersCommand).resolves({
      Items: [{ AuthorizerId: 'au1', Name: 'tokens', AuthorizerType: 'REQUEST', AuthorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations', AuthorizerPayloadFormatVersion: '2.0', EnableSimpleResponses: true, IdentitySource: ['$request.header.Authorization'] }],
      ...meta,
    });
    mocks.apiGatewayV2.on(GetStagesCommand).rejects(new NotFoundException({ message: 'Invalid API identifier specified', ...meta }));
    const reader = readerOver(clients);

    // Act
    const [integrations, authorizers, stages] = await Promise.all([reader.getHttpIntegrations(API), reader.getHttpAuthorizers(API), reader.getHttpStages(API)]);

    // Assess
    expect(integrations).toStrictEqual({
      ok: true,
      value: [{
        IntegrationId: 'i1', IntegrationType: 'AWS_PROXY', IntegrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:orders', IntegrationMethod: 'POST',
        PayloadFormatVersion: '2.0', TimeoutInMillis: 30000, ConnectionType: 'INTERNET', TlsConfig: { ServerNameToVerify: 'api.example.com' },
      }],
    });
    expect(authorizers.ok && authorizers.value[0]).toStrictEqual({
      AuthorizerId: 'au1', Name: 'tokens', AuthorizerType: 'REQUEST',
      AuthorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations',
      AuthorizerPayloadFormatVersion: '2.0', EnableSimpleResponses: true, IdentitySource: ['$request.header.Authorization'],
    });
    expect(stages).toStrictEqual({ ok: false, error: { kind: 'not_found', operation: 'apigatewayv2:GetStages', message: 'NotFoundException: Invalid API identifier specified' } });
  });
});

describe('read table keys', () => {
  it('qualifies the v2 operations that repeat REST names, and maps calls back to their key by client', () => {
    // Act + Assess
    expect(readOperationOf('apiGatewayV2', 'GetStage')).toBe('apigatewayv2:GetStage');
    expect(readOperationOf('apiGateway', 'GetStage')).toBe('GetStage');
    expect(readOperationOf('lambda', 'GetStage')).toBeUndefined();
    expect(sdkOperationOf('apigatewayv2:GetRoutes')).toBe('GetRoutes');
    expect(READ_OPERATIONS['apigatewayv2:GetStage']).toStrictEqual({ service: 'apigatewayv2', label: 'apigatewayv2:GetStage', operation: 'GetStage', permission: 'apigateway:GET' });
    expect(READ_OPERATIONS.GetStage).toStrictEqual({ service: 'api-gateway', label: 'apigateway:GetStage', operation: 'GetStage', permission: 'apigateway:GET' });
  });
});
