/**
 * Use case: the worker's job for one work item. Failures are counted into their incident; the one
 * worker that claims the new incident's notification investigates (diagnose), decides, acts,
 * records and tells; later occurrences only count (with a "still failing" reply in the Slack thread
 * at 10, 100, 1000… failures when a bot started one); an alarm back to OK resolves the stage's incidents with one "resolved" message each.
 * Every AWS effect goes through the ports it is given.
 */
import type { Diagnosis, Finding, Incident, IncidentKey, Outcome, PlanStep, RemediationMode, SdkRequest, WorkItem, WorkStage } from '../model.ts';
import type { AccountReader } from '../../ports/account-reader.ts';
import type { Clock } from '../../ports/clock.ts';
import type { IncidentStore } from '../../ports/incident-store.ts';
import type { Notification, Notifier, NotificationThread } from '../../ports/notifier.ts';
import type { Remediator } from '../../ports/remediator.ts';
import { incidentId, incidentKeyFor } from '../incidents/incident-key.ts';
import { occurrencesFor } from '../incidents/occurrences.ts';
import type { IncidentReport, IncidentReportKind } from '../render/incident-report.ts';
import { renderSlackCard } from '../render/slack-card.ts';
import { renderChatbotMessage, renderSnsMessage } from '../render/sns-message.ts';
import { act } from './act.ts';
import { decide } from './decide.ts';
import { diagnoseStage } from './diagnose.ts';
import { diagnoseApi } from './diagnose-http-api.ts';
import { readPathTags } from './read-path-tags.ts';

/** The settings the worker runs with. */
export interface WorkSettings {
  readonly mode: RemediationMode;
  readonly executionLogLevel: 'ERROR' | 'INFO';
  readonly cloudWatchRoleArn: string | null;
  readonly maxActionsPerHour: number;
  /** How far back the diagnosis of an alarm looks for failing requests. */
  readonly windowMs: number;
  /** How long a notification claim lasts before a retry may take it (longer than one investigation). */
  readonly claimLeaseMs: number;
  /** Also publish the Amazon Q Developer in chat applications format on SNS. */
  readonly chatbotFormat: boolean;
}

/** What the worker works with. `reader()` is a reader with no memory of earlier reads. */
export interface WorkPorts {
  readonly reader: () => AccountReader;
  readonly remediator: Remediator;
  readonly store: IncidentStore;
  readonly notifiers: readonly Notifier[];
  readonly clock: Clock;
}

/** A message, and what became of it. */
export interface NotificationResult {
  readonly notification: Notification;
  /** `sent`, `not-configured` (rendered only: nothing sends this channel), or `failed: <why>`. */
  readonly delivery: string;
}

/** What the worker did about one incident. */
export interface IncidentResult {
  readonly id: string;
  readonly key: IncidentKey;
  /** True when this run sent (or rendered) the incident's one "new" message. */
  readonly new: boolean;
  readonly kind: IncidentReportKind | 'counted';
  readonly incident: Incident;
  readonly diagnosis: Diagnosis | null;
  readonly plan: readonly PlanStep[];
  readonly outcomes: readonly Outcome[];
  readonly notifications: readonly NotificationResult[];
  readonly notes: readonly string[];
}

/** The result of one work item. */
export interface WorkResult {
  readonly incidents: readonly IncidentResult[];
  readonly notes: readonly string[];
}

/** Counts at which an open incident gets a "still failing" update. */
function crossedMilestone(before: number, after: number): boolean {
  for (let m = 10; m <= 1_000_000; m *= 10) if (before < m && after >= m) return true;
  return false;
}

function rendered(report: IncidentReport, chatbot: boolean): Notification[] {
  const sns = renderSnsMessage(report);
  const out: Notification[] = [{ channel: 'slack', payload: renderSlackCard(report) }, { channel: 'sns', ...sns }];
  if (chatbot) out.push({ channel: 'sns', ...renderChatbotMessage(report) });
  return out;
}

/** Renders the report for every channel, sends it where a notifier is configured, and returns the thread a bot started. */
async function tell(report: IncidentReport, settings: WorkSettings, ports: WorkPorts): Promise<{ results: NotificationResult[]; thread: NotificationThread | null }> {
  const results: NotificationResult[] = [];
  let thread: NotificationThread | null = null;
  for (const notification of rendered(report, settings.chatbotFormat)) {
    const notifiers = ports.notifiers.filter((n) => n.channel === notification.channel);
    if (notifiers.length === 0) {
      results.push({ notification, delivery: 'not-configured' });
      continue;
    }
    const outcomes: string[] = [];
    for (const notifier of notifiers) {
      const sent = await notifier.deliver(notification, report.incident.thread);
      if (sent.ok) {
        outcomes.push('sent');
        thread ??= sent.value.thread;
      } else outcomes.push(`failed: ${sent.error.kind}: ${sent.error.message}`);
    }
    results.push({ notification, delivery: outcomes.join('; ') });
  }
  return { results, thread };
}

