/**
 * The coverage operations table: every AWS call the coverage function may make, and the IAM
 * statement that allows it. The coverage adapter refuses any other call; the CDK stack grants exactly
 * {@link COVERAGE_PERMISSIONS} to the coverage function (a test compares the synthesized policy both
 * ways). No SDK import, so the stack can import it cheaply.
 *
 * Resource scoping: API Gateway reads are limited to the REST API paths; CloudWatch Logs filters need
 * every log group (access logs go to log groups with any name the API owner chose); alarm writes are
 * limited to the managed alarm prefix, so the function cannot change or delete anyone else's alarm.
 * Placeholders: `${Partition}`, `${Region}`, `${Account}`, `${ManagedAlarmPrefix}`.
 */
import type { PermissionGrant } from '../../domain/remediation/action.ts';

/** One call the coverage function may make. */
export interface CoverageOperationInfo {
  readonly service: 'api-gateway' | 'cloudwatch-logs' | 'cloudwatch';
  readonly access: 'read' | 'write';
  /** The IAM action that allows it. */
  readonly permission: string;
  /** The sid of the {@link COVERAGE_PERMISSIONS} statement that allows it. */
  readonly grant: string;
}

/** Every call, by SDK operation name. */
export const COVERAGE_OPERATIONS = {
  GetRestApis: { service: 'api-gateway', access: 'read', permission: 'apigateway:GET', grant: 'ReadRestApisAndStages' },
  GetRestApi: { service: 'api-gateway', access: 'read', permission: 'apigateway:GET', grant: 'ReadRestApisAndStages' },
  GetStages: { service: 'api-gateway', access: 'read', permission: 'apigateway:GET', grant: 'ReadRestApisAndStages' },
  DescribeSubscriptionFilters: { service: 'cloudwatch-logs', access: 'read', permission: 'logs:DescribeSubscriptionFilters', grant: 'ReadSubscriptionFilters' },
  PutSubscriptionFilter: { service: 'cloudwatch-logs', access: 'write', permission: 'logs:PutSubscriptionFilter', grant: 'ManageOwnSubscriptionFilters' },
  DeleteSubscriptionFilter: { service: 'cloudwatch-logs', access: 'write', permission: 'logs:DeleteSubscriptionFilter', grant: 'ManageOwnSubscriptionFilters' },
  DescribeAlarms: { service: 'cloudwatch', access: 'read', permission: 'cloudwatch:DescribeAlarms', grant: 'ReadAlarms' },
  PutMetricAlarm: { service: 'cloudwatch', access: 'write', permission: 'cloudwatch:PutMetricAlarm', grant: 'ManageManagedAlarms' },
  DeleteAlarms: { service: 'cloudwatch', access: 'write', permission: 'cloudwatch:DeleteAlarms', grant: 'ManageManagedAlarms' },
} as const satisfies Record<string, CoverageOperationInfo>;

/** An operation the coverage adapter may send. */
export type CoverageOperation = keyof typeof COVERAGE_OPERATIONS;

/** True when `operation` is one the coverage adapter may send. */
export function isCoverageOperation(operation: string): operation is CoverageOperation {
  return Object.hasOwn(COVERAGE_OPERATIONS, operation);
}

/** The IAM statements the coverage function needs (besides writing its own logs and traces). */
export const COVERAGE_PERMISSIONS: readonly PermissionGrant[] = [
  {
    sid: 'ReadRestApisAndStages',
    // API Gateway's management API is authorised by HTTP verb on resource paths.
    actions: ['apigateway:GET'],
    resources: ['arn:${Partition}:apigateway:${Region}::/restapis', 'arn:${Partition}:apigateway:${Region}::/restapis/*'],
  },
  {
    sid: 'ReadSubscriptionFilters',
    actions: ['logs:DescribeSubscriptionFilters'],
    resources: ['arn:${Partition}:logs:${Region}:${Account}:log-group:*'],
  },
  {
    sid: 'ManageOwnSubscriptionFilters',
    // The filter name cannot be an IAM condition; the adapter only ever writes or deletes its own filter name.
    actions: ['logs:PutSubscriptionFilter', 'logs:DeleteSubscriptionFilter'],
    resources: ['arn:${Partition}:logs:${Region}:${Account}:log-group:*'],
  },
  {
    sid: 'ReadAlarms',
    actions: ['cloudwatch:DescribeAlarms'],
    resources: ['arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:*'],
  },
  {
    sid: 'ManageManagedAlarms',
    actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms'],
    resources: ['arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:${ManagedAlarmPrefix}*'],
  },
];
