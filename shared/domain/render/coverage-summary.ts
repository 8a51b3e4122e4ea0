/**
 * The weekly coverage summary (SNS): how many REST API stages are watched, which are not and why,
 * which have no logging (only their alarm can tell), and which log groups are full. Pure.
 */
import type { SnsMessage } from '../../ports/notifier.ts';
import type { CoverageReport } from '../use-cases/reconcile-coverage.ts';
import { snsSubject } from './sns-message.ts';

/** At most this many stages are listed per section (the counts are always complete). */
const MAX_LISTED = 100;

/** The summary of a full coverage run in `region`. */
export function renderCoverageSummary(report: CoverageReport, region: string, at: string): SnsMessage {
  const unwatched = report.stages.filter((s) => !s.watched);
  const noLogging = report.stages.filter((s) => s.watched && !s.logging);
  const label = (s: { apiId: string; stageName: string }): string => `${s.apiId}/${s.stageName}`;
  const document = {
    kind: 'coverage-summary',
    region,
    at,
    mode: report.mode,
    stages: report.stages.length,
    stagesWatched: report.stagesWatched,
    unwatched: unwatched.slice(0, MAX_LISTED).map((s) => ({ stage: label(s), reason: s.reason })),
    withoutLogging: noLogging.slice(0, MAX_LISTED).map(label),
    logGroupsFull: report.logGroupsFull.slice(0, MAX_LISTED),
    failures: report.failures.slice(0, MAX_LISTED),
    truncated: Math.max(unwatched.length, noLogging.length, report.logGroupsFull.length, report.failures.length) > MAX_LISTED,
  };
  const attention = unwatched.length + noLogging.length + report.logGroupsFull.length + report.failures.length;
  return {
    subject: snsSubject(`apigw-doctor coverage in ${region}: ${report.stagesWatched} of ${report.stages.length} stages watched${attention > 0 ? `, ${attention} need attention` : ''}`),
    message: JSON.stringify(document, null, 2),
    attributes: { kind: 'coverage-summary', severity: attention > 0 ? 'low' : 'info', region },
  };
}
