import { describe, expect, it } from 'vitest';
import type { AccountReader, LogQuery } from '../../../../shared/ports/account-reader.ts';
import type { Finding, RawLogEvent } from '../../../../shared/domain/model.ts';
import { createAccountReaderFromRecording, type RecordedCall } from '../../../../shared/adapters/recorded/recorded-account.ts';
import { parseFilterPattern, matchesFilterPattern } from '../../../../shared/domain/logs/filter-pattern.ts';
import { readLambdaJson, readLambdaLine } from '../../../../shared/domain/logs/lambda-log.ts';
import {
  createFunctionLogReader,
  describeEvidence,
  FUNCTION_LOG_LEAD_MS,
  FUNCTION_LOG_PATTERN,
  functionLogGroup,
  functionLogScope,
  functionSide,
  MAX_FUNCTION_LOG_EVENTS,
  type FunctionLogRead,
  type FunctionLogTarget,
} from '../../../../shared/domain/use-cases/diagnose-function-logs.ts';
import { fakeRecording, type FakeAccountData } from '../../../support/fake-account.ts';
import { loadCorpus } from '../../../support/corpus.ts';

const NOW = Date.parse('2026-11-20T14:10:00.000Z');
const WINDOW = { startTime: NOW - 3_600_000, endTime: NOW, firstFailureAt: null };
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders-handler';
const ALL = functionLogScope([], false);

/** The real recorded reader over `data` (plus raw records), with every FilterLogEvents query it was sent. */
function reader(data: FakeAccountData, extra: readonly RecordedCall[] = []): { reader: AccountReader; queries: LogQuery[] } {
  const recording = fakeRecording(data);
  const real = createAccountReaderFromRecording({ ...recording, calls: [...extra, ...recording.calls] });
  const queries: LogQuery[] = [];
  return { reader: { ...real, filterLogEvents: (q) => { queries.push(q); return real.filterLogEvents(q); } }, queries };
}

function target(configuration: FunctionLogTarget['configuration'], name = 'orders-handler'): FunctionLogTarget {
  return { functionName: name, functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, configuration };
}

/** Lambda's Node.js lines for an invocation whose handler module is missing (text log format). */
function importError(id: string, at: number, stream?: string): RawLogEvent[] {
  const s = stream === undefined ? {} : { logStreamName: stream };
  return [
    { timestamp: at, message: `${new Date(at).toISOString()}\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module 'index'"}`, ...s },
    { timestamp: at + 5, message: 'INIT_REPORT Init Duration: 196.52 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError', ...s },
    { timestamp: at + 9, message: `START RequestId: ${id} Version: $LATEST`, ...s },
    { timestamp: at + 10, message: `REPORT RequestId: ${id}\tDuration: 205.61 ms\tBilled Duration: 206 ms\tMemory Size: 512 MB\tMax Memory Used: 38 MB\tStatus: error\tError Type: Runtime.ImportModuleError`, ...s },
  ];
}

function ok(id: string, at: number): RawLogEvent[] {
  return [
    { timestamp: at, message: `START RequestId: ${id} Version: $LATEST` },
    { timestamp: at + 40, message: `${new Date(at + 40).toISOString()}\t${id}\tINFO\tserved GET /orders` },
    { timestamp: at + 160, message: `REPORT RequestId: ${id}\tDuration: 163.87 ms\tBilled Duration: 164 ms\tMemory Size: 512 MB\tMax Memory Used: 91 MB\t` },
  ];
}

async function readOne(data: FakeAccountData, t: FunctionLogTarget, extra: readonly RecordedCall[] = []): Promise<{ reads: FunctionLogRead[]; queries: LogQuery[] }> {
  const { reader: r, queries } = reader(data, extra);
  const logs = createFunctionLogReader(r, WINDOW, ALL);
  logs.read(t);
  return { reads: await logs.settle(), queries };
}

