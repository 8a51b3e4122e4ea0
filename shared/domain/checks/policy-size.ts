/**
 * Check `policy-size`: Lambda refuses AddPermission once a function's resource policy would exceed 20 KB.
 * Tools that add one statement per method (and a second for the console's test stage) reach it on large
 * APIs; from then on every new route fails with "Invalid permissions on Lambda function", and our own
 * remediation refuses to add more.
 */
import type { CheckResult, Fix } from '../model.ts';
import type { FunctionPolicyInfo, PolicyStatement, ReadFailure } from '../../ports/account-reader.ts';
import { parseExecuteApiArn } from '../iam/arn-match.ts';
import { iacText, isReadFailure, skipForReadFailure } from './check-support.ts';
import { cliCommand } from './fix-text.ts';
import type { LambdaTarget } from './lambda-target.ts';

/** Lambda's limit on a function's resource-based policy, in bytes. */
export const POLICY_SIZE_LIMIT_BYTES = 20_480;

/** Above this share of the limit the check warns, leaving room for a few more statements. */
export const POLICY_SIZE_WARN_RATIO = 0.8;

/** What `checkPolicySize` needs. */
export interface PolicySizeInput {
  readonly target: LambdaTarget;
  /** The region to run commands in when the target does not name one. */
  readonly region: string;
  /** GetPolicy (same qualifier as the target): the policy, null when there is none, or the read failure. */
  readonly policy: FunctionPolicyInfo | null | ReadFailure;
}

function sourceArnsOf(statement: PolicyStatement): readonly string[] {
  const arns: string[] = [];
  for (const block of Object.values(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) {
      if (key.toLowerCase() === 'aws:sourcearn') arns.push(...(typeof values === 'string' ? [values] : values));
    }
  }
  return arns;
}

/**
 * The consolidating fix: one `<api>/*` permission per API, then removal of the per-method statements it covers.
 * The add comes first so there is no moment without a permission.
 */
function consolidationFix(input: PolicySizeInput, info: FunctionPolicyInfo): Fix | undefined {
  const byApi = new Map<string, { readonly base: string; readonly sids: string[] }>();
  for (const statement of info.policy.Statement) {
    if (statement.Effect !== 'Allow' || statement.Sid === undefined) continue;
    for (const arn of sourceArnsOf(statement)) {
      const parsed = parseExecuteApiArn(arn);
      if (parsed === null || parsed.rest === '*' || parsed.apiId.includes('*')) continue;
      const base = `arn:${parsed.partition}:execute-api:${parsed.region}:${parsed.account}:${parsed.apiId}`;
      const entry = byApi.get(base) ?? { base, sids: [] };
      if (!entry.sids.includes(statement.Sid)) entry.sids.push(statement.Sid);
      byApi.set(base, entry);
    }
  }
  const worth = [...byApi.values()].filter((entry) => entry.sids.length > 1);
  if (worth.length === 0) return undefined;
  const region = input.target.region ?? input.region;
  const qualifier = input.target.qualifier === null ? [] : ['--qualifier', input.target.qualifier];
  const lines: string[] = [];
  for (const entry of worth) {
    const apiId = entry.base.slice(entry.base.lastIndexOf(':') + 1);
    lines.push(
      cliCommand([
        'aws', 'lambda', 'add-permission', '--function-name', input.target.functionName,
        '--statement-id', `apigw-doctor-api-${apiId}`, '--action', 'lambda:InvokeFunction',
        '--principal', 'apigateway.amazonaws.com', '--source-arn', `${entry.base}/*`, ...qualifier, '--region', region,
      ]),
    );
    for (const sid of entry.sids) {
      lines.push(cliCommand(['aws', 'lambda', 'remove-permission', '--function-name', input.target.functionName, '--statement-id', sid, ...qualifier, '--region', region]));
    }
  }
  const first = worth[0]?.base ?? '';
  return {
    requests: [],
    cli: lines.join('\n'),
    iac: iacText({
      cdk: '// one permission per API instead of one per method (and none for the test stage)\nnew apigateway.LambdaIntegration(fn, { scopePermissionToMethod: false, allowTestInvoke: false });',
      cloudFormation: `# a single AWS::Lambda::Permission per API\nSourceArn: '${first}/*'`,
      terraform: `# a single aws_lambda_permission per API\nsource_arn = "${first}/*"`,
    }),
  };
}

/**
 * Warns when the resource policy is over 80% of Lambda's 20 KB (20480 bytes) limit and fails at or over it,
 * with a fix that folds per-method statements into one per API when there are any.
 */
export function checkPolicySize(input: PolicySizeInput): CheckResult {
  const resource = input.target.functionArn;
  if (isReadFailure(input.policy)) return skipForReadFailure('policy-size', resource, input.policy);
  if (input.policy === null) {
    return { id: 'policy-size', status: 'pass', resource, message: 'The function has no resource policy, so it is far from the 20 KB limit.' };
  }
  const size = input.policy.sizeBytes;
  const percent = Math.round((size / POLICY_SIZE_LIMIT_BYTES) * 100);
  const statements = input.policy.policy.Statement.length;
  const stated = `The resource policy is ${size} bytes (${percent}% of Lambda's ${POLICY_SIZE_LIMIT_BYTES}-byte limit, ${statements} statement(s))`;
  if (size <= POLICY_SIZE_LIMIT_BYTES * POLICY_SIZE_WARN_RATIO) {
    return { id: 'policy-size', status: 'pass', resource, message: `${stated}.` };
  }
  const fix = consolidationFix(input, input.policy);
  const atLimit = size >= POLICY_SIZE_LIMIT_BYTES;
  return {
    id: 'policy-size',
    status: atLimit ? 'fail' : 'warn',
    resource,
    message: atLimit
      ? `${stated}: AddPermission fails, so a new route or API cannot be granted access. Replace per-method statements with one per API.`
      : `${stated}: a few more per-method permissions and AddPermission will fail. Replace per-method statements with one per API.`,
    ...(fix === undefined ? {} : { fix }),
    ...(atLimit ? { supports: ['missing_invoke_permission' as const] } : {}),
  };
}
