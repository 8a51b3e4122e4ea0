import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';

describe('diagnose and replay output', () => {
  it('does not claim "no failing check" when checks fail but no log was readable', async () => {
    // Prepare / Act
    const run = await runCli(['diagnose', '--rest-api-id', 'm4t8v2c6na', '--stage', 'prod', '--recording', 'events/accounts/logging-off-no-cloudwatch-role.json']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('No cause of failing requests found (no log could be read for the window), but 2 checks fail: see below.');
    expect(run.stdout).not.toContain('no failing check');
  });

  it('puts the log source and the notes in the JSON', async () => {
    // Prepare / Act
    const run = await runCli(['diagnose', '--rest-api-id', 'm4t8v2c6na', '--stage', 'prod', '--recording', 'events/accounts/logging-off-no-cloudwatch-role.json', '--json']);

    // Assess
    const out = JSON.parse(run.stdout) as { logSource: unknown; notes: string[] };
    expect(Object.keys(out)).toEqual(['api', 'findings', 'checks', 'causes', 'logSource', 'evidence', 'functionLogs', 'notes', 'changes']);
    expect(out.logSource).toBeNull();
    expect(out.notes[0]).toBe('No execution log group API-Gateway-Execution-Logs_m4t8v2c6na/prod: execution logging has never written for this stage.');
    // A recording made before the metrics and cloudTrail sections existed: said so, never an error.
    expect(out.notes.slice(1).map((n) => n.replace(/ \(.*$/, ''))).toEqual([
      'Metrics: could not read CloudWatch metrics',
      'What changed: could not look up lambda.amazonaws.com, apigateway.amazonaws.com events in CloudTrail',
    ]);
    expect(out.notes.slice(1).every((n) => n.includes('not recorded'))).toBe(true);
  });

  it('exits 2 and names the region when an alarm is from another region than the recording', async () => {
    // Prepare / Act
    const run = await runCli(['replay', 'events/alarm-sns-5xx.json', '--offline', '--recording', 'events/accounts/reserved-concurrency-zero.json', '--json']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('apigw-doctor: 1 signal could not be diagnosed with events/accounts/reserved-concurrency-zero.json (see the notes)\n');
    const out = JSON.parse(run.stdout) as { notes: string[]; diagnoses: unknown[] };
    expect(out.diagnoses).toEqual([]);
    expect(out.notes[0]).toMatch(/is in eu-west-1, but the account is read in us-east-1: run again with --region eu-west-1\.$/);
  });
});

describe('--since against a recorded account', () => {
  it('selects recorded log events by the window, as CloudWatch Logs would', async () => {
    // Prepare / Act
    const wide = await runCli(['diagnose', '--rest-api-id', 'k7m2p9q4rx', '--stage', 'prod', '--recording', 'events/accounts/permission-lost-after-recreate.json', '--since', '2h', '--json']);
    const narrow = await runCli(['diagnose', '--rest-api-id', 'k7m2p9q4rx', '--stage', 'prod', '--recording', 'events/accounts/permission-lost-after-recreate.json', '--since', '1s', '--json']);

    // Assess
    const findings = (run: { stdout: string }): number => (JSON.parse(run.stdout) as { findings: unknown[] }).findings.length;
    expect(findings(wide)).toBe(3);
    expect(findings(narrow)).toBe(0);
    // The permission is still missing, so the cause stays (as a latent one) without log evidence.
    expect((JSON.parse(narrow.stdout) as { causes: Array<{ cause: string; confidence: number }> }).causes[0]).toMatchObject({ cause: 'missing_invoke_permission', confidence: 0.4 });
  });
});

describe('usage errors a user can act on', () => {
  it('names the stages a recording was made for when asked about another', async () => {
    // Prepare / Act
    const run = await runCli(['diagnose', '--rest-api-id', 'k7m2p9q4rx', '--stage', 'dev', '--recording', 'events/accounts/permission-lost-after-recreate.json']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('apigw-doctor: events/accounts/permission-lost-after-recreate.json holds no record of API k7m2p9q4rx stage dev; it was recorded for k7m2p9q4rx/prod\n');
  });

  it('says a JSON file that is not a recording is not one', async () => {
    // Prepare / Act
    const run = await runCli(['diagnose', '--rest-api-id', 'k7m2p9q4rx', '--stage', 'prod', '--recording', 'package.json']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('apigw-doctor: package.json: not a recorded account: expected {"account", "region", "calls": [...]} (see events/accounts/README.md)\n');
  });

  it('keeps parse errors and bad --since values to one line', async () => {
    // Prepare / Act
    const negative = await runCli(['diagnose', '--rest-api-id', 'x', '--stage', 'p', '--since', '-5m']);
    const tiny = await runCli(['diagnose', '--rest-api-id', 'x', '--stage', 'p', '--since', '0.0001s', '--recording', 'events/accounts/healthy.json']);
    const help = await runCli(['help', 'nonexist']);

    // Assess
    for (const run of [negative, tiny, help]) {
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(tiny.stderr).toBe("apigw-doctor: --since must be between 1s and 30d (got '0.0001s')\n");
  });

  it('notes a composite alarm (no API to diagnose) without failing, and JSON carries ignore reasons', async () => {
    // Prepare / Act
    const composite = await runCli(['replay', 'events/alarm-eventbridge-composite.json', '--offline', '--recording', 'events/accounts/reserved-concurrency-zero.json', '--json']);
    const ignored = await runCli(['replay', 'events/not-an-apigw-event.json', '--offline', '--json']);

    // Assess
    expect(composite.code).toBe(0);
    expect((JSON.parse(composite.stdout) as { notes: string[] }).notes[0]).toMatch(/names no API .*: nothing to diagnose\.$/);
    expect(ignored.code).toBe(0);
    expect((JSON.parse(ignored.stdout) as { ignored: Array<{ reason: string }> }).ignored[0]?.reason).toContain('aws:s3');
  });
});
