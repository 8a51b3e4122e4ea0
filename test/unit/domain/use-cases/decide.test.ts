import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, type DecideOptions, type PathTags } from '../../../../shared/domain/use-cases/decide.ts';
import { AUTO_REMEDIATE_TAG } from '../../../../shared/domain/remediation/opt-in.ts';
import { addInvokePermission } from '../../../../shared/domain/remediation/add-invoke-permission.ts';
import { invokePermissionFix } from '../../../../shared/domain/checks/invoke-permission.ts';
import { lambdaTargetFromUri } from '../../../../shared/domain/checks/lambda-target.ts';
import { checkExecutionLogging } from '../../../../shared/domain/checks/execution-logging.ts';
import { checkAccountCloudWatchRole } from '../../../../shared/domain/checks/account-cloudwatch-role.ts';
import { checkReservedConcurrency } from '../../../../shared/domain/checks/reserved-concurrency.ts';
import { checkDetailedMetrics } from '../../../../shared/domain/checks/detailed-metrics.ts';
import type { CheckResult, Diagnosis } from '../../../../shared/domain/model.ts';

const ref = { restApiId: 'a1b2c3', stageName: 'prod', region: 'us-east-1', account: '123456789012' };
const FN_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const tag = (value: string): Record<string, string> => ({ [AUTO_REMEDIATE_TAG]: value });

