/**
 * The SNS message about an incident: a one-line subject, a JSON document with the same content as
 * the Slack card, and message attributes subscribers can filter on (`cause`, `severity`, `api`,
 * `stage`, `action`, `kind`). Also the same incident in the Amazon Q Developer in chat applications
 * (formerly AWS Chatbot) custom notification format, for topics mapped to a chat channel.
 *
 * SNS's constraints (Publish API reference): "Subjects must be UTF-8 text with no line breaks or
 * control characters, and less than 100 characters long"; a message is "at most 256 KB in size
 * (262,144 bytes, not 262,144 characters)", attributes included. String attribute values must not
 * be empty.
 */
import type { JsonObject, JsonValue } from '../model.ts';
import type { SnsMessage } from '../../ports/notifier.ts';
import { formatTime, summarizeIncident, type IncidentReport, type IncidentSummary } from './incident-report.ts';
import { redactSecrets } from './redact.ts';
import { truncateText } from './slack-limits.ts';
import { changeLead, type ChangeLead } from './change-lead.ts';

/** "less than 100 characters long". */
export const SNS_SUBJECT_MAX = 99;
/** The message body's budget: SNS allows 262,144 bytes with the attributes; the rest is headroom. */
export const SNS_MESSAGE_MAX_BYTES = 200_000;
/** Attribute values are ids and short words; anything longer is cut. */
const ATTRIBUTE_MAX = 256;
/** The identifier of the JSON document's shape, so consumers can tell versions apart. */
export const INCIDENT_MESSAGE_SCHEMA = 'apigw-doctor.incident/1';

const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** One line, no control characters (C0, C1, DEL) and no Unicode line or paragraph separators. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** Cuts to at most `max` code points, ending with `...` (ASCII, since some mail clients mangle `…`). */
function cutCodePoints(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 3).join('')}...`;
}

/** A valid SNS subject from any text: one line, < 100 characters, never empty. */
export function snsSubject(text: string): string {
  const line = cutCodePoints(oneLine(text), SNS_SUBJECT_MAX);
  return line === '' ? 'apigw-doctor notification' : line;
}

function where(s: IncidentSummary): string {
  return `${s.api.name ?? s.api.id}/${s.api.stage}${s.route.key === '*' ? '' : ` ${s.route.key}`}`;
}

function subjectOf(s: IncidentSummary): string {
  const head = s.kind === 'ongoing' ? `Still failing (${s.count}x): ` : s.kind === 'resolved' ? 'Resolved: ' : '';
  // Where first: a cut then loses the end of the cause's title, not which API is failing.
  return snsSubject(`[apigw-doctor] ${head}${where(s)}: ${s.cause.title}`);
}

/** The one-sentence summary a person reads first (also the Chatbot `summary`); a new incident leads with the change that broke it. */
function summaryLine(s: IncidentSummary, lead: ChangeLead | null = null): string {
  const span = `${plural(s.count, 'failing request')} from ${formatTime(s.firstSeen)} to ${formatTime(s.lastSeen)}`;
  if (s.kind === 'resolved') return `Resolved: ${s.cause.title} on ${where(s)} after ${span}${s.resolvedReason === null ? '' : ` (${s.resolvedReason})`}.`;
  if (s.kind === 'ongoing') return `Still failing: ${s.cause.title} on ${where(s)}, ${span}.`;
  return `${lead === null ? '' : `${lead.text}. `}${s.cause.title} on ${where(s)}: ${span}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How much of the lists and texts a document keeps; each level is tried until the message fits. */
interface Detail {
  readonly evidence: number;
  readonly lines: number;
  readonly checks: number;
  readonly actions: number;
  readonly notes: number;
  readonly text: number;
}

const LEVELS: readonly Detail[] = [
  { evidence: Infinity, lines: Infinity, checks: Infinity, actions: Infinity, notes: Infinity, text: Infinity },
  { evidence: 20, lines: 20, checks: 20, actions: 20, notes: 20, text: 4000 },
  { evidence: 5, lines: 6, checks: 10, actions: 10, notes: 10, text: 1000 },
  { evidence: 1, lines: 3, checks: 3, actions: 5, notes: 3, text: 300 },
  { evidence: 0, lines: 0, checks: 0, actions: 3, notes: 0, text: 120 },
];

function take<T>(items: readonly T[], max: number): T[] {
  return items.slice(0, Number.isFinite(max) ? max : items.length);
}

function clip(text: string, max: number): string {
  return Number.isFinite(max) ? cutCodePoints(text, max) : text;
}

