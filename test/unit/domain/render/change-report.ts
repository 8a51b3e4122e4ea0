/**
 * An incident report built the way the worker builds one, from any diagnosis (a recorded account's, or one
 * with its changes replaced): keyed on the first finding's cause and route, no plan, no outcome.
 */
import type { Change, Diagnosis, Incident } from '../../../../shared/domain/model.ts';
import type { IncidentReport } from '../../../../shared/domain/render/incident-report.ts';

/** The report about `diagnosis` (its changes replaced when `changes` is given). */
export function reportFor(diagnosis: Diagnosis, changes?: readonly Change[]): IncidentReport {
  const finding = diagnosis.findings[0];
  if (finding === undefined) throw new Error('the diagnosis has no failing request');
  const route = `${String(finding.details['method'])} ${String(finding.details['resourcePath'])}`;
  const key = { account: diagnosis.api.account, region: diagnosis.api.region, apiId: diagnosis.api.id, stage: diagnosis.api.stage, cause: finding.cause, route };
  const incident: Incident = {
    id: `${key.account}#${key.region}#${key.apiId}#${key.stage}#${key.cause}#${route}`,
    key,
    status: 'open',
    firstSeen: '2026-11-20T14:03:12.000Z',
    lastSeen: '2026-11-20T14:06:27.000Z',
    count: diagnosis.findings.length,
    thread: null,
    notifiedAt: null,
    resolvedAt: null,
    resolvedReason: null,
  };
  const withChanges = changes === undefined ? diagnosis : { ...diagnosis, changes };
  return { kind: 'new', incident, apiName: diagnosis.api.name, diagnosis: withChanges, plan: [], outcomes: [], notes: [] };
}