describe('FUNCTION_LOG_PATTERN', () => {
  const pattern = parseFilterPattern(FUNCTION_LOG_PATTERN);

  it('is a pattern CloudWatch Logs accepts', () => {
    // Assess
    expect(pattern.ok).toBe(true);
    expect(FUNCTION_LOG_PATTERN.length).toBeLessThanOrEqual(1024);
  });

  it('selects every error, timeout, init and REPORT line of the real Lambda logs in the corpus, and no START/END line', () => {
    // Prepare: the lines of every corpus case with a function log, read by the Lambda-log reader.
    if (!pattern.ok) throw new Error('pattern does not parse');
    const lines = loadCorpus().filter((c) => c.format.includes('lambda-log')).flatMap((c) => c.lines);
    const read = lines.map((line) => ({ line, read: line.trimStart().startsWith('{') ? safeJson(line) : readLambdaLine(line, true) }));
    const wanted = read.filter((r) => r.read !== null && ['error', 'timeout', 'init', 'report'].includes(r.read.kind));
    const unwanted = read.filter((r) => r.read !== null && (r.read.kind === 'start' || r.read.kind === 'end'));

    // Act
    const missed = wanted.filter((r) => !matchesFilterPattern(pattern.value, r.line)).map((r) => r.line);
    const taken = unwanted.filter((r) => matchesFilterPattern(pattern.value, r.line)).map((r) => r.line);

    // Assess
    expect(wanted.length).toBeGreaterThan(10);
    expect(missed).toEqual([]);
    expect(unwanted.length).toBeGreaterThan(0);
    expect(taken).toEqual([]);
  });

  it('selects an out-of-memory end, a killed runtime and a JSON-format REPORT, not an INFO line', () => {
    // Prepare
    if (!pattern.ok) throw new Error('pattern does not parse');
    const lines = [
      'REPORT RequestId: 1b2c\tDuration: 2011.3 ms\tBilled Duration: 2012 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.OutOfMemory',
      'RequestId: 1b2c Error: Runtime exited with error: signal: killed',
      '{"time":"2026-11-20T14:01:00.000Z","type":"platform.report","record":{"requestId":"1b2c","metrics":{"durationMs":12.1},"status":"success"}}',
    ];

    // Act / Assess
    expect(lines.map((l) => matchesFilterPattern(pattern.value, l))).toEqual([true, true, true]);
    expect(matchesFilterPattern(pattern.value, '2026-11-20T14:01:00.000Z\t1b2c\tINFO\tserved GET /orders')).toBe(false);
  });
});

function safeJson(line: string): ReturnType<typeof readLambdaJson> {
  try {
    return readLambdaJson(JSON.parse(line) as unknown);
  } catch {
    return readLambdaLine(line, true);
  }
}

describe('functionLogGroup', () => {
  it('is the LoggingConfig.LogGroup when set, else /aws/lambda/<name>', () => {
    // Act / Assess
    expect(functionLogGroup('orders', { LoggingConfig: { LogGroup: '/acme/prod/orders', LogFormat: 'Text' } })).toEqual({ name: '/acme/prod/orders', custom: true });
    expect(functionLogGroup('orders', { LoggingConfig: { LogGroup: '/aws/lambda/orders' } })).toEqual({ name: '/aws/lambda/orders', custom: false });
    expect(functionLogGroup('orders', { LoggingConfig: { LogFormat: 'JSON' } })).toEqual({ name: '/aws/lambda/orders', custom: false });
    expect(functionLogGroup('orders', null)).toEqual({ name: '/aws/lambda/orders', custom: false });
  });
});

describe('functionLogScope', () => {
  const finding = (cause: Finding['cause'], functionArn?: string): Finding => ({ cause, requestId: 'r', status: 502, evidence: [], details: functionArn === undefined ? {} : { functionArn } });

  it('reads every function when no gateway log could be read, none when it was read and nothing failed', () => {
    // Act / Assess
    expect(functionLogScope([], false).reads(FN)).toBe(true);
    expect(functionLogScope([], true).reads(FN)).toBe(false);
  });

  it('reads only the functions the failing requests reached', () => {
    // Prepare
    const other = 'arn:aws:lambda:us-east-1:123456789012:function:reports';

    // Act
    const permission = functionLogScope([finding('missing_invoke_permission', FN)], true);
    const crash = functionLogScope([finding('missing_invoke_permission', other), finding('lambda_function_error', `${FN}:live`)], true);
    const unplaced = functionLogScope([finding('unknown')], true);

    // Assess
    expect(permission.reads(FN)).toBe(false);
    expect(permission.skipped).toContain('never reached');
    expect([crash.reads(FN), crash.reads(other)]).toEqual([true, false]);
    expect([unplaced.reads(FN), unplaced.reads(other)]).toEqual([true, true]);
  });
});

