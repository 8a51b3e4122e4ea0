/**
 * Who allowed what: the owner opts a resource in to automatic fixes with the tag
 * `apigw-doctor:auto-remediate` = `true` (every action) | a comma list of action ids | `false` (veto).
 * The resource an action changes governs it (a function for its permissions, a stage for its
 * logging, falling back to its REST API, whose tags API Gateway's ABAC passes down to the stage);
 * a `false` anywhere on the path vetoes every action there. The stack's IAM conditions enforce the
 * same rule (docs/facts.md (h)), so a bug here still cannot touch an untagged resource. Pure.
 */
import { ACTION_IDS, type ActionId } from '../model.ts';

/** The opt-in tag key. */
export const AUTO_REMEDIATE_TAG = 'apigw-doctor:auto-remediate';

/** What one tag value says. */
export type TagOptIn =
  | { readonly kind: 'absent' }
  | { readonly kind: 'veto'; readonly value: string }
  | { readonly kind: 'allow'; readonly value: string; readonly actions: ReadonlySet<ActionId> | 'all'; readonly unknown: readonly string[] };

/** Parses the tag value (case and spaces ignored; unknown action ids are kept to be reported). */
export function parseOptInTag(tags: Readonly<Record<string, string>> | undefined): TagOptIn {
  const raw = tags?.[AUTO_REMEDIATE_TAG];
  if (raw === undefined || raw.trim() === '') return { kind: 'absent' };
  const value = raw.trim();
  const lower = value.toLowerCase();
  if (lower === 'false') return { kind: 'veto', value };
  if (lower === 'true') return { kind: 'allow', value, actions: 'all', unknown: [] };
  const ids = lower.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const known = ids.filter((id): id is ActionId => (ACTION_IDS as readonly string[]).includes(id));
  return { kind: 'allow', value, actions: new Set(known), unknown: ids.filter((id) => !known.includes(id as ActionId)) };
}

/** One resource on an action's path, with its tags. */
export interface TaggedResource {
  /** How messages name it: `function orders`, `stage prod`, `REST API a1b2c3`. */
  readonly label: string;
  readonly tags: Readonly<Record<string, string>> | undefined;
}

/** Whether an action may be applied, and the sentence that says why. */
export interface OptInDecision {
  readonly allowed: boolean;
  readonly reason: string;
}

function allows(optIn: TagOptIn, action: ActionId): boolean {
  return optIn.kind === 'allow' && (optIn.actions === 'all' || optIn.actions.has(action));
}

/**
 * Decides `action` for the resources on its path. `governing` lists the resources whose opt-in
 * counts, most specific first (the first with the tag decides); `path` every resource whose veto counts.
 */
export function decideOptIn(action: ActionId, governing: readonly TaggedResource[], path: readonly TaggedResource[]): OptInDecision {
  for (const resource of path) {
    const optIn = parseOptInTag(resource.tags);
    if (optIn.kind === 'veto') return { allowed: false, reason: `vetoed: ${resource.label} is tagged ${AUTO_REMEDIATE_TAG}=${optIn.value}` };
  }
  for (const resource of governing) {
    const optIn = parseOptInTag(resource.tags);
    if (optIn.kind === 'absent') continue;
    const unknown = optIn.kind === 'allow' && optIn.unknown.length > 0 ? ` (ignored unknown action id${optIn.unknown.length === 1 ? '' : 's'} ${optIn.unknown.join(', ')})` : '';
    if (allows(optIn, action)) return { allowed: true, reason: `opted in: ${resource.label} is tagged ${AUTO_REMEDIATE_TAG}=${optIn.kind === 'allow' ? optIn.value : ''}${unknown}` };
    return { allowed: false, reason: `not opted in: ${resource.label} is tagged ${AUTO_REMEDIATE_TAG}=${optIn.kind === 'allow' ? optIn.value : ''}, which does not include ${action}${unknown}` };
  }
  const where = governing[0]?.label ?? 'the resource';
  return { allowed: false, reason: `not opted in: tag ${where} with ${AUTO_REMEDIATE_TAG}=true (or =${action}) to let apigw-doctor apply this` };
}
