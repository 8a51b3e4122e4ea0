import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

const made: string[] = [];
function outDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-doctor-demo-'));
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('apigw-doctor demo', () => {
  it('diagnoses every recorded account and replays every sample event', async () => {
    // Prepare / Act
    const out_ = outDir();
    const run = await runCli(['demo', '--json', '--out', out_]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { accounts: Array<{ file: string; topCause: string | null; failingChecks: string[] }>; events: Array<{ file: string; causes: string[] }>; scenarios: Array<{ file: string; steps: string[]; writes: number }> };
    expect(out.accounts.map((a) => [a.file, a.topCause, a.failingChecks])).toEqual([
      ['events/accounts/authorizer-without-permission.json', 'missing_invoke_permission', ['authorizer-permission']],
      ['events/accounts/cors-preflight-mock-without-template.json', 'integration_misconfigured', ['cors-preflight']],
      ['events/accounts/custom-log-group.json', 'integration_timeout', ['execution-logging']],
      ['events/accounts/function-in-another-account.json', 'missing_invoke_permission', []],
      ['events/accounts/healthy.json', null, []],
      ['events/accounts/http-api-recreated.json', 'missing_invoke_permission', ['invoke-permission']],
      ['events/accounts/lambda-timeout-60s.json', 'integration_timeout', ['integration-timeout']],
      ['events/accounts/logging-off-metrics-function-logs.json', 'lambda_function_error', ['execution-logging']],
      ['events/accounts/logging-off-no-cloudwatch-role.json', null, ['account-cloudwatch-role', 'execution-logging']],
      ['events/accounts/permission-lost-after-recreate.json', 'missing_invoke_permission', ['invoke-permission']],
      ['events/accounts/permission-missing-new-route.json', 'missing_invoke_permission', ['invoke-permission']],
      ['events/accounts/permission-removed-by-deploy.json', 'missing_invoke_permission', ['invoke-permission']],
      ['events/accounts/reserved-concurrency-zero.json', 'lambda_throttled', ['reserved-concurrency']],
      ['events/accounts/sg-change-behind-vpc-link.json', 'network_or_vpc_link', ['vpc-link-health']],
    ]);
    expect(out.events).toHaveLength(14);
    expect(out.events.find((e) => e.file === 'events/logs-execution-malformed.json')?.causes).toEqual(['malformed_proxy_response']);
    // The pipeline scenarios: applied and verified where opted in, planned where not, vetoed, suggested.
    expect(out.scenarios.map((sc) => [sc.file, [...new Set(sc.steps)], sc.writes])).toEqual([
      ['events/scenarios/opted-in-permission-applied.json', ['add-invoke-permission apply → verified'], 1],
      ['events/scenarios/reserved-concurrency-suggested.json', ['reserved-concurrency suggest'], 0],
      ['events/scenarios/untagged-permission-dry-run.json', ['add-invoke-permission dry-run'], 0],
      ['events/scenarios/vetoed-permission.json', ['add-invoke-permission dry-run'], 0],
    ]);
    const cards = readdirSync(out_).sort();
    expect(cards.filter((f) => f.endsWith('.slack.html'))).toHaveLength(cards.filter((f) => f.endsWith('.slack.json')).length);
    const applied = JSON.parse(readFileSync(join(out_, 'opted-in-permission-applied-1.slack.json'), 'utf8')) as { blocks: unknown[] };
    expect(JSON.stringify(applied.blocks)).toContain('apigw-doctor-');
    expect(readFileSync(join(out_, 'opted-in-permission-applied-1.slack.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('ends the report with a summary a person can scan', async () => {
    // Prepare / Act
    const run = await runCli(['demo', '--out', outDir()]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/events\/accounts\/permission-lost-after-recreate\.json +missing_invoke_permission \(confidence 0\.99\); failing: invoke-permission/);
    expect(run.stdout).toMatch(/events\/alarm-eventbridge-5xx\.json +alarm ALARM for orders-api\/prod/);
    expect(run.stdout).toMatch(/events\/scenarios\/vetoed-permission\.json +add-invoke-permission dry-run; writes: 0/);
    expect(run.stdout).toMatch(/why: vetoed: REST API a1b2c3d4e5 is tagged apigw-doctor:auto-remediate=false/);
    expect(run.stdout.trimEnd().endsWith('Next: npx apigw-doctor diagnose --help')).toBe(true);
  });
});
