/**
 * End to end: the CLI diagnoses the recorded accounts in events/accounts/ (and replays the sample events
 * against them) exactly as a user runs it, and every read a diagnosis makes has its record.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccountReaderFromRecording, parseRecording } from '../../shared/adapters/recorded/recorded-account.ts';
import { diagnoseStage } from '../../shared/domain/use-cases/diagnose.ts';
import { runCli, type CliRun } from '../support/cli.ts';
import { SCENARIOS } from '../../scripts/make-accounts.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACCOUNTS = join(ROOT, 'events', 'accounts');
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

interface CheckJson {
  readonly id: string;
  readonly status: 'pass' | 'warn' | 'fail' | 'skip';
  readonly resource: string;
  readonly message: string;
  readonly fix: { readonly cli: string; readonly iac: string } | null;
}

interface FindingJson {
  readonly cause: string;
  readonly requestId: string | null;
  readonly status: number | null;
  readonly details: Readonly<Record<string, unknown>>;
}

interface DiagnosisJson {
  readonly api: Readonly<Record<string, unknown>>;
  readonly findings: readonly FindingJson[];
  readonly checks: readonly CheckJson[];
  readonly causes: readonly { readonly cause: string; readonly confidence: number; readonly because: readonly string[] }[];
  readonly notes: readonly string[];
}

interface ReplayJson {
  readonly signals: readonly Readonly<Record<string, unknown>>[];
  readonly findings: readonly FindingJson[];
  readonly diagnoses: readonly DiagnosisJson[];
  readonly notes: readonly string[];
}

interface RecordedCallJson {
  readonly service: string;
  readonly operation: string;
  readonly input?: Readonly<Record<string, unknown>>;
  readonly output?: Readonly<Record<string, unknown>>;
}

interface RecordingJson {
  readonly account: string;
  readonly region: string;
  readonly now?: string;
  readonly cloudTrail?: readonly unknown[];
  readonly metrics?: readonly unknown[];
  readonly calls: readonly RecordedCallJson[];
}

function accountPath(file: string): string {
  return join(ACCOUNTS, file);
}

function loadRecording(file: string): RecordingJson {
  return JSON.parse(readFileSync(accountPath(file), 'utf8')) as RecordingJson;
}

async function diagnose(file: string, restApiId: string, stage = 'prod', idFlag = '--rest-api-id'): Promise<{ run: CliRun; out: DiagnosisJson }> {
  const run = await runCli(['diagnose', idFlag, restApiId, '--stage', stage, '--recording', accountPath(file), '--json']);
  return { run, out: JSON.parse(run.stdout) as DiagnosisJson };
}

async function replay(event: string, file: string): Promise<{ run: CliRun; out: ReplayJson }> {
  const run = await runCli(['replay', join(ROOT, 'events', event), '--offline', '--recording', accountPath(file), '--json']);
  return { run, out: JSON.parse(run.stdout) as ReplayJson };
}

function withStatus(d: DiagnosisJson, status: CheckJson['status']): CheckJson[] {
  return d.checks.filter((c) => c.status === status);
}

/** A check result that admits a gap in the recording: the tests must never accept one. */
function recordGaps(d: DiagnosisJson): CheckJson[] {
  return d.checks.filter((c) => c.message.includes('no record for'));
}

/** Splits one line of a POSIX shell command into words (single quotes as cliCommand writes them). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) words.push(match[1] !== undefined ? match[1].replaceAll(`'\\''`, "'") : (match[2] ?? ''));
  return words;
}

/** The `--flag value` pairs of the fix line that starts with `prefix` (e.g. `aws lambda add-permission`). */
function commandFlags(cli: string | undefined, prefix: string): Record<string, string> {
  const line = (cli ?? '').split('\n').find((l) => l.startsWith(prefix));
  if (line === undefined) throw new Error(`no '${prefix}' line in fix:\n${cli ?? '(no fix)'}`);
  const words = shellWords(line);
  const flags: Record<string, string> = {};
  words.forEach((word, i) => {
    if (word.startsWith('--')) flags[word] = words[i + 1] ?? '';
  });
  return flags;
}

