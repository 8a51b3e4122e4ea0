/** JSON shapes shared by the commands (the CLI's exact output contract). */
import type { CheckResult, Diagnosis, Finding, Signal } from '../shared/domain/model.ts';
import type { IncidentResult } from '../shared/domain/use-cases/handle-work.ts';
import { EXIT } from './io.ts';

/** A finding as every command prints it. */
export function findingJson(f: Finding): Finding {
  return { cause: f.cause, requestId: f.requestId, status: f.status, evidence: f.evidence, details: f.details };
}

/** The JSON shape of a check in every command's output. */
export function checkJson(c: CheckResult): Record<string, unknown> {
  return { id: c.id, status: c.status, resource: c.resource, message: c.message, fix: c.fix ? { cli: c.fix.cli, iac: c.fix.iac, requests: c.fix.requests } : null };
}

/** The JSON document of a diagnosis (the exact contract of `diagnose --json`). */
export function diagnosisJson(d: Diagnosis): Record<string, unknown> {
  return {
    api: d.api,
    findings: d.findings.map(findingJson),
    checks: d.checks.map(checkJson),
    causes: d.causes.map((c) => ({ cause: c.cause, confidence: c.confidence, because: c.because })),
    logSource: d.logSource,
    evidence: d.evidence ?? null,
    functionLogs: (d.functionLogs ?? []).map((l) => ({
      functionName: l.functionName, functionArn: l.functionArn, logGroup: l.logGroup, custom: l.custom, status: l.status,
      lines: l.lines, invocations: l.invocations, failedInvocations: l.failedInvocations, truncated: l.truncated,
      message: l.message, findings: l.findings.map(findingJson),
    })),
    notes: d.notes,
    changes: (d.changes ?? []).map((c) => ({
      time: c.time,
      eventName: c.eventName,
      eventSource: c.eventSource,
      who: c.who,
      resources: c.resources,
      relatedTo: c.relatedTo,
      minutesBeforeFirstFailure: c.minutesBeforeFirstFailure,
      revert: c.revert,
    })),
  };
}

/** Exit code of a diagnosis: 0 when nothing fails and no cause is found, else 1. */
export function diagnosisExit(d: Diagnosis): number {
  return d.causes.length === 0 && !d.checks.some((c) => c.status === 'fail') ? EXIT.ok : EXIT.findings;
}

/** A signal as `replay` and `demo` print it. */
export function signalJson(s: Signal): Record<string, string | null> {
  return { source: s.source, apiId: s.apiId, apiName: s.apiName, stage: s.stage, state: s.state };
}

/** One incident of a pipeline run (`replay --recording --json`). */
export function incidentJson(i: IncidentResult): Record<string, unknown> {
  return {
    key: i.id,
    new: i.new,
    kind: i.kind,
    count: i.incident.count,
    diagnosis: i.diagnosis === null ? null : diagnosisJson(i.diagnosis),
    plan: i.plan.map((s) => ({ action: s.action, mode: s.mode, check: s.check, resource: s.resource, request: s.request, cli: s.cli, undo: s.undo, reason: s.reason })),
    outcomes: i.outcomes.map((o) => ({ action: o.action, resource: o.resource, status: o.status, reason: o.reason, undo: o.undo })),
    notifications: i.notifications.map((n) => ({ ...n.notification, delivery: n.delivery })),
    notes: i.notes,
  };
}
