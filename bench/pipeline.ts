/**
 * Pipeline benchmarks, through the code the Lambdas run (event parsing, ingest, work items, the
 * worker's handleWork) over an in-memory incident store and a recorded account:
 * - `burst`: 100,000 execution-log lines of one cause (a missing invoke permission on one route),
 *   interleaved with healthy traffic, over many subscription batches. Noise control means one
 *   incident and one notification however many lines; queue messages and store writes scale with
 *   batches, not lines.
 * - `pipeline`: event → notification payload for a new incident, with every AWS call delayed by
 *   50 ms (the opted-in scenario in apply mode: diagnose, tags, act, verify, render), p50 and p99.
 * Usage: npx tsx bench/pipeline.ts [--lines N] [--rounds R] [--latency MS]
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { parseEvent, parseEventText } from '../shared/events/index.ts';
import { ingestEvent } from '../shared/domain/use-cases/ingest-event.ts';
import { workItemsFor } from '../shared/domain/use-cases/work-items.ts';
import { handleWork, type WorkSettings } from '../shared/domain/use-cases/handle-work.ts';
import type { WorkItem } from '../shared/domain/model.ts';
import type { IncidentStore } from '../shared/ports/incident-store.ts';
import type { Notifier } from '../shared/ports/notifier.ts';
import type { Remediator } from '../shared/ports/remediator.ts';
import type { AwsClients, SendClient } from '../shared/adapters/aws/clients.ts';
import { createAccountReader } from '../shared/adapters/aws/account-reader.ts';
import { MemoryIncidentStore } from '../shared/adapters/memory/incident-store.ts';
import { parseRecording, type Recording } from '../shared/adapters/recorded/recorded-account.ts';
import { createRecordedAccount } from '../shared/adapters/recorded/recorded-remediator.ts';
import { rng, uuid } from './random.ts';

const SCENARIO = new URL('../events/scenarios/opted-in-permission-applied.json', import.meta.url);
const SETTINGS: WorkSettings = { mode: 'apply', executionLogLevel: 'ERROR', cloudWatchRoleArn: null, maxActionsPerHour: 10, windowMs: 3_600_000, claimLeaseMs: 300_000, chatbotFormat: false };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function scenario(): { recording: Recording; eventText: string } {
  const file = JSON.parse(readFileSync(SCENARIO, 'utf8')) as { event: string; recording: unknown };
  const recording = parseRecording(file.recording, 'scenario');
  if (!recording.ok) throw new Error(recording.error.message);
  return { recording: recording.value, eventText: readFileSync(new URL(`../${file.event}`, import.meta.url), 'utf8') };
}

/** Counts the store writes (every port method that changes it). */
function countingStore(inner: IncidentStore): { store: IncidentStore; writes: () => number } {
  let writes = 0;
  const w = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    writes++;
    return fn(...args);
  };
  return {
    writes: () => writes,
    store: {
      recordOccurrence: w((o) => inner.recordOccurrence(o)),
      get: (id) => inner.get(id),
      resolveStage: w((s, at, reason) => inner.resolveStage(s, at, reason)),
      resolveQuiet: w((before, at) => inner.resolveQuiet(before, at)),
      setThread: w((id, t) => inner.setThread(id, t)),
      claimNotification: w((id, at, lease) => inner.claimNotification(id, at, lease)),
      markNotified: w((id, at) => inner.markNotified(id, at)),
      takeActionSlot: w((a, r, at, limit) => inner.takeActionSlot(a, r, at, limit)),
      recordAudit: w((record) => inner.recordAudit(record)),
      blockedReason: (a, r) => inner.blockedReason(a, r),
      block: w((a, r, reason, at) => inner.block(a, r, reason, at)),
    },
  };
}

/** A Slack "channel" that counts what reached it. */
function countingNotifier(): { notifier: Notifier; count: () => number } {
  let count = 0;
  return {
    count: () => count,
    notifier: {
      channel: 'slack',
      async deliver() {
        count++;
        return { ok: true, value: { thread: null } };
      },
    },
  };
}

/** One subscription batch of `requests`, their lines interleaved. */
function batch(requests: readonly string[][], seq: number): unknown {
  const random = rng(seq + 1);
  const queues = requests.map((lines) => [...lines]);
  const logEvents: Array<{ id: string; timestamp: number; message: string }> = [];
  let t = Date.parse('2026-11-20T14:05:00.000Z') + seq * 1000;
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    const q = open[Math.floor(random() * open.length)];
    const message = q?.shift();
    if (message !== undefined) logEvents.push({ id: String(logEvents.length), timestamp: t++, message });
  }
  const data = gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod', logStream: 's', subscriptionFilters: ['f'], logEvents })).toString('base64');
  return { awslogs: { data } };
}