/** The resource id GetResources recorded for `path`, so fix commands can be checked against the account. */
function recordedResourceId(file: string, path: string): string {
  const resources = loadRecording(file).calls.find((c) => c.operation === 'GetResources')?.output?.['items'];
  const item = (resources as readonly { id: string; path: string }[] | undefined)?.find((r) => r.path === path);
  if (item === undefined) throw new Error(`${file}: no resource ${path}`);
  return item.id;
}

function apiOf(id: string, name: string): Record<string, string> {
  return { id, name, stage: 'prod', region: REGION, account: ACCOUNT };
}

describe('diagnose --recording events/accounts/*.json', () => {
  it('permission-removed-by-deploy: the RemovePermission of the deploy leads the changes, with the command that restores it', async () => {
    // Prepare
    const file = 'permission-removed-by-deploy.json';

    // Act
    const { run, out } = await diagnose(file, 'b7n3q8w2xt');
    const text = await runCli(['diagnose', '--rest-api-id', 'b7n3q8w2xt', '--stage', 'prod', '--recording', accountPath(file)]);

    // Assess
    expect(run.code).toBe(1);
    const changes = (out as unknown as { changes: Record<string, unknown>[] }).changes;
    // The read (GetPolicy) and the other function's UpdateFunctionCode are left out.
    expect(changes.map((c) => [c['eventName'], c['relatedTo'], c['minutesBeforeFirstFailure']])).toEqual([
      ['RemovePermission20150331v2', 'invoke-permission', 5],
      ['CreateDeployment', 'invoke-permission', 5],
      ['AddPermission20150331v2', null, 1303],
    ]);
    expect(changes[0]?.['who']).toBe('payments-deploy-role');
    expect(commandFlags(String(changes[0]?.['revert']), 'aws lambda add-permission')['--source-arn']).toBe(`arn:aws:execute-api:${REGION}:${ACCOUNT}:b7n3q8w2xt/*/GET/payments/*`);
    expect(changes[1]?.['revert']).toBeNull();
    expect(commandFlags(String(changes[2]?.['revert']), 'aws lambda remove-permission')['--statement-id']).toBe('payments-api-create');
    expect(out.causes[0]?.because[0]).toBe('what changed: payments-deploy-role removed permission payments-api-read from payments-handler at 13:58 UTC (5 min before the first failure); errors began 14:03 UTC');
    // Both sections are recorded, so nothing is "not recorded".
    expect(out.notes).toEqual([]);
    expect(text.stdout.indexOf('What changed before it broke')).toBeLessThan(text.stdout.indexOf('Most likely cause'));
  });

  it('permission-lost-after-recreate: both methods lack the invoke permission, the fix names the new API id', async () => {
    // Prepare
    const file = 'permission-lost-after-recreate.json';

    // Act
    const { run, out } = await diagnose(file, 'k7m2p9q4rx');

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(out.api).toEqual(apiOf('k7m2p9q4rx', 'orders-api'));
    expect(out.causes.map((c) => [c.cause, c.confidence])).toEqual([['missing_invoke_permission', 0.99]]);
    expect(out.findings.map((f) => [f.cause, f.status, f.details['method'], f.details['resourcePath']])).toEqual([
      ['missing_invoke_permission', 500, 'GET', '/orders'],
      ['missing_invoke_permission', 500, 'POST', '/orders'],
      ['missing_invoke_permission', 500, 'GET', '/orders'],
    ]);
    const failing = withStatus(out, 'fail');
    expect(failing.map((c) => c.id)).toEqual(['invoke-permission', 'invoke-permission']);
    expect(withStatus(out, 'warn')).toEqual([]);
    expect(recordGaps(out)).toEqual([]);
    const fixes = failing.map((c) => commandFlags(c.fix?.cli, 'aws lambda add-permission'));
    expect(fixes.map((f) => f['--source-arn']).sort()).toEqual([
      `arn:aws:execute-api:${REGION}:${ACCOUNT}:k7m2p9q4rx/*/GET/orders`,
      `arn:aws:execute-api:${REGION}:${ACCOUNT}:k7m2p9q4rx/*/POST/orders`,
    ]);
    for (const flags of fixes) {
      expect(flags['--function-name']).toBe('orders-handler');
      expect(flags['--principal']).toBe('apigateway.amazonaws.com');
      expect(flags['--action']).toBe('lambda:InvokeFunction');
      expect(flags['--region']).toBe(REGION);
    }
    for (const check of failing) {
      expect(check.resource).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-handler`);
      expect(check.message).toContain('the only statement for API Gateway allows API h3j8d2w6ze, not k7m2p9q4rx');
    }
  });

  it('logging-off-no-cloudwatch-role: logging and the account role fail, access logging warns, and no cause is invented', async () => {
    // Prepare
    const file = 'logging-off-no-cloudwatch-role.json';

    // Act
    const { run, out } = await diagnose(file, 'm4t8v2c6na');

    // Assess
    expect(run.code).toBe(1);
    expect(out.api).toEqual(apiOf('m4t8v2c6na', 'inventory-api'));
    expect(out.findings).toEqual([]);
    // No failing request could be read and neither failing check supports a cause: the ranking is empty.
    expect(out.causes).toEqual([]);
    expect(withStatus(out, 'fail').map((c) => c.id)).toEqual(['account-cloudwatch-role', 'execution-logging']);
    expect(withStatus(out, 'warn').map((c) => c.id)).toEqual(['access-logging', 'detailed-metrics']);
    expect(withStatus(out, 'skip')).toEqual([]);
    expect(recordGaps(out)).toEqual([]);
    const role = out.checks.find((c) => c.id === 'account-cloudwatch-role');
    expect(role?.resource).toBe(`arn:aws:apigateway:${REGION}::/account`);
    expect(commandFlags(role?.fix?.cli, 'aws apigateway update-account')).toEqual({
      '--patch-operations': `op=replace,path=/cloudwatchRoleArn,value=arn:aws:iam::${ACCOUNT}:role/apigateway-cloudwatch-logs`,
      '--region': REGION,
    });
    const logging = out.checks.find((c) => c.id === 'execution-logging');
    expect(logging?.resource).toBe(`arn:aws:apigateway:${REGION}::/restapis/m4t8v2c6na/stages/prod`);
    expect(commandFlags(logging?.fix?.cli, 'aws apigateway update-stage')).toEqual({
      '--rest-api-id': 'm4t8v2c6na',
      '--stage-name': 'prod',
      '--patch-operations': 'op=replace,path=/*/*/logging/loglevel,value=ERROR',
      '--region': REGION,
    });
  });

  it('lambda-timeout-60s: the 60 s function behind a 29 s integration is the top cause, with both fixes', async () => {
    // Prepare
    const file = 'lambda-timeout-60s.json';

    // Act
    const { run, out } = await diagnose(file, 'w5r9k3j7hb');

    // Assess
    expect(run.code).toBe(1);
    expect(out.api).toEqual(apiOf('w5r9k3j7hb', 'reports-api'));
    // The log rule, the failing check and IntegrationLatency at the timeout agree.
    expect(out.causes.map((c) => [c.cause, c.confidence])).toEqual([['integration_timeout', 0.99]]);
    // The successful GET /reports/{reportId} in the same log is not a finding.
    expect(out.findings.map((f) => [f.cause, f.status, f.details['method'], f.details['resourcePath']])).toEqual([
      ['integration_timeout', 504, 'POST', '/reports'],
      ['integration_timeout', 504, 'POST', '/reports'],
    ]);
    const failing = withStatus(out, 'fail');
    expect(failing.map((c) => [c.id, c.resource])).toEqual([['integration-timeout', 'POST /reports']]);
    expect(withStatus(out, 'warn')).toEqual([]);
    expect(recordGaps(out)).toEqual([]);
    expect(failing[0]?.message).toContain('with a 60 s timeout, but the integration gives up after 29000 ms');
    expect(commandFlags(failing[0]?.fix?.cli, 'aws lambda update-function-configuration')).toEqual({
      '--function-name': 'reports-generator',
      '--timeout': '28',
      '--region': REGION,
    });
    expect(commandFlags(failing[0]?.fix?.cli, 'aws apigateway update-integration')).toEqual({
      '--rest-api-id': 'w5r9k3j7hb',
      '--resource-id': recordedResourceId(file, '/reports'),
      '--http-method': 'POST',
      '--patch-operations': 'op=replace,path=/timeoutInMillis,value=61000',
      '--region': REGION,
    });
  });

  it('reserved-concurrency-zero: the switched-off function is the top cause, the fix removes the reservation', async () => {
    // Prepare
    const file = 'reserved-concurrency-zero.json';

    // Act
    const { run, out } = await diagnose(file, 'q8w3n5t1vz');

    // Assess
    expect(run.code).toBe(1);
    expect(out.api).toEqual(apiOf('q8w3n5t1vz', 'orders-api'));
    expect(out.causes.map((c) => [c.cause, c.confidence])).toEqual([['lambda_throttled', 0.99]]);
    expect(out.findings.map((f) => [f.cause, f.status, f.details['method'], f.details['resourcePath']])).toEqual([
      ['lambda_throttled', 500, 'GET', '/orders/{id}'],
      ['lambda_throttled', 500, 'POST', '/orders'],
      ['lambda_throttled', 500, 'GET', '/orders'],
    ]);
    const failing = withStatus(out, 'fail');
    expect(failing.map((c) => [c.id, c.resource])).toEqual([['reserved-concurrency', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-handler`]]);
    expect(withStatus(out, 'warn')).toEqual([]);
    expect(recordGaps(out)).toEqual([]);
    expect(commandFlags(failing[0]?.fix?.cli, 'aws lambda delete-function-concurrency')).toEqual({ '--function-name': 'orders-handler', '--region': REGION });
  });

  it('healthy: every check passes, no cause, exit code 0', async () => {
    // Prepare
    const file = 'healthy.json';

    // Act
    const { run, out } = await diagnose(file, 'p2x6d9f4kc');

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(out.api).toEqual(apiOf('p2x6d9f4kc', 'catalog-api'));
    expect(out.findings).toEqual([]);
    expect(out.causes).toEqual([]);
    expect(out.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect([...new Set(out.checks.map((c) => c.id))].sort()).toEqual([
      'access-logging', 'account-cloudwatch-role', 'binary-media-types', 'data-trace', 'detailed-metrics', 'execution-logging',
      'function-exists', 'integration-method', 'integration-timeout', 'invoke-permission', 'policy-size', 'reserved-concurrency', 'stage-variables', 'tracing',
    ]);
    // With no failing request the diagnosis audits every method in depth.
    expect(out.checks.filter((c) => c.id === 'integration-timeout').map((c) => c.resource)).toEqual(['GET /products', 'GET /products/{productId}', 'POST /products']);
  });

  it('permission-missing-new-route: only the route added without a permission fails', async () => {
    // Prepare
    const file = 'permission-missing-new-route.json';

    // Act
    const { run, out } = await diagnose(file, 'a1b2c3d4e5');

    // Assess
    expect(run.code).toBe(1);
    expect(out.api).toEqual(apiOf('a1b2c3d4e5', 'orders-api'));
    expect(out.causes.map((c) => [c.cause, c.confidence])).toEqual([['missing_invoke_permission', 0.95]]);
    expect(out.findings.map((f) => [f.cause, f.requestId, f.details['method'], f.details['resourcePath']])).toEqual([
      ['missing_invoke_permission', '9a7e2c41-3d5b-4f60-8e1a-2b4c6d8e0f13', 'GET', '/orders/{id}'],
    ]);
    const failing = withStatus(out, 'fail');
    expect(failing.map((c) => c.id)).toEqual(['invoke-permission']);
    expect(failing[0]?.message).toContain(`SourceArn arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5/prod/GET/orders/`);
    expect(commandFlags(failing[0]?.fix?.cli, 'aws lambda add-permission')['--source-arn']).toBe(`arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5/*/GET/orders/*`);
    expect(out.checks.filter((c) => c.id === 'invoke-permission' && c.status === 'pass').map((c) => c.message.match(/for (\S+ \S+) on stage/)?.[1])).toEqual([
      'GET /orders', 'POST /orders', 'POST /reports',
    ]);
    expect(recordGaps(out)).toEqual([]);
  });

  it('has a record for every read of every recorded account (JSON and text output)', async () => {
    // Prepare
    const files = readdirSync(ACCOUNTS).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(SCENARIOS.map((s) => s.file).sort());
    for (const file of files) {
      const stage = loadRecording(file).calls.find((c) => c.operation === 'GetStage');
      // An HTTP API records its stage as apigatewayv2 GetStage { ApiId, StageName } and is diagnosed with --api-id.
      const idFlag = stage?.service === 'apigatewayv2' ? '--api-id' : '--rest-api-id';
      const restApiId = String(stage?.input?.['restApiId'] ?? stage?.input?.['ApiId']);
      const stageName = String(stage?.input?.['stageName'] ?? stage?.input?.['StageName']);

      // Act
      const { run, out } = await diagnose(file, restApiId, stageName, idFlag);
      const text = await runCli(['diagnose', idFlag, restApiId, '--stage', stageName, '--recording', accountPath(file)]);

      // Assess
      expect([0, 1], file).toContain(run.code);
      expect(out.api['id'], file).toBe(restApiId);
      expect(recordGaps(out), file).toEqual([]);
      // Log reads that fail end up in the notes, which only the text report shows.
      expect(text.code, file).toBe(run.code);
      expect(text.stdout, file).not.toContain('no record for');
      expect(text.stderr, file).toBe('');
    }
  });
});

