/**
 * Use case: decide what to do about a diagnosis. Pure: the failing checks, the opt-in tags on the
 * resources they are about, and the configured mode give a plan whose every step says how it will be
 * carried out and why (DESIGN.md "Remediation"). Causes with no automatic action (timeouts, reserved
 * concurrency 0, code bugs) become `suggest` steps: the fix is shown, never sent.
 */
import type { ActionId, CheckResult, Diagnosis, PlanStep, RemediationMode } from '../model.ts';
import { actionFor } from '../remediation/registry.ts';
import { decideOptIn, type TaggedResource } from '../remediation/opt-in.ts';

/** The tags on the resources of the stage's paths (tags as GetRestApi / GetStage / ListTags return them). */
export interface PathTags {
  readonly api: Readonly<Record<string, string>> | undefined;
  readonly stage: Readonly<Record<string, string>> | undefined;
  /** Keyed by unqualified function ARN (a function's tags apply to its versions and aliases). */
  readonly functions: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** The settings that shape a plan. */
export interface DecideOptions {
  readonly mode: RemediationMode;
  readonly executionLogLevel: 'ERROR' | 'INFO';
  /** The role `set-account-cloudwatch-role` points the account at, or null when that action is not allowed. */
  readonly cloudWatchRoleArn: string | null;
}

/** `arn:aws:lambda:r:a:function:name[:qualifier]` → without the qualifier. */
export function unqualifiedFunctionArn(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
}

function functionName(arn: string): string {
  return arn.split(':')[6] ?? arn;
}

/** The resources whose tags govern an action on this check result, and those whose veto counts. */
function pathOf(action: ActionId, result: CheckResult, diagnosis: Diagnosis, tags: PathTags): { governing: TaggedResource[]; path: TaggedResource[] } {
  const api: TaggedResource = { label: `REST API ${diagnosis.api.id}`, tags: tags.api };
  const stage: TaggedResource = { label: `stage ${diagnosis.api.stage}`, tags: tags.stage };
  if (action === 'add-invoke-permission') {
    const arn = unqualifiedFunctionArn(result.resource);
    const fn: TaggedResource = { label: `function ${functionName(arn)}`, tags: tags.functions.get(arn) };
    return { governing: [fn], path: [api, stage, fn] };
  }
  return { governing: [stage, api], path: [api, stage] };
}

function suggestStep(result: CheckResult, reason: string): PlanStep {
  return {
    action: null,
    mode: 'suggest',
    check: result.id,
    resource: result.resource,
    request: result.fix?.requests[0] ?? null,
    cli: result.fix?.cli ?? '',
    undo: null,
    reason,
  };
}

/** The plan for a diagnosis: one step per failing check, actions in their running order. */
export function decide(diagnosis: Diagnosis, tags: PathTags, options: DecideOptions): PlanStep[] {
  const failing = diagnosis.checks.filter((c) => c.status === 'fail');
  const roleMissing = failing.some((c) => c.id === 'account-cloudwatch-role');
  const steps: PlanStep[] = [];
  const seen = new Set<string>();
  for (const result of failing) {
    // Several methods can fail the same check on one resource (two routes of one function): the fix tells them apart.
    const id = `${result.id}|${result.resource}|${result.fix?.cli ?? result.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const action = actionFor(result.id);
    if (action === undefined) {
      steps.push(suggestStep(result, `no automatic action for ${result.id}: ${result.fix === undefined ? 'see the check' : 'apply the fix shown'} after review`));
      continue;
    }
    const planned = action.plan(result, { diagnosis, executionLogLevel: options.executionLogLevel, cloudWatchRoleArn: options.cloudWatchRoleArn });
    if ('none' in planned) {
      steps.push(suggestStep(result, `${action.id} cannot run here: ${planned.none}`));
      continue;
    }
    const { governing, path } = pathOf(action.id, result, diagnosis, tags);
    const optIn = decideOptIn(action.id, governing, path);
    let mode: PlanStep['mode'] = 'dry-run';
    let reason: string;
    if (options.mode === 'off') reason = `remediation is off (global mode off); ${optIn.reason}`;
    else if (options.mode === 'dry-run') reason = `dry-run: the global mode is dry-run; ${optIn.reason}`;
    else if (!optIn.allowed) reason = optIn.reason;
    else {
      mode = 'apply';
      reason = optIn.reason;
    }
    steps.push({ action: action.id, mode, check: result.id, resource: result.resource, request: planned.request, cli: result.fix?.cli ?? '', undo: planned.undo, reason });
  }
  // The account role is account-wide: apply it only for a stage whose logging fix is applied here.
  const loggingApplied = steps.some((s) => s.action === 'enable-execution-logging' && s.mode === 'apply');
  const withRole = steps.map((s) =>
    s.action === 'set-account-cloudwatch-role' && s.mode === 'apply' && !loggingApplied
      ? { ...s, mode: 'dry-run' as const, reason: `${s.reason}; not applied: no opted-in stage here needs execution logging turned on` }
      : s,
  );
  // Without the account role API Gateway refuses to turn logging on: stop there, and say what unblocks it.
  const roleSet = !roleMissing || withRole.some((s) => s.action === 'set-account-cloudwatch-role' && s.mode === 'apply');
  const ordered = withRole.map((s) =>
    s.action === 'enable-execution-logging' && s.mode === 'apply' && !roleSet
      ? {
          ...s,
          mode: 'dry-run' as const,
          reason:
            `${s.reason}, but stopped: API Gateway in ${diagnosis.api.region} has no CloudWatch Logs role, so UpdateStage would fail; ` +
            (options.cloudWatchRoleArn === null
              ? 'set the role first (the account-cloudwatch-role fix) or deploy with set-account-cloudwatch-role allowed'
              : 'opt the stage in to set-account-cloudwatch-role too, or set the role first (the account-cloudwatch-role fix)'),
        }
      : s,
  );
  const rank = (s: PlanStep): number => (s.action === 'set-account-cloudwatch-role' ? 0 : s.action === 'enable-execution-logging' ? 1 : s.action === null ? 3 : 2);
  return ordered.sort((a, b) => rank(a) - rank(b));
}
