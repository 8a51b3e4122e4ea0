import { describe, expect, it } from 'vitest';
import { checkDetailedMetrics } from '../../../../shared/domain/checks/detailed-metrics.ts';
import type { StageInfo } from '../../../../shared/ports/account-reader.ts';

const ref = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const stageArn = 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod';

describe('checkDetailedMetrics', () => {
  it('warns when */* does not enable metrics', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { metricsEnabled: false, loggingLevel: 'ERROR' } } };
    // Act
    const result = checkDetailedMetrics(stage, ref);
    // Assess
    expect(result).toEqual({
      id: 'detailed-metrics',
      status: 'warn',
      resource: stageArn,
      message:
        'Detailed metrics are off for stage prod of API a1b2c3: 5XXError, 4XXError and Latency exist only per API and stage, ' +
        'so an alarm cannot tell which method fails. Detailed metrics are billed as custom CloudWatch metrics.',
      supports: [],
      fix: {
        requests: [
          {
            service: 'api-gateway',
            operation: 'UpdateStage',
            region: 'us-east-1',
            input: { restApiId: 'a1b2c3', stageName: 'prod', patchOperations: [{ op: 'replace', path: '/*/*/metrics/enabled', value: 'true' }] },
          },
        ],
        cli: "aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations 'op=replace,path=/*/*/metrics/enabled,value=true' --region us-east-1",
        iac: expect.stringContaining("deployOptions: { stageName: 'prod', metricsEnabled: true },") as unknown as string,
      },
    });
    expect(result.fix?.iac).toContain('MetricsEnabled: true');
    expect(result.fix?.iac).toContain('metrics_enabled = true');
  });

  it('warns when */* is on but a method turns metrics off, fixing only that method', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { metricsEnabled: true }, '~1items/GET': { metricsEnabled: false } } };
    // Act
    const result = checkDetailedMetrics(stage, ref);
    // Assess
    expect(result.status).toBe('warn');
    expect(result.message.startsWith('Detailed metrics are on for stage prod of API a1b2c3 but turned off by ~1items/GET: ')).toBe(true);
    expect(result.fix?.cli).toBe(
      "aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations 'op=replace,path=/~1items/GET/metrics/enabled,value=true' --region us-east-1",
    );
  });

  it('warns for a stage with no method settings at all', () => {
    // Prepare
    const stage: StageInfo = {};
    // Act
    const result = checkDetailedMetrics(stage, ref);
    // Assess
    expect(result.status).toBe('warn');
    expect(result.message.startsWith('Detailed metrics are off for stage prod of API a1b2c3: ')).toBe(true);
  });

  it('passes when */* enables metrics and no method disables them', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { metricsEnabled: true }, '~1items/GET': { loggingLevel: 'INFO' } } };
    // Act
    const result = checkDetailedMetrics(stage, ref);
    // Assess
    expect(result).toEqual({
      id: 'detailed-metrics',
      status: 'pass',
      resource: stageArn,
      message: 'Detailed (per-method) metrics are on for stage prod of API a1b2c3.',
    });
  });

  it('skips when the stage could not be read', () => {
    // Prepare
    const failure = { kind: 'denied' as const, operation: 'apigateway:GetStage', message: 'AccessDenied' };
    // Act
    const result = checkDetailedMetrics(failure, ref);
    // Assess
    expect(result).toEqual({
      id: 'detailed-metrics',
      status: 'skip',
      resource: stageArn,
      message: 'Skipped: apigateway:GetStage failed (denied): AccessDenied',
    });
  });
});
