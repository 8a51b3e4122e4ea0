/**
 * The action registry: every automatic action, and the check each one answers. The stack grants
 * exactly {@link REMEDIATION_PERMISSIONS}; a cause with no action here is only ever suggested.
 */
import type { ActionId, CheckId } from '../model.ts';
import type { PermissionGrant, RemediationAction } from './action.ts';
import { addInvokePermission } from './add-invoke-permission.ts';
import { enableExecutionLogging } from './enable-execution-logging.ts';
import { setAccountCloudWatchRole } from './set-account-cloudwatch-role.ts';

/** Every action, in the order they run (the account role before the logging that needs it). */
export const ACTIONS: readonly RemediationAction[] = [setAccountCloudWatchRole, enableExecutionLogging, addInvokePermission];

/** The action answering a check, if there is one. */
export function actionFor(check: CheckId): RemediationAction | undefined {
  return ACTIONS.find((a) => a.answers === check || (a.alsoAnswers?.includes(check) ?? false));
}

/** The action with this id. */
export function actionById(id: ActionId): RemediationAction {
  const action = ACTIONS.find((a) => a.id === id);
  if (action === undefined) throw new Error(`no action ${id}`);
  return action;
}

/** The union of every action's required permissions: what the stack grants for writes. */
export const REMEDIATION_PERMISSIONS: readonly PermissionGrant[] = ACTIONS.flatMap((a) => a.requiredPermissions);
