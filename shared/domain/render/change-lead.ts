/**
 * The line a notification leads with when the diagnosis found the change that broke it: who did what,
 * when, and when the errors began ("payments-deploy-role removed permission payments-api-read from
 * payments-handler at 13:58 UTC; errors began 14:03 UTC"), plus the command that reverts it. The first
 * question of every incident review, answered before the cause and the fix.
 *
 * Only a change the diagnosis relates to a failing check or cause leads (`relatedTo` not null): an
 * unrelated event is listed in the diagnosis, never put at the top of a page. Every part is redacted
 * and bounded (a role session name or an event name can be any length), so the Slack and SNS budgets
 * keep working whatever CloudTrail holds.
 */
import type { Change } from '../model.ts';
import { redactSecrets } from './redact.ts';

/** Longest `who` shown (role session names and federated users can be long). */
export const LEAD_WHO_MAX = 80;
/** Longest "what it did" shown. */
export const LEAD_WHAT_MAX = 300;
/** Longest revert command carried (it is a single CLI command; anything longer is not one a person pastes). */
export const LEAD_REVERT_MAX = 1500;

/** The lead of a notification. */
export interface ChangeLead {
  /** `<who> <did what> at HH:MM UTC; errors began HH:MM UTC` (the second half when the start is known). */
  readonly text: string;
  readonly who: string;
  readonly what: string;
  readonly time: string;
  /** The check or cause the change explains. */
  readonly relatedTo: string;
  /** The command that undoes it, or null. */
  readonly revert: string | null;
}

/** Cuts to `max` code points with an ellipsis (never inside a surrogate pair). */
function bound(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** `HH:MM UTC` of an ISO time, or null when it does not parse. */
function clock(ms: number): string | null {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? `${new Date(ms).toISOString().slice(11, 16)} UTC` : null;
}

/** One line, so a newline in CloudTrail text cannot break the card's layout. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The lead for a diagnosis's changes, or null when there is none to lead with (no changes, or the first
 * one explains nothing). `firstSeen` (ISO) is when the incident began, used when the change does not say.
 */
export function changeLead(changes: readonly Change[] | undefined, firstSeen: string | null): ChangeLead | null {
  const change = changes?.[0];
  if (change === undefined || change.relatedTo === null) return null;
  const at = Date.parse(change.time);
  const when = clock(at);
  const began =
    change.minutesBeforeFirstFailure !== null && when !== null
      ? clock(at + change.minutesBeforeFirstFailure * 60_000)
      : firstSeen === null
        ? null
        : clock(Date.parse(firstSeen));
  const who = bound(oneLine(redactSecrets(change.who ?? 'someone')), LEAD_WHO_MAX) || 'someone';
  const fallback = `${change.eventName.replace(/\d{8}(?:v\d+)?$/, '')} on ${change.resources.join(', ') || change.eventSource}`;
  const what = bound(oneLine(redactSecrets(change.summary ?? fallback)), LEAD_WHAT_MAX);
  const text = `${who} ${what}${when === null ? '' : ` at ${when}`}${began === null ? '' : `; errors began ${began}`}`;
  return {
    text,
    who,
    what,
    time: change.time,
    relatedTo: change.relatedTo,
    revert: change.revert === null ? null : bound(redactSecrets(change.revert), LEAD_REVERT_MAX),
  };
}
