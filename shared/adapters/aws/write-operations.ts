/**
 * The write operations table: the only calls the remediator may send, and the IAM action each needs.
 * Every action's `requiredPermissions` must be covered by this table, and the table by the actions
 * (a test keeps the two equal). No SDK import, so the stack can import it cheaply.
 */

/** One write the remediator may send. */
export interface WriteOperationInfo {
  readonly service: 'lambda' | 'api-gateway';
  /**
   * The IAM actions that allow it (API Gateway's management API is authorised by HTTP verb; setting
   * the account's CloudWatch role also passes that role to API Gateway).
   */
  readonly permissions: readonly string[];
}

/** Every write, by SDK operation name. */
export const WRITE_OPERATIONS = {
  AddPermission: { service: 'lambda', permissions: ['lambda:AddPermission'] },
  UpdateStage: { service: 'api-gateway', permissions: ['apigateway:PATCH'] },
  UpdateAccount: { service: 'api-gateway', permissions: ['apigateway:PATCH', 'iam:PassRole'] },
} as const satisfies Record<string, WriteOperationInfo>;

/** An operation the remediator may send. */
export type WriteOperation = keyof typeof WRITE_OPERATIONS;

/** True when `operation` of `service` is one the remediator may send. */
export function isWriteOperation(service: string, operation: string): operation is WriteOperation {
  return Object.hasOwn(WRITE_OPERATIONS, operation) && WRITE_OPERATIONS[operation as WriteOperation].service === service;
}