function document(s: IncidentSummary, report: IncidentReport, d: Detail, lead: ChangeLead | null): JsonObject {
  const t = (text: string): string => clip(text, d.text);
  const tn = (text: string | null): string | null => (text === null ? null : t(text));
  const omitted = {
    evidence: Math.max(0, s.evidence.length - take(s.evidence, d.evidence).length),
    checks: Math.max(0, s.checks.length - take(s.checks, d.checks).length),
    actions: Math.max(0, s.actions.length - take(s.actions, d.actions).length),
    notes: Math.max(0, s.notes.length - take(s.notes, d.notes).length),
  };
  const outcomes = take(report.outcomes, d.actions).map((o): JsonObject => ({
    action: o.action,
    resource: t(redactSecrets(o.resource)),
    status: o.status,
    reason: t(redactSecrets(o.reason)),
    undo: o.undo === null ? null : t(redactSecrets(o.undo)),
  }));
  const doc: Record<string, JsonValue> = {
    schema: INCIDENT_MESSAGE_SCHEMA,
    kind: s.kind,
    severity: s.severity,
    summary: t(summaryLine(s, lead)),
    // The change that broke it (null when the diagnosis found none it relates to a failing check or cause).
    change: lead === null || s.kind !== 'new' ? null : { text: t(lead.text), who: t(lead.who), what: t(lead.what), time: t(lead.time), relatedTo: t(lead.relatedTo), revert: tn(lead.revert) },
    incident: { id: t(s.incidentId), count: s.count, firstSeen: t(s.firstSeen), lastSeen: t(s.lastSeen), resolvedAt: tn(s.resolvedAt), resolvedReason: tn(s.resolvedReason) },
    cause: { id: s.cause.id, title: s.cause.title, why: s.cause.why, todo: [...s.cause.todo], confidence: s.cause.confidence, because: take(s.cause.because, d.notes).map(t) },
    api: { id: t(s.api.id), name: tn(s.api.name), stage: t(s.api.stage), region: t(s.api.region), account: t(s.api.account) },
    route: { key: t(s.route.key), method: s.route.method, path: tn(s.route.path) },
    evidence: take(s.evidence, d.evidence).map((e): JsonObject => ({ requestId: tn(e.requestId), status: e.status, count: e.count, lines: take(e.lines, d.lines).map(t) })),
    checks: take(s.checks, d.checks).map((c): JsonObject => ({ id: c.id, status: c.status, resource: t(c.resource), message: t(c.message), fix: c.fix === null ? null : { cli: t(c.fix.cli), iac: t(c.fix.iac) }, action: c.action })),
    plan: take(s.actions, d.actions).map((a): JsonObject => ({ action: a.action, mode: a.mode, state: a.state, check: a.check, resource: t(a.resource), reason: t(a.reason), cli: tn(a.cli), iac: tn(a.iac), undo: tn(a.undo) })),
    outcomes,
    links: { stageConsole: s.links.stage, logsInsights: s.links.logsInsights },
    notes: take(s.notes, d.notes).map(t),
  };
  if (Object.values(omitted).some((n) => n > 0) || Number.isFinite(d.text)) doc['truncated'] = { ...omitted, textCutAt: Number.isFinite(d.text) ? d.text : null };
  return doc;
}

/** The filterable attributes: short, one line, never empty. */
function attributesOf(s: IncidentSummary): Record<string, string> {
  const value = (text: string): string => cutCodePoints(oneLine(text), ATTRIBUTE_MAX) || 'unknown';
  return {
    cause: s.cause.id,
    severity: s.severity,
    api: value(s.api.id),
    stage: value(s.api.stage),
    action: s.primaryAction ?? 'none',
    kind: s.kind,
  };
}

/** Serialises the first detail level whose document fits the byte budget. */
function fitted(build: (d: Detail) => JsonObject): string {
  for (const level of LEVELS) {
    const text = JSON.stringify(build(level));
    if (byteLength(text) <= SNS_MESSAGE_MAX_BYTES) return text;
  }
  // Unreachable with the last level's caps (a few dozen strings of ≤ 120 code points), kept as a floor.
  return JSON.stringify({ schema: INCIDENT_MESSAGE_SCHEMA, truncated: true });
}

/**
 * Renders the SNS message for an incident report. Severity rule: `new` = high, `ongoing` = medium,
 * every applied action verified = low, `resolved` = info (see `severityOf`).
 */
export function renderSnsMessage(report: IncidentReport): SnsMessage {
  const s = summarizeIncident(report);
  const lead = changeLead(report.diagnosis?.changes, report.incident.firstSeen);
  return { subject: subjectOf(s), message: fitted((d) => document(s, report, d, lead)), attributes: attributesOf(s) };
}

// ---- Amazon Q Developer in chat applications (AWS Chatbot) ---------------------------------------

