/** The WorkQueue port: hands work items from the ingest functions to the worker (SQS in AWS). */
import type { WorkItem } from '../domain/model.ts';

/** Sends work items. Rejects (so the invocation is retried) only when some could not be sent at all. */
export interface WorkQueue {
  send(items: readonly WorkItem[]): Promise<{ readonly sent: number }>;
}
