/**
 * alarm-ingest: CloudWatch alarm state changes (EventBridge, SNS, or a direct Lambda alarm action)
 * on API Gateway 5xx metrics → signals. Thin: parse at the boundary → use case → map result.
 */
import middy from '@middy/core';
import { parseEvent } from '../../shared/events/index.ts';
import { ingestEvent } from '../../shared/domain/use-cases/ingest-event.ts';
import { logger, metrics, MetricUnit, standardMiddlewares } from '../../shared/observability.ts';

/** Handles one alarm event. Alarms on other metrics, and anything that is not an alarm, are ignored with the reason logged. */
export const handler = middy(async (event: unknown): Promise<{ signals: number }> => {
  const parsed = parseEvent(event);
  if (!parsed.ok) {
    logger.error('Unreadable alarm event', { code: parsed.error.code, reason: parsed.error.message });
    metrics.addMetric('UnreadableEvents', MetricUnit.Count, 1);
    return { signals: 0 };
  }
  const { signals, ignored } = ingestEvent(parsed.value, 'alarm');
  for (const { reason } of ignored) logger.info('Event ignored', { reason });
  if (ignored.length > 0) metrics.addMetric('IgnoredEvents', MetricUnit.Count, ignored.length);
  for (const signal of signals) {
    logger.info('5xx alarm signal', { apiId: signal.apiId, apiName: signal.apiName, stage: signal.stage, state: signal.state, alarm: signal.alarmName });
    metrics.addMetric('AlarmSignals', MetricUnit.Count, 1);
  }
  return { signals: signals.length };
}).use(standardMiddlewares());
