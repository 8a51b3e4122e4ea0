import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handleWork, type WorkPorts, type WorkSettings } from '../../../../shared/domain/use-cases/handle-work.ts';
import { ingestEvent } from '../../../../shared/domain/use-cases/ingest-event.ts';
import { workItemsFor } from '../../../../shared/domain/use-cases/work-items.ts';
import { parseEventText } from '../../../../shared/events/index.ts';
import { parseRecording, type Recording } from '../../../../shared/adapters/recorded/recorded-account.ts';
import { createRecordedAccount, type RecordedAccount } from '../../../../shared/adapters/recorded/recorded-remediator.ts';
import { MemoryIncidentStore } from '../../../../shared/adapters/memory/incident-store.ts';
import type { SdkRequest, WorkItem } from '../../../../shared/domain/model.ts';
import type { Remediator, WriteFailure } from '../../../../shared/ports/remediator.ts';
import type { Clock } from '../../../../shared/ports/clock.ts';
import type { IncidentStore } from '../../../../shared/ports/incident-store.ts';
import type { Notifier } from '../../../../shared/ports/notifier.ts';
import { err, ok } from '../../../../shared/domain/result.ts';

const ROOT = new URL('../../../../', import.meta.url);
const SETTINGS: WorkSettings = { mode: 'apply', executionLogLevel: 'ERROR', cloudWatchRoleArn: null, maxActionsPerHour: 10, windowMs: 3_600_000, claimLeaseMs: 300_000, chatbotFormat: false };

function scenario(name: string): { recording: Recording; items: WorkItem[] } {
  const file = JSON.parse(readFileSync(new URL(`events/scenarios/${name}.json`, ROOT), 'utf8')) as { event: string; recording: unknown };
  const recording = parseRecording(file.recording, name);
  const parsed = parseEventText(readFileSync(new URL(file.event, ROOT), 'utf8'));
  if (!recording.ok || !parsed.ok) throw new Error(`scenario ${name} does not load`);
  const { items } = workItemsFor(ingestEvent(parsed.value, 'any'), { region: 'us-east-1', account: '123456789012' }, '2026-11-20T14:10:00.000Z');
  return { recording: recording.value, items };
}