describe('createFunctionLogReader', () => {
  it('reads the custom LoggingConfig.LogGroup, not /aws/lambda/<name>, with the pattern and the window', async () => {
    // Prepare
    const data = { logs: { '/acme/prod/orders': importError('a1', NOW - 600_000) } };

    // Act
    const { reads, queries } = await readOne(data, target({ Timeout: 10, LoggingConfig: { LogGroup: '/acme/prod/orders' } }));

    // Assess
    expect(queries).toEqual([{ logGroupName: '/acme/prod/orders', startTime: WINDOW.startTime, endTime: NOW, filterPattern: FUNCTION_LOG_PATTERN, limit: MAX_FUNCTION_LOG_EVENTS }]);
    expect(reads.map((r) => [r.logGroup, r.custom, r.result.ok, r.timeoutMs])).toEqual([['/acme/prod/orders', true, true, 10_000]]);
  });

  it('starts shortly before the first failure when it is known', async () => {
    // Prepare
    const { reader: r, queries } = reader({ logs: { '/aws/lambda/orders-handler': [] } });
    const first = NOW - 10 * 60_000;

    // Act
    const logs = createFunctionLogReader(r, { ...WINDOW, firstFailureAt: first }, ALL);
    logs.read(target({}));
    await logs.settle();

    // Assess
    expect(queries[0]?.startTime).toBe(first - FUNCTION_LOG_LEAD_MS);
  });

  it('reads a group two functions share once, and keeps each function to its own streams', async () => {
    // Prepare
    const shared = { LoggingConfig: { LogGroup: '/acme/prod/orders' } };
    const events = [
      ...importError('a1', NOW - 600_000, '2026/11/20/orders-handler[$LATEST]0f3c'),
      { timestamp: NOW - 500_000, message: `${new Date(NOW - 500_000).toISOString()}\tb2\tERROR\tInvoke Error \t{"errorType":"ConditionalCheckFailedException"}`, logStreamName: '2026/11/20/orders-sync[$LATEST]9a1d' },
    ];
    const { reader: r, queries } = reader({ logs: { '/acme/prod/orders': events } });

    // Act
    const logs = createFunctionLogReader(r, WINDOW, ALL);
    logs.read(target(shared));
    logs.read(target(shared, 'orders-sync'));
    logs.read(target(shared));
    const reads = await logs.settle();

    // Assess
    expect(queries).toHaveLength(1);
    // START is not among the lines read; the other function's error stays out of orders-handler's.
    expect(reads.map((x) => [x.functionName, x.result.ok ? x.result.value.length : -1])).toEqual([['orders-handler', 3], ['orders-sync', 1]]);
  });

  it('reads nothing for a function that does not exist or that the scope leaves out', async () => {
    // Prepare
    const { reader: r, queries } = reader({});

    // Act
    const logs = createFunctionLogReader(r, WINDOW, functionLogScope([], true));
    logs.read(target({}));
    const none = createFunctionLogReader(r, WINDOW, ALL);
    none.read(target(null));

    // Assess
    expect([...(await logs.settle()), ...(await none.settle())]).toEqual([]);
    expect(queries).toEqual([]);
  });

  it('falls back to the default group when the configuration could not be read, and says so', async () => {
    // Prepare
    const denied = { kind: 'denied' as const, operation: 'lambda:GetFunctionConfiguration', message: 'AccessDeniedException: not authorized' };

    // Act
    const { reads } = await readOne({ logs: { '/aws/lambda/orders-handler': ok('a1', NOW - 60_000) } }, target(denied));
    const side = functionSide(reads, 29_000);

    // Assess
    expect(reads[0]?.logGroup).toBe('/aws/lambda/orders-handler');
    expect(side.notes).toEqual([expect.stringContaining("Could not read orders-handler's configuration (AccessDeniedException: not authorized)")]);
  });
});

