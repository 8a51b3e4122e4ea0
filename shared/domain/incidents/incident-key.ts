/**
 * Incident keys and ids (DESIGN.md "Noise control"): which failures are the same incident, and the
 * one string the store keys it by. The id is readable on purpose (it shows up in audit records, logs
 * and Slack message metadata): `123456789012|us-east-1|a1b2c3|prod|missing_invoke_permission|GET /items`.
 */
import { isCauseId, type Finding, type IncidentKey, type Signal } from '../model.ts';

/** The part of an incident key that names one API stage. */
export type StageRef = Pick<IncidentKey, 'account' | 'region' | 'apiId' | 'stage'>;

/** The route of a failure whose evidence names no method and resource path. */
export const ANY_ROUTE = '*';

const SEPARATOR = '|';
const ESCAPE = '\\';

/**
 * Escapes one id part so that `|` only ever separates parts. A stage name or a route could in principle
 * hold a `|`; without this, two different keys could render to the same id.
 */
function escapePart(part: string): string {
  return part.replaceAll(ESCAPE, ESCAPE + ESCAPE).replaceAll(SEPARATOR, ESCAPE + SEPARATOR);
}

/** Splits an id on unescaped `|` and unescapes the parts; null when an escape is dangling or unknown. */
function splitId(id: string): string[] | null {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < id.length; i += 1) {
    const char = id.charAt(i);
    if (char === ESCAPE) {
      const next = id.charAt(i + 1);
      if (next !== ESCAPE && next !== SEPARATOR) return null;
      current += next;
      i += 1;
    } else if (char === SEPARATOR) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

/** Joins parts the way incident ids do (`|` between parts, each part's `|` and `\` escaped), e.g. for other store keys. */
export function joinIdParts(parts: readonly string[]): string {
  return parts.map(escapePart).join(SEPARATOR);
}

/** The stage rendered like the start of an incident id (`account|region|apiId|stage`, parts escaped). */
export function stageId(stage: StageRef): string {
  return joinIdParts([stage.account, stage.region, stage.apiId, stage.stage]);
}

/** The store's id of an incident: the six key parts joined by `|` (each part's `|` and `\` escaped). */
export function incidentId(key: IncidentKey): string {
  return `${stageId(key)}${SEPARATOR}${escapePart(key.cause)}${SEPARATOR}${escapePart(key.route)}`;
}

/** The key an id was made from, or null when the string is not an incident id. */
export function parseIncidentId(id: string): IncidentKey | null {
  const parts = splitId(id);
  if (parts === null || parts.length !== 6) return null;
  const [account, region, apiId, stage, cause, route] = parts as [string, string, string, string, string, string];
  if (!isCauseId(cause)) return null;
  if ([account, region, apiId, stage, route].some((part) => part === '')) return null;
  return { account, region, apiId, stage, cause, route };
}

/**
 * The route a finding is about: `GET /items` when its details carry both `method` and `resourcePath`,
 * else `*`. The method is upper-cased because access logs sometimes carry `get`, and the same route
 * must not become two incidents.
 */
export function routeOf(finding: Finding): string {
  const method = finding.details['method'];
  const path = finding.details['resourcePath'];
  if (typeof method !== 'string' || typeof path !== 'string') return ANY_ROUTE;
  const verb = method.trim().toUpperCase();
  const resource = path.trim();
  if (verb === '' || resource === '') return ANY_ROUTE;
  return `${verb} ${resource}`;
}

/**
 * The stage a signal is about, or null when it does not name all four parts (an alarm that names the
 * API only by name has no `apiId` until it is resolved, so it cannot key an incident yet).
 */
export function stageOfSignal(signal: Pick<Signal, 'account' | 'region' | 'apiId' | 'stage'>): StageRef | null {
  const { account, region, apiId, stage } = signal;
  if (account === null || region === null || apiId === null || stage === null) return null;
  if (account === '' || region === '' || apiId === '' || stage === '') return null;
  return { account, region, apiId, stage };
}

/** The incident key of one finding on one stage: the stage, the finding's cause and its route. */
export function incidentKeyFor(finding: Finding, stage: StageRef): IncidentKey {
  return {
    account: stage.account,
    region: stage.region,
    apiId: stage.apiId,
    stage: stage.stage,
    cause: finding.cause,
    route: routeOf(finding),
  };
}
