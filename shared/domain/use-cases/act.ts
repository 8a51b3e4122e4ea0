/**
 * Use case: carry out the `apply` steps of a plan, safely. For each step: the circuit breaker (an
 * action whose verification failed before is not retried automatically), the hourly rate limit, the
 * action's own preconditions (a permission is added only while the policy stays under Lambda's 20 KB
 * limit, with the policy's current RevisionId), the write, verification (the same check re-run on
 * fresh reads), and an audit record with the undo command. Every outcome says why in a sentence.
 */
import type { CheckResult, Diagnosis, Outcome, PlanStep, SdkRequest } from '../model.ts';
import type { AccountReader } from '../../ports/account-reader.ts';
import type { Clock } from '../../ports/clock.ts';
import type { IncidentStore } from '../../ports/incident-store.ts';
import type { Remediator, WriteFailure } from '../../ports/remediator.ts';
import { addedStatementBytes, POLICY_LIMIT_BYTES } from '../remediation/add-invoke-permission.ts';
import { diagnoseStage } from './diagnose.ts';
import { diagnoseHttpStage } from './diagnose-http-api.ts';

/** What the actions act on. */
export interface ActContext {
  readonly incidentId: string;
  readonly diagnosis: Diagnosis;
  /** The log window of the diagnosis (verification re-runs the checks with its findings). */
  readonly startTime: number;
  readonly endTime: number;
  readonly maxActionsPerHour: number;
}

/** The ports acting needs. */
export interface ActPorts {
  readonly remediator: Remediator;
  readonly store: IncidentStore;
  /** A reader with no memory of earlier reads, so verification sees the account as it is now. */
  readonly freshReader: () => AccountReader;
  readonly clock: Clock;
}

type Sent = { readonly ok: true; readonly writes: readonly SdkRequest[]; readonly note: string } | { readonly ok: false; readonly status: 'failed' | 'skipped'; readonly reason: string };

function failureText(f: WriteFailure): string {
  return `${f.operation} failed (${f.kind}): ${f.message}`;
}

/** AddPermission with the policy as it is now: current RevisionId, and refused if the policy would pass 20 KB. */
async function sendAddPermission(step: PlanStep, request: SdkRequest, ports: ActPorts): Promise<Sent> {
  const name = String(request.input['FunctionName']);
  const qualifier = typeof request.input['Qualifier'] === 'string' ? request.input['Qualifier'] : undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const policy = await ports.freshReader().getFunctionPolicy(name, qualifier);
    if (!policy.ok) return { ok: false, status: 'failed', reason: `could not read the current policy before adding to it (${policy.error.operation}: ${policy.error.message}); nothing was changed` };
    const size = policy.value?.sizeBytes ?? 0;
    const added = addedStatementBytes(request, step.resource);
    if (size + added > POLICY_LIMIT_BYTES) {
      return { ok: false, status: 'skipped', reason: `refused: the policy of ${name} is ${size} bytes and the new statement (${added} bytes) would pass Lambda's ${POLICY_LIMIT_BYTES}-byte limit; consolidate per-method statements first (see the policy-size check)` };
    }
    const { RevisionId: _planned, ...rest } = request.input;
    const revision = policy.value?.RevisionId;
    const current: SdkRequest = { ...request, input: revision === undefined ? rest : { ...rest, RevisionId: revision } };
    const sent = await ports.remediator.send(current);
    if (sent.ok) return { ok: true, writes: [current], note: '' };
    if (sent.error.kind === 'conflict') return { ok: true, writes: [], note: ' (the statement was already there: nothing added)' };
    // Someone changed the policy between our read and the write: read again and retry once.
    if (sent.error.kind === 'precondition_failed' && attempt === 0) continue;
    return { ok: false, status: 'failed', reason: failureText(sent.error) };
  }
  return { ok: false, status: 'failed', reason: 'the policy kept changing under the write (RevisionId mismatch twice); not retried' };
}

async function send(step: PlanStep, request: SdkRequest, ports: ActPorts): Promise<Sent> {
  if (step.action === 'add-invoke-permission') return sendAddPermission(step, request, ports);
  const sent = await ports.remediator.send(request);
  return sent.ok ? { ok: true, writes: [request], note: '' } : { ok: false, status: 'failed', reason: failureText(sent.error) };
}

