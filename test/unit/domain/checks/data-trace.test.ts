import { describe, expect, it } from 'vitest';
import { checkDataTrace, productionReason } from '../../../../shared/domain/checks/data-trace.ts';
import type { StageInfo } from '../../../../shared/ports/account-reader.ts';

const ref = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const stageArn = 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod';

describe('productionReason', () => {
  it('recognises production by stage name words, stage tags and API tags', () => {
    // Prepare
    const plain: StageInfo = {};
    const tagged: StageInfo = { tags: { Environment: 'Production' } };
    // Act
    const results = [
      productionReason(plain, 'prod'),
      productionReason(plain, 'eu-live'),
      productionReason(plain, 'PRD'),
      productionReason(plain, 'dev'),
      productionReason(plain, 'product'),
      productionReason(tagged, 'v1'),
      productionReason(plain, 'v1', { env: 'prod' }),
      productionReason(plain, 'v1', { owner: 'prod-team' }),
    ];
    // Assess
    expect(results).toEqual([
      'stage name "prod"',
      'stage name "eu-live"',
      'stage name "PRD"',
      null,
      null,
      'stage tag Environment=Production',
      'API tag env=prod',
      null,
    ]);
  });
});

describe('checkDataTrace', () => {
  it('warns when data trace is on in production, turning off every traced key', () => {
    // Prepare
    const stage: StageInfo = {
      methodSettings: {
        '*/*': { loggingLevel: 'INFO', dataTraceEnabled: true },
        '~1items/GET': { dataTraceEnabled: true },
        '~1orders/GET': { dataTraceEnabled: false },
      },
    };
    // Act
    const result = checkDataTrace(stage, ref);
    // Assess
    expect(result.status).toBe('warn');
    expect(result.resource).toBe(stageArn);
    expect(result.supports).toEqual([]);
    expect(result.message).toBe(
      'Data trace is on for */*, ~1items/GET on stage prod of API a1b2c3, which looks like production (stage name "prod"): ' +
        'full request and response bodies and headers go to the execution log, exposing tokens and personal data. ' +
        'Keep the logging level at ERROR or INFO and turn data trace off.',
    );
    expect(result.fix?.cli).toBe(
      'aws apigateway update-stage --rest-api-id a1b2c3 --stage-name prod --patch-operations ' +
        "'op=replace,path=/*/*/logging/dataTrace,value=false' 'op=replace,path=/~1items/GET/logging/dataTrace,value=false' --region us-east-1",
    );
    expect(result.fix?.iac).toContain("deployOptions: { stageName: 'prod', dataTraceEnabled: false },");
    expect(result.fix?.iac).toContain("methodOptions: { '/items/GET': { dataTraceEnabled: false } },");
    expect(result.fix?.iac).toContain('data_trace_enabled = false');
  });

  it('passes, with a reminder, when data trace is on outside production', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { dataTraceEnabled: true } } };
    // Act
    const result = checkDataTrace(stage, { ...ref, stageName: 'dev' });
    // Assess
    expect(result).toEqual({
      id: 'data-trace',
      status: 'pass',
      resource: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/dev',
      message: 'Data trace is on for */* on stage dev of API a1b2c3, which does not look like production; turn it off before it carries real traffic.',
    });
  });

  it('warns for a non-prod name when the API is tagged production', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { dataTraceEnabled: true } } };
    // Act
    const result = checkDataTrace(stage, { ...ref, stageName: 'v1' }, { Stage: 'live' });
    // Assess
    expect(result.status).toBe('warn');
    expect(result.message).toContain('which looks like production (API tag Stage=live)');
  });

  it('passes when data trace is off', () => {
    // Prepare
    const stage: StageInfo = { methodSettings: { '*/*': { dataTraceEnabled: false, loggingLevel: 'INFO' } } };
    // Act
    const result = checkDataTrace(stage, ref);
    // Assess
    expect(result).toEqual({
      id: 'data-trace',
      status: 'pass',
      resource: stageArn,
      message: 'Data trace (full request/response logging) is off on stage prod of API a1b2c3.',
    });
  });

  it('skips on a failed read and on a missing stage', () => {
    // Prepare
    const failure = { kind: 'error' as const, operation: 'apigateway:GetStage', message: 'socket hang up' };
    // Act
    const failed = checkDataTrace(failure, ref);
    const missing = checkDataTrace(null, ref);
    // Assess
    expect(failed).toEqual({
      id: 'data-trace',
      status: 'skip',
      resource: stageArn,
      message: 'Skipped: apigateway:GetStage failed (error): socket hang up',
    });
    expect(missing.status).toBe('skip');
    expect(missing.message).toBe('Skipped: stage prod of API a1b2c3 does not exist.');
  });
});