function permissionFailure(method: string, path: string): CheckResult {
  const target = lambdaTargetFromUri(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`);
  if (target === null) throw new Error('bad uri');
  return {
    id: 'invoke-permission',
    status: 'fail',
    resource: FN_ARN,
    message: `no permission for ${method} ${path}`,
    supports: ['missing_invoke_permission'],
    fix: invokePermissionFix({ region: ref.region, account: ref.account, restApiId: ref.restApiId, httpMethod: method, resourcePath: path, target }),
  };
}

function diagnosisWith(checks: readonly CheckResult[]): Diagnosis {
  return { api: { id: ref.restApiId, name: 'orders-api', stage: 'prod', region: ref.region, account: ref.account }, findings: [], checks, causes: [], logSource: null, notes: [] };
}

const loggingOff = checkExecutionLogging({ methodSettings: {} }, ref, [])[0]!;
const roleMissing = checkAccountCloudWatchRole({}, ref, { loggingWanted: true });
const metricsOff = checkDetailedMetrics({ methodSettings: {} }, ref);
const concurrencyZero = checkReservedConcurrency({ ReservedConcurrentExecutions: 0 }, { functionName: 'orders', functionArn: FN_ARN, region: 'us-east-1' });
const apply: DecideOptions = { mode: 'apply', executionLogLevel: 'ERROR', cloudWatchRoleArn: null };
const noTags: PathTags = { api: undefined, stage: undefined, functions: new Map() };

describe('decide', () => {
  it('applies the permission of an opted-in function, once per failing method, with its undo', () => {
    // Prepare
    const diagnosis = diagnosisWith([permissionFailure('GET', '/orders'), permissionFailure('POST', '/orders')]);
    const tags: PathTags = { ...noTags, functions: new Map([[FN_ARN, tag('true')]]) };
    // Act
    const plan = decide(diagnosis, tags, apply);
    // Assess
    expect(plan.map((s) => [s.action, s.mode])).toEqual([['add-invoke-permission', 'apply'], ['add-invoke-permission', 'apply']]);
    expect(plan.map((s) => s.request?.input['SourceArn'])).toEqual([
      'arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*/GET/orders',
      'arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*/POST/orders',
    ]);
    expect(plan[0]?.reason).toBe(`opted in: function orders is tagged ${AUTO_REMEDIATE_TAG}=true`);
    expect(plan[0]?.undo).toMatch(/^aws lambda remove-permission --function-name orders --statement-id apigw-doctor-[0-9a-f]{8} --region us-east-1$/);
  });

  it('only plans (dry-run) an untagged function, a vetoed path, and everything in global dry-run mode', () => {
    const diagnosis = diagnosisWith([permissionFailure('GET', '/orders')]);
    const untagged = decide(diagnosis, noTags, apply)[0];
    expect(untagged?.mode).toBe('dry-run');
    expect(untagged?.reason).toContain('not opted in: tag function orders');
    const vetoed = decide(diagnosis, { api: undefined, stage: tag('false'), functions: new Map([[FN_ARN, tag('true')]]) }, apply)[0];
    expect(vetoed).toMatchObject({ mode: 'dry-run', reason: `vetoed: stage prod is tagged ${AUTO_REMEDIATE_TAG}=false` });
    const global = decide(diagnosis, { ...noTags, functions: new Map([[FN_ARN, tag('true')]]) }, { ...apply, mode: 'dry-run' })[0];
    expect(global?.mode).toBe('dry-run');
    expect(global?.reason).toContain('the global mode is dry-run');
    expect(decide(diagnosis, { ...noTags, functions: new Map([[FN_ARN, tag('true')]]) }, { ...apply, mode: 'off' })[0]?.mode).toBe('dry-run');
  });

  it('suggests, never applies, a cause with no automatic action (reserved concurrency 0)', () => {
    const [step] = decide(diagnosisWith([concurrencyZero]), { api: tag('true'), stage: tag('true'), functions: new Map([[FN_ARN, tag('true')]]) }, apply);
    expect(step).toMatchObject({ action: null, mode: 'suggest', check: 'reserved-concurrency', undo: null });
    expect(step?.request).toMatchObject({ operation: 'DeleteFunctionConcurrency' });
    expect(step?.reason).toContain('no automatic action for reserved-concurrency');
  });

  it('turns stage logging on at the configured level (and metrics when off), never data trace', () => {
    const plan = decide(diagnosisWith([loggingOff, metricsOff]), { ...noTags, api: tag('enable-execution-logging') }, { ...apply, executionLogLevel: 'INFO' });
    const step = plan.find((s) => s.action === 'enable-execution-logging');
    expect(step?.mode).toBe('apply');
    expect(step?.request?.input['patchOperations']).toEqual([
      { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
      { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
    ]);
    expect(JSON.stringify(step?.request)).not.toContain('dataTrace');
    expect(step?.undo).toContain("'op=replace,path=/*/*/logging/loglevel,value=OFF'");
  });

  it('stops logging at a missing account role unless set-account-cloudwatch-role is allowed, then sets the role first', () => {
    const diagnosis = diagnosisWith([loggingOff, roleMissing]);
    const stopped = decide(diagnosis, { ...noTags, stage: tag('true') }, apply);
    expect(stopped.map((s) => [s.action, s.mode])).toEqual([['enable-execution-logging', 'dry-run'], [null, 'suggest']]);
    expect(stopped[0]?.reason).toContain('no CloudWatch Logs role');
    const roleArn = 'arn:aws:iam::123456789012:role/apigw-doctor-cloudwatch';
    const allowed = decide(diagnosis, { ...noTags, stage: tag('true') }, { ...apply, cloudWatchRoleArn: roleArn });
    expect(allowed.map((s) => [s.action, s.mode])).toEqual([['set-account-cloudwatch-role', 'apply'], ['enable-execution-logging', 'apply']]);
    expect(allowed[0]?.request).toEqual({ service: 'api-gateway', operation: 'UpdateAccount', region: 'us-east-1', input: { patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: roleArn }] } });
  });

  it('property: every planned permission is scoped to this account, API and method, never broader', () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
    const pathArb = fc.array(fc.oneof(segment, segment.map((s) => `{${s}}`), segment.map((s) => `{${s}+}`)), { minLength: 0, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
    const methodArb = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY');
    fc.assert(
      fc.property(methodArb, pathArb, (method, path) => {
        const planned = addInvokePermission.plan(permissionFailure(method, path), { diagnosis: diagnosisWith([]), executionLogLevel: 'ERROR', cloudWatchRoleArn: null });
        if ('none' in planned) return false;
        const { input } = planned.request;
        const sourceArn = String(input['SourceArn']);
        const prefix = `arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*/${method === 'ANY' ? '*' : method}/`;
        const rest = sourceArn.slice(prefix.length);
        const expectedRest = path.slice(1).split('/').map((p) => (p.startsWith('{') ? '*' : p)).join('/');
        return (
          input['Principal'] === 'apigateway.amazonaws.com' &&
          input['Action'] === 'lambda:InvokeFunction' &&
          sourceArn.startsWith(prefix) &&
          rest === expectedRest
        );
      }),
    );
  });
});