describe('replay --offline --recording', () => {
  it('resolves the alarm ApiName orders-api to the one API of that exact name and diagnoses it', async () => {
    // Prepare / Act
    const { run, out } = await replay('alarm-eventbridge-5xx.json', 'reserved-concurrency-zero.json');

    // Assess
    expect(run.code).toBe(1);
    expect(out.signals.map((s) => [s['source'], s['apiName'], s['stage'], s['state']])).toEqual([['alarm', 'orders-api', 'prod', 'ALARM']]);
    expect(out.notes).toEqual([]);
    expect(out.diagnoses.map((d) => d.api)).toEqual([apiOf('q8w3n5t1vz', 'orders-api')]);
    const [diagnosis] = out.diagnoses;
    expect(diagnosis?.causes.map((c) => c.cause)).toEqual(['lambda_throttled']);
    expect(diagnosis ? withStatus(diagnosis, 'fail').map((c) => c.id) : null).toEqual(['reserved-concurrency']);
    expect(diagnosis ? recordGaps(diagnosis) : null).toEqual([]);
  });

  it('diagnoses the API and stage the execution-log group of logs-execution-permission.json names', async () => {
    // Prepare / Act
    const { run, out } = await replay('logs-execution-permission.json', 'permission-missing-new-route.json');

    // Assess
    expect(run.code).toBe(1);
    expect(out.signals.map((s) => [s['source'], s['apiId'], s['stage']])).toEqual([['logs', 'a1b2c3d4e5', 'prod']]);
    expect(out.notes).toEqual([]);
    expect(out.diagnoses.map((d) => d.api)).toEqual([apiOf('a1b2c3d4e5', 'orders-api')]);
    const [diagnosis] = out.diagnoses;
    expect(diagnosis?.causes.map((c) => [c.cause, c.confidence])).toEqual([['missing_invoke_permission', 0.95]]);
    const failing = diagnosis ? withStatus(diagnosis, 'fail') : [];
    expect(failing.map((c) => c.id)).toEqual(['invoke-permission']);
    expect(commandFlags(failing[0]?.fix?.cli, 'aws lambda add-permission')['--source-arn']).toBe(`arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5/*/GET/orders/*`);
    expect(diagnosis ? recordGaps(diagnosis) : null).toEqual([]);
  });

  it.each([
    ['logs-execution-malformed.json', 'malformed_proxy_response'],
    ['logs-execution-timeout.json', 'integration_timeout'],
    ['logs-execution-function-error.json', 'lambda_function_error'],
    ['logs-access-json.json', 'lambda_function_error'],
    ['alarm-eventbridge-metric-math.json', 'missing_invoke_permission'],
    ['alarm-lambda-action-5xx.json', 'missing_invoke_permission'],
  ])('replays %s against the sample events\' account without a gap (top cause %s)', async (event, top) => {
    // Prepare / Act
    const { run, out } = await replay(event, 'permission-missing-new-route.json');

    // Assess
    expect(run.code).toBe(1);
    expect(out.notes).toEqual([]);
    expect(out.diagnoses.map((d) => d.api['id'])).toEqual(['a1b2c3d4e5']);
    expect(out.diagnoses[0]?.causes[0]?.cause).toBe(top);
    expect(out.diagnoses[0] ? recordGaps(out.diagnoses[0]) : null).toEqual([]);
  });
});

