import { describe, expect, it } from 'vitest';
import { checkTracing } from '../../../../shared/domain/checks/tracing.ts';

const ref = { restApiId: 'a1b2c3', stageName: 'prod', region: 'eu-west-1', account: '123456789012' };

describe('checkTracing', () => {
  it('warns when X-Ray is off on a stage with failing requests, with the UpdateStage that turns it on', () => {
    // Act
    const [result] = checkTracing({ stage: { tracingEnabled: false }, ref, failingRequests: 3 });
    // Assess
    expect(result?.status).toBe('warn');
    expect(result?.resource).toBe('arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod');
    expect(result?.message).toContain('3 failing requests');
    expect(result?.fix?.requests).toEqual([
      { service: 'api-gateway', operation: 'UpdateStage', region: 'eu-west-1', input: { restApiId: 'a1b2c3', stageName: 'prod', patchOperations: [{ op: 'replace', path: '/tracingEnabled', value: 'true' }] } },
    ]);
    expect(result?.fix?.cli).toBe('aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations op=replace,path=/tracingEnabled,value=true --region eu-west-1');
    expect(result?.fix?.iac).toContain('xray_tracing_enabled = true');
  });

  it('treats an absent tracingEnabled as off', () => {
    expect(checkTracing({ stage: {}, ref, failingRequests: 1 })[0]?.status).toBe('warn');
  });

  it('passes when tracing is on, failing or not', () => {
    expect(checkTracing({ stage: { tracingEnabled: true }, ref, failingRequests: 5 }).map((r) => r.status)).toEqual(['pass']);
    expect(checkTracing({ stage: { tracingEnabled: true }, ref, failingRequests: 0 }).map((r) => r.status)).toEqual(['pass']);
  });

  it('says nothing about a healthy stage with tracing off', () => {
    expect(checkTracing({ stage: { tracingEnabled: false }, ref, failingRequests: 0 })).toEqual([]);
  });
});
