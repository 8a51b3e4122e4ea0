/**
 * The Slack message about an incident, as Block Kit. A new incident whose diagnosis found the change
 * that broke it leads with that change (who did what, when, when errors began, the revert command;
 * `change-lead.ts`); then the cause in plain words, where (API, stage,
 * route), how often and since when, the evidence (redacted log lines with request ids), the failing
 * checks, what was done (applied and verified / planned / suggested) with the exact CLI and IaC
 * change and the undo command, and the links to open first. `ongoing` and `resolved` are one short
 * message each, meant as thread replies under the first.
 *
 * Written for the on-call engineer reading it on a phone: most important first, code in code blocks.
 * The card is fitted to Slack's limits by `slack-limits.ts`; the blocks that must survive a cut
 * (cause, route, counts, the fix and its undo, the links) are marked `keep`.
 */
import type { SlackMessage } from '../../ports/notifier.ts';
import { formatTime, summarizeIncident, type ActionState, type ActionSummary, type IncidentReport, type IncidentSummary } from './incident-report.ts';
import { escapeMrkdwn, fitSlackMessage, type CardBlock, type DraftBlock, type Mrkdwn } from './slack-limits.ts';
import { changeLead, type ChangeLead } from './change-lead.ts';

/** Evidence items shown before "…N more failing requests". */
const MAX_EVIDENCE_ITEMS = 5;
/** Log lines shown per request (execution traces are long; the cause is in the first few). */
const MAX_LINES_PER_ITEM = 6;
/** One log line is cut at this length (execution log events are at most 1 KB anyway). */
const MAX_LINE = 500;
/** Reasons shown under the ranked cause. */
const MAX_BECAUSE = 3;

const esc = escapeMrkdwn;

/** A code block; a ``` inside the text would end it early, so it becomes '''. */
function code(text: string): string {
  return `\`\`\`${esc(text).replace(/```/g, "'''")}\`\`\``;
}

/** Inline code; a backtick inside would end it early. */
function inline(text: string): string {
  return `\`${esc(text).replace(/`/g, "'")}\``;
}

function md(text: string): Mrkdwn {
  return { type: 'mrkdwn', text };
}

function section(text: string): CardBlock {
  return { type: 'section', text: md(text) };
}

/** Cuts a line, never between the halves of a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const unit = text.charCodeAt(end - 1);
  if (unit >= 0xd800 && unit <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function apiLabel(s: IncidentSummary): string {
  return s.api.name === null ? inline(s.api.id) : `*${esc(s.api.name)}* (${inline(s.api.id)})`;
}

function routeLabel(s: IncidentSummary): string {
  return s.route.key === '*' ? 'any route' : inline(s.route.key);
}

function linksText(s: IncidentSummary): string {
  return `<${s.links.stage}|Stage in the API Gateway console> · <${s.links.logsInsights}|Execution log in Logs Insights>`;
}

function footer(s: IncidentSummary): CardBlock {
  return { type: 'context', elements: [md(`apigw-doctor · incident ${inline(s.incidentId)} · severity ${s.severity}`)] };
}

const STATE_LABELS: Readonly<Record<ActionState, string>> = {
  verified: ':white_check_mark: *Applied and verified*',
  applied: ':large_blue_circle: *Applied* (verification pending)',
  failed: ':x: *Action failed*',
  skipped: ':fast_forward: *Skipped*',
  pending: ':hourglass_flowing_sand: *About to apply*',
  planned: ':memo: *Planned (dry-run), not applied*',
  suggested: ':bulb: *Suggested fix* (never applied automatically)',
};

function actionBlocks(a: ActionSummary): DraftBlock[] {
  const what = a.action === null ? (a.check === null ? '' : ` for ${inline(a.check)}`) : ` ${inline(a.action)}`;
  const lines = [`${STATE_LABELS[a.state]}${what} on ${inline(a.resource)}`, esc(a.reason)];
  if (a.cli !== null) {
    const sent = a.state === 'verified' || a.state === 'applied' || a.state === 'failed';
    lines.push(sent ? '*The change, as an AWS CLI command:*' : '*Run this to fix it:*', code(a.cli));
  }
  if (a.undo !== null) lines.push('*Undo:*', code(a.undo));
  const out: DraftBlock[] = [{ block: section(lines.join('\n')), keep: true }];
  if (a.iac !== null) out.push({ block: section(`*Keep it in your IaC* (the next deploy reverts a change made outside it):\n${code(a.iac)}`) });
  return out;
}

/** The change that broke it, first: who did what and when, and the command that reverts it. */
function leadBlock(lead: ChangeLead): DraftBlock {
  const lines = [`:rewind: *What changed:* ${esc(lead.text)}`];
  if (lead.revert !== null) lines.push('*Revert it:*', code(lead.revert));
  return { keep: true, block: section(lines.join('\n')) };
}