function requestLines(id: string, failing: boolean): string[] {
  const head = [`(${id}) Starting execution for request: ${id}`, `(${id}) HTTP Method: GET, Resource Path: /orders/42`];
  return failing
    ? [...head, `(${id}) Execution failed due to configuration error: Invalid permissions on Lambda function`, `(${id}) Method completed with status: 500`]
    : [...head, `(${id}) Method completed with status: 200`];
}

/** The burst line. */
export async function runBurstBench(lines: number, perBatch = 1_000): Promise<Record<string, unknown>> {
  const { recording } = scenario();
  const account = createRecordedAccount(recording);
  const clock = { now: () => new Date('2026-11-20T14:10:00.000Z') };
  const { store, writes } = countingStore(new MemoryIncidentStore({ clock }));
  const slack = countingNotifier();
  const random = rng(7);
  let produced = 0;
  let batches = 0;
  let queueMessages = 0;
  const incidentIds = new Set<string>();
  while (produced < lines) {
    const requests: string[][] = [];
    let inBatch = 0;
    while (inBatch < perBatch && produced + inBatch < lines) {
      const r = requestLines(uuid(random), random() < 0.3);
      requests.push(r);
      inBatch += r.length;
    }
    produced += inBatch;
    const parsed = parseEvent(batch(requests, batches));
    batches++;
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { items } = workItemsFor(ingestEvent(parsed.value, 'logs'), { region: 'us-east-1', account: '123456789012' }, clock.now().toISOString());
    queueMessages += items.length;
    for (const item of items) {
      const result = await handleWork(JSON.parse(JSON.stringify(item)) as WorkItem, { ...SETTINGS, mode: 'dry-run' }, { reader: () => account.reader(), remediator: account.remediator, store, notifiers: [slack.notifier], clock });
      for (const i of result.incidents) incidentIds.add(i.id);
    }
  }
  return { bench: 'burst', lines: produced, batches, incidents: incidentIds.size, notifications: slack.count(), storeWrites: writes(), queueMessages };
}

/** Clients that wait before every answer (the AWS round trip). */
function delayed(clients: AwsClients, ms: number): AwsClients {
  const wrap = (c: SendClient): SendClient => ({ send: async (command) => { await sleep(ms); return c.send(command); } });
  return { apiGateway: wrap(clients.apiGateway), lambda: wrap(clients.lambda), logs: wrap(clients.logs), iam: wrap(clients.iam), elbv2: wrap(clients.elbv2), cloudTrail: wrap(clients.cloudTrail), cloudWatch: wrap(clients.cloudWatch), ec2: wrap(clients.ec2), apiGatewayV2: wrap(clients.apiGatewayV2) };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The pipeline line: event text → notification payload for a new incident, at `latencyMs` per AWS call. */
export async function runPipelineBench(rounds: number, latencyMs = 50): Promise<Record<string, unknown>> {
  const { recording, eventText } = scenario();
  const times: number[] = [];
  let calls = 0;
  for (let round = 0; round < rounds; round++) {
    const account = createRecordedAccount(recording);
    const clients = delayed(account.clients, latencyMs);
    const remediator: Remediator = { send: async (request) => { await sleep(latencyMs); return account.remediator.send(request); } };
    const clock = { now: () => new Date('2026-11-20T14:10:00.000Z') };
    const store = new MemoryIncidentStore({ clock });
    let readers = 0;
    const readerCalls: Array<() => number> = [];
    const started = performance.now();
    const parsed = parseEventText(eventText);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { items } = workItemsFor(ingestEvent(parsed.value, 'logs'), { region: 'us-east-1', account: '123456789012' }, clock.now().toISOString());
    for (const item of items) {
      const result = await handleWork(item, SETTINGS, {
        reader: () => {
          readers++;
          const reader = createAccountReader({ clients, account: '123456789012', region: 'us-east-1' });
          readerCalls.push(() => reader.callStats().calls);
          return reader;
        },
        remediator, store, notifiers: [], clock,
      });
      if (!result.incidents.some((i) => i.new && i.notifications.length > 0)) throw new Error('no new-incident notification rendered');
    }
    times.push(performance.now() - started);
    calls = readerCalls.reduce((sum, c) => sum + c(), 0) + account.writes().length;
    void readers;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { bench: 'pipeline', rounds, latencyMs, awsCalls: calls, p50Ms: Math.round(percentile(sorted, 50)), p99Ms: Math.round(percentile(sorted, 99)) };
}

if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({ options: { lines: { type: 'string' }, rounds: { type: 'string' }, latency: { type: 'string' } } });
  console.log(JSON.stringify(await runBurstBench(Number(values.lines ?? 100_000))));
  console.log(JSON.stringify(await runPipelineBench(Number(values.rounds ?? 20), Number(values.latency ?? 50))));
}
