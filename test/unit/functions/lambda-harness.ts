/**
 * Test harness for the Lambda handlers: a realistic Lambda context, the environment the nodejs22.x
 * runtime sets (with X-Ray switched off), and a capture of what Powertools writes to stdout/stderr.
 *
 * Powertools logger and metrics each build their own `Console` over `process.stdout`/`process.stderr`
 * (unless POWERTOOLS_DEV is set, which would also disable metrics), so the capture spies on the
 * streams' `write`: that is exactly the text CloudWatch Logs would receive in Lambda.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { vi } from 'vitest';

/** The repository root (this file is test/unit/functions/lambda-harness.ts). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/** Reads one sample event from `events/` as the plain object Lambda would hand the handler. */
export function loadEvent(file: string): unknown {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'events', file), 'utf8')) as unknown;
}

/**
 * Builds the context object the Lambda runtime passes as the handler's second argument, for a
 * function deployed in the sample account (`123456789012`, us-east-1). `getRemainingTimeInMillis`
 * matters: middy arms its early-timeout abort from it.
 */
export function lambdaContext(functionName: string, awsRequestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/11/20/[$LATEST]4f1c9e2a7b3d45e8a6c0d9b2e7f1a3c5`,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Stubs the environment the Lambda runtime provides, plus the Powertools switches the tests rely on.
 * `AWS_EXECUTION_ENV` is set on purpose: it makes the tracer believe it runs in Lambda, so only
 * POWERTOOLS_TRACE_ENABLED=false keeps it from talking to the X-Ray daemon. Must run before the
 * handler module is imported, because Powertools reads its configuration in the constructors.
 */
export function stubLambdaEnv(functionName: string): void {
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    WORK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/apigw-doctor-work',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    // Lambda sets this; without it Powertools never reports a cold start.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
    POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    POWERTOOLS_DEV: 'false',
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  // A trace id in the environment would switch on the logger's trace-keyed behaviour; keep runs alike.
  vi.stubEnv('_X_AMZN_TRACE_ID', undefined);
  vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', undefined);
}

/** One JSON record written to stdout or stderr. */
export interface CapturedRecord {
  readonly stream: 'stdout' | 'stderr';
  readonly record: Record<string, unknown>;
}

/** What the function printed during a test. */
export interface OutputCapture {
  /** Every JSON object line, in order, with the stream it went to. */
  readonly records: () => CapturedRecord[];
  /** Lines that were not JSON objects (a Lambda's output should have none). */
  readonly otherLines: () => string[];
  /** Logger records (they carry `level` and `message`). */
  readonly logs: () => Array<Record<string, unknown>>;
  /** Logger records with the given message. */
  readonly logsWithMessage: (message: string) => Array<Record<string, unknown>>;
  /** EMF blobs (they carry `_aws.CloudWatchMetrics`). */
  readonly emf: () => Array<Record<string, unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Starts capturing stdout and stderr (silencing them); `vi.restoreAllMocks()` stops it. */
export function captureOutput(): OutputCapture {
  const chunks: Array<{ stream: 'stdout' | 'stderr'; text: string }> = [];
  const recorder = (stream: 'stdout' | 'stderr') => (chunk: unknown): boolean => {
    chunks.push({ stream, text: typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8') });
    return true;
  };
  // The spies replace `write` with a function of a narrower signature; the streams only ever call it with a chunk.
  vi.spyOn(process.stdout, 'write').mockImplementation(recorder('stdout') as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(recorder('stderr') as typeof process.stderr.write);

  const lines = (): Array<{ stream: 'stdout' | 'stderr'; line: string }> =>
    chunks.flatMap((c) => c.text.split('\n').filter((l) => l.trim() !== '').map((line) => ({ stream: c.stream, line })));
  const parse = (line: string): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(line);
      return isRecord(value) ? value : undefined;
    } catch {
      return undefined;
    }
  };
  const records = (): CapturedRecord[] =>
    lines().flatMap(({ stream, line }) => {
      const record = parse(line);
      return record === undefined ? [] : [{ stream, record }];
    });
  const logs = (): Array<Record<string, unknown>> =>
    records().map((r) => r.record).filter((r) => typeof r['level'] === 'string' && typeof r['message'] === 'string');
  return {
    records,
    otherLines: () => lines().filter(({ line }) => parse(line) === undefined).map(({ line }) => line),
    logs,
    logsWithMessage: (message) => logs().filter((r) => r['message'] === message),
    emf: () => records().map((r) => r.record).filter((r) => isRecord(r['_aws']) && Array.isArray(r['_aws']['CloudWatchMetrics'])),
  };
}

/** The metric definitions (`{ Name, Unit }`) an EMF blob declares. */
export function emfMetricNames(blob: Record<string, unknown>): string[] {
  const aws = blob['_aws'];
  if (!isRecord(aws) || !Array.isArray(aws['CloudWatchMetrics'])) return [];
  return aws['CloudWatchMetrics'].flatMap((directive: unknown) => {
    if (!isRecord(directive) || !Array.isArray(directive['Metrics'])) return [];
    return directive['Metrics'].flatMap((m: unknown) => (isRecord(m) && typeof m['Name'] === 'string' ? [m['Name']] : []));
  });
}

/** The EMF blob that declares the given metric; fails the test when there is not exactly one. */
export function emfBlobWithMetric(blobs: ReadonlyArray<Record<string, unknown>>, name: string): Record<string, unknown> {
  const matching = blobs.filter((b) => emfMetricNames(b).includes(name));
  const [only] = matching;
  if (only === undefined || matching.length !== 1) throw new Error(`expected one EMF blob declaring ${name}, found ${matching.length}`);
  return only;
}
