/**
 * log-ingest: CloudWatch Logs subscription (API Gateway execution and access logs) → signals →
 * classified findings → one work item per incident key on the work queue. Thin: parse at the
 * boundary → use cases → map result.
 */
import middy from '@middy/core';
import { loadConfig, required, type ServiceConfig } from '../../shared/config.ts';
import { parseEvent } from '../../shared/events/index.ts';
import { ingestEvent } from '../../shared/domain/use-cases/ingest-event.ts';
import { workItemsFor } from '../../shared/domain/use-cases/work-items.ts';
import { defaultWorkQueue } from '../../shared/adapters/aws/work-queue.ts';
import { logger, metrics, MetricUnit, standardMiddlewares } from '../../shared/observability.ts';

let loaded: ServiceConfig | undefined;
/** The configuration, read once per container (at the first batch that has something to queue). */
const config = (): ServiceConfig => (loaded ??= loadConfig(process.env));

/** Handles one subscription batch. Bad input is logged and dropped (retrying cannot fix it); a queue failure fails the invocation so Lambda retries it. */
export const handler = middy(async (event: unknown): Promise<{ findings: number; queued: number }> => {
  const parsed = parseEvent(event);
  if (!parsed.ok) {
    logger.error('Unreadable log subscription event', { code: parsed.error.code, reason: parsed.error.message });
    metrics.addMetric('UnreadableEvents', MetricUnit.Count, 1);
    return { findings: 0, queued: 0 };
  }
  const report = ingestEvent(parsed.value, 'logs');
  for (const { reason } of report.ignored) logger.info('Event ignored', { reason });
  if (report.ignored.length > 0) metrics.addMetric('IgnoredEvents', MetricUnit.Count, report.ignored.length);
  metrics.addMetric('LogLinesRead', MetricUnit.Count, report.summary.lines);
  for (const finding of report.findings) {
    logger.info('5xx classified', { cause: finding.cause, requestId: finding.requestId, status: finding.status, details: finding.details });
    metrics.addMetric('Findings', MetricUnit.Count, 1);
  }
  if (report.findings.length === 0) return { findings: 0, queued: 0 };
  const { region, workQueueUrl } = config();
  const { items, unworkable } = workItemsFor(report, { region, account: '' }, new Date().toISOString());
  for (const { reason } of unworkable) logger.warn('Findings not queued', { reason });
  const queue = await defaultWorkQueue(region, required(workQueueUrl, 'WORK_QUEUE_URL', 'log-ingest queues the failures it finds for the worker'));
  const { sent } = await queue.send(items);
  metrics.addMetric('WorkItemsQueued', MetricUnit.Count, sent);
  return { findings: report.findings.length, queued: sent };
}).use(standardMiddlewares());
