import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addInvokePermission } from '../../../../shared/domain/remediation/add-invoke-permission.ts';
import { actionFor } from '../../../../shared/domain/remediation/registry.ts';
import type { CheckResult, Diagnosis } from '../../../../shared/domain/model.ts';
import { diagnoseStage } from '../../../../shared/domain/use-cases/diagnose.ts';
import { decide } from '../../../../shared/domain/use-cases/decide.ts';
import { readPathTags } from '../../../../shared/domain/use-cases/read-path-tags.ts';
import { act } from '../../../../shared/domain/use-cases/act.ts';
import { parseRecording, type Recording } from '../../../../shared/adapters/recorded/recorded-account.ts';
import { createRecordedAccount } from '../../../../shared/adapters/recorded/recorded-remediator.ts';
import { MemoryIncidentStore } from '../../../../shared/adapters/memory/incident-store.ts';
import type { Clock } from '../../../../shared/ports/clock.ts';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const API = 'r8d2k5v9qe';
const AUTHORIZER_FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bookings-authorizer`;
const HANDLER_FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bookings-handler`;
const AUTHORIZER_SOURCE_ARN = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/authorizers/n4t7qa`;
const NOW = Date.parse('2026-11-20T14:10:00.000Z');
const CLOCK: Clock = { now: () => new Date(NOW) };
const CONTEXT = { diagnosis: {} as Diagnosis, executionLogLevel: 'ERROR' as const, cloudWatchRoleArn: null };

/** The recorded authorizer account, with these tags on these functions (ListTags records). */
function recording(tags: Readonly<Record<string, Readonly<Record<string, string>>>>): Recording {
  const raw = JSON.parse(readFileSync(new URL('../../../../events/accounts/authorizer-without-permission.json', import.meta.url), 'utf8')) as { calls: unknown[] };
  const calls = [...raw.calls, ...Object.entries(tags).map(([arn, t]) => ({ service: 'lambda', operation: 'ListTags', input: { Resource: arn }, output: { Tags: t } }))];
  const parsed = parseRecording({ ...raw, calls }, 'authorizer-without-permission.json');
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

function failing(id: CheckResult['id'], sourceArn: string): CheckResult {
  return {
    id,
    status: 'fail',
    resource: AUTHORIZER_FN,
    message: 'not allowed',
    fix: {
      requests: [{ service: 'lambda', operation: 'AddPermission', region: REGION, input: { FunctionName: 'bookings-authorizer', StatementId: 'apigw-doctor-0000abcd', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn } }],
      cli: 'aws lambda add-permission …',
      iac: '',
    },
  };
}

async function diagnoseAndPlan(tags: Readonly<Record<string, Readonly<Record<string, string>>>>) {
  const account = createRecordedAccount(recording(tags));
  const window = { startTime: NOW - 3_600_000, endTime: NOW };
  const diagnosed = await diagnoseStage(account.reader(), { restApiId: API, stageName: 'prod', ...window });
  if (!diagnosed.ok) throw new Error(diagnosed.error.message);
  const plan = decide(diagnosed.value, await readPathTags(account.reader(), diagnosed.value), { mode: 'apply', executionLogLevel: 'ERROR', cloudWatchRoleArn: null });
  return { account, diagnosis: diagnosed.value, plan, window };
}

describe('add-invoke-permission for a Lambda authorizer', () => {
  it('answers authorizer-permission as well as invoke-permission', () => {
    expect(actionFor('authorizer-permission')?.id).toBe('add-invoke-permission');
    expect(actionFor('invoke-permission')?.id).toBe('add-invoke-permission');
  });

  it('plans the AddPermission with the authorizer\'s SourceArn and the RemovePermission that undoes it', () => {
    // Prepare / Act
    const planned = addInvokePermission.plan(failing('authorizer-permission', AUTHORIZER_SOURCE_ARN), CONTEXT);

    // Assess
    expect('none' in planned).toBe(false);
    if ('none' in planned) return;
    expect(planned.request.input['SourceArn']).toBe(AUTHORIZER_SOURCE_ARN);
    expect(planned.undo).toBe(`aws lambda remove-permission --function-name bookings-authorizer --statement-id apigw-doctor-0000abcd --region ${REGION}`);
  });

  it('refuses a grant whose SourceArn does not match the check it answers', () => {
    // Prepare / Act
    const methodGrantForAuthorizer = addInvokePermission.plan(failing('authorizer-permission', `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/*/GET/bookings`), CONTEXT);
    const authorizerGrantForMethod = addInvokePermission.plan(failing('invoke-permission', AUTHORIZER_SOURCE_ARN), CONTEXT);
    const wholeApiForAuthorizer = addInvokePermission.plan(failing('authorizer-permission', `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/*`), CONTEXT);
    // A resource path that happens to be called /authorizers is a method grant like any other.
    const methodCalledAuthorizers = addInvokePermission.plan(failing('invoke-permission', `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/*/GET/authorizers/*`), CONTEXT);

    // Assess
    expect(methodGrantForAuthorizer).toEqual({ none: expect.stringContaining('does not match the authorizer-permission result') as unknown as string });
    expect(authorizerGrantForMethod).toEqual({ none: expect.stringContaining('does not match the invoke-permission result') as unknown as string });
    expect('none' in wholeApiForAuthorizer).toBe(true);
    expect('none' in methodCalledAuthorizers).toBe(false);
  });

  it('applies and verifies the grant on the recorded account when the authorizer function is opted in', async () => {
    // Prepare
    const { account, diagnosis, plan, window } = await diagnoseAndPlan({ [AUTHORIZER_FN]: { 'apigw-doctor:auto-remediate': 'add-invoke-permission' } });

    // Act
    const outcomes = await act(plan, { incidentId: 'incident-1', diagnosis, ...window, maxActionsPerHour: 5 }, {
      remediator: account.remediator,
      store: new MemoryIncidentStore({ clock: CLOCK }),
      freshReader: () => account.reader(),
      clock: CLOCK,
    });

    // Assess
    expect(plan.map((s) => [s.action, s.mode, s.check, s.resource])).toEqual([['add-invoke-permission', 'apply', 'authorizer-permission', AUTHORIZER_FN]]);
    expect(plan[0]?.reason).toBe('opted in: function bookings-authorizer is tagged apigw-doctor:auto-remediate=add-invoke-permission');
    expect(outcomes.map((o) => o.status)).toEqual(['verified']);
    expect(account.writes().map((w) => [w.operation, w.input['FunctionName'], w.input['SourceArn']])).toEqual([['AddPermission', 'bookings-authorizer', AUTHORIZER_SOURCE_ARN]]);
    const after = await diagnoseStage(account.reader(), { restApiId: API, stageName: 'prod', ...window });
    expect(after.ok && after.value.checks.filter((c) => c.id === 'authorizer-permission').map((c) => c.status)).toEqual(['pass']);
  });

  it('only plans it when the tag is on the integration\'s function, not the authorizer\'s', async () => {
    // Prepare / Act
    const { plan } = await diagnoseAndPlan({ [HANDLER_FN]: { 'apigw-doctor:auto-remediate': 'true' } });

    // Assess
    expect(plan.map((s) => [s.action, s.mode])).toEqual([['add-invoke-permission', 'dry-run']]);
    expect(plan[0]?.reason).toBe('not opted in: tag function bookings-authorizer with apigw-doctor:auto-remediate=true (or =add-invoke-permission) to let apigw-doctor apply this');
  });

  it('is vetoed by a false tag on the authorizer function', async () => {
    // Prepare / Act
    const { plan } = await diagnoseAndPlan({ [AUTHORIZER_FN]: { 'apigw-doctor:auto-remediate': 'false' } });

    // Assess
    expect(plan.map((s) => s.mode)).toEqual(['dry-run']);
    expect(plan[0]?.reason).toBe('vetoed: function bookings-authorizer is tagged apigw-doctor:auto-remediate=false');
  });
});
