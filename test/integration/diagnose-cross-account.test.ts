/**
 * End to end on the recorded accounts of scripts/accounts/cross-account-scenarios.ts: a function in another
 * account is never read with the API account's credentials (the checks skip with what to run there), a broken
 * CORS preflight is found and ranked, and tracing speaks up on a failing stage with X-Ray off.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAccountReaderFromRecording, loadRecording, recordedClock } from '../../shared/adapters/recorded/recorded-account.ts';
import type { AccountReader } from '../../shared/ports/account-reader.ts';
import type { Diagnosis } from '../../shared/domain/model.ts';
import { diagnoseStage } from '../../shared/domain/use-cases/diagnose.ts';
import { runCli } from '../support/cli.ts';

const ACCOUNTS = fileURLToPath(new URL('../../events/accounts/', import.meta.url));

/** Diagnoses a recorded account over the hour before its clock, and lists every Lambda read it made. */
async function diagnose(file: string, restApiId: string): Promise<{ diagnosis: Diagnosis; lambdaReads: string[] }> {
  const loaded = await loadRecording(`${ACCOUNTS}${file}`);
  if (!loaded.ok) throw new Error(String(loaded.error));
  const reader = createAccountReaderFromRecording(loaded.value);
  const lambdaReads: string[] = [];
  // Every Lambda read goes through one of these; the proxy records the function name it was asked about.
  const spied = new Proxy(reader, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || !['getFunctionPolicy', 'getFunctionConfiguration', 'getFunctionConcurrency', 'getAlias'].includes(String(key))) return value;
      return (...args: unknown[]) => {
        lambdaReads.push(`${String(key)} ${String(args[0])}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as AccountReader;
  const now = recordedClock(loaded.value).now().getTime();
  const result = await diagnoseStage(spied, { restApiId, stageName: 'prod', startTime: now - 3_600_000, endTime: now });
  if (!result.ok) throw new Error(result.error.message);
  return { diagnosis: result.value, lambdaReads };
}

describe('a function in another account (function-in-another-account.json)', () => {
  it('never reads it with this account’s credentials, not even the same-named function of this account', async () => {
    // Act
    const { lambdaReads } = await diagnose('function-in-another-account.json', 'r4p9x2m7kq');
    // Assess
    expect(lambdaReads.filter((r) => r.includes('reports-generator'))).toEqual([]);
    expect(lambdaReads).toContain('getFunctionPolicy reports-intake');
  });

  it('skips every check that needs the function’s own reads, with the commands to run in its account', async () => {
    // Act
    const { diagnosis } = await diagnose('function-in-another-account.json', 'r4p9x2m7kq');
    // Assess
    const foreign = 'arn:aws:lambda:us-east-1:999988887777:function:reports-generator';
    const skipped = diagnosis.checks.filter((c) => c.status === 'skip').map((c) => [c.id, c.resource]);
    expect(skipped).toEqual([
      ['function-exists', foreign],
      ['integration-timeout', 'GET /reports'],
      ['invoke-permission', foreign],
      ['policy-size', foreign],
      ['reserved-concurrency', foreign],
    ]);
    const permission = diagnosis.checks.find((c) => c.id === 'invoke-permission' && c.resource === foreign);
    expect(permission?.message).toContain('Not checked: function in account 999988887777');
    expect(permission?.fix?.requests).toEqual([]);
    expect(permission?.fix?.cli).toContain(`aws lambda get-policy --function-name ${foreign} --region us-east-1`);
    expect(permission?.fix?.cli).toContain(
      `aws lambda add-permission --function-name ${foreign} --statement-id apigw-doctor-bcfdfd5e --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn 'arn:aws:execute-api:us-east-1:123456789012:r4p9x2m7kq/*/GET/reports' --source-account 123456789012 --region us-east-1`,
    );
    // The same-account function behind POST /reports is checked as usual.
    expect(diagnosis.checks.find((c) => c.id === 'invoke-permission' && c.resource.endsWith(':function:reports-intake'))?.status).toBe('pass');
  });

  it('ranks the permission failure the logs show without claiming the check passes', async () => {
    // Act
    const { diagnosis } = await diagnose('function-in-another-account.json', 'r4p9x2m7kq');
    // Assess
    const cause = diagnosis.causes[0];
    expect(cause?.cause).toBe('missing_invoke_permission');
    expect(cause?.because.join('\n')).toContain('invoke-permission could not be checked for arn:aws:lambda:us-east-1:999988887777:function:reports-generator');
    expect(cause?.because.join('\n')).not.toContain('passes now');
  });

  it('warns that X-Ray is off on the failing stage, with the UpdateStage that turns it on', async () => {
    // Act
    const { diagnosis } = await diagnose('function-in-another-account.json', 'r4p9x2m7kq');
    // Assess
    const tracing = diagnosis.checks.find((c) => c.id === 'tracing');
    expect(tracing?.status).toBe('warn');
    expect(tracing?.fix?.requests[0]?.input['patchOperations']).toEqual([{ op: 'replace', path: '/tracingEnabled', value: 'true' }]);
  });
});

describe('a CORS preflight MOCK without request template (cors-preflight-mock-without-template.json)', () => {
  it('finds the failing preflight, confirms the logs with it and gives the exact UpdateIntegration', async () => {
    // Act
    const run = await runCli(['diagnose', '--rest-api-id', 'c8w3n5t1vd', '--stage', 'prod', '--recording', `${ACCOUNTS}cors-preflight-mock-without-template.json`, '--json']);
    // Assess
    expect(run.code).toBe(1);
    const diagnosis = JSON.parse(run.stdout) as Diagnosis;
    expect(diagnosis.causes[0]).toMatchObject({ cause: 'integration_misconfigured' });
    expect(diagnosis.causes[0]?.confidence).toBeGreaterThanOrEqual(0.9);
    const cors = diagnosis.checks.find((c) => c.id === 'cors-preflight');
    expect(cors).toMatchObject({ status: 'fail', resource: 'OPTIONS /cart' });
    expect(cors?.fix?.requests.map((r) => r.operation)).toEqual(['UpdateIntegration', 'CreateDeployment']);
    expect(diagnosis.checks.find((c) => c.id === 'tracing')?.status).toBe('warn');
  });

  it('says nothing about tracing or CORS on the healthy recorded stage', async () => {
    // Act
    const { diagnosis } = await diagnose('healthy.json', 'p2x6d9f4kc');
    // Assess
    expect(diagnosis.checks.filter((c) => c.id === 'cors-preflight' || (c.id === 'tracing' && c.status !== 'pass'))).toEqual([]);
  });
});