/** Chatbot's description is rendered into the chat client like a Slack section: stay within 3000. */
const CHATBOT_DESCRIPTION_MAX = 3000;
const CHATBOT_TITLE_MAX = 150;
const CHATBOT_NEXT_STEPS = 5;

/** Escapes what client-markdown in Slack treats as control characters. */
function escapeMarkdown(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fence(text: string): string {
  return `\`\`\`${escapeMarkdown(text).replace(/```/g, "'''")}\`\`\``;
}

function chatbotDescription(s: IncidentSummary, lead: ChangeLead | null): string {
  const out: string[] = [`*${escapeMarkdown(summaryLine(s, lead))}*`];
  if (s.kind === 'new' && lead?.revert != null) out.push(`Revert the change: ${fence(lead.revert)}`);
  if (s.kind === 'new') {
    out.push(escapeMarkdown(s.cause.why));
    const first = s.evidence[0];
    if (first !== undefined) out.push(`*Evidence* (request ${escapeMarkdown(first.requestId ?? 'without id')}):`, fence(first.lines.slice(0, 6).join('\n')));
    for (const c of s.checks.slice(0, 3)) out.push(`:x: \`${c.id}\` on ${escapeMarkdown(c.resource)}: ${escapeMarkdown(c.message)}`);
  }
  for (const a of s.actions.slice(0, 3)) {
    out.push(`*${a.state}*${a.action === null ? '' : ` \`${a.action}\``}: ${escapeMarkdown(a.reason)}`);
    if (a.cli !== null && s.kind === 'new') out.push(fence(a.cli));
    if (a.undo !== null) out.push(`Undo: ${fence(a.undo)}`);
  }
  return truncateText(out.join('\n'), CHATBOT_DESCRIPTION_MAX);
}

/**
 * The incident as an Amazon Q Developer in chat applications custom notification, published to a
 * topic mapped to a chat channel. Format: "Custom notifications using Amazon Q Developer in chat
 * applications", Event schema (https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html):
 * `{ version: "1.0", source: "custom", id, content: { textType: "client-markdown", title,
 * description, nextSteps[], keywords[] }, metadata: { threadId, summary, eventType,
 * relatedResources[], additionalContext } }`. `threadId` is the incident id, so `ongoing` and
 * `resolved` are threaded under the first message where the channel allows threads. The page states
 * no length limits that we found; the description is kept within Slack's section limit (3000).
 */
export function renderChatbotMessage(report: IncidentReport): SnsMessage {
  const s = summarizeIncident(report);
  const lead = changeLead(report.diagnosis?.changes, report.incident.firstSeen);
  const nextSteps = [
    ...s.actions.filter((a) => a.state === 'planned' || a.state === 'suggested').map((a) => `Fix ${a.check ?? a.resource}: ${a.cli ?? a.reason}`),
    `Execution log in Logs Insights: ${s.links.logsInsights}`,
    `Stage in the console: ${s.links.stage}`,
  ].slice(0, CHATBOT_NEXT_STEPS).map((step) => truncateText(step, 2000));
  // Identifiers come from the account; cut them so the message stays small whatever they hold.
  const short = (text: string): string => cutCodePoints(oneLine(text), ATTRIBUTE_MAX);
  const message = {
    version: '1.0',
    source: 'custom',
    id: short(s.incidentId),
    content: {
      textType: 'client-markdown',
      title: cutCodePoints(oneLine(`${s.kind === 'resolved' ? ':white_check_mark: Resolved: ' : s.kind === 'ongoing' ? ':repeat: Still failing: ' : ':rotating_light: '}${s.cause.title}`), CHATBOT_TITLE_MAX),
      description: chatbotDescription(s, lead),
      nextSteps,
      keywords: [s.cause.id, s.severity, cutCodePoints(s.api.id, 64), cutCodePoints(s.api.stage, 64)],
    },
    metadata: {
      threadId: short(s.incidentId),
      summary: cutCodePoints(oneLine(summaryLine(s, lead)), 500),
      eventType: `apigw-doctor-incident-${s.kind}`,
      relatedResources: [`arn:aws:execute-api:${s.api.region}:${s.api.account}:${s.api.id}/${s.api.stage}/*`, ...new Set(s.checks.map((c) => c.resource).filter((r) => r.startsWith('arn:')))]
        .slice(0, 10)
        .map((arn) => cutCodePoints(arn, 1024)),
      additionalContext: { cause: s.cause.id, severity: s.severity, count: String(s.count), route: short(s.route.key), firstSeen: short(s.firstSeen), lastSeen: short(s.lastSeen) },
    },
  };
  return { subject: subjectOf(s), message: JSON.stringify(message), attributes: attributesOf(s) };
}
