import { describe, expect, it } from 'vitest';
import { rankCauses } from '../../../../shared/domain/use-cases/rank-causes.ts';
import type { CheckResult, Finding } from '../../../../shared/domain/model.ts';

function finding(cause: Finding['cause'], confidence: 'high' | 'medium' | 'low', count?: number): Finding {
  return { cause, requestId: null, status: 500, evidence: [`${cause} line`], details: { confidence, ...(count ? { count } : {}) } };
}

const failingTimeout: CheckResult = { id: 'integration-timeout', status: 'fail', resource: 'GET /orders', message: 'Lambda timeout 60 s > integration timeout 29 s', supports: ['integration_timeout'] };

describe('rankCauses', () => {
  it('puts a cause seen in the logs and confirmed by a failing check first', () => {
    // Prepare
    const findings = [finding('lambda_function_error', 'high', 3), finding('integration_timeout', 'high')];

    // Act
    const ranked = rankCauses(findings, [failingTimeout]);

    // Assess
    expect(ranked.map((r) => [r.cause, r.confidence])).toEqual([['integration_timeout', 0.95], ['lambda_function_error', 0.74]]);
    expect(ranked[0]?.because).toEqual(['1 failing request in the logs shows it: "integration_timeout line"', 'integration-timeout fails for GET /orders: Lambda timeout 60 s > integration timeout 29 s']);
  });

  it('keeps low-confidence client-side evidence low', () => {
    // Prepare / Act
    const ranked = rankCauses([finding('integration_timeout', 'low')], []);

    // Assess
    expect(ranked).toEqual([{ cause: 'integration_timeout', confidence: 0.3, because: ['1 failing request in the logs shows it: "integration_timeout line"'] }]);
  });

  it('gives a failing check with no failing request a latent confidence of 0.4', () => {
    // Prepare / Act
    const ranked = rankCauses([], [failingTimeout, { ...failingTimeout, status: 'warn' }]);

    // Assess
    expect(ranked.map((r) => [r.cause, r.confidence])).toEqual([['integration_timeout', 0.4]]);
  });

  it('gives one reason per check id, however many resources fail it', () => {
    // Prepare
    const checks = ['GET /a', 'GET /b', 'GET /c'].map((resource) => ({ ...failingTimeout, resource }));

    // Act
    const ranked = rankCauses([], checks);

    // Assess
    expect(ranked[0]?.because).toEqual([
      'no failing request shows it in the window, but the account would cause it:',
      'integration-timeout fails for GET /a (and 2 more resources the same way): Lambda timeout 60 s > integration timeout 29 s',
    ]);
  });

  it('finds nothing when nothing failed', () => {
    expect(rankCauses([], [{ ...failingTimeout, status: 'pass' }])).toEqual([]);
  });
});

describe('rankCauses with metric evidence and the VPC link chain', () => {
  it('gives an alarm with logging off a cause from the metrics, saying what it rests on', () => {
    // Prepare
    const evidence = [{ cause: 'integration_timeout' as const, confidence: 'medium' as const, source: 'CloudWatch metrics (AWS/ApiGateway IntegrationLatency)', message: 'IntegrationLatency peaked at 29000 ms' }];

    // Act
    const ranked = rankCauses([], [], evidence);

    // Assess
    expect(ranked.map((c) => [c.cause, c.confidence])).toEqual([['integration_timeout', 0.5]]);
    expect(ranked[0]?.because[0]).toBe('no gateway log shows it; CloudWatch metrics (AWS/ApiGateway IntegrationLatency) show it: IntegrationLatency peaked at 29000 ms');
  });

  it('ranks network_or_vpc_link above a timeout when the VPC link check fails', () => {
    // Prepare
    const timeout = { cause: 'integration_timeout' as const, requestId: 'r1', status: 504, evidence: ['Execution failed due to a timeout error'], details: { confidence: 'high' } };
    const vpc = { id: 'vpc-link-health' as const, status: 'fail' as const, resource: 'tg', message: 'all 2 targets unhealthy', supports: ['network_or_vpc_link' as const] };

    // Act
    const ranked = rankCauses([timeout], [vpc]);

    // Assess
    expect(ranked.map((c) => c.cause)).toEqual(['network_or_vpc_link', 'integration_timeout']);
    expect((ranked[0]?.confidence ?? 0) > (ranked[1]?.confidence ?? 0)).toBe(true);
  });

  it('ranks a cause two kinds of evidence agree on (metrics and the function log) above either alone, with logging off', () => {
    // Prepare
    const log = { cause: 'lambda_function_error' as const, confidence: 'medium' as const, kind: 'function-log' as const, source: 'the /aws/lambda/orders log', message: '8 of 13 invocations failed' };
    const metric = { cause: 'lambda_function_error' as const, confidence: 'medium' as const, kind: 'metrics' as const, source: 'CloudWatch metrics (AWS/Lambda orders)', message: 'Errors = Invocations' };
    const otherMetric = { ...metric, source: 'CloudWatch metrics (AWS/Lambda orders) Duration', message: 'Duration high' };

    // Act
    const alone = rankCauses([], [], [log]);
    const both = rankCauses([], [], [log, metric]);
    const sameKind = rankCauses([], [], [metric, otherMetric]);

    // Assess
    expect(alone.map((r) => r.confidence)).toEqual([0.5]);
    expect(both.map((r) => r.confidence)).toEqual([0.65]);
    // Two metrics are one kind of evidence: no corroboration.
    expect(sameKind.map((r) => r.confidence)).toEqual([0.5]);
    expect(both[0]?.because).toEqual([
      'no gateway log shows it; the /aws/lambda/orders log shows it: 8 of 13 invocations failed',
      'CloudWatch metrics (AWS/Lambda orders) show it: Errors = Invocations',
    ]);
  });
});
