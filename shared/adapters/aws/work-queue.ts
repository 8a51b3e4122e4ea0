/**
 * The WorkQueue port over SQS: SendMessageBatch in tens, entries that failed retried once, and an
 * error (so the ingest invocation is retried by Lambda) if any still fail. A message over SQS's
 * 256 KB limit drops evidence findings until it fits: the counts and request ids always travel.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { WorkItem } from '../../domain/model.ts';
import type { WorkQueue } from '../../ports/work-queue.ts';

/** SQS's message size limit, with room for the batch entry's own attributes. */
const MAX_BODY_BYTES = 250_000;
const BATCH = 10;

/** Thrown when work items could not be queued; the invocation should fail so Lambda retries it. */
export class WorkQueueError extends Error {
  override readonly name = 'WorkQueueError';
}

/** The JSON body of an item, shrunk to fit a message. */
export function messageBody(item: WorkItem): string {
  let body = JSON.stringify(item);
  if (item.kind !== 'failures') return body;
  let findings = item.findings;
  while (Buffer.byteLength(body) > MAX_BODY_BYTES && findings.length > 0) {
    findings = findings.slice(0, Math.floor(findings.length / 2));
    body = JSON.stringify({ ...item, findings });
  }
  return body;
}

/** A queue that sends to `queueUrl` with `client`. */
export function createSqsWorkQueue(client: Pick<SQSClient, 'send'>, queueUrl: string): WorkQueue {
  return {
    async send(items) {
      // Loaded on the first send, not at cold start: most batches hold no failure at all.
      const { SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
      let sent = 0;
      for (let start = 0; start < items.length; start += BATCH) {
        let entries = items.slice(start, start + BATCH).map((item, i) => ({ Id: String(start + i), MessageBody: messageBody(item) }));
        for (let attempt = 0; attempt < 2 && entries.length > 0; attempt++) {
          const out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
          sent += out.Successful?.length ?? 0;
          const failed = new Set((out.Failed ?? []).map((f) => f.Id));
          const permanent = (out.Failed ?? []).filter((f) => f.SenderFault === true);
          if (permanent.length > 0) throw new WorkQueueError(`SQS refused ${permanent.length} work item(s): ${permanent.map((f) => `${f.Code ?? ''} ${f.Message ?? ''}`.trim()).join('; ')}`);
          entries = entries.filter((e) => failed.has(e.Id));
        }
        if (entries.length > 0) throw new WorkQueueError(`${entries.length} work item(s) could not be queued after a retry`);
      }
      return { sent };
    },
  };
}

let sharedQueue: WorkQueue | undefined;

/** The process-wide queue of an ingest function (one SQS client per container, traced when given). */
export async function defaultWorkQueue(region: string, queueUrl: string, instrument: <C extends object>(client: C) => C = (c) => c): Promise<WorkQueue> {
  if (sharedQueue === undefined) {
    const { SQSClient } = await import('@aws-sdk/client-sqs');
    sharedQueue = createSqsWorkQueue(instrument(new SQSClient({ region, retryMode: 'adaptive' })), queueUrl);
  }
  return sharedQueue;
}
