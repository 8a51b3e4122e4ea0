/**
 * alarm-ingest: CloudWatch alarm state changes (EventBridge, SNS, or a direct Lambda alarm action)
 * on API Gateway 5xx metrics → signals. Thin: parse → use case → map result.
 */
import middy from '@middy/core';
import { replayEventObject } from '../../shared/domain/use-cases/replay-event.ts';
import { logger, metrics, MetricUnit, standardMiddlewares } from '../../shared/observability.ts';

/** Handles one alarm event. Alarms on other metrics, and anything that is not an alarm, are ignored with the reason logged. */
export const handler = middy(async (event: unknown): Promise<{ signals: number }> => {
  const result = replayEventObject(event);
  if (!result.ok) {
    logger.error('Unreadable alarm event', { code: result.error.code, reason: result.error.message });
    metrics.addMetric('UnreadableEvents', MetricUnit.Count, 1);
    return { signals: 0 };
  }
  const alarms = result.value.signals.filter((s) => s.source === 'alarm');
  const reasons = [...result.value.ignored.map((i) => i.reason), ...result.value.signals.filter((s) => s.source !== 'alarm').map(() => 'a log subscription batch reached alarm-ingest: logs go to log-ingest')];
  for (const reason of reasons) logger.info('Event ignored', { reason });
  if (reasons.length > 0) metrics.addMetric('IgnoredEvents', MetricUnit.Count, reasons.length);
  for (const signal of alarms) {
    logger.info('5xx alarm signal', { apiId: signal.apiId, apiName: signal.apiName, stage: signal.stage, state: signal.state, alarm: signal.alarmName });
    metrics.addMetric('AlarmSignals', MetricUnit.Count, 1);
  }
  return { signals: alarms.length };
}).use(standardMiddlewares());
