import { describe, expect, it } from 'vitest';
import { renderCoverageSummary } from '../../../../shared/domain/render/coverage-summary.ts';
import type { CoverageReport } from '../../../../shared/domain/use-cases/reconcile-coverage.ts';

const report: CoverageReport = {
  mode: 'log-group',
  scope: { kind: 'all' },
  stages: [
    { apiId: 'a1b2c3', stageName: 'prod', watched: true, reason: null, logging: true, logGroups: [], alarm: 'apigw-doctor-5xx-a1b2c3-prod' },
    { apiId: 'a1b2c3', stageName: 'dev', watched: false, reason: 'tagged apigw-doctor:monitor=false', logging: false, logGroups: [], alarm: null },
    { apiId: 'k7m2p9', stageName: 'prod', watched: true, reason: null, logging: false, logGroups: [], alarm: 'apigw-doctor-5xx-k7m2p9-prod' },
  ],
  stagesWatched: 2,
  stagesWithoutLogging: 1,
  logGroupsFull: ['API-Gateway-Execution-Logs_z9y8x7/prod'],
  applied: [],
  failures: [],
};

describe('renderCoverageSummary', () => {
  it('counts the watched stages and lists what needs a person: unwatched (with why), no logging, full log groups', () => {
    // Act
    const sns = renderCoverageSummary(report, 'eu-west-1', '2026-11-23T09:00:00.000Z');
    const doc = JSON.parse(sns.message) as Record<string, unknown>;
    // Assess
    expect(sns.subject).toBe('apigw-doctor coverage in eu-west-1: 2 of 3 stages watched, 3 need attention');
    expect(sns.subject.length).toBeLessThan(100);
    expect(sns.attributes).toEqual({ kind: 'coverage-summary', severity: 'low', region: 'eu-west-1' });
    expect(doc).toMatchObject({
      stages: 3,
      stagesWatched: 2,
      unwatched: [{ stage: 'a1b2c3/dev', reason: 'tagged apigw-doctor:monitor=false' }],
      withoutLogging: ['k7m2p9/prod'],
      logGroupsFull: ['API-Gateway-Execution-Logs_z9y8x7/prod'],
      truncated: false,
    });
  });

  it('is informational when every stage is watched and logged', () => {
    const calm = renderCoverageSummary({ ...report, stages: [report.stages[0]!], stagesWatched: 1, stagesWithoutLogging: 0, logGroupsFull: [] }, 'us-east-1', '2026-11-23T09:00:00.000Z');
    expect(calm.subject).toBe('apigw-doctor coverage in us-east-1: 1 of 1 stages watched');
    expect(calm.attributes['severity']).toBe('info');
  });
});