describe('functionSide', () => {
  it('classifies a crash loop after a deploy: one finding per error, counted in invocations, broken since the first failure', async () => {
    // Prepare
    const t0 = NOW - 20 * 60_000;
    const events = [...ok('ok1', t0), ...ok('ok2', t0 + 60_000), ...importError('e1', t0 + 120_000), ...importError('e2', t0 + 180_000), ...importError('e3', t0 + 240_000)];
    const { reads } = await readOne({ logs: { '/aws/lambda/orders-handler': events } }, target({ Timeout: 10 }));

    // Act
    const side = functionSide(reads, 29_000);

    // Assess
    const [summary] = side.summaries;
    expect(summary).toMatchObject({ status: 'read', logGroup: '/aws/lambda/orders-handler', invocations: 5, failedInvocations: 3, truncated: false });
    expect(summary?.findings.map((f) => [f.cause, f.status, f.details['count'], f.details['errorType'], f.details['functionName'], f.details['functionArn'], f.details['logGroup'], f.details['source']])).toEqual([
      ['lambda_function_error', null, 3, 'Runtime.ImportModuleError', 'orders-handler', FN, '/aws/lambda/orders-handler', 'function-log'],
    ]);
    expect(summary?.message).toContain(`3 of 5 invocations of orders-handler failed (every invocation since ${new Date(t0 + 120_010).toISOString().slice(11, 16)} UTC failed, 2 before succeeded)`);
    expect(side.evidence).toEqual([expect.objectContaining({ cause: 'lambda_function_error', confidence: 'high', kind: 'function-log', source: 'the /aws/lambda/orders-handler log' })]);
    expect(side.evidence[0]?.message).toContain('Runtime.ImportModuleError');
    expect(side.firstFailureAt).toBe(t0 + 120_010);
    expect(side.notes).toEqual([]);
  });

  it('keeps a rule\'s own confidence when the function recovered after failing', async () => {
    // Prepare
    const events = [...importError('e1', NOW - 300_000), ...ok('ok1', NOW - 200_000), ...importError('e2', NOW - 100_000), ...ok('ok2', NOW - 50_000)];
    const { reads } = await readOne({ logs: { '/aws/lambda/orders-handler': events } }, target({}));

    // Act
    const side = functionSide(reads, 29_000);

    // Assess
    expect(side.evidence.map((e) => [e.cause, e.confidence])).toEqual([['lambda_function_error', 'medium']]);
  });

  it('reads a timeout past the integration timeout as integration_timeout', async () => {
    // Prepare
    const id = '7f0c1a52-1b2c-4d3e-9f00-0a1b2c3d4e5f';
    const at = NOW - 120_000;
    const events = [
      { timestamp: at + 29_018, message: `${new Date(at + 29_018).toISOString()} ${id} Task timed out after 29.02 seconds` },
      { timestamp: at + 29_019, message: `REPORT RequestId: ${id}\tDuration: 29016.41 ms\tBilled Duration: 29000 ms\tMemory Size: 1024 MB\tMax Memory Used: 142 MB\tStatus: timeout` },
    ];
    const { reads } = await readOne({ logs: { '/aws/lambda/orders-handler': events } }, target({ Timeout: 29 }));

    // Act
    const side = functionSide(reads, 29_000);

    // Assess
    expect(side.evidence.map((e) => e.cause)).toEqual(['integration_timeout']);
    expect(side.summaries[0]?.message).toContain('timed out');
  });

  it('says a missing log group means the function never logged, a custom one naming LoggingConfig: an answer, not an error', async () => {
    // Act
    const custom = functionSide((await readOne({}, target({ LoggingConfig: { LogGroup: '/acme/prod/orders' } }))).reads, 29_000);
    const plain = functionSide((await readOne({}, target({}))).reads, 29_000);

    // Assess
    expect(custom.summaries.map((s) => [s.status, s.logGroup])).toEqual([['not_found', '/acme/prod/orders']]);
    expect(custom.notes[0]).toContain('/acme/prod/orders (its LoggingConfig.LogGroup) does not exist: the function has never logged there');
    expect(plain.notes[0]).toContain('/aws/lambda/orders-handler does not exist: the function has never logged');
    expect([...custom.evidence, ...plain.evidence]).toEqual([]);
  });

  it('turns a denied read into a note that is no all-clear, and the evidence line says the group was not read', async () => {
    // Prepare
    const extra: RecordedCall[] = [{ service: 'cloudwatch-logs', operation: 'FilterLogEvents', input: { logGroupName: '/aws/lambda/orders-handler' }, error: { name: 'AccessDeniedException', message: 'User is not authorized to perform: logs:FilterLogEvents' } }];
    const { reads } = await readOne({}, target({}), extra);

    // Act
    const side = functionSide(reads, 29_000);
    const line = describeEvidence({ causes: [], findings: [], logSource: null, checks: [], evidence: side.evidence, metrics: 'read', functionLogs: side.summaries });

    // Assess
    expect(side.summaries.map((s) => s.status)).toEqual(['denied']);
    expect(side.notes[0]).toMatch(/^Could not read orders-handler's log group \/aws\/lambda\/orders-handler \(AccessDeniedException: .*\): the function's side was not checked, this is no all-clear\. Grant logs:FilterLogEvents on \/aws\/lambda\/orders-handler\.$/);
    expect(side.evidence).toEqual([]);
    expect(line).toBe('no cause found in metrics (GetMetricData); /aws/lambda/orders-handler could not be read (denied)');
  });

  it('says when the read stopped at its line limit, so the counts are a lower bound', async () => {
    // Prepare
    const events = Array.from({ length: MAX_FUNCTION_LOG_EVENTS + 5 }, (_, i) => ({
      timestamp: NOW - 3_000_000 + i * 1_000,
      message: `REPORT RequestId: r${i}\tDuration: 12.00 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 70 MB\t`,
    }));
    const { reads } = await readOne({ logs: { '/aws/lambda/orders-handler': events } }, target({}));

    // Act
    const side = functionSide(reads, 29_000);

    // Assess
    expect(side.summaries[0]).toMatchObject({ truncated: true, lines: MAX_FUNCTION_LOG_EVENTS, invocations: MAX_FUNCTION_LOG_EVENTS, failedInvocations: 0 });
    expect(side.summaries[0]?.message).toContain('more exist, so the counts are a lower bound');
    expect(side.notes).toEqual([`orders-handler: read the first ${MAX_FUNCTION_LOG_EVENTS} matching lines of /aws/lambda/orders-handler; more exist, so its counts are a lower bound.`]);
  });
});

describe('describeEvidence', () => {
  it('names what the top cause rests on and that execution logging is off', () => {
    // Prepare
    const evidence = [
      { cause: 'lambda_function_error' as const, confidence: 'high' as const, kind: 'function-log' as const, source: 'the /aws/lambda/orders log', message: 'm' },
      { cause: 'lambda_function_error' as const, confidence: 'medium' as const, kind: 'metrics' as const, source: 'CloudWatch metrics (AWS/Lambda orders)', message: 'm' },
      { cause: 'lambda_throttled' as const, confidence: 'medium' as const, kind: 'function-log' as const, source: 'the /aws/lambda/other log', message: 'm' },
    ];
    const logging = { id: 'execution-logging' as const, status: 'fail' as const, resource: 'stage', message: 'off' };

    // Act
    const line = describeEvidence({
      causes: [{ cause: 'lambda_function_error', confidence: 0.85, because: [] }], findings: [], logSource: null, checks: [logging], evidence, metrics: 'read', functionLogs: [],
    });

    // Assess
    expect(line).toBe('metrics (GetMetricData) and /aws/lambda/orders logs; execution logging is off');
  });
});
