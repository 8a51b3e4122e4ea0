/**
 * log-ingest: CloudWatch Logs subscription (API Gateway execution and access logs) → signals →
 * classified findings. Thin: parse at the boundary → use case → map result.
 */
import middy from '@middy/core';
import { parseEvent } from '../../shared/events/index.ts';
import { ingestEvent } from '../../shared/domain/use-cases/ingest-event.ts';
import { logger, metrics, MetricUnit, standardMiddlewares } from '../../shared/observability.ts';

/** Handles one subscription batch. Bad input is logged and dropped (retrying cannot fix it). */
export const handler = middy(async (event: unknown): Promise<{ findings: number }> => {
  const parsed = parseEvent(event);
  if (!parsed.ok) {
    logger.error('Unreadable log subscription event', { code: parsed.error.code, reason: parsed.error.message });
    metrics.addMetric('UnreadableEvents', MetricUnit.Count, 1);
    return { findings: 0 };
  }
  const { ignored, findings, summary } = ingestEvent(parsed.value, 'logs');
  for (const { reason } of ignored) logger.info('Event ignored', { reason });
  if (ignored.length > 0) metrics.addMetric('IgnoredEvents', MetricUnit.Count, ignored.length);
  metrics.addMetric('LogLinesRead', MetricUnit.Count, summary.lines);
  for (const finding of findings) {
    logger.info('5xx classified', { cause: finding.cause, requestId: finding.requestId, status: finding.status, details: finding.details });
    metrics.addMetric('Findings', MetricUnit.Count, 1);
  }
  return { findings: findings.length };
}).use(standardMiddlewares());