/** A clock the test moves. */
function testClock(start: string): Clock & { advance(ms: number): void } {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

function portsFor(account: RecordedAccount, store: IncidentStore, clock: Clock, remediator: Remediator = account.remediator): WorkPorts {
  return { reader: () => account.reader(), remediator, store, notifiers: [], clock };
}

/** A remediator that answers from a script of results, then passes through. */
function scripted(inner: Remediator, script: Array<WriteFailure | 'pass' | 'swallow'>): Remediator & { calls: SdkRequest[] } {
  const calls: SdkRequest[] = [];
  return {
    calls,
    async send(request) {
      calls.push(request);
      const next = script.shift() ?? 'pass';
      if (next === 'pass') return inner.send(request);
      if (next === 'swallow') return ok({});
      return err(next);
    },
  };
}

describe('handleWork: one incident, one message, safe actions', () => {
  it('opens the incident, applies and verifies the opted-in permission, renders both messages; the same batch again only counts', async () => {
    // Prepare
    const { recording, items } = scenario('opted-in-permission-applied');
    const account = createRecordedAccount(recording);
    const clock = testClock('2026-11-20T14:10:00.000Z');
    const store = new MemoryIncidentStore({ clock });
    const [item] = items;
    if (item === undefined) throw new Error('no work item');
    // Act
    const first = await handleWork(item, SETTINGS, portsFor(account, store, clock));
    const again = await handleWork(item, SETTINGS, portsFor(account, store, clock));
    // Assess
    const [incident] = first.incidents;
    expect(incident?.new).toBe(true);
    expect(incident?.plan.map((s) => [s.action, s.mode])).toEqual([['add-invoke-permission', 'apply']]);
    expect(incident?.outcomes.map((o) => o.status)).toEqual(['verified']);
    expect(account.writes().map((w) => w.operation)).toEqual(['AddPermission']);
    expect(incident?.notifications.map((n) => [n.notification.channel, n.delivery])).toEqual([['slack', 'not-configured'], ['sns', 'not-configured']]);
    expect(again.incidents.map((i) => [i.kind, i.new, i.notifications.length])).toEqual([['counted', false, 0]]);
    expect((await store.get(incident?.id ?? ''))?.count).toBe(1);
    expect((await store.listAudit(incident?.id ?? '')).map((a) => a.outcome.status)).toEqual(['verified']);
  });

  it('gives exactly one "new" among 50 concurrent batches of one incident, and acts once', async () => {
    const { recording, items } = scenario('opted-in-permission-applied');
    const account = createRecordedAccount(recording);
    const clock = testClock('2026-11-20T14:10:00.000Z');
    const store = new MemoryIncidentStore({ clock });
    const item = items[0];
    if (item?.kind !== 'failures') throw new Error('expected a failures item');
    const batches = Array.from({ length: 50 }, (_, i) => ({ ...item, requestIds: [`req-${i}`] }));
    const results = await Promise.all(batches.map((b) => handleWork(b, SETTINGS, portsFor(account, store, clock))));
    const incidents = results.flatMap((r) => r.incidents);
    expect(incidents.filter((i) => i.new)).toHaveLength(1);
    expect(account.writes()).toHaveLength(1);
    expect((await store.get(incidents[0]?.id ?? ''))?.count).toBe(50);
  });

  it('treats a statement that is already there as verified with nothing written, and re-reads the policy once on a RevisionId conflict', async () => {
    const { recording, items } = scenario('opted-in-permission-applied');
    const item = items[0];
    if (item === undefined) throw new Error('no work item');
    const conflict = createRecordedAccount(recording);
    const r1 = scripted(conflict.remediator, [{ kind: 'conflict', operation: 'lambda:AddPermission', message: 'ResourceConflictException: The statement id provided already exists' }]);
    const clock = testClock('2026-11-20T14:10:00.000Z');
    const [a] = (await handleWork(item, SETTINGS, portsFor(conflict, new MemoryIncidentStore({ clock }), clock, r1))).incidents;
    expect(a?.outcomes[0]?.reason).toContain('already there');
    const stale = createRecordedAccount(recording);
    const r2 = scripted(stale.remediator, [{ kind: 'precondition_failed', operation: 'lambda:AddPermission', message: 'PreconditionFailedException' }]);
    const [b] = (await handleWork(item, SETTINGS, portsFor(stale, new MemoryIncidentStore({ clock }), clock, r2))).incidents;
    expect(r2.calls.map((c) => c.operation)).toEqual(['AddPermission', 'AddPermission']);
    expect(b?.outcomes.map((o) => o.status)).toEqual(['verified']);
  });

  it('reports AccessDenied and throttling as failed with the AWS message, and changes nothing', async () => {
    const { recording, items } = scenario('opted-in-permission-applied');
    const item = items[0];
    if (item === undefined) throw new Error('no work item');
    for (const failure of [
      { kind: 'denied' as const, operation: 'lambda:AddPermission', message: 'AccessDeniedException: not authorized to perform lambda:AddPermission' },
      { kind: 'throttled' as const, operation: 'lambda:AddPermission', message: 'TooManyRequestsException: Rate exceeded' },
    ]) {
      const account = createRecordedAccount(recording);
      const clock = testClock('2026-11-20T14:10:00.000Z');
      const [incident] = (await handleWork(item, SETTINGS, portsFor(account, new MemoryIncidentStore({ clock }), clock, scripted(account.remediator, [failure])))).incidents;
      expect(incident?.outcomes).toMatchObject([{ status: 'failed', reason: `${failure.operation} failed (${failure.kind}): ${failure.message}` }]);
      expect(account.writes()).toEqual([]);
    }
  });

  it('does not act twice or lose the message when the worker crashes between apply and record, and is retried', async () => {
    // Prepare: the audit write after the action fails once (the worker dies there)
    const { recording, items } = scenario('opted-in-permission-applied');
    const item = items[0];
    if (item === undefined) throw new Error('no work item');
    const account = createRecordedAccount(recording);
    const clock = testClock('2026-11-20T14:10:00.000Z');
    const store = new MemoryIncidentStore({ clock });
    let crashes = 1;
    const crashing: IncidentStore = {
      recordOccurrence: (o) => store.recordOccurrence(o),
      get: (id) => store.get(id),
      resolveStage: (s, at, reason) => store.resolveStage(s, at, reason),
      resolveQuiet: (before, at) => store.resolveQuiet(before, at),
      setThread: (id, thread) => store.setThread(id, thread),
      claimNotification: (id, at, lease) => store.claimNotification(id, at, lease),
      markNotified: (id, at) => store.markNotified(id, at),
      takeActionSlot: (a, r, at, limit) => store.takeActionSlot(a, r, at, limit),
      blockedReason: (action, resource) => store.blockedReason(action, resource),
      block: (action, resource, reason, at) => store.block(action, resource, reason, at),
      recordAudit: async (record) => {
        if (crashes-- > 0) throw new Error('Runtime exited: the worker was killed');
        return store.recordAudit(record);
      },
    };
    // Act
    await expect(handleWork(item, SETTINGS, portsFor(account, crashing, clock))).rejects.toThrow('worker was killed');
    const retryTooSoon = await handleWork(item, SETTINGS, portsFor(account, crashing, clock));
    clock.advance(SETTINGS.claimLeaseMs + 1);
    const retry = await handleWork(item, SETTINGS, portsFor(account, crashing, clock));
    // Assess
    expect(retryTooSoon.incidents.map((i) => i.kind)).toEqual(['counted']);
    expect(retry.incidents.map((i) => [i.kind, i.new])).toEqual([['new', true]]);
    expect(retry.incidents[0]?.plan.filter((s) => s.mode === 'apply')).toEqual([]);
    expect(account.writes().map((w) => w.operation)).toEqual(['AddPermission']);
    expect((await store.get(retry.incidents[0]?.id ?? ''))?.notifiedAt).not.toBeNull();
  });

  it('stops at the hourly rate limit, and blocks an action whose verification failed (not retried automatically)', async () => {
    const { recording, items } = scenario('opted-in-permission-applied');
    const item = items[0];
    if (item?.kind !== 'failures') throw new Error('expected a failures item');
    const clock = testClock('2026-11-20T14:10:00.000Z');
    const limited = createRecordedAccount(recording);
    const [skipped] = (await handleWork(item, { ...SETTINGS, maxActionsPerHour: 0 }, portsFor(limited, new MemoryIncidentStore({ clock }), clock))).incidents;
    expect(skipped?.outcomes).toMatchObject([{ status: 'skipped' }]);
    expect(skipped?.outcomes[0]?.reason).toMatch(/^rate limit: 0 automatic actions per hour/);

    const account = createRecordedAccount(recording);
    const store = new MemoryIncidentStore({ clock });
    const liar = scripted(account.remediator, ['swallow']);
    const [failed] = (await handleWork(item, SETTINGS, portsFor(account, store, clock, liar))).incidents;
    expect(failed?.outcomes).toMatchObject([{ status: 'failed' }]);
    expect(failed?.outcomes[0]?.reason).toContain('Not retried automatically (circuit breaker)');
    const other = { ...item, key: { ...item.key, cause: 'unknown' as const } };
    const [blocked] = (await handleWork(other, SETTINGS, portsFor(account, store, clock, liar))).incidents;
    expect(blocked?.outcomes).toMatchObject([{ status: 'skipped' }]);
    expect(blocked?.outcomes[0]?.reason).toMatch(/^not retried automatically: verification failed at/);
    expect(liar.calls).toHaveLength(1);
  });

  it('replies "still failing" in the bot\'s thread at 10 failures, and sends nothing more to a channel without threads', async () => {
    const { recording, items } = scenario('untagged-permission-dry-run');
    const item = items[0];
    if (item?.kind !== 'failures') throw new Error('expected a failures item');
    const clock = testClock('2026-11-20T14:10:00.000Z');
    const delivered: Array<{ kind: string; thread: string | null }> = [];
    const bot: Notifier = {
      channel: 'slack',
      async deliver(notification, thread) {
        delivered.push({ kind: notification.channel === 'slack' ? notification.payload.text.slice(0, 40) : '', thread: thread?.ts ?? null });
        return ok({ thread: thread ?? { channel: 'C0123', ts: '1732000000.000100' } });
      },
    };
    const account = createRecordedAccount(recording);
    const store = new MemoryIncidentStore({ clock });
    const ports = { ...portsFor(account, store, clock), notifiers: [bot] };
    await handleWork(item, SETTINGS, ports);
    const more = await handleWork({ ...item, requestIds: Array.from({ length: 12 }, (_, i) => `r-${i}`) }, SETTINGS, ports);
    const evenMore = await handleWork({ ...item, requestIds: ['r-99'] }, SETTINGS, ports);
    expect(more.incidents.map((i) => i.kind)).toEqual(['ongoing']);
    expect(evenMore.incidents.map((i) => i.kind)).toEqual(['counted']);
    expect(delivered.map((d) => d.thread)).toEqual([null, '1732000000.000100']);
    // The same traffic with a webhook (no thread): only the new-incident message.
    const plain: Notifier = { channel: 'slack', deliver: async () => ok({ thread: null }) };
    const other = createRecordedAccount(recording);
    const store2 = new MemoryIncidentStore({ clock });
    const ports2 = { ...portsFor(other, store2, clock), notifiers: [plain] };
    await handleWork(item, SETTINGS, ports2);
    const quiet = await handleWork({ ...item, requestIds: Array.from({ length: 12 }, (_, i) => `r-${i}`) }, SETTINGS, ports2);
    expect(quiet.incidents.map((i) => i.kind)).toEqual(['counted']);
  });

  it('resolves the stage incidents when the alarm is back to OK, with one resolved message each', async () => {
    const { recording, items } = scenario('opted-in-permission-applied');
    const item = items[0];
    if (item?.kind !== 'failures') throw new Error('expected a failures item');
    const account = createRecordedAccount(recording);
    const clock = testClock('2026-11-20T14:10:00.000Z');
    const store = new MemoryIncidentStore({ clock });
    await handleWork(item, SETTINGS, portsFor(account, store, clock));
    const ok = await handleWork({ kind: 'resolve', stage: { account: item.key.account, region: item.key.region, apiId: item.key.apiId, apiName: null, stage: item.key.stage }, at: '2026-11-20T14:20:00.000Z', reason: 'alarm orders-api-prod-5xx is OK' }, SETTINGS, portsFor(account, store, clock));
    expect(ok.incidents.map((i) => [i.kind, i.incident.status])).toEqual([['resolved', 'resolved']]);
    expect(ok.incidents[0]?.notifications.map((n) => n.notification.channel)).toEqual(['slack', 'sns']);
  });
});