/** The request ids the incident's evidence names, for the Logs Insights link. */
function stageRequest(key: IncidentKey, diagnosis: Diagnosis | null): string {
  return `${key.apiId}/${key.stage}${diagnosis === null ? '' : ` (${diagnosis.api.name ?? 'unnamed API'})`}`;
}

/** Investigates, decides, acts and tells for an incident this worker claimed. */
async function investigate(
  incident: Incident,
  findings: readonly Finding[],
  known: Diagnosis | null,
  settings: WorkSettings,
  ports: WorkPorts,
): Promise<IncidentResult> {
  const now = ports.clock.now();
  const notes: string[] = [];
  const startTime = now.getTime() - settings.windowMs;
  let diagnosis = known;
  if (diagnosis === null) {
    // The key names an API id, REST or HTTP (an HTTP API's access log): looked up REST first.
    const diagnosed = await diagnoseApi(ports.reader(), { apiId: incident.key.apiId, stageName: incident.key.stage, startTime, endTime: now.getTime(), ...(findings.length > 0 ? { findings } : {}) });
    if (diagnosed.ok) diagnosis = diagnosed.value;
    else notes.push(`Could not diagnose ${stageRequest(incident.key, null)}: ${diagnosed.error.message}`);
  }
  let plan: PlanStep[] = [];
  let outcomes: Outcome[] = [];
  if (diagnosis !== null) {
    const reader = ports.reader();
    plan = decide(diagnosis, await readPathTags(reader, diagnosis), settings);
    outcomes = await act(plan, { incidentId: incident.id, diagnosis, startTime, endTime: now.getTime(), maxActionsPerHour: settings.maxActionsPerHour }, { remediator: ports.remediator, store: ports.store, freshReader: ports.reader, clock: ports.clock });
  }
  const report: IncidentReport = { kind: 'new', incident, apiName: diagnosis?.api.name ?? null, diagnosis, plan, outcomes, notes };
  const { results, thread } = await tell(report, settings, ports);
  const at = ports.clock.now().toISOString();
  if (results.some((r) => r.delivery === 'sent') || results.every((r) => r.delivery === 'not-configured')) await ports.store.markNotified(incident.id, at);
  if (thread !== null) await ports.store.setThread(incident.id, thread);
  const current = (await ports.store.get(incident.id)) ?? incident;
  return { id: incident.id, key: incident.key, new: true, kind: 'new', incident: current, diagnosis, plan, outcomes, notifications: results, notes };
}

/** Counts failures into their incident and, for the claim winner, investigates and tells. */
async function handleFailures(item: WorkItem & { kind: 'failures' }, known: Diagnosis | null, settings: WorkSettings, ports: WorkPorts): Promise<IncidentResult> {
  const recorded = await ports.store.recordOccurrence({ key: item.key, at: item.at, requestIds: item.requestIds, anonymous: item.anonymous });
  const incident = recorded.incident;
  const now = ports.clock.now().toISOString();
  if (incident.status === 'open' && incident.notifiedAt === null && (await ports.store.claimNotification(incident.id, now, settings.claimLeaseMs))) {
    return investigate(incident, item.findings, known, settings, ports);
  }
  const base = { id: incident.id, key: incident.key, new: false, incident, diagnosis: null, plan: [], outcomes: [], notes: [] };
  // "Still failing" goes only as a reply in the incident's Slack thread (a bot posted the first message):
  // a new message per milestone on a webhook or SNS would be exactly the noise this service removes.
  if (incident.thread !== null && recorded.counted > 0 && crossedMilestone(incident.count - recorded.counted, incident.count)) {
    const { results } = await tell({ kind: 'ongoing', incident, apiName: null, diagnosis: null, plan: [], outcomes: [], notes: [] }, settings, ports);
    return { ...base, kind: 'ongoing', notifications: results };
  }
  return { ...base, kind: 'counted', notifications: [] };
}

/** The API ids an alarm's stage names: its id, or every REST API with its `ApiName` (names are not unique: said in a note). */
async function resolveApiIds(stage: WorkStage, ports: WorkPorts): Promise<{ ids: string[]; notes: string[] }> {
  if (stage.apiId !== null) return { ids: [stage.apiId], notes: [] };
  const found = await ports.reader().findRestApisByName(stage.apiName ?? '');
  if (!found.ok) return { ids: [], notes: [`Could not resolve API name ${stage.apiName ?? ''}: ${found.error.message}`] };
  const ids = found.value.map((a) => a.id);
  if (ids.length === 0) return { ids, notes: [`No REST API is named ${stage.apiName ?? ''} in ${stage.region}.`] };
  if (ids.length > 1) return { ids, notes: [`${ids.length} REST APIs are named ${stage.apiName ?? ''} (${ids.join(', ')}); API names are not unique, so each is investigated.`] };
  return { ids, notes: [] };
}

