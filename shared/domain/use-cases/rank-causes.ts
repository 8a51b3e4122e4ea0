/**
 * Ranks causes by combining what the logs showed (findings) with what the account says (checks).
 * A cause seen in the logs and confirmed by a failing check is near certain; one seen only in the logs
 * keeps its rule's confidence; a failing check with no failing request yet is a latent cause.
 */
import type { CauseId, CheckResult, Confidence, Finding, RankedCause } from '../model.ts';
import type { CauseEvidence } from './diagnose-metrics.ts';

const BASE: Readonly<Record<Confidence, number>> = { high: 0.7, medium: 0.5, low: 0.3 };
/** A failing check with no failing request yet: real, but not (yet) what clients see. */
const LATENT = 0.4;
const CONFIRMED_BY_FAIL = 0.25;
const CONFIRMED_BY_WARN = 0.05;
const CONTRADICTED = 0.3;
const MAX = 0.99;
/** Non-log evidence (metrics, function logs) agreeing with the logs. */
const EVIDENCE_BOOST = 0.05;
/** Each further kind of evidence (metrics and the function's own log) agreeing on a cause no gateway log shows. */
const CORROBORATED = 0.15;
/** How far a VPC link with no healthy target ranks above the timeout it causes. */
const NETWORK_OVER_TIMEOUT = 0.1;

/** A passing check of this id speaks against the cause (e.g. the permission is there now). */
const CONTRADICTING_CHECK: Readonly<Partial<Record<CauseId, CheckResult['id']>>> = {
  missing_invoke_permission: 'invoke-permission',
};

function weight(f: Finding): number {
  const c = f.details['count'];
  return typeof c === 'number' ? c : 1;
}

function confidenceOf(f: Finding): Confidence {
  const c = f.details['confidence'];
  return c === 'high' || c === 'medium' || c === 'low' ? c : 'medium';
}

function round(n: number): number {
  return Math.round(Math.min(MAX, Math.max(0.05, n)) * 100) / 100;
}

/**
 * One reason line per check id: the first result's message, and how many resources fail the same way
 * (twenty methods missing a permission are one reason, not twenty).
 */
function summarise(results: readonly CheckResult[]): string[] {
  const byId = new Map<string, CheckResult[]>();
  for (const r of results) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return [...byId.values()].map((group) => {
    const first = group[0] as CheckResult;
    const more = group.length > 1 ? ` (and ${group.length - 1} more resource${group.length === 2 ? '' : 's'} the same way)` : '';
    return `${first.id} ${first.status}s for ${first.resource}${more}: ${first.message}`;
  });
}

