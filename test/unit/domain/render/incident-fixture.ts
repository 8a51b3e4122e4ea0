/**
 * A realistic incident report for the renderer tests, built the way the worker builds one: a recorded
 * account is diagnosed (as `apigw-doctor diagnose --recording` does), the incident is keyed on the
 * first finding's route, and the plan step carries the failing check's own fix for that route.
 */
import { fileURLToPath } from 'node:url';
import { createAccountReaderFromRecording, loadRecording, recordedClock } from '../../../../shared/adapters/recorded/recorded-account.ts';
import type { Diagnosis, Incident, IncidentKey, JsonValue, Outcome, PlanStep } from '../../../../shared/domain/model.ts';
import type { IncidentReport, IncidentReportKind } from '../../../../shared/domain/render/incident-report.ts';
import { diagnoseStage } from '../../../../shared/domain/use-cases/diagnose.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Diagnoses a recorded account's stage over the hour before the recording's `now`. */
export async function diagnoseRecorded(file: string, restApiId: string, stageName: string): Promise<Diagnosis> {
  const loaded = await loadRecording(`${ROOT}events/accounts/${file}`);
  if (!loaded.ok) throw loaded.error;
  const now = recordedClock(loaded.value).now().getTime();
  const result = await diagnoseStage(createAccountReaderFromRecording(loaded.value), { restApiId, stageName, startTime: now - 3_600_000, endTime: now });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function text(value: JsonValue | undefined): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** What the fixture report was built from, so tests can assert against the inputs rather than literals. */
export interface RecordedReport {
  readonly report: IncidentReport;
  readonly diagnosis: Diagnosis;
  readonly step: PlanStep;
  readonly route: string;
}

/**
 * The report about `permission-lost-after-recreate.json`: the API was re-created, so the function's
 * policy still names the old API id. The step applies the invoke-permission fix for the incident's
 * route and was verified; its undo removes the statement it added.
 */
export async function permissionLostReport(kind: IncidentReportKind = 'new'): Promise<RecordedReport> {
  const diagnosis = await diagnoseRecorded('permission-lost-after-recreate.json', 'k7m2p9q4rx', 'prod');
  const finding = diagnosis.findings[0];
  if (finding === undefined) throw new Error('the recording has no failing request');
  const route = `${text(finding.details['method'])} ${text(finding.details['resourcePath'])}`;
  const [method, path] = route.split(' ');
  const check = diagnosis.checks.find((c) => c.status === 'fail' && c.fix?.requests[0]?.input['SourceArn']?.toString().endsWith(`/${method}${path}`) === true);
  const request = check?.fix?.requests[0];
  if (check?.fix === undefined || request === undefined) throw new Error(`no failing check with a fix for ${route}`);
  const undo = `aws lambda remove-permission --function-name ${text(request.input['FunctionName'])} --statement-id ${text(request.input['StatementId'])} --region ${request.region}`;
  const step: PlanStep = {
    action: 'add-invoke-permission',
    mode: 'apply',
    check: check.id,
    resource: check.resource,
    request,
    cli: check.fix.cli,
    undo,
    reason: 'opted in by tag apigw-doctor:auto-remediate=true on the function',
  };
  const outcome: Outcome = {
    action: 'add-invoke-permission',
    resource: check.resource,
    status: 'verified',
    reason: 'Added the statement; invoke-permission passes on a fresh read of the policy.',
    undo,
    writes: [request],
  };
  const key: IncidentKey = { account: diagnosis.api.account, region: diagnosis.api.region, apiId: diagnosis.api.id, stage: diagnosis.api.stage, cause: finding.cause, route };
  const count = diagnosis.findings.filter((f) => f.cause === finding.cause && `${String(f.details['method'])} ${String(f.details['resourcePath'])}` === route).length;
  const incident: Incident = {
    id: `${key.account}#${key.region}#${key.apiId}#${key.stage}#${key.cause}#${route}`,
    key,
    status: kind === 'resolved' ? 'resolved' : 'open',
    firstSeen: '2026-11-20T14:02:11.000Z',
    lastSeen: '2026-11-20T14:08:40.000Z',
    count: kind === 'ongoing' ? count + 40 : count,
    thread: null,
    notifiedAt: kind === 'new' ? null : '2026-11-20T14:02:12.000Z',
    resolvedAt: kind === 'resolved' ? '2026-11-20T14:30:00.000Z' : null,
    resolvedReason: kind === 'resolved' ? 'the 5XXError alarm returned to OK' : null,
  };
  return { report: { kind, incident, apiName: diagnosis.api.name, diagnosis, plan: [step], outcomes: [outcome], notes: [] }, diagnosis, step, route };
}