/** An alarm in ALARM: diagnose the stage (its logs give the failures) and count them as incidents. */
async function handleAlarm(item: WorkItem & { kind: 'alarm' }, settings: WorkSettings, ports: WorkPorts): Promise<WorkResult> {
  const { ids, notes } = await resolveApiIds(item.stage, ports);
  const incidents: IncidentResult[] = [];
  for (const apiId of ids) {
    const now = ports.clock.now().getTime();
    const window = { stageName: item.stage.stage, startTime: now - settings.windowMs, endTime: now };
    // An alarm names a REST API by ApiName (resolved to REST ids above) and an HTTP API by ApiId (its `5xx` metric).
    const diagnosed = item.stage.apiId === null
      ? await diagnoseStage(ports.reader(), { ...window, restApiId: apiId })
      : await diagnoseApi(ports.reader(), { ...window, apiId, prefer: 'HTTP' });
    if (!diagnosed.ok) {
      notes.push(`Could not diagnose ${apiId}/${item.stage.stage} for alarm ${item.alarmName}: ${diagnosed.error.message}`);
      continue;
    }
    const diagnosis = diagnosed.value;
    const stage = { account: item.stage.account, region: item.stage.region, apiId, stage: item.stage.stage };
    const occurrences = occurrencesFor(diagnosis.findings, stage, item.at);
    // No log line names a cause (logging off, or nothing in the window): one incident on what the account shows.
    const keyed = occurrences.length > 0
      ? occurrences
      : [{ key: { ...stage, cause: diagnosis.causes[0]?.cause ?? 'unknown', route: '*' }, at: item.at, requestIds: [], anonymous: 1 }];
    for (const o of keyed) {
      const evidence = diagnosis.findings.filter((f) => incidentId(incidentKeyFor(f, stage)) === incidentId(o.key));
      incidents.push(await handleFailures({ kind: 'failures', key: o.key, at: o.at, requestIds: o.requestIds, anonymous: o.anonymous, findings: evidence }, diagnosis, settings, ports));
    }
  }
  return { incidents, notes };
}

/** An alarm back to OK: resolve the stage's open incidents, one "resolved" message each. */
async function handleResolve(item: WorkItem & { kind: 'resolve' }, settings: WorkSettings, ports: WorkPorts): Promise<WorkResult> {
  const { ids, notes } = await resolveApiIds(item.stage, ports);
  const incidents: IncidentResult[] = [];
  for (const apiId of ids) {
    const closed = await ports.store.resolveStage({ account: item.stage.account, region: item.stage.region, apiId, stage: item.stage.stage }, item.at, item.reason);
    for (const incident of closed) incidents.push(await resolvedResult(incident, settings, ports));
  }
  return { incidents, notes };
}

async function resolvedResult(incident: Incident, settings: WorkSettings, ports: WorkPorts): Promise<IncidentResult> {
  const { results } = await tell({ kind: 'resolved', incident, apiName: null, diagnosis: null, plan: [], outcomes: [], notes: [] }, settings, ports);
  return { id: incident.id, key: incident.key, new: false, kind: 'resolved', incident, diagnosis: null, plan: [], outcomes: [], notifications: results, notes: [] };
}

/** Resolves incidents with no failure for the quiet period, one "resolved" message each (the schedule runs it). */
export async function resolveQuietIncidents(quietMinutes: number, settings: WorkSettings, ports: WorkPorts): Promise<WorkResult> {
  const now = ports.clock.now();
  const closed = await ports.store.resolveQuiet(new Date(now.getTime() - quietMinutes * 60_000).toISOString(), now.toISOString());
  return { incidents: await Promise.all(closed.map((incident) => resolvedResult(incident, settings, ports))), notes: [] };
}

/** Handles one work item. */
export async function handleWork(item: WorkItem, settings: WorkSettings, ports: WorkPorts): Promise<WorkResult> {
  switch (item.kind) {
    case 'failures':
      return { incidents: [await handleFailures(item, null, settings, ports)], notes: [] };
    case 'alarm':
      return handleAlarm(item, settings, ports);
    case 'resolve':
      return handleResolve(item, settings, ports);
  }
}

/** The writes a set of results made, in order (what `replay --json` lists as `writes`). */
export function writesOf(results: readonly WorkResult[]): SdkRequest[] {
  return results.flatMap((r) => r.incidents.flatMap((i) => i.outcomes.flatMap((o) => o.writes)));
}