/** The planned change without its concurrency token, to recognise the same fix in a fresh result. */
function sameFix(result: CheckResult, step: PlanStep): boolean {
  const strip = (r: SdkRequest | undefined): string => (r === undefined ? '' : JSON.stringify({ ...r.input, RevisionId: null }));
  return result.fix !== undefined && step.request !== null && result.fix.requests.some((r) => r.operation === step.request?.operation && strip(r) === strip(step.request ?? undefined));
}

/**
 * The same check on the same resource, re-run on fresh reads: the result that still asks for this
 * step's fix if one does (several methods can share a resource), else the first; null when the
 * diagnosis could not run, 'gone' when the check no longer reports on the resource.
 */
async function recheck(step: PlanStep, ctx: ActContext, ports: ActPorts): Promise<CheckResult | null | 'gone'> {
  const window = { stageName: ctx.diagnosis.api.stage, startTime: ctx.startTime, endTime: ctx.endTime, findings: ctx.diagnosis.findings };
  // The same kind of diagnosis as the one that planned the step (an HTTP API is read through apigatewayv2).
  const again = ctx.diagnosis.api.type === 'HTTP'
    ? await diagnoseHttpStage(ports.freshReader(), { ...window, apiId: ctx.diagnosis.api.id })
    : await diagnoseStage(ports.freshReader(), { ...window, restApiId: ctx.diagnosis.api.id });
  if (!again.ok) return null;
  const results = again.value.checks.filter((c) => c.id === step.check && c.resource === step.resource);
  if (results.length === 0) return 'gone';
  return results.find((c) => c.status !== 'pass' && (step.action !== 'add-invoke-permission' || sameFix(c, step))) ?? results.find((c) => c.status === 'pass') ?? results[0] ?? 'gone';
}

/** Carries out one `apply` step. */
async function applyStep(step: PlanStep, ctx: ActContext, ports: ActPorts): Promise<Outcome> {
  const action = step.action;
  const request = step.request;
  if (action === null || request === null) throw new Error(`plan step for ${step.check} is 'apply' without an action and request`);
  const base = { action, resource: step.resource, undo: step.undo };
  const now = ports.clock.now().toISOString();
  const blocked = await ports.store.blockedReason(action, step.resource);
  if (blocked !== null) {
    return { ...base, status: 'skipped', reason: `not retried automatically: ${blocked}. Apply the fix by hand once the cause is understood`, writes: [] };
  }
  if (!(await ports.store.takeActionSlot(ctx.diagnosis.api.account, ctx.diagnosis.api.region, now, ctx.maxActionsPerHour))) {
    return { ...base, status: 'skipped', reason: `rate limit: ${ctx.maxActionsPerHour} automatic action${ctx.maxActionsPerHour === 1 ? '' : 's'} per hour in this account and Region already used; apply the fix by hand or wait`, writes: [] };
  }
  const sent = await send(step, request, ports);
  if (!sent.ok) return { ...base, status: sent.status, reason: sent.reason, writes: [] };
  const result = await recheck(step, ctx, ports);
  if (result === null) {
    return { ...base, status: 'applied', reason: `applied${sent.note}; could not re-read the stage to verify it, so it waits for traffic to confirm`, writes: sent.writes };
  }
  if (result === 'gone' || result.status === 'pass') {
    return { ...base, status: 'verified', reason: `applied and verified${sent.note}: ${step.check} passes on fresh reads; waiting for traffic to confirm. The next IaC deploy reverts a live fix: add the template change shown`, writes: sent.writes };
  }
  const reason = `applied${sent.note}, but ${step.check} still ${result.status === 'fail' ? 'fails' : `is ${result.status}`} on fresh reads: ${result.message}`;
  await ports.store.block(action, step.resource, `verification failed at ${now}`, now);
  return { ...base, status: 'failed', reason: `${reason}. Not retried automatically (circuit breaker)`, writes: sent.writes };
}

/** Carries out every `apply` step in plan order and records an audit record for each outcome. */
export async function act(plan: readonly PlanStep[], ctx: ActContext, ports: ActPorts): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of plan) {
    if (step.mode !== 'apply') continue;
    const outcome = await applyStep(step, ctx, ports);
    outcomes.push(outcome);
    await ports.store.recordAudit({ incidentId: ctx.incidentId, at: ports.clock.now().toISOString(), account: ctx.diagnosis.api.account, region: ctx.diagnosis.api.region, outcome });
  }
  return outcomes;
}
