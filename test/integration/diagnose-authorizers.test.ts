/**
 * End to end: the CLI diagnoses events/accounts/authorizer-without-permission.json (a TOKEN authorizer
 * re-created by a deploy, its function's permission still naming the old id) exactly as a user runs it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccountReaderFromRecording, parseRecording } from '../../shared/adapters/recorded/recorded-account.ts';
import { diagnoseStage } from '../../shared/domain/use-cases/diagnose.ts';
import { runCli } from '../support/cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FILE = join(ROOT, 'events', 'accounts', 'authorizer-without-permission.json');
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const API = 'r8d2k5v9qe';
const AUTHORIZER_FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bookings-authorizer`;

interface DiagnosisJson {
  readonly checks: readonly { readonly id: string; readonly status: string; readonly resource: string; readonly message: string; readonly fix: { readonly cli: string; readonly requests: readonly { readonly operation: string; readonly input: Record<string, unknown> }[] } | null }[];
  readonly causes: readonly { readonly cause: string; readonly confidence: number; readonly because: readonly string[] }[];
  readonly findings: readonly { readonly cause: string; readonly details: Record<string, unknown> }[];
  readonly changes: readonly { readonly eventName: string; readonly relatedTo: string | null; readonly revert: string | null }[];
  readonly notes: readonly string[];
}

describe('diagnose --recording events/accounts/authorizer-without-permission.json', () => {
  it('names authorizer-permission with the AddPermission for the authorizer\'s new id, and the deploy that re-created it', async () => {
    // Prepare / Act
    const run = await runCli(['diagnose', '--rest-api-id', API, '--stage', 'prod', '--recording', FILE, '--json']);
    const out = JSON.parse(run.stdout) as DiagnosisJson;

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const failing = out.checks.filter((c) => c.status === 'fail');
    expect(failing.map((c) => [c.id, c.resource])).toEqual([['authorizer-permission', AUTHORIZER_FN]]);
    expect(failing[0]?.message).toContain('its policy names authorizer c2m9xe of this API, not n4t7qa');
    expect(failing[0]?.fix?.requests.map((r) => [r.operation, r.input['FunctionName'], r.input['SourceArn']])).toEqual([
      ['AddPermission', 'bookings-authorizer', `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API}/authorizers/n4t7qa`],
    ]);
    expect(failing[0]?.fix?.cli).toMatch(/^aws lambda add-permission --function-name bookings-authorizer --statement-id apigw-doctor-[0-9a-f]{8} --action lambda:InvokeFunction --principal apigateway\.amazonaws\.com --source-arn arn:aws:execute-api:us-east-1:123456789012:r8d2k5v9qe\/authorizers\/n4t7qa --region us-east-1/);
    // The integration's own permission is fine: the logs' permission failure is the authorizer's, not "transient".
    expect(out.checks.filter((c) => c.id === 'invoke-permission').map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
    expect(out.findings.map((f) => [f.cause, f.details['authorizer'], f.details['authorizerFunctionArn']])).toEqual(Array(3).fill(['missing_invoke_permission', true, AUTHORIZER_FN]));
    expect(out.causes.map((c) => c.cause)).toEqual(['missing_invoke_permission', 'authorizer_error']);
    expect(out.causes[0]?.confidence).toBe(0.99);
    expect(out.causes[0]?.because.some((b) => b.startsWith('authorizer-permission fails for'))).toBe(true);
    expect(out.causes[0]?.because.join(' ')).not.toContain('probably temporary');
    expect(out.changes.map((c) => [c.eventName, c.relatedTo])).toEqual([
      ['CreateAuthorizer', 'authorizer-permission'],
      ['CreateDeployment', 'missing_invoke_permission'],
      ['DeleteAuthorizer', 'authorizer-permission'],
    ]);
    expect(out.changes[0]?.revert).toBe(failing[0]?.fix?.cli);
    expect(out.checks.filter((c) => c.message.includes('no record for'))).toEqual([]);
    expect(out.notes).toEqual([]);
  });

  it('prints the authorizer, its methods and the command in the text report', async () => {
    // Prepare / Act
    const run = await runCli(['diagnose', '--rest-api-id', API, '--stage', 'prod', '--recording', FILE]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✖ authorizer-permission');
    expect(run.stdout).toContain('Lambda authorizer bookings-token (n4t7qa) (used by GET /bookings, POST /bookings) cannot run');
    expect(run.stdout).toContain('--source-arn arn:aws:execute-api:us-east-1:123456789012:r8d2k5v9qe/authorizers/n4t7qa');
  });

  it('reads the authorizer once, and its function\'s policy, configuration and concurrency once each', async () => {
    // Prepare
    const recording = parseRecording(JSON.parse(readFileSync(FILE, 'utf8')), FILE);
    if (!recording.ok) throw recording.error;
    const reader = createAccountReaderFromRecording(recording.value);
    const now = Date.parse('2026-11-20T14:10:00.000Z');

    // Act
    const diagnosed = await diagnoseStage(reader, { restApiId: API, stageName: 'prod', startTime: now - 3_600_000, endTime: now });

    // Assess
    expect(diagnosed.ok).toBe(true);
    const calls = reader.callStats().byOperation;
    expect(calls['apigateway:GetAuthorizer']).toBe(1);
    // One each for the integration function and the authorizer function.
    expect([calls['lambda:GetPolicy'], calls['lambda:GetFunctionConfiguration'], calls['lambda:GetFunctionConcurrency']]).toEqual([2, 2, 2]);
  });
});
