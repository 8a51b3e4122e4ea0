/**
 * End to end: stages with execution logging off, diagnosed from CloudWatch metrics and the function's
 * own log group only (events/accounts/logging-off-metrics-function-logs.json, custom-log-group.json),
 * through the CLI as a user runs it, through the use case over the recorded reader, and through the
 * worker's pipeline for an alarm.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAccountReaderFromRecording, parseRecording, type Recording } from '../../shared/adapters/recorded/recorded-account.ts';
import type { AccountReader } from '../../shared/ports/account-reader.ts';
import { diagnoseStage } from '../../shared/domain/use-cases/diagnose.ts';
import { runCli } from '../support/cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACCOUNTS = join(ROOT, 'events', 'accounts');
const NOW = Date.parse('2026-11-20T14:10:00.000Z');

interface FindingJson {
  readonly cause: string;
  readonly status: number | null;
  readonly evidence: readonly string[];
  readonly details: Readonly<Record<string, unknown>>;
}

interface DiagnosisJson {
  readonly findings: readonly FindingJson[];
  readonly causes: readonly { readonly cause: string; readonly confidence: number; readonly because: readonly string[] }[];
  readonly checks: readonly { readonly id: string; readonly status: string }[];
  readonly logSource: string | null;
  readonly evidence: string | null;
  readonly functionLogs: readonly { readonly functionName: string; readonly logGroup: string; readonly custom: boolean; readonly status: string; readonly invocations: number; readonly failedInvocations: number; readonly message: string; readonly findings: readonly FindingJson[] }[];
  readonly notes: readonly string[];
  readonly changes: readonly { readonly eventName: string; readonly relatedTo: string | null }[];
}

async function diagnose(file: string, restApiId: string): Promise<{ code: number; out: DiagnosisJson; text: string }> {
  const args = ['diagnose', '--rest-api-id', restApiId, '--stage', 'prod', '--recording', join(ACCOUNTS, file)];
  const json = await runCli([...args, '--json']);
  const text = await runCli(args);
  expect(json.stderr).toBe('');
  expect(text.code).toBe(json.code);
  return { code: json.code, out: JSON.parse(json.stdout) as DiagnosisJson, text: text.stdout };
}

function recording(file: string): Recording {
  const parsed = parseRecording(JSON.parse(readFileSync(join(ACCOUNTS, file), 'utf8')) as unknown, file);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** The recorded reader, with the log groups it was asked to filter. */
function withGroups(rec: Recording): { reader: AccountReader; groups: string[] } {
  const real = createAccountReaderFromRecording(rec);
  const groups: string[] = [];
  return { reader: { ...real, filterLogEvents: (q) => { groups.push(q.logGroupName); return real.filterLogEvents(q); } }, groups };
}

