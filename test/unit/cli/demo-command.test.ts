import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

describe('apigw-doctor demo', () => {
  it('diagnoses every recorded account and replays every sample event', async () => {
    // Prepare / Act
    const run = await runCli(['demo', '--json']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { accounts: Array<{ file: string; topCause: string | null; failingChecks: string[] }>; events: Array<{ file: string; causes: string[] }> };
    expect(out.accounts.map((a) => [a.file, a.topCause, a.failingChecks])).toEqual([
      ['events/accounts/healthy.json', null, []],
      ['events/accounts/lambda-timeout-60s.json', 'integration_timeout', ['integration-timeout']],
      ['events/accounts/logging-off-no-cloudwatch-role.json', null, ['account-cloudwatch-role', 'execution-logging']],
      ['events/accounts/permission-lost-after-recreate.json', 'missing_invoke_permission', ['invoke-permission']],
      ['events/accounts/permission-missing-new-route.json', 'missing_invoke_permission', ['invoke-permission']],
      ['events/accounts/reserved-concurrency-zero.json', 'lambda_throttled', ['reserved-concurrency']],
    ]);
    expect(out.events).toHaveLength(14);
    expect(out.events.find((e) => e.file === 'events/logs-execution-malformed.json')?.causes).toEqual(['malformed_proxy_response']);
  });

  it('ends the report with a summary a person can scan', async () => {
    // Prepare / Act
    const run = await runCli(['demo']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/events\/accounts\/permission-lost-after-recreate\.json +missing_invoke_permission \(confidence 0\.99\); failing: invoke-permission/);
    expect(run.stdout).toMatch(/events\/alarm-eventbridge-5xx\.json +alarm ALARM for orders-api\/prod/);
    expect(run.stdout.trimEnd().endsWith('Next: npx apigw-doctor diagnose --help')).toBe(true);
  });
});
