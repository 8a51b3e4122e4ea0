/** The recorded reader answers API Gateway v2 reads from `apigatewayv2` records, apart from REST's records of the same names. */
import { describe, expect, it } from 'vitest';
import { createAccountReaderFromRecording, parseRecording, type Recording } from '../../../../shared/adapters/recorded/recorded-account.ts';

function recording(calls: unknown[]): Recording {
  const parsed = parseRecording({ account: '123456789012', region: 'us-east-1', calls }, 'test');
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

describe('recorded reader: API Gateway v2', () => {
  it('serves apigatewayv2 GetStage and REST GetStage from their own records', async () => {
    // Prepare
    const reader = createAccountReaderFromRecording(recording([
      { service: 'api-gateway', operation: 'GetStage', input: { restApiId: 'a1', stageName: 'prod' }, output: { stageName: 'prod', tracingEnabled: true } },
      { service: 'apigatewayv2', operation: 'GetStage', input: { ApiId: 'a1', StageName: 'prod' }, output: { StageName: 'prod', AutoDeploy: true, LastUpdatedDate: '2026-11-20T13:56:14.000Z' } },
    ]));

    // Act
    const http = await reader.getHttpStage('a1', 'prod');
    const rest = await reader.getStage('a1', 'prod');

    // Assess
    expect(http).toEqual({ ok: true, value: { StageName: 'prod', AutoDeploy: true } });
    expect(rest).toEqual({ ok: true, value: { stageName: 'prod', tracingEnabled: true } });
  });

  it('answers GetApi NotFoundException as null and a missing v2 record as a recording gap, not "no such API"', async () => {
    // Prepare
    const reader = createAccountReaderFromRecording(recording([
      { service: 'apigatewayv2', operation: 'GetApi', input: { ApiId: 'gone' }, error: { name: 'NotFoundException', message: 'Invalid API identifier specified' } },
    ]));

    // Act
    const gone = await reader.getHttpApi('gone');
    const unrecorded = await reader.getHttpRoutes('gone');

    // Assess
    expect(gone).toEqual({ ok: true, value: null });
    expect(unrecorded.ok).toBe(false);
    expect(!unrecorded.ok && unrecorded.error).toMatchObject({ kind: 'error', operation: 'apigatewayv2:GetRoutes' });
    expect(!unrecorded.ok && unrecorded.error.message).toContain('no record for apigatewayv2 GetRoutes');
  });

  it('follows recorded NextToken pages of GetIntegrations', async () => {
    // Prepare
    const reader = createAccountReaderFromRecording(recording([
      { service: 'apigatewayv2', operation: 'GetIntegrations', input: { ApiId: 'a1' }, output: { Items: [{ IntegrationId: 'i1', IntegrationType: 'AWS_PROXY' }], NextToken: 'p2' } },
      { service: 'apigatewayv2', operation: 'GetIntegrations', input: { ApiId: 'a1', NextToken: 'p2' }, output: { Items: [{ IntegrationId: 'i2', IntegrationType: 'HTTP_PROXY' }] } },
    ]));

    // Act
    const integrations = await reader.getHttpIntegrations('a1');

    // Assess
    expect(integrations).toEqual({ ok: true, value: [{ IntegrationId: 'i1', IntegrationType: 'AWS_PROXY' }, { IntegrationId: 'i2', IntegrationType: 'HTTP_PROXY' }] });
  });
});