function newIncidentBlocks(s: IncidentSummary, lead: ChangeLead | null): DraftBlock[] {
  const draft: DraftBlock[] = [];
  draft.push({ block: { type: 'header', text: { type: 'plain_text', text: s.cause.title, emoji: true } }, keep: true });
  if (lead !== null) draft.push(leadBlock(lead));
  const confidence = s.cause.confidence === null ? '' : ` (confidence ${s.cause.confidence.toFixed(2)})`;
  draft.push({
    keep: true,
    block: {
      type: 'section',
      fields: [
        md(`*API*\n${apiLabel(s)}`),
        md(`*Stage*\n${inline(s.api.stage)} · ${esc(s.api.region)} · ${esc(s.api.account)}`),
        md(`*Route*\n${routeLabel(s)}`),
        md(`*Failing requests*\n${s.count}`),
        md(`*First seen*\n${esc(formatTime(s.firstSeen))}`),
        md(`*Last seen*\n${esc(formatTime(s.lastSeen))}`),
        md(`*Cause*\n${inline(s.cause.id)}${confidence}`),
        md(`*Severity*\n${s.severity}`),
      ],
    },
  });
  const because = s.cause.because.slice(0, MAX_BECAUSE).map((b) => `• ${esc(cut(b, MAX_LINE))}`);
  draft.push({ keep: true, block: section([esc(s.cause.why), ...because].join('\n')) });

  if (s.evidence.length > 0) {
    s.evidence.slice(0, MAX_EVIDENCE_ITEMS).forEach((e, i) => {
      const head = i === 0 ? `*Evidence* (${plural(s.evidence.reduce((n, x) => n + x.count, 0), 'failing request')} in the diagnosed window)\n` : '';
      const id = e.requestId === null ? `${plural(e.count, 'request')} without request id` : `Request ${inline(e.requestId)}`;
      const status = e.status === null ? '' : ` → ${e.status}`;
      const lines = e.lines.slice(0, MAX_LINES_PER_ITEM).map((l) => cut(l, MAX_LINE));
      const more = e.lines.length > MAX_LINES_PER_ITEM ? `\n_…${e.lines.length - MAX_LINES_PER_ITEM} more lines_` : '';
      draft.push({ keep: i === 0, block: section(`${head}${id}${status}\n${lines.length === 0 ? '_no log lines_' : code(lines.join('\n'))}${more}`) });
    });
    const rest = s.evidence.slice(MAX_EVIDENCE_ITEMS);
    if (rest.length > 0) {
      const ids = rest.flatMap((e) => (e.requestId === null ? [] : [inline(e.requestId)])).slice(0, 10);
      draft.push({ block: section(`_…${plural(rest.length, 'more failing request')}${ids.length > 0 ? `: ${ids.join(', ')}${rest.length > ids.length ? ', …' : ''}` : ''}_`) });
    }
  }

  s.checks.forEach((c, i) => {
    const head = i === 0 ? `*Failing checks* (${s.checks.length})\n` : '';
    const fixed = c.action === 'verified' ? ' — _fixed since, see below_' : c.action === null ? '' : ` — _${c.action}, see below_`;
    draft.push({ keep: i === 0, block: section(`${head}:x: ${inline(c.id)} on ${inline(c.resource)}${fixed}\n${esc(c.message)}`) });
  });

  draft.push({ block: { type: 'divider' } });
  if (s.actions.length > 0) {
    draft.push({ keep: true, block: section('*What apigw-doctor did*') });
    for (const a of s.actions) draft.push(...actionBlocks(a));
  } else {
    const withFix = s.checks.filter((c) => c.fix !== null);
    if (withFix.length > 0) {
      draft.push({ keep: true, block: section('*How to fix it* (no automatic action was planned)') });
      withFix.forEach((c, i) => {
        if (c.fix === null) return;
        draft.push({ keep: i === 0, block: section(`${inline(c.id)} on ${inline(c.resource)}:\n${code(c.fix.cli)}`) });
        draft.push({ block: section(`*Keep it in your IaC:*\n${code(c.fix.iac)}`) });
      });
    } else {
      draft.push({ keep: true, block: section(`*What to do*\n${s.cause.todo.map((t) => `• ${esc(t)}`).join('\n')}`) });
    }
  }

  draft.push({ keep: true, block: section(linksText(s)) });
  if (s.notes.length > 0) draft.push({ block: { type: 'context', elements: s.notes.map((n) => md(esc(n))) } });
  draft.push({ keep: true, block: footer(s) });
  return draft;
}

