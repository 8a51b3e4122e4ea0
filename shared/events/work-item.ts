/**
 * The boundary of the worker: a work-queue message body → a typed WorkItem, or a typed error. The
 * ingest functions write these bodies, but a queue can hold anything (a hand-sent test message, an
 * older version's shape), so the worker checks before it trusts.
 */
import { z } from 'zod';
import { CAUSE_IDS, type WorkItem } from '../domain/model.ts';
import { err, ok, type Result } from '../domain/result.ts';

const JsonObjectSchema = z.record(z.string(), z.json());
const FindingSchema = z.object({
  cause: z.enum(CAUSE_IDS),
  requestId: z.string().nullable(),
  status: z.number().nullable(),
  evidence: z.array(z.string()),
  details: JsonObjectSchema,
});
const KeySchema = z.object({ account: z.string().min(1), region: z.string().min(1), apiId: z.string().min(1), stage: z.string().min(1), cause: z.enum(CAUSE_IDS), route: z.string().min(1) });
const StageSchema = z.object({ account: z.string().min(1), region: z.string().min(1), apiId: z.string().nullable(), apiName: z.string().nullable(), stage: z.string().min(1) });
const WorkItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('failures'), key: KeySchema, at: z.string(), requestIds: z.array(z.string()), anonymous: z.number().int().min(0), findings: z.array(FindingSchema) }),
  z.object({ kind: z.literal('alarm'), stage: StageSchema, at: z.string(), alarmName: z.string(), reason: z.string() }),
  z.object({ kind: z.literal('resolve'), stage: StageSchema, at: z.string(), reason: z.string() }),
]);

/** Why a message body is no work item. */
export interface WorkItemError {
  readonly code: 'not-json' | 'bad-shape';
  readonly message: string;
}

/** Parses one message body. */
export function parseWorkItem(body: string): Result<WorkItem, WorkItemError> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return err({ code: 'not-json', message: 'the message body is not JSON' });
  }
  const parsed = WorkItemSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({ code: 'bad-shape', message: `not a work item: ${issue === undefined ? 'invalid' : `${issue.path.join('.') || '(root)'}: ${issue.message}`}` });
  }
  return ok(parsed.data as WorkItem);
}