describe('recording problems', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-doctor-recording-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reports a missing record as a skip naming it, and still diagnoses from the logs', async () => {
    // Prepare
    const recording = loadRecording('permission-lost-after-recreate.json');
    const dir = tempDir();
    const file = join(dir, 'gap.json');
    // Without metrics either, so only the logs speak for the cause.
    const { metrics: _metrics, ...withoutMetrics } = recording;
    writeFileSync(file, JSON.stringify({ ...withoutMetrics, calls: recording.calls.filter((c) => c.operation !== 'GetPolicy') }));

    // Act
    const run = await runCli(['diagnose', '--rest-api-id', 'k7m2p9q4rx', '--stage', 'prod', '--recording', file, '--json']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as DiagnosisJson;
    const gap = 'Skipped: lambda:GetPolicy failed (error): no record for lambda GetPolicy with input {"FunctionName":"orders-handler"}';
    expect(recordGaps(out).map((c) => [c.id, c.status, c.message])).toEqual([
      ['invoke-permission', 'skip', gap],
      ['invoke-permission', 'skip', gap],
      ['policy-size', 'skip', gap],
    ]);
    // Without the policy nothing confirms the logs, so the cause keeps the log rule's own confidence.
    expect(out.causes.map((c) => [c.cause, c.confidence])).toEqual([['missing_invoke_permission', 0.74]]);
  });

  it('says in the text report when a log read has no record', async () => {
    // Prepare
    const recording = loadRecording('lambda-timeout-60s.json');
    const dir = tempDir();
    const file = join(dir, 'no-logs.json');
    writeFileSync(file, JSON.stringify({ ...recording, calls: recording.calls.filter((c) => c.operation !== 'FilterLogEvents') }));

    // Act
    const run = await runCli(['diagnose', '--rest-api-id', 'w5r9k3j7hb', '--stage', 'prod', '--recording', file]);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Note: Could not read the execution log API-Gateway-Execution-Logs_w5r9k3j7hb/prod: no record for cloudwatch-logs FilterLogEvents with input {');
    // The integration-timeout check still fails on the account alone (a latent cause).
    expect(run.code).toBe(1);
  });

  it('exits 2 with one line when --recording names a file that does not exist', async () => {
    // Prepare
    const missing = join(tmpdir(), 'apigw-doctor-no-such-dir', 'nothing.json');

    // Act
    const run = await runCli(['diagnose', '--rest-api-id', 'k7m2p9q4rx', '--stage', 'prod', '--recording', missing, '--json']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`apigw-doctor: ${missing}: no such file\n`);
  });
});

