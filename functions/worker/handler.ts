/**
 * worker: the work queue (SQS) → one work item per message → investigate, decide, act, record, tell.
 * Thin: parse each message at the boundary → the `handleWork` use case → log and count. Powertools
 * batch reports only the messages that failed (partial batch response), and each message is handled
 * once (Powertools idempotency on its message id), so a retried batch neither repeats actions nor
 * loses an incident. The schedule also invokes it for the quiet-period sweep.
 */
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { loadConfig } from '../../shared/config.ts';
import { parseWorkItem } from '../../shared/events/work-item.ts';
import { handleWork, resolveQuietIncidents, type WorkResult } from '../../shared/domain/use-cases/handle-work.ts';
import { logger, metrics, MetricUnit, standardMiddlewares } from '../../shared/observability.ts';
import { tracingMiddleware } from '../../shared/tracing.ts';
import { workerDependencies, type WorkerDependencies } from './dependencies.ts';

function count(result: WorkResult): void {
  for (const incident of result.incidents) {
    if (incident.new) metrics.addMetric('IncidentsOpened', MetricUnit.Count, 1);
    if (incident.kind === 'resolved') metrics.addMetric('IncidentsResolved', MetricUnit.Count, 1);
    for (const outcome of incident.outcomes) metrics.addMetric(`Actions${outcome.status[0]?.toUpperCase() ?? ''}${outcome.status.slice(1)}`, MetricUnit.Count, 1);
    for (const n of incident.notifications) {
      if (n.delivery === 'sent') metrics.addMetric('NotificationsSent', MetricUnit.Count, 1);
      else if (n.delivery.startsWith('failed')) metrics.addMetric('NotificationsFailed', MetricUnit.Count, 1);
    }
    logger.info('Incident handled', { incident: incident.id, kind: incident.kind, new: incident.new, plan: incident.plan.map((s) => ({ action: s.action, mode: s.mode, reason: s.reason })), outcomes: incident.outcomes.map((o) => ({ action: o.action, status: o.status, reason: o.reason })), deliveries: incident.notifications.map((n) => n.delivery) });
  }
  for (const note of result.notes) logger.warn('Work note', { note });
}

/** The schedule's event: EventBridge's "Scheduled Event" (the quiet-period sweep). */
interface ScheduledEvent {
  readonly source: 'aws.events';
  readonly 'detail-type': 'Scheduled Event';
}

function isScheduled(event: SQSEvent | ScheduledEvent): event is ScheduledEvent {
  return (event as Partial<ScheduledEvent>).source === 'aws.events' && (event as Partial<ScheduledEvent>)['detail-type'] === 'Scheduled Event';
}

/** The handler over these dependencies (tests pass their own). */
export function createWorkerHandler(dependencies: () => WorkerDependencies) {
  const processor = new BatchProcessor(EventType.SQS);
  return middy(async (event: SQSEvent | ScheduledEvent, context: Context): Promise<SQSBatchResponse> => {
    const deps = dependencies();
    if (isScheduled(event)) {
      // The quiet-period sweep: incidents with no failure for the quiet period are resolved, one message each.
      count(await resolveQuietIncidents(deps.quietPeriodMinutes, deps.settings, deps.ports(null)));
      return { batchItemFailures: [] };
    }
    const record = deps.idempotent(async (message: SQSRecord): Promise<void> => {
      const item = parseWorkItem(message.body);
      if (!item.ok) {
        // A message that is no work item will never become one: drop it (logged), don't poison the queue.
        logger.error('Unreadable work item', { messageId: message.messageId, code: item.error.code, reason: item.error.message });
        metrics.addMetric('UnreadableWorkItems', MetricUnit.Count, 1);
        return;
      }
      count(await handleWork(item.value, deps.settings, deps.ports(item.value)));
    }, context);
    return processPartialResponse(event, record, processor, { context });
  }).use(standardMiddlewares([tracingMiddleware()]));
}

let cached: WorkerDependencies | undefined;

/** The deployed handler: dependencies built once per container from the environment. */
export const handler = createWorkerHandler(() => (cached ??= workerDependencies(loadConfig(process.env))));
