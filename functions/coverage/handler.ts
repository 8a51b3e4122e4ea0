/**
 * coverage: keeps every REST API stage of the account watched (a subscription filter on its log groups
 * forwarding failure lines to log-ingest, a managed 5XXError alarm) on a schedule, and for one API
 * when CloudTrail reports a stage change or a new execution log group. Thin: scope from the event →
 * the `reconcileCoverage` use case → log and count (EMF). A full sweep also emits `Heartbeat`, which
 * the stack alarms on when it stops.
 */
import middy from '@middy/core';
import { loadConfig, type ServiceConfig } from '../../shared/config.ts';
import { coverageScope, describeWrite, reconcileCoverage, type CoverageSettings } from '../../shared/domain/use-cases/reconcile-coverage.ts';
import { resourceNames, WEEKLY_SUMMARY_INPUT } from '../../shared/events/eventbridge-patterns.ts';
import { defaultCoverageAccount } from '../../shared/adapters/aws/coverage.ts';
import { logger, metrics, MetricUnit, standardMiddlewares } from '../../shared/observability.ts';
import { traceClient, tracingMiddleware } from '../../shared/tracing.ts';
import { renderCoverageSummary } from '../../shared/domain/render/coverage-summary.ts';
import { createSnsClient, createSnsNotifier } from '../../shared/adapters/aws/sns-notifier.ts';

function isWeeklySummary(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { source?: unknown }).source === WEEKLY_SUMMARY_INPUT.source;
}

let loaded: ServiceConfig | undefined;
/** The configuration, read once per container. */
const config = (): ServiceConfig => (loaded ??= loadConfig(process.env));

/** What one run did, in numbers (the full report is logged). */
export interface CoverageRunSummary {
  readonly scope: string;
  readonly mode: string;
  readonly stagesWatched: number;
  readonly stagesWithoutLogging: number;
  readonly logGroupsFull: number;
  readonly changes: number;
  readonly failures: number;
}

/** Reconciles the scope the event names (or the whole account). Failures are counted and logged, never thrown, so one API cannot block the others. */
export const handler = middy(async (event: unknown): Promise<CoverageRunSummary> => {
  const { region, coverage } = config();
  const names = resourceNames(coverage.namePrefix);
  const settings: CoverageSettings = {
    mode: coverage.subscriptionMode,
    destinationArn: coverage.logIngestArn,
    filterName: names.subscriptionFilterName,
    managedAlarmPrefix: names.managedAlarmPrefix,
    includeTags: coverage.includeTags,
    excludeTags: coverage.excludeTags,
    stackName: coverage.stackName,
    ownLogGroups: coverage.ownLogGroups,
  };
  const scope = coverageScope(event);
  const scopeLabel = scope.kind === 'all' ? 'account' : `api ${scope.restApiId}`;
  const result = await reconcileCoverage(defaultCoverageAccount(region, traceClient), settings, scope);
  if (!result.ok) {
    logger.error('Coverage run failed', { scope: scopeLabel, reason: result.error });
    metrics.addMetric('CoverageFailures', MetricUnit.Count, 1);
    return { scope: scopeLabel, mode: settings.mode, stagesWatched: 0, stagesWithoutLogging: 0, logGroupsFull: 0, changes: 0, failures: 1 };
  }
  const report = result.value;
  for (const write of report.applied) logger.info('Coverage changed', { change: describeWrite(write), reason: write.reason });
  for (const failure of report.failures) logger.warn('Coverage failure', { failure });
  for (const group of report.logGroupsFull) logger.warn('Log group full: two other subscription filters, not subscribed', { logGroup: group });
  // The stages that need a person, not the whole account (a log event is capped at 256 KB).
  const unwatched = report.stages.filter((s) => !s.watched || s.logGroups.some((g) => g.status === 'full' || g.status === 'unreadable'));
  logger.info('Coverage', { scope: scopeLabel, mode: report.mode, stages: report.stages.length, watched: report.stagesWatched, attention: unwatched.slice(0, 50) });
  metrics.addMetric('CoverageChanges', MetricUnit.Count, report.applied.length);
  metrics.addMetric('CoverageFailures', MetricUnit.Count, report.failures.length);
  // Account-wide figures only from a full sweep: a one-API run would report a fraction of the account.
  if (scope.kind === 'all') {
    metrics.addMetric('StagesWatched', MetricUnit.Count, report.stagesWatched);
    metrics.addMetric('StagesWithoutLogging', MetricUnit.Count, report.stagesWithoutLogging);
    metrics.addMetric('LogGroupsFull', MetricUnit.Count, report.logGroupsFull.length);
    metrics.addMetric('Heartbeat', MetricUnit.Count, 1);
    const { topicArn } = config();
    if (isWeeklySummary(event) && topicArn !== null) {
      const summary = renderCoverageSummary(report, region, new Date().toISOString());
      const sent = await createSnsNotifier({ client: createSnsClient(region, traceClient), topicArn }).deliver({ channel: 'sns', ...summary }, null);
      if (!sent.ok) logger.error('Weekly coverage summary not published', { reason: sent.error.message });
    }
  }
  return {
    scope: scopeLabel,
    mode: report.mode,
    stagesWatched: report.stagesWatched,
    stagesWithoutLogging: report.stagesWithoutLogging,
    logGroupsFull: report.logGroupsFull.length,
    changes: report.applied.length,
    failures: report.failures.length,
  };
}).use(standardMiddlewares([tracingMiddleware()]));
