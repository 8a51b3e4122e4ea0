/**
 * alarm-ingest: CloudWatch alarm state changes (EventBridge, SNS, or a direct Lambda alarm action)
 * on API Gateway 5xx metrics → signals → work items (ALARM: investigate the stage; OK: resolve its
 * incidents). Thin: parse at the boundary → use cases → map result.
 */
import middy from '@middy/core';
import { loadConfig, required, type ServiceConfig } from '../../shared/config.ts';
import { parseEvent } from '../../shared/events/index.ts';
import { signalsFor } from '../../shared/domain/use-cases/route-signals.ts';
import { workItemsFor } from '../../shared/domain/use-cases/work-items.ts';
import { defaultWorkQueue } from '../../shared/adapters/aws/work-queue.ts';
import { logger, metrics, MetricUnit, standardMiddlewares } from '../../shared/observability.ts';

let loaded: ServiceConfig | undefined;
/** The configuration, read once per container (at the first batch that has something to queue). */
const config = (): ServiceConfig => (loaded ??= loadConfig(process.env));

/** Handles one alarm event. Alarms on other metrics, and anything that is not an alarm, are ignored with the reason logged. */
export const handler = middy(async (event: unknown): Promise<{ signals: number; queued: number }> => {
  const parsed = parseEvent(event);
  if (!parsed.ok) {
    logger.error('Unreadable alarm event', { code: parsed.error.code, reason: parsed.error.message });
    metrics.addMetric('UnreadableEvents', MetricUnit.Count, 1);
    return { signals: 0, queued: 0 };
  }
  const report = signalsFor(parsed.value, 'alarm');
  for (const { reason } of report.ignored) logger.info('Event ignored', { reason });
  if (report.ignored.length > 0) metrics.addMetric('IgnoredEvents', MetricUnit.Count, report.ignored.length);
  for (const signal of report.signals) {
    logger.info('5xx alarm signal', { apiId: signal.apiId, apiName: signal.apiName, stage: signal.stage, state: signal.state, alarm: signal.alarmName });
    metrics.addMetric('AlarmSignals', MetricUnit.Count, 1);
  }
  if (report.signals.length === 0) return { signals: 0, queued: 0 };
  const { region, workQueueUrl } = config();
  const { items, unworkable } = workItemsFor(report, { region, account: '' }, new Date().toISOString());
  for (const { reason } of unworkable) logger.info('Alarm not queued', { reason });
  if (items.length === 0) return { signals: report.signals.length, queued: 0 };
  const queue = await defaultWorkQueue(region, required(workQueueUrl, 'WORK_QUEUE_URL', 'alarm-ingest queues failing alarms for the worker'));
  const { sent } = await queue.send(items);
  metrics.addMetric('WorkItemsQueued', MetricUnit.Count, sent);
  return { signals: report.signals.length, queued: sent };
}).use(standardMiddlewares());