/** Ranks the causes, most likely first. */
export function rankCauses(findings: readonly Finding[], checks: readonly CheckResult[], evidence: readonly CauseEvidence[] = []): RankedCause[] {
  const ranked = new Map<CauseId, { confidence: number; because: string[] }>();
  const byCause = new Map<CauseId, Finding[]>();
  for (const f of findings) byCause.set(f.cause, [...(byCause.get(f.cause) ?? []), f]);

  for (const [cause, group] of byCause) {
    const n = group.reduce((s, f) => s + weight(f), 0);
    const best = group.reduce<Confidence>((c, f) => (BASE[confidenceOf(f)] > BASE[c] ? confidenceOf(f) : c), 'low');
    let confidence = BASE[best] + Math.min(0.1, 0.02 * (n - 1));
    const first = group[0] as Finding;
    const line = first.evidence[0] ?? '';
    const because = [`${n} failing request${n === 1 ? ' in the logs shows' : 's in the logs show'} it${line ? `: "${line.length > 160 ? `${line.slice(0, 159)}…` : line}"` : ''}`];
    const confirming = checks.filter((c) => (c.status === 'fail' || c.status === 'warn') && c.supports?.includes(cause));
    if (confirming.some((c) => c.status === 'fail')) confidence += CONFIRMED_BY_FAIL;
    else if (confirming.length > 0) confidence += CONFIRMED_BY_WARN;
    because.push(...summarise(confirming));
    const contradicting = CONTRADICTING_CHECK[cause];
    // An authorizer's permission is not what the integration's invoke-permission checks look at.
    const aboutAuthorizer = group.some((f) => f.details['authorizer'] === true);
    if (contradicting !== undefined && confirming.length === 0 && !aboutAuthorizer) {
      const passing = checks.filter((c) => c.id === contradicting && c.status === 'pass');
      // A resource the check could not look at (a function in another account) may be the one failing: say so, never "passes now".
      const unchecked = checks.find((c) => c.id === contradicting && c.status === 'skip' && c.fix !== undefined);
      if (unchecked !== undefined) {
        because.push(`${contradicting} could not be checked for ${unchecked.resource}: ${unchecked.message.split('\n')[0] ?? ''}`);
      } else if (passing.length > 0) {
        confidence -= CONTRADICTED;
        because.push(`but ${contradicting} passes now (${passing[0]?.resource}): the condition was probably temporary (e.g. a deploy removed and re-added it) or the failing requests hit a resource not checked here`);
      }
    }
    if (cause === 'unknown') {
      const logging = checks.find((c) => c.id === 'execution-logging' && c.status === 'fail');
      if (logging) because.push(`execution logging is off, so the gateway's own reason was not written: ${logging.message}`);
    }
    ranked.set(cause, { confidence, because });
  }

  // Evidence that is not a log line (metrics, the function's own log): it adds to a cause the logs show,
  // and with logging off it is the cause, saying what it rests on.
  const byEvidence = new Map<CauseId, CauseEvidence[]>();
  for (const e of evidence) byEvidence.set(e.cause, [...(byEvidence.get(e.cause) ?? []), e]);
  for (const [cause, group] of byEvidence) {
    const lines = group.map((e) => `${e.source} show${e.source.endsWith('log') ? 's' : ''} it: ${e.message}`);
    const existing = ranked.get(cause);
    if (existing !== undefined) {
      existing.because.push(...lines);
      existing.confidence += EVIDENCE_BOOST;
      continue;
    }
    const best = group.reduce<Confidence>((c, e) => (BASE[e.confidence] > BASE[c] ? e.confidence : c), 'low');
    const kinds = new Set(group.map((e) => e.kind ?? e.source));
    let confidence = BASE[best] + CORROBORATED * (kinds.size - 1);
    const confirming = checks.filter((c) => (c.status === 'fail' || c.status === 'warn') && c.supports?.includes(cause));
    if (confirming.some((c) => c.status === 'fail')) confidence += CONFIRMED_BY_FAIL;
    else if (confirming.length > 0) confidence += CONFIRMED_BY_WARN;
    ranked.set(cause, { confidence, because: [`no gateway log shows it; ${lines[0] ?? ''}`, ...lines.slice(1), ...summarise(confirming)] });
  }

  // A timeout behind a VPC link whose targets are all down is the network, not a slow backend.
  const vpcDown = checks.filter((c) => c.id === 'vpc-link-health' && c.status === 'fail');
  const timeout = ranked.get('integration_timeout');
  if (timeout !== undefined && vpcDown.length > 0) {
    const network = ranked.get('network_or_vpc_link');
    const lifted = Math.max(network?.confidence ?? 0, timeout.confidence + NETWORK_OVER_TIMEOUT);
    ranked.set('network_or_vpc_link', {
      confidence: lifted,
      because: [
        'the integration timed out because the backend behind the VPC link is unreachable:',
        ...summarise(vpcDown),
        ...(network?.because ?? []),
      ],
    });
    timeout.because.push('but the backend behind the VPC link is unreachable (see network_or_vpc_link): making the backend faster would not help');
    timeout.confidence -= NETWORK_OVER_TIMEOUT;
  }

  const latent = new Map<CauseId, CheckResult[]>();
  for (const check of checks) {
    if (check.status !== 'fail') continue;
    for (const cause of check.supports ?? []) if (!ranked.has(cause)) latent.set(cause, [...(latent.get(cause) ?? []), check]);
  }
  for (const [cause, failing] of latent) {
    ranked.set(cause, { confidence: LATENT, because: ['no failing request shows it in the window, but the account would cause it:', ...summarise(failing)] });
  }

  return [...ranked.entries()]
    .map(([cause, r]) => ({ cause, confidence: round(r.confidence), because: r.because }))
    .sort((a, b) => b.confidence - a.confidence || a.cause.localeCompare(b.cause));
}