describe('diagnose with execution logging off: the function side', () => {
  it('logging-off-metrics-function-logs: the crash after the deploy is the top cause, resting on metrics and /aws/lambda/orders-handler', async () => {
    // Act
    const { code, out, text } = await diagnose('logging-off-metrics-function-logs.json', 'r8d3k6w2mv');

    // Assess
    expect(code).toBe(1);
    expect(out.logSource).toBeNull();
    expect(out.findings).toEqual([]);
    expect(out.causes[0]?.cause).toBe('lambda_function_error');
    expect(out.causes[0]?.confidence).toBeGreaterThanOrEqual(0.8);
    const because = out.causes[0]?.because.join('\n') ?? '';
    expect(because).toContain('what changed: github-actions-deploy UpdateFunctionCode on orders-handler at 14:00 UTC (1 min before the first failure)');
    expect(because).toContain('the /aws/lambda/orders-handler log shows it: 8 of 13 invocations of orders-handler failed (every invocation since 14:01 UTC failed, 5 before succeeded): Runtime.ImportModuleError');
    expect(because).toContain('CloudWatch metrics (AWS/Lambda orders-handler) show it: orders-handler failed every invocation since 14:01 UTC');
    expect(out.evidence).toBe('metrics (GetMetricData) and /aws/lambda/orders-handler logs; execution logging is off');
    expect(out.functionLogs.map((l) => [l.functionName, l.logGroup, l.custom, l.status, l.invocations, l.failedInvocations])).toEqual([
      ['orders-handler', '/aws/lambda/orders-handler', false, 'read', 13, 8],
    ]);
    expect(out.functionLogs[0]?.findings.map((f) => [f.cause, f.status, f.details['errorType'], f.details['functionName'], f.details['functionArn'], f.details['logGroup'], f.details['count']])).toEqual([
      ['lambda_function_error', null, 'Runtime.ImportModuleError', 'orders-handler', 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler', '/aws/lambda/orders-handler', 8],
    ]);
    expect(out.changes[0]).toMatchObject({ eventName: 'UpdateFunctionCode20150331v2', relatedTo: 'lambda_function_error' });
    expect(out.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['execution-logging']);
    expect(text).toContain('Evidence: metrics (GetMetricData) and /aws/lambda/orders-handler logs; execution logging is off.');
    expect(text).toContain('Function log: 8 of 13 invocations of orders-handler failed');
    expect(text).not.toContain('no record for');
  });

  it('custom-log-group: the timeouts come from /acme/prod/orders, only orders-checkout\'s streams, never the default group', async () => {
    // Act
    const { code, out, text } = await diagnose('custom-log-group.json', 'c6v2m9x4pd');

    // Assess
    expect(code).toBe(1);
    expect(out.causes[0]?.cause).toBe('integration_timeout');
    expect(out.causes[0]?.because[0]).toBe('no gateway log shows it; the /acme/prod/orders log shows it: 4 of 6 invocations of orders-checkout timed out (every invocation since 14:02 UTC failed, 2 before succeeded): Task timed out after 29.02 s');
    expect(out.causes[0]?.because.join('\n')).toContain('IntegrationLatency peaked at 29005 ms');
    expect(out.evidence).toBe('metrics (GetMetricData), /acme/prod/orders logs and checks (integration-timeout); execution logging is off');
    expect(out.functionLogs.map((l) => [l.functionName, l.logGroup, l.custom, l.status, l.invocations, l.failedInvocations])).toEqual([
      ['orders-checkout', '/acme/prod/orders', true, 'read', 6, 4],
    ]);
    // orders-sync shares the group; its DynamoDB error is not orders-checkout's.
    expect(JSON.stringify(out.functionLogs)).not.toContain('ConditionalCheckFailedException');
    expect(out.notes.join('\n')).not.toContain('does not exist: the function has never logged');
    expect(text).toContain('Function log: 4 of 6 invocations of orders-checkout timed out');
  });

  it('reads exactly one function log group per diagnosis: the configured one (the default does not exist)', async () => {
    // Prepare
    const { reader, groups } = withGroups(recording('custom-log-group.json'));

    // Act
    const result = await diagnoseStage(reader, { restApiId: 'c6v2m9x4pd', stageName: 'prod', startTime: NOW - 3_600_000, endTime: NOW });

    // Assess
    expect(result.ok).toBe(true);
    expect(groups).toEqual(['API-Gateway-Execution-Logs_c6v2m9x4pd/prod', '/acme/prod/orders']);
  });

  it('reading the default group instead finds nothing: the custom group is what makes the diagnosis', async () => {
    // Prepare: the same account, but GetFunctionConfiguration without its LoggingConfig.LogGroup.
    const rec = recording('custom-log-group.json');
    const calls = rec.calls.map((c) => (c.operation === 'GetFunctionConfiguration' && c.output !== undefined
      ? { ...c, output: { ...c.output, LoggingConfig: { LogFormat: 'Text' } } }
      : c));
    const { reader, groups } = withGroups({ ...rec, calls });

    // Act
    const result = await diagnoseStage(reader, { restApiId: 'c6v2m9x4pd', stageName: 'prod', startTime: NOW - 3_600_000, endTime: NOW });

    // Assess
    if (!result.ok) throw new Error(result.error.message);
    expect(groups).toContain('/aws/lambda/orders-checkout');
    expect(result.value.functionLogs?.map((l) => [l.logGroup, l.status])).toEqual([['/aws/lambda/orders-checkout', 'not_found']]);
    expect(result.value.notes.join('\n')).toContain("orders-checkout's log group /aws/lambda/orders-checkout does not exist: the function has never logged");
    expect(result.value.causes[0]?.because.join('\n')).not.toContain('/acme/prod/orders');
    expect(result.value.evidence).toContain('/aws/lambda/orders-checkout does not exist');
  });

  it('the worker path: the 5XXError alarm on the logging-off stage opens one incident on the crash, its card quoting the function\'s lines', async () => {
    // Act
    const run = await runCli(['replay', join(ROOT, 'events', 'alarm-eventbridge-5xx.json'), '--recording', join(ACCOUNTS, 'logging-off-metrics-function-logs.json'), '--json']);

    // Assess
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { incidents: { key: string; new: boolean; diagnosis: DiagnosisJson | null; notifications: { channel: string; payload?: unknown; message?: string }[] }[] };
    expect(out.incidents.map((i) => [i.key, i.new])).toEqual([['123456789012|us-east-1|r8d3k6w2mv|prod|lambda_function_error|*', true]]);
    expect(out.incidents[0]?.diagnosis?.evidence).toBe('metrics (GetMetricData) and /aws/lambda/orders-handler logs; execution logging is off');
    const slack = JSON.stringify(out.incidents[0]?.notifications.find((n) => n.channel === 'slack')?.payload);
    expect(slack).toContain('Runtime.ImportModuleError');
    expect(slack).toContain('github-actions-deploy UpdateFunctionCode on orders-handler at 14:00 UTC');
  });
});
