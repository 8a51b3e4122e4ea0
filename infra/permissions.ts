/**
 * IAM statements built from the permission tables the code declares, never copied: the worker's
 * reads from READ_PERMISSIONS, its writes from the remediation registry, the coverage function's
 * from COVERAGE_PERMISSIONS. Placeholders in the tables are filled with the deployment's partition,
 * Region and account (CloudFormation pseudo parameters) and the stack's own resources.
 */
import { Aws } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { PermissionGrant } from '../shared/domain/remediation/action.ts';
import { ACTIONS } from '../shared/domain/remediation/registry.ts';
import { READ_PERMISSIONS } from '../shared/adapters/aws/read-operations.ts';

/** Values for the `${Name}` placeholders of a permission table. */
export type Placeholders = Readonly<Record<string, string>>;

/** The deployment's own partition, Region and account. */
export function pseudoPlaceholders(): Placeholders {
  return { Partition: Aws.PARTITION, Region: Aws.REGION, Account: Aws.ACCOUNT_ID };
}

/** Fills `${Name}` placeholders; an unknown one is a mistake in a table, so it throws. */
export function fill(template: string, values: Placeholders): string {
  return template.replace(/\$\{(\w+)\}/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for placeholder \${${name}} in '${template}'`);
    return value;
  });
}

/** One IAM statement per grant, placeholders filled, conditions kept as declared. */
export function statementsOf(grants: readonly PermissionGrant[], values: Placeholders): PolicyStatement[] {
  return grants.map((g) => {
    const statement = new PolicyStatement({ sid: g.sid, effect: Effect.ALLOW, actions: [...g.actions], resources: g.resources.map((r) => fill(r, values)) });
    for (const [operator, keys] of Object.entries(g.conditions ?? {})) statement.addCondition(operator, keys);
    return statement;
  });
}

/** The remediation grants the stack gives: every action's, except setting the account's CloudWatch role when that is not allowed. */
export function remediationGrants(allowSetAccountCloudWatchRole: boolean): PermissionGrant[] {
  return ACTIONS.filter((a) => allowSetAccountCloudWatchRole || a.id !== 'set-account-cloudwatch-role').flatMap((a) => [...a.requiredPermissions]);
}

/**
 * Where each service's reads may look. The reads of services without resource-level permissions for
 * these actions (EC2 and ELB Describe*, CloudTrail LookupEvents, CloudWatch GetMetricData) need `*`;
 * they are reads only (a test asserts that no `*` resource carries a write).
 */
const READ_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  apigateway: ['arn:${Partition}:apigateway:${Region}::/*'],
  lambda: ['arn:${Partition}:lambda:${Region}:${Account}:function:*'],
  logs: ['arn:${Partition}:logs:${Region}:${Account}:log-group:*'],
  iam: ['arn:${Partition}:iam::${Account}:role/*'],
};

/** The worker's read grants: READ_PERMISSIONS, one statement per IAM service prefix. */
export function readGrants(permissions: readonly string[] = READ_PERMISSIONS): PermissionGrant[] {
  const byPrefix = new Map<string, string[]>();
  for (const p of permissions) {
    const prefix = p.slice(0, p.indexOf(':'));
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), p]);
  }
  return [...byPrefix].map(([prefix, actions]) => ({
    sid: `Read${prefix.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}ForDiagnosis`,
    actions,
    resources: [...(READ_RESOURCES[prefix] ?? ['*'])],
  }));
}