describe('a recording that holds more than diagnose reads (a support bundle)', () => {
  /** Records of services and operations no read asks for, as a bundle from a wider tool would hold them. */
  const EXTRA_CALLS = [
    { service: 'sts', operation: 'GetCallerIdentity', input: {}, output: { Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:role/support`, UserId: 'AROAEXAMPLE:support' } },
    // An operation of a service this version reads (LookupEvents), but one it never calls.
    { service: 'cloudtrail', operation: 'GetTrailStatus', input: { Name: 'management' }, output: { IsLogging: true } },
    { service: 'ec2', operation: 'DescribeSecurityGroups', input: {}, output: { SecurityGroups: [{ GroupId: 'sg-0a1b2c3d', GroupName: 'lambda-egress' }] } },
    // A known service, an operation this version never calls.
    { service: 'lambda', operation: 'ListFunctions', input: {}, output: { Functions: [{ FunctionName: 'orders-handler' }] } },
  ];

  it('diagnoses permission-lost-after-recreate.json plus sts, cloudtrail and ec2 records exactly as without them', async () => {
    // Prepare
    const plain = loadRecording('permission-lost-after-recreate.json');
    const bundle = { ...plain, calls: [EXTRA_CALLS[0], ...plain.calls, ...EXTRA_CALLS.slice(1)] };
    const parsedPlain = parseRecording(plain, 'plain');
    const parsedBundle = parseRecording(JSON.parse(JSON.stringify(bundle)), 'bundle.json');
    if (!parsedPlain.ok) throw parsedPlain.error;
    const now = Date.parse(plain.now ?? '');
    const request = { restApiId: 'k7m2p9q4rx', stageName: 'prod', startTime: now - 3_600_000, endTime: now };

    // Act
    expect(parsedBundle.ok ? 'valid' : parsedBundle.error.message).toBe('valid');
    if (!parsedBundle.ok) return;
    const withExtras = createAccountReaderFromRecording(parsedBundle.value);
    const diagnosed = await diagnoseStage(withExtras, request);
    const baseline = await diagnoseStage(createAccountReaderFromRecording(parsedPlain.value), request);

    // Assess
    expect(diagnosed.ok).toBe(true);
    if (!diagnosed.ok) return;
    expect(diagnosed.value).toStrictEqual(baseline.ok ? baseline.value : null);
    expect(diagnosed.value.causes.map((c) => [c.cause, c.confidence])).toEqual([['missing_invoke_permission', 0.99]]);
    expect(diagnosed.value.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['invoke-permission', 'invoke-permission']);
    expect(diagnosed.value.checks.filter((c) => c.message.includes('no record for'))).toEqual([]);
    // Nothing asked for the extra records.
    const asked = Object.keys(withExtras.callStats().byOperation);
    expect(asked.some((label) => /GetCallerIdentity|GetTrailStatus|DescribeSecurityGroups|ListFunctions/.test(label))).toBe(false);
  });

  it('still names a call the bundle has no record for (MissingRecordError), whatever else it holds', async () => {
    // Prepare
    const plain = loadRecording('permission-lost-after-recreate.json');
    const bundle = { ...plain, calls: [...EXTRA_CALLS, ...plain.calls.filter((c) => c.operation !== 'GetFunctionConcurrency')] };
    const parsed = parseRecording(JSON.parse(JSON.stringify(bundle)), 'bundle.json');
    if (!parsed.ok) throw parsed.error;
    const now = Date.parse(plain.now ?? '');

    // Act
    const result = await diagnoseStage(createAccountReaderFromRecording(parsed.value), { restApiId: 'k7m2p9q4rx', stageName: 'prod', startTime: now - 3_600_000, endTime: now });

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const gap = result.value.checks.find((c) => c.id === 'reserved-concurrency');
    expect(gap?.status).toBe('skip');
    expect(gap?.message).toContain('no record for lambda GetFunctionConcurrency with input {"FunctionName":"orders-handler"}');
  });
});

