/**
 * The function's own log: every runtime layout, the platform lines and their figures, the error
 * wordings, and how a timeout compares with the 29 s integration timeout.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyText } from '../../../../shared/domain/classify/classify.ts';
import { readLambdaJson, readLambdaLine, stripLambdaColumns } from '../../../../shared/domain/logs/lambda-log.ts';

const L1 = 'bc8a5cd5-a3dd-4cac-b2c4-fbfd52121f4d';
const L2 = '6f2bb7c1-0b1e-4a6e-9f44-2d3c8e1f0a55';

describe('stripLambdaColumns: the runtimes\' line layouts', () => {
  it.each([
    ['Node.js', `2021-02-12T08:22:17.961Z\t${L1}\tERROR\tInvoke Error`, { text: 'Invoke Error', level: 'ERROR', requestId: L1 }],
    ['Node.js init (no request id yet)', '2021-02-12T08:22:17.961Z\tundefined\tERROR\tUncaught Exception', { text: 'Uncaught Exception', level: 'ERROR', requestId: null }],
    ['Python', `[ERROR]\t2024-06-04T18:49:48.942Z\t${L1}\tKeyError: 'x'`, { text: "KeyError: 'x'", level: 'ERROR', requestId: L1 }],
    ['older runtimes', `2017-10-30T08:55:46.064Z ${L1} Task timed out after 18.02 seconds`, { text: 'Task timed out after 18.02 seconds', level: null, requestId: L1 }],
    ['up logs', '6:55:25am INFO REPORT RequestId: x Duration: 1 ms', { text: 'REPORT RequestId: x Duration: 1 ms', level: null, requestId: null }],
    ['aws logs tail', `2024/06/04/[$LATEST]0f3c5e7a9b1d ${L1} INFO hello`, { text: 'hello', level: 'INFO', requestId: L1 }],
  ])('%s', (_layout, line, expected) => {
    // Act / Assess
    expect(stripLambdaColumns(line)).toMatchObject({ ...expected, columns: true });
  });
});

describe('readLambdaLine', () => {
  it('reads START, END and REPORT with the figures of the REPORT line', () => {
    // Act
    const start = readLambdaLine(`START RequestId: ${L1} Version: $LATEST`);
    const end = readLambdaLine(`END RequestId: ${L1}`);
    const report = readLambdaLine(`REPORT RequestId: ${L1}\tDuration: 6006.17 ms\tBilled Duration: 6000 ms\tMemory Size: 1024 MB\tMax Memory Used: 131 MB\tInit Duration: 1213.08 ms\tStatus: timeout`);

    // Assess
    expect(start).toMatchObject({ kind: 'start', requestId: L1 });
    expect(end).toMatchObject({ kind: 'end', requestId: L1 });
    expect(report).toMatchObject({
      kind: 'report', requestId: L1,
      report: { durationMs: 6006.17, billedDurationMs: 6000, memorySizeMb: 1024, maxMemoryUsedMb: 131, initDurationMs: 1213.08, status: 'timeout', errorType: null },
    });
  });

  it.each([
    ['Task timed out after 30.03 seconds', { kind: 'timeout', timedOutAfterSeconds: 30.03 }],
    ['INIT_REPORT Init Duration: 10007.12 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError', { kind: 'init', errorType: 'Runtime.ExitError' }],
    [`RequestId: ${L1} Error: Runtime exited with error: signal: killed`, { kind: 'error', requestId: L1 }],
    ['Runtime.ImportModuleError: Error: Cannot find module \'app\'', { kind: 'error', errorType: 'Runtime.ImportModuleError' }],
    ["Unable to import module 'index': Error", { kind: 'error' }],
    ['Error Type: Runtime.InvalidEntrypoint', { kind: 'error', errorType: 'Runtime.InvalidEntrypoint' }],
    ['"errorType": "Runtime.HandlerNotFound",', { kind: 'error', errorType: 'Runtime.HandlerNotFound' }],
    ['"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module \'api\'\\nRequire stack:', { kind: 'error', errorType: 'Runtime.ImportModuleError', errorMessage: "Error: Cannot find module 'api'\nRequire stack:" }],
    ['Calling the invoke API action failed with this message: Rate Exceeded.', { kind: 'error' }],
    ['ERROR] EndpointConnectionError: Could not connect to the endpoint URL', { kind: 'error', errorType: 'EndpointConnectionError', text: '[ERROR] EndpointConnectionError: Could not connect to the endpoint URL' }],
    ['at Function.Module._resolveFilename (module.js:469:15)', { kind: 'stack' }],
    ['File "/var/task/app.py", line 12, in handler', { kind: 'stack' }],
    ['Traceback (most recent call last):', { kind: 'stack' }],
    ['LAMBDA_RUNTIME Failed to post handler success response. Http response code: 413.', { kind: 'error' }],
  ])('%s', (line, expected) => {
    // Act / Assess
    expect(readLambdaLine(line)).toMatchObject(expected);
  });

  it.each([
    // The gateway quoting the function stays the gateway's line.
    'Lambda execution failed with status 200 due to customer function error: Task timed out after 3.00 seconds. Lambda request id: x',
    'Execution failed due to configuration error: Malformed Lambda proxy response',
    'Endpoint response body before transformations: {"errorType":"Runtime.ImportModuleError"}',
    // A Logs Insights row led by a request id is an access row.
    `${L1}\t502\tINTEGRATION_FAILURE\tLambda Customer Function Error:boom`,
    // A bare exception line without any Lambda context could be anyone's.
    "TypeError: Cannot read properties of undefined (reading 'id')",
    'hello world',
  ])('is not a function log line: %s', (line) => {
    // Act / Assess
    expect(readLambdaLine(line)).toBeNull();
  });

  it('takes a bare exception line for the function\'s once the paste showed Lambda lines', () => {
    // Act
    const read = readLambdaLine("TypeError: Cannot read properties of undefined (reading 'id')", true);

    // Assess
    expect(read).toMatchObject({ kind: 'error', errorType: 'TypeError', errorMessage: "Cannot read properties of undefined (reading 'id')" });
  });

  it('never throws on any line (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (line, context) => {
        readLambdaLine(line, context);
        readLambdaLine(`2024-01-01T00:00:00.000Z\t${L1}\tERROR\t${line}`, context);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('readLambdaJson', () => {
  it('reads an error object, Lambda\'s JSON log format and a shipper\'s record around a log line', () => {
    // Act
    const error = readLambdaJson({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported', stack: [] });
    const report = readLambdaJson({ time: '2024-01-01T00:00:00.000Z', type: 'platform.report', record: { requestId: L1, metrics: { durationMs: 30000, billedDurationMs: 30000, memorySizeMB: 128, maxMemoryUsedMB: 128 }, status: 'timeout' } });
    const init = readLambdaJson({ type: 'platform.initReport', record: { initializationType: 'on-demand', phase: 'init', status: 'error', errorType: 'Runtime.ExitError', metrics: { durationMs: 123 } } });
    const shipped = readLambdaJson({ fields: null, level: 'info', message: `2018-05-17T06:46:28.161Z ${L1} Task timed out after 18.02 seconds` });
    const logged = readLambdaJson({ timestamp: '2024-01-01T00:00:00Z', level: 'ERROR', requestId: L2, message: { errorType: 'TypeError', errorMessage: 'x is not a function' } });

    // Assess
    expect(error).toMatchObject({ kind: 'error', errorType: 'Runtime.HandlerNotFound' });
    expect(report).toMatchObject({ kind: 'report', requestId: L1, report: { durationMs: 30000, status: 'timeout', memorySizeMb: 128, maxMemoryUsedMb: 128 } });
    expect(report?.text).toMatch(/^REPORT RequestId: \S+\tDuration: 30000 ms.*Status: timeout$/);
    expect(init).toMatchObject({ kind: 'init', errorType: 'Runtime.ExitError' });
    expect(init?.text).toMatch(/^INIT_REPORT .*Status: error/);
    expect(shipped).toMatchObject({ kind: 'timeout', requestId: L1, timedOutAfterSeconds: 18.02 });
    expect(logged).toMatchObject({ kind: 'error', requestId: L2, errorType: 'TypeError' });
  });

  it('leaves access rows, proxy responses and client bodies alone', () => {
    // Act / Assess
    expect(readLambdaJson({ requestId: L1, status: '502', responseType: 'INTEGRATION_FAILURE' })).toBeNull();
    expect(readLambdaJson({ statusCode: 200, body: 'ok' })).toBeNull();
    expect(readLambdaJson({ message: 'Internal server error' })).toBeNull();
  });

  it('never throws on any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        readLambdaJson(value);
      }),
      { numRuns: 500 },
    );
  });
});

describe('classifying a function\'s log', () => {
  it.each([
    ['6.01 s: the function\'s own timeout', 'Task timed out after 6.01 seconds', 'lambda_function_error', { functionTimeout: true, lambdaTimedOutAfterSeconds: 6.01 }],
    ['28.99 s: still below the integration timeout', 'Task timed out after 28.99 seconds', 'lambda_function_error', { functionTimeout: true }],
    ['29.00 s: the integration timeout came first', 'Task timed out after 29.00 seconds', 'integration_timeout', { integrationTimeoutSeconds: 29 }],
    ['30.03 s: the client got 504', 'Task timed out after 30.03 seconds', 'integration_timeout', { lambdaTimedOutAfterSeconds: 30.03 }],
  ])('Task timed out after N seconds, %s', (_what, message, cause, details) => {
    // Prepare
    const text = `2024-05-21T19:49:18.701Z ${L1} ${message}`;

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ cause, requestId: null, status: null });
    expect(report.findings[0]?.details).toMatchObject({ ...details, lambdaRequestId: L1, confidence: 'medium', inputs: ['lambda-log'] });
  });

  it.each([
    ['a Duration far above 29 s', `REPORT RequestId: ${L1}\tDuration: 93041.17 ms\tBilled Duration: 93042 ms\tMemory Size: 1024 MB\tMax Memory Used: 210 MB`, 'integration_timeout', 'lambda-report-ran-past-integration-timeout'],
    ['Status: timeout', `REPORT RequestId: ${L1}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 68 MB\tStatus: timeout`, 'lambda_function_error', 'lambda-report-status-timeout'],
    ['Max Memory Used = Memory Size', `REPORT RequestId: ${L1}\tDuration: 812.43 ms\tBilled Duration: 813 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB`, 'lambda_function_error', 'lambda-max-memory-used'],
  ])('a REPORT line with %s', (_what, line, cause, rule) => {
    // Act
    const report = classifyText(line);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.details['rule']])).toEqual([[cause, rule]]);
  });

  it('a healthy REPORT is no finding, and the all-clear counts the invocations', () => {
    // Prepare
    const text = [L1, L2].flatMap((id) => [`START RequestId: ${id} Version: $LATEST`, `END RequestId: ${id}`, `REPORT RequestId: ${id}\tDuration: 12.10 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`]).join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings).toEqual([]);
    expect(report.recognized).toBe(2);
    expect(report.tally.lambdaInvocations).toBe(2);
  });

  it('groups the lines of each invocation by its request id: one failing invocation among healthy ones is one finding', () => {
    // Prepare
    const text = [
      `START RequestId: ${L1} Version: $LATEST`,
      `START RequestId: ${L2} Version: $LATEST`,
      `2024-06-04T18:49:48.942Z\t${L2}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'id')"}`,
      `END RequestId: ${L1}`,
      `REPORT RequestId: ${L1}\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
      `END RequestId: ${L2}`,
      `REPORT RequestId: ${L2}\tDuration: 15.00 ms\tBilled Duration: 15 ms\tMemory Size: 128 MB\tMax Memory Used: 61 MB\tStatus: error\tError Type: Runtime.Unknown`,
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.details['lambdaRequestId'], f.details['errorType']])).toEqual([['lambda_function_error', L2, 'TypeError']]);
    expect(report.findings[0]?.details).toMatchObject({ lambdaDurationMs: 15, memorySizeMb: 128, maxMemoryUsedMb: 61 });
  });

  it('the Node.js Uncaught Exception with its multi-line error object (cut off when pasted) is an ImportModuleError', () => {
    // Prepare
    const text = [
      '2020-01-15T14:05:49.904Z        undefined       ERROR   Uncaught Exception',
      '{',
      '  "errorType": "Runtime.ImportModuleError",',
      '  "errorMessage": "Error: Cannot find module \'@pulumi/aws/apigateway/index.js\'\\nRequire stack:\\n- /var/task/__index.js",',
    ].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.details['errorType'], f.details['missingModule']])).toEqual([['lambda_function_error', 'Runtime.ImportModuleError', '@pulumi/aws/apigateway/index.js']]);
  });

  it('a Python traceback: the [ERROR] line names the exception, the frames are read as part of it', () => {
    // Prepare
    const text = [`[ERROR]\t2024-06-04T18:49:48.942Z\t${L1}\tKeyError: 'ORDERS_TABLE'`, 'Traceback (most recent call last):', '  File "/var/task/app.py", line 12, in handler', "KeyError: 'ORDERS_TABLE'"].join('\n');

    // Act
    const report = classifyText(text);

    // Assess
    expect(report.findings.map((f) => [f.cause, f.details['errorType'], f.details['errorMessage']])).toEqual([['lambda_function_error', 'KeyError', "'ORDERS_TABLE'"]]);
  });

  it('the Lambda console\'s KMS failure is Lambda refusing to start the function', () => {
    // Act
    const report = classifyText("Calling the invoke API action failed with this message: Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings. KMS Exception: AccessDeniedExceptionKMS Message: The ciphertext refers to a customer master key that does not exist.");

    // Assess
    expect(report.findings.map((f) => [f.cause, f.details['kms'], f.details['kmsError']])).toEqual([['lambda_service_error', true, 'AccessDeniedException']]);
  });
});
