/**
 * What every automatic action declares (Cloud Custodian style: detection is the checks, action is
 * here): the check it answers, the exact request it sends for a failing result and its undo, and the
 * IAM permissions it needs — the stack grants exactly the union of these (a test keeps them equal).
 */
import type { ActionId, CheckId, CheckResult, Diagnosis, SdkRequest } from '../model.ts';

/**
 * One IAM statement an action needs. Resource ARNs use `${Partition}`, `${Region}` and `${Account}`
 * placeholders the stack fills in; conditions are IAM condition blocks (`{ StringEquals: { key: value } }`).
 */
export interface PermissionGrant {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** What an action may look at when it builds its request. */
export interface ActionPlanContext {
  readonly diagnosis: Diagnosis;
  /** Level `enable-execution-logging` sets. */
  readonly executionLogLevel: 'ERROR' | 'INFO';
  /** The CloudWatch Logs role the stack provides, when `set-account-cloudwatch-role` is allowed. */
  readonly cloudWatchRoleArn: string | null;
}

/** The request an action would send, and the command that undoes it. */
export interface ActionRequest {
  readonly request: SdkRequest;
  readonly undo: string;
}

/** One automatic action. */
export interface RemediationAction {
  readonly id: ActionId;
  /** The failing check this action fixes. */
  readonly answers: CheckId;
  /** Other checks whose failing results carry the same kind of fix (add-invoke-permission: authorizer-permission). */
  readonly alsoAnswers?: readonly CheckId[];
  readonly requiredPermissions: readonly PermissionGrant[];
  /** The request for a failing result of `answers`, or why this result cannot be fixed automatically. */
  plan(result: CheckResult, ctx: ActionPlanContext): ActionRequest | { readonly none: string };
}