function ongoingBlocks(s: IncidentSummary): DraftBlock[] {
  const text = [
    `:repeat: *Still failing*, ${plural(s.count, 'time')}: ${esc(s.cause.title)}`,
    `${apiLabel(s)} · stage ${inline(s.api.stage)} · ${routeLabel(s)} · first seen ${esc(formatTime(s.firstSeen))}, last ${esc(formatTime(s.lastSeen))}`,
  ].join('\n');
  const draft: DraftBlock[] = [{ keep: true, block: section(text) }];
  // Anything that happened since the first message (an action applied on a later batch) is news.
  for (const a of s.actions.filter((x) => x.state !== 'planned' && x.state !== 'suggested')) draft.push(...actionBlocks(a));
  draft.push({ keep: true, block: { type: 'context', elements: [md(linksText(s)), md(`incident ${inline(s.incidentId)}`)] } });
  return draft;
}

function resolvedBlocks(s: IncidentSummary): DraftBlock[] {
  const reason = s.resolvedReason === null ? '' : ` — ${esc(s.resolvedReason)}`;
  const when = s.resolvedAt === null ? '' : `; resolved ${esc(formatTime(s.resolvedAt))}`;
  const text = [
    `:white_check_mark: *Resolved*: ${esc(s.cause.title)}${reason}`,
    `${apiLabel(s)} · stage ${inline(s.api.stage)} · ${routeLabel(s)} · ${plural(s.count, 'failing request')} between ${esc(formatTime(s.firstSeen))} and ${esc(formatTime(s.lastSeen))}${when}.`,
  ].join('\n');
  return [
    { keep: true, block: section(text) },
    { keep: true, block: { type: 'context', elements: [md(linksText(s)), md(`incident ${inline(s.incidentId)}`)] } },
  ];
}

/** The notification text (what the phone shows, and the fallback where blocks are not rendered). */
function fallbackText(s: IncidentSummary, lead: ChangeLead | null): string {
  const where = `${s.api.name ?? s.api.id} ${s.api.stage} ${s.route.key === '*' ? '' : s.route.key}`.trim();
  const prefix = s.kind === 'ongoing' ? `Still failing (${s.count}×): ` : s.kind === 'resolved' ? 'Resolved: ' : '';
  // The phone shows this line: a new incident leads with the change that broke it.
  const change = s.kind === 'new' && lead !== null ? `${lead.text}. ` : '';
  return esc(`${change}${prefix}${s.cause.title} — ${where}`);
}

/** Renders the Slack message for an incident report, within every Block Kit limit. */
export function renderSlackCard(report: IncidentReport): SlackMessage {
  const s = summarizeIncident(report);
  const lead = changeLead(report.diagnosis?.changes, report.incident.firstSeen);
  const draft = s.kind === 'new' ? newIncidentBlocks(s, lead) : s.kind === 'ongoing' ? ongoingBlocks(s) : resolvedBlocks(s);
  return fitSlackMessage(fallbackText(s, lead), draft);
}
