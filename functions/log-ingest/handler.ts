/**
 * log-ingest: CloudWatch Logs subscription (API Gateway execution and access logs) → signals →
 * classified findings. Thin: parse → use case → map result.
 */
import middy from '@middy/core';
import { replayEventObject } from '../../shared/domain/use-cases/replay-event.ts';
import { logger, metrics, MetricUnit, standardMiddlewares } from '../../shared/observability.ts';

/** Handles one subscription batch. Bad input is logged and dropped (retrying cannot fix it). */
export const handler = middy(async (event: unknown): Promise<{ findings: number }> => {
  const result = replayEventObject(event);
  if (!result.ok) {
    logger.error('Unreadable log subscription event', { code: result.error.code, reason: result.error.message });
    metrics.addMetric('UnreadableEvents', MetricUnit.Count, 1);
    return { findings: 0 };
  }
  const { signals, ignored, findings, summary } = result.value;
  const reasons = [...ignored.map((i) => i.reason), ...signals.filter((s) => s.source !== 'logs').map(() => 'an alarm event reached log-ingest: alarms go to alarm-ingest')];
  for (const reason of reasons) logger.info('Event ignored', { reason });
  if (reasons.length > 0) metrics.addMetric('IgnoredEvents', MetricUnit.Count, reasons.length);
  metrics.addMetric('LogLinesRead', MetricUnit.Count, summary.lines);
  for (const finding of findings) {
    logger.info('5xx classified', { cause: finding.cause, requestId: finding.requestId, status: finding.status, details: finding.details });
    metrics.addMetric('Findings', MetricUnit.Count, 1);
  }
  return { findings: findings.length };
}).use(standardMiddlewares());
